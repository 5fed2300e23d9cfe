"""Zone lists in memory: every edition flattened to entries, and what a hop's data is against them.

Reading (docs/zones.md):
- a zone's list applies to exporters registered in the zone (the sender's entity or location
  `zone`) from its `effective` date, else its publication; a later edition for the same zone
  replaces the earlier one from its own date (a regulator's zone file in the map is one more
  edition);
- negative list: data of the hop matching an entry (sector, scenario, data category or field,
  person-count threshold) is on the list and takes the entry's route; data matching none is
  off the list and takes the Art 6 exemption — only where the edition is `complete` and,
  for a `scenario` list, the data's sector and scenario are among those the list governs;
- white list: data, recipient and destination all within one entry are pre-cleared;
- an entry that names no taxonomy categories is matched through the documented mapping
  (kb/data/cn/zones/_mapping.yaml) and the trace says so; an entry with neither is unmapped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml_rs
from pydantic import ValidationError

from xborder.engine.hop import Hop, count_individuals
from xborder.kb import Citation, KnowledgeBaseError
from xborder.zones.model import Condition, Route, Threshold, ZoneCategory, ZoneList, ZoneSector

MAPPING_FILE = "_mapping.yaml"
PROVISIONS = "CAC Provisions 2024"
PROVISIONS_URL = "https://www.cac.gov.cn/2024-03/22/c_1712776611775634.htm"
NEGATIVE_EXEMPTION = "cn.exemption.free-trade-zone"
WHITE_EXEMPTION = "cn.exemption.ftz-white-list"
ROUTES: dict[str, tuple[str, ...]] = {
    "security-assessment": ("cn.security-assessment",),
    "standard-contract-or-certification": ("cn.standard-contract", "cn.certification"),
    "national": (),  # the national route decides (CN-PIPL)
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of an edition, flattened: where it sits in the published tree and what it needs."""

    edition: str
    list: str  # "negative" | "white"
    sector: str | None  # None: any sector
    scenario: str | None  # None: any scenario
    path: tuple[str, ...]  # names from sector to field, as published
    categories: tuple[str, ...]  # taxonomy categories it covers
    by_mapping: bool  # categories come from the mapping, not the entry
    route: Route
    threshold: Threshold | None
    conditions: tuple[Condition, ...]
    recipients: tuple[str, ...]
    destinations: tuple[str, ...]
    verified: bool
    cite: Citation

    @property
    def label(self) -> str:
        return " / ".join(self.path)


@dataclass(frozen=True, slots=True)
class Edition:
    """One edition and its flat entries."""

    list: ZoneList
    negative: tuple[Entry, ...]
    white: tuple[Entry, ...]
    origin: str  # "kb:<file>" or "map:policies[<i>]"
    cite: Citation

    @property
    def id(self) -> str:
        return self.list.id

    def governs(self, sector: str | None, scenario: str | None) -> bool:
        """A `scenario` list speaks only to the sectors (and scenarios) it names."""
        if self.list.scope == "comprehensive":
            return True
        for sec in self.list.negative:
            if sec.id is None or sec.id == sector:
                if not sec.scenarios or any(sc.id is None or sc.id == scenario for sc in sec.scenarios):
                    return True
        return False


@dataclass(frozen=True, slots=True)
class Match:
    entry: Entry
    dataset: str


