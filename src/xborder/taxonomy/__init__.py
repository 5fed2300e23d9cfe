"""One shared taxonomy of data categories, uses and subjects.

The fideslang default taxonomy is the base; `extensions.yaml` adds the categories that a
provision needs and fideslang lacks. Keys are dotted; every key's parent exists.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True, slots=True)
class TaxonomyEntry:
    key: str
    name: str
    description: str
    parent: str | None
    source: str  # "fideslang" or the provision that needed the extension


@dataclass(frozen=True)
class Taxonomy:
    kind: str
    entries: dict[str, TaxonomyEntry]

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def ancestors(self, key: str) -> tuple[str, ...]:
        """The key and every parent up to the root, most specific first."""
        parts = key.split(".")
        return tuple(".".join(parts[:i]) for i in range(len(parts), 0, -1))

    def is_within(self, key: str, ancestor: str) -> bool:
        return key == ancestor or key.startswith(ancestor + ".")

    def suggest(self, key: str) -> str | None:
        """A key the user probably meant, or None. In order: a slip in the spelling of a key
        (`user.contact.emial`), of its last word (`advertisng` -> `marketing.advertising`),
        a key that starts with the typed word (`user.contact.phone` -> `...phone_number`), a
        key whose name or description uses it (`user.employment` -> `user.workplace`,
        "Organization of employment"). A key spelled alike in other words (`user.payment`,
        `user.biometric.voice` for `.face`) is not offered: it would send the user the wrong way."""
        typed_word = _last(key)
        parent = key.rsplit(".", 1)[0] if "." in key else ""
        scored = [(difflib.SequenceMatcher(None, key, k).ratio(), _ratio(typed_word, _last(k)), k)
                  for k in self.entries]
        whole = [(r, k) for r, w, k in scored if r >= 0.8 and w >= 0.75]
        if whole:
            return max(whole)[1]
        word = [(r, k) for r, w, k in scored if w >= 0.85]
        if word:
            return max(word)[1]
        under = [k for k in self.entries if k.startswith(parent)]
        starting = [k for k in under if _last(k).startswith(typed_word) and len(typed_word) >= 3]
        if 0 < len(starting) <= 3:
            return min(starting, key=lambda k: (k.count("."), len(k)))
        stem = typed_word.replace("_", " ")[:6]
        if len(stem) >= 4:
            named = [k for k in under if stem in f"{self.entries[k].name} {self.entries[k].description}".lower()]
            if 0 < len(named) <= 3:
                return min(named, key=len)
        return None


def _from_fideslang(kind: str) -> dict[str, TaxonomyEntry]:
    from fideslang.default_taxonomy import DEFAULT_TAXONOMY

    items = getattr(DEFAULT_TAXONOMY, kind)
    return {
        item.fides_key: TaxonomyEntry(
            key=item.fides_key,
            name=item.name or item.fides_key,
            description=item.description or "",
            parent=getattr(item, "parent_key", None),
            source="fideslang",
        )
        for item in items
    }


@cache
def _extensions() -> dict:
    text = resources.files(__package__).joinpath("extensions.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@cache
def data_categories() -> Taxonomy:
    entries = _from_fideslang("data_category")
    for ext in _extensions().get("data_categories", []):
        key = ext["key"]
        parent = key.rsplit(".", 1)[0]
        if parent not in entries:
            raise ValueError(f"taxonomy extension {key}: parent {parent} is not in the taxonomy")
        entries[key] = TaxonomyEntry(key, ext["name"], ext["description"], parent, ext["needed_by"])
    return Taxonomy("data_category", entries)


@cache
def data_uses() -> Taxonomy:
    return Taxonomy("data_use", _from_fideslang("data_use"))


@cache
def data_subjects() -> Taxonomy:
    return Taxonomy("data_subject", _from_fideslang("data_subject"))


def is_personal(category: str) -> bool:
    """Categories under `user` describe people; `system.*` does not."""
    return category == "user" or category.startswith("user.")



def _last(key: str) -> str:
    return key.rsplit(".", 1)[-1].lower()


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()
