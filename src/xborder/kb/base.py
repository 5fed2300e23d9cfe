"""Loading and querying the knowledge base as of a date."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import yaml_rs
from pydantic import BaseModel, ValidationError

from xborder.kb.model import Fact, Member, Period, Source


class KnowledgeBaseError(Exception):
    """A knowledge-base file is malformed; the message names the file."""


class OutOfRange(KnowledgeBaseError):
    """A date the knowledge base does not cover was asked for."""


@dataclass(frozen=True, slots=True)
class Citation:
    law: str
    article: str
    url: str
    note: str | None = None
    label: str = field(init=False, compare=False, repr=False)  # e.g. "GDPR Art 45"

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", _label(self.law, self.article))

    @classmethod
    def of(cls, law: str, article: str, url: str, note: str | None = None) -> Citation:
        """The one shared instance for these values (citations are immutable, and the rules
        cite the same few hundred articles across millions of reasoning steps)."""
        key = (law, article, url, note)
        found = _CITATIONS.get(key)
        if found is None:
            found = _CITATIONS[key] = cls(law, article, url, note)
        return found

    def as_dict(self) -> dict[str, str]:
        out = {"law": self.law, "article": self.article, "url": self.url}
        if self.note:
            out["note"] = self.note
        return out


_CITATIONS: dict[tuple[str, str, str, str | None], Citation] = {}


def _label(law: str, art: str) -> str:
    """e.g. "GDPR Art 45", "28 CFR 202 § 202.206", "CJEU C-311/18 paras 134-135"."""
    if art[:1].isdigit():
        prefix = "§ " if law.startswith(("28 CFR", "18 U.S.C", "50 U.S.C")) else "Art "
        return f"{law} {prefix}{art}"
    return f"{law} {art}"


class KnowledgeBase:
    """All facts, loaded once; queries take the date the law is applied as of."""

    # Earliest date whose law the rules model; older dates are refused, not guessed.
    EARLIEST = dt.date(2018, 5, 25)

    def __init__(self, facts: dict[str, Fact], version: str):
        self.facts = facts
        self.version = version

    # -- metadata -------------------------------------------------------------
    @property
    def sources_checked(self) -> dt.date:
        """The oldest check date: every source was checked on or after it."""
        return min(f.checked for f in self.facts.values())

    def fact(self, fact_id: str) -> Fact:
        try:
            return self.facts[fact_id]
        except KeyError:
            raise KnowledgeBaseError(f"no knowledge-base fact {fact_id!r}") from None

    # -- queries --------------------------------------------------------------
    def _check_date(self, on: dt.date) -> None:
        if on < self.EARLIEST:
            raise OutOfRange(f"the knowledge base covers the law from {self.EARLIEST} on, not {on}")

    def members(self, fact_id: str, on: dt.date) -> frozenset[str]:
        return _members(self, fact_id, on)

    def member(self, fact_id: str, key: str, on: dt.date) -> Member | None:
        return _member_index(self, fact_id, on).get(key)

    def value(self, fact_id: str, on: dt.date) -> Any:
        period = self.period(fact_id, on)
        return None if period is None else period.value

    def period(self, fact_id: str, on: dt.date) -> Period | None:
        self._check_date(on)
        return self.fact(fact_id).period(on)

    def cite(self, fact_id: str, member: Member | Period | None = None, article: str | None = None) -> Citation:
        """A citation for a fact, narrowed to the act behind one member or period."""
        fact = self.fact(fact_id)
        src: Source = fact.source
        art = article or (getattr(member, "article", None) if member else None) or src.article
        note = getattr(member, "act", None) if member else None
        url = (getattr(member, "url", None) if member else None) or src.url
        return Citation.of(src.law, art, url, note)


@lru_cache(maxsize=4096)
def _members(kb: KnowledgeBase, fact_id: str, on: dt.date) -> frozenset[str]:
    kb._check_date(on)
    return frozenset(m.key for m in kb.fact(fact_id).members if m.in_force(on))


@lru_cache(maxsize=4096)
def _member_index(kb: KnowledgeBase, fact_id: str, on: dt.date) -> dict[str, Member]:
    """Members in force on a date by key (the first listed wins, as a scan would find it)."""
    kb._check_date(on)
    index: dict[str, Member] = {}
    for m in kb.fact(fact_id).members:
        if m.in_force(on):
            index.setdefault(m.key, m)
    return index


def _data_root() -> Traversable:
    return resources.files("xborder.kb").joinpath("data")


def _walk(root: Traversable, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Traversable]]:
    out = []
    for child in sorted(root.iterdir(), key=lambda c: c.name):
        if child.is_dir():
            if (not prefix and child.name == "agreements") or child.name == "zones":
                continue  # agreements and zone lists are not facts: kb/agreements.py and xborder.zones load them
            out += _walk(child, prefix + (child.name,))
        elif child.name.endswith(".yaml"):
            out.append((prefix + (child.name[: -len(".yaml")],), child))
    return out


def load_knowledge_base(root: Traversable | Path | None = None) -> KnowledgeBase:
    root = root or _data_root()
    facts: dict[str, Fact] = {}
    digest = hashlib.sha256()
    for parts, file in _walk(root):  # type: ignore[arg-type]
        fact_id = ".".join(parts)
        text = file.read_text("utf-8")
        digest.update(fact_id.encode() + b"\0" + text.encode())
        name = "/".join(parts) + ".yaml"
        facts[fact_id] = validate_file(Fact, text, {"id": fact_id}, f"kb/data/{name}", "a fact file")
    return KnowledgeBase(facts, "kb-" + digest.hexdigest()[:12])


M = TypeVar("M", bound=BaseModel)


def validate_file(model: type[M], text: str, extra: dict[str, Any], name: str, what: str) -> M:
    """One knowledge-base YAML file as `model`; every problem raised names the file and key."""
    try:
        raw = yaml_rs.loads(text, parse_datetime=False)
        if not isinstance(raw, dict):
            raise KnowledgeBaseError(f"{what} is a mapping")
        return model.model_validate({**raw, **extra})
    except (yaml_rs.YAMLDecodeError, KnowledgeBaseError) as exc:
        raise KnowledgeBaseError(f"{name}: {exc}") from None
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors(include_url=False)
        )
        raise KnowledgeBaseError(f"{name}: {details}") from None


@cache
def default_knowledge_base() -> KnowledgeBase:
    return load_knowledge_base()