@dataclass(frozen=True, slots=True)
class ZoneDecision:
    """What one hop's data is against the edition in force: the facts and the outcome."""

    zone: str
    edition: Edition | None  # None: no edition in force on the date
    later: tuple[Edition, ...]  # editions of the zone not yet in force (published after the date)
    replaced: tuple[Edition, ...]  # earlier editions the one in force replaces
    excluded: str | None  # why the list does not serve this exporter or data (a condition)
    white: tuple[Match, ...]  # white-list entries covering every dataset (empty unless all covered)
    negative: tuple[Match, ...]  # negative-list entries the data matches
    below: tuple[Match, ...]  # entries matched but under their threshold
    ungoverned: tuple[str, ...]  # datasets of sectors/scenarios a scenario list does not govern
    unknown: tuple[str, ...]  # datasets whose sector or scenario the map does not say (scenario list)
    unmapped: tuple[str, ...]  # entry labels no category or mapping ties to the data

    @property
    def exempt(self) -> bool:
        """Off the negative list: exempt under Art 6."""
        e = self.edition
        return (e is not None and self.excluded is None and not self.negative and e.list.complete
                and bool(e.list.negative) and not self.ungoverned and not self.unknown and not self.unmapped)

    @property
    def pre_cleared(self) -> bool:
        return self.edition is not None and self.excluded is None and bool(self.white) and not self.negative


def _cite(z: ZoneList, *path: str) -> Citation:
    law = z.title or z.id
    article = " / ".join(p for p in path if p) or (f"edition {z.edition}" if z.edition else z.id)
    return Citation.of(law, article, z.url or (z.source.url if z.source and z.source.url else ""),
                       None if z.verified else "unverified")


def _categories(item: ZoneCategory, mapping: dict[str, tuple[str, ...]]) -> tuple[tuple[str, ...], bool]:
    if item.categories:
        return item.categories, False
    mapped = mapping.get(item.name, ())
    return mapped, bool(mapped)


def flatten(z: ZoneList, origin: str, mapping: dict[str, tuple[str, ...]]) -> Edition:
    """The edition's tree as flat entries: a category with fields yields one entry per field."""

    def entries(sectors: tuple[ZoneSector, ...], which: str) -> tuple[Entry, ...]:
        out: list[Entry] = []
        for sec in sectors:
            scenarios = sec.scenarios
            if not scenarios:  # a sector named without its scenarios: the whole sector
                out.append(Entry(z.id, which, sec.id, None, (sec.name or sec.id or "",), (), False, "national",
                                 None, (*z.conditions, *sec.conditions), (), (), z.verified and sec.verified,
                                 _cite(z, sec.name or sec.id or "")))
                continue
            for sc in scenarios:
                head = tuple(n for n in (sec.name or sec.id, sc.name or sc.id) if n)
                for cat in sc.categories:
                    items: list[tuple[ZoneCategory, tuple[str, ...], tuple[str, ...], bool]] = []
                    if cat.fields:
                        for fld in cat.fields:
                            cats, mapped = _categories(fld, mapping)  # type: ignore[arg-type]
                            items.append((fld, (*head, cat.name, fld.name), cats, mapped))  # type: ignore[arg-type]
                    else:
                        cats, mapped = _categories(cat, mapping)
                        items.append((cat, (*head, cat.name), cats, mapped))
                    for item, path, cats, mapped in items:
                        route = item.route or cat.route or "national"
                        threshold = item.threshold or cat.threshold
                        out.append(Entry(
                            z.id, which, sec.id, sc.id, path, cats, mapped, route, threshold,
                            (*z.conditions, *sec.conditions, *cat.conditions, *item.conditions),
                            sc.recipients, sc.destinations,
                            z.verified and sec.verified and sc.verified and cat.verified and item.verified,
                            _cite(z, *path)))
        return tuple(out)

    return Edition(z, entries(z.negative, "negative"), entries(z.white, "white"), origin, _cite(z))


# -- the knowledge base's editions -----------------------------------------------------------


def _zones_root() -> Traversable:
    return resources.files("xborder.kb").joinpath("data").joinpath("cn").joinpath("zones")


def _read(file: Traversable, name: str) -> dict:
    try:
        raw = yaml_rs.loads(file.read_text("utf-8"), parse_datetime=False)
    except yaml_rs.YAMLDecodeError as exc:
        raise KnowledgeBaseError(f"{name}: {exc}") from None
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"{name}: a zone list file is a mapping")
    return raw


def load_mapping(root: Traversable | Path | None = None) -> dict[str, tuple[str, ...]]:
    root = root or _zones_root()
    name = f"kb/data/cn/zones/{MAPPING_FILE}"
    raw = _read(root.joinpath(MAPPING_FILE), name)  # type: ignore[union-attr]
    out: dict[str, tuple[str, ...]] = {}
    for key, row in (raw.get("items") or {}).items():
        if not isinstance(row, dict) or not row.get("categories") or not row.get("why"):
            raise KnowledgeBaseError(f"{name}: items.{key}: each row names `categories:` and says `why:`")
        out[str(key)] = tuple(row["categories"])
    return out


def load_zone_lists(root: Traversable | Path | None = None) -> tuple[Edition, ...]:
    """Every edition of kb/data/cn/zones/, validated; a problem names the file and key."""
    root = root or _zones_root()
    mapping = load_mapping(root)
    editions = []
    for file in sorted(root.iterdir(), key=lambda c: c.name):  # type: ignore[union-attr]
        if not file.name.endswith(".yaml") or file.name == MAPPING_FILE:
            continue
        name = f"kb/data/cn/zones/{file.name}"
        try:
            z = ZoneList.model_validate(_read(file, name))
        except ValidationError as exc:
            details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                                for e in exc.errors(include_url=False))
            raise KnowledgeBaseError(f"{name}: {details}") from None
        if z.start is None:
            raise KnowledgeBaseError(f"{name}: an edition needs `published:` or `effective:`")
        if z.id != file.name[: -len(".yaml")]:
            raise KnowledgeBaseError(f"{name}: id {z.id!r} differs from the file name")
        editions.append(flatten(z, f"kb:{name}", mapping))
    return tuple(editions)


@cache
def default_zone_lists() -> tuple[Edition, ...]:
    return load_zone_lists()


@cache
def default_mapping() -> dict[str, tuple[str, ...]]:
    return load_mapping()


# -- the book: editions by zone, and the decision for a hop -----------------------------------


@cache
def default_book() -> ZoneBook:
    """The knowledge base's editions only, built once."""
    return ZoneBook.of()


def _within(data: str, listed: str) -> bool:
    """A dataset category falls under a listed one, or may hold it (a broader declared category)."""
    return data == listed or data.startswith(listed + ".") or listed.startswith(data + ".")


class ZoneBook:
    """Every edition known for a map: the knowledge base's and the map's own zone files."""

    def __init__(self, editions: Iterable[Edition]):
        self.by_zone: dict[str, list[Edition]] = {}
        for e in editions:
            for zone in e.list.zones:
                self.by_zone.setdefault(zone, []).append(e)
        for found in self.by_zone.values():
            found.sort(key=lambda e: e.list.start or dt.date.min)

    @classmethod
    def of(cls, policies: Sequence[object] = ()) -> ZoneBook:
        """The knowledge base's editions plus a map's `kind: zone` policies."""
        mapping = default_mapping()
        own = [flatten(p, f"map:policies[{i}]", mapping) for i, p in enumerate(policies) if isinstance(p, ZoneList)]
        return cls((*default_zone_lists(), *own))

    def zones(self) -> frozenset[str]:
        return frozenset(self.by_zone)

    def decide(self, hop: Hop) -> ZoneDecision | None:
        """None when the exporter is in no zone with a list (or the hop is no export from it)."""
        zone = hop.sender.zone
        editions = self.by_zone.get(zone) if zone else None
        if not editions or zone is None:
            return None
        on = hop.as_of
        started = [e for e in editions if e.list.start and e.list.start <= on]
        later = tuple(e for e in editions if e.list.start and e.list.start > on)
        current = started[-1] if started and started[-1].list.in_force(on) else None
        replaced = tuple(started[:-1]) if current else ()
        if current is None:  # none yet, or the last one ended (`until`): `replaced` holds those that ended
            return ZoneDecision(zone, None, later, tuple(started), None, (), (), (), (), (), ())
        return self._against(zone, current, later, replaced, hop)

    def _against(self, zone: str, e: Edition, later: tuple[Edition, ...], replaced: tuple[Edition, ...],
                 hop: Hop) -> ZoneDecision:
        excluded = _excluded(e.list.conditions, hop)
        flow = hop.flow
        negative: list[Match] = []
        below: list[Match] = []
        ungoverned: list[str] = []
        unknown: list[str] = []
        unmapped: set[str] = set()
        white_ok = bool(e.white)
        white: list[Match] = []
        for d in hop.datasets:
            sector, scenario = flow.sector or d.sector, flow.scenario or d.scenario
            if e.list.scope == "scenario" and e.list.negative:
                if sector is None or (scenario is None and self._needs_scenario(e, sector)):
                    unknown.append(d.id)
                elif not e.governs(sector, scenario):
                    ungoverned.append(d.id)
            people = count_individuals((d,))
            for entry in e.negative:
                if not _place(entry, sector, scenario):
                    continue
                if not entry.categories:
                    if entry.scenario is None and len(entry.path) == 1 and e.list.scope == "scenario":
                        continue  # a sector named without its entries: `governs`, not a match
                    unmapped.add(entry.label)
                    continue
                if not any(_within(c, k) for c in d.categories for k in entry.categories):
                    continue
                if _excluded(entry.conditions, hop) is not None:
                    continue
                if entry.threshold and people < entry.threshold.people:
                    below.append(Match(entry, d.id))
                else:
                    negative.append(Match(entry, d.id))
            covering = next((w for w in e.white if _place(w, sector, scenario) and _cleared(w, hop)
                             and w.categories and all(any(c == k or c.startswith(k + ".") for k in w.categories)
                                                      for c in d.categories)), None)
            if covering is None:
                white_ok = False
            else:
                white.append(Match(covering, d.id))
        return ZoneDecision(zone, e, later, replaced, excluded, tuple(white) if white_ok else (), tuple(negative),
                            tuple(below), tuple(ungoverned), tuple(unknown), tuple(sorted(unmapped)))

    @staticmethod
    def _needs_scenario(e: Edition, sector: str) -> bool:
        return any(sec.id == sector and sec.scenarios and all(sc.id is not None for sc in sec.scenarios)
                   for sec in e.list.negative)


def _place(entry: Entry, sector: str | None, scenario: str | None) -> bool:
    return (entry.sector is None or entry.sector == sector) and (entry.scenario is None or entry.scenario == scenario)


def _cleared(entry: Entry, hop: Hop) -> bool:
    t = hop.recipient
    return ((not entry.recipients or t.id in entry.recipients)
            and (not entry.destinations or t.location_country in entry.destinations))


def _excluded(conditions: Iterable[Condition], hop: Hop) -> str | None:
    for c in conditions:
        if c == "ciio-excluded" and hop.sender.entity.ciio:
            return "the exporter is a critical information infrastructure operator, which the list does not serve"
        if c == "core-data-excluded" and any(d.core_data for d in hop.datasets):
            return "core data is carried, which the list does not cover"
        if c == "important-data-excluded" and any(d.important_data for d in hop.datasets):
            return "important data is carried, which the list does not cover"
    return None


def decision_key(decision: ZoneDecision | None) -> tuple | None:
    """What a regime's result depends on in a decision (editions by id, entries by label)."""
    if decision is None:
        return None
    labels = lambda ms: tuple((m.entry.edition, m.entry.label, m.dataset) for m in ms)  # noqa: E731
    return (decision.zone, decision.edition.id if decision.edition else None,
            tuple(e.id for e in decision.later), tuple(e.id for e in decision.replaced), decision.excluded,
            labels(decision.white), labels(decision.negative), labels(decision.below), decision.ungoverned,
            decision.unknown, decision.unmapped)


def art6(article: str = "6") -> Citation:
    return Citation.of(PROVISIONS, article, PROVISIONS_URL)
