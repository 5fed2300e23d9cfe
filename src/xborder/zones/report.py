"""What a zone's regulator sees: its editions, and every exporter in the zone that files a map.

Pure: a data map and a date in, rows out (the CLI, `xborder zones`, prints them). An exporter
"files under" a zone's list when its map's hops leave the mainland from the zone; each row
says what the list does to that hop and names the exporter's filings (`filings:`) for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from xborder.datamap.models import DataMap
from xborder.engine.assess import build_hops
from xborder.kb import KnowledgeBase, default_knowledge_base
from xborder.zones.book import Edition, ZoneBook, ZoneDecision, default_zone_lists
from xborder.zones.regime import is_export, matched_text, undetermined

ON_LIST, OFF_LIST, PRE_CLEARED = "on_list", "off_list", "pre_cleared"
NOT_IN_FORCE, EXCLUDED, UNDETERMINED = "not_in_force", "excluded", "undetermined"


def edition_row(e: Edition) -> dict[str, Any]:
    z = e.list
    return {"edition": z.id, "zones": list(z.zones), "title": z.title, "issuer": list(z.issuer),
            "published": z.published.isoformat() if z.published else None,
            "effective": z.start.isoformat() if z.start else None, "until": z.until.isoformat() if z.until else None,
            "scope": z.scope, "complete": z.complete, "verified": z.verified, "counts": dict(z.counts),
            "entries": {"negative": len(e.negative), "white": len(e.white)},
            "unverified_entries": sum(1 for x in (*e.negative, *e.white) if not x.verified),
            "url": z.url, "origin": e.origin}


def editions(datamap: DataMap | None = None) -> list[dict[str, Any]]:
    """Every edition: the knowledge base's, then the map's own zone files."""
    book = ZoneBook.of(datamap.policies) if datamap else None
    found = [e for es in book.by_zone.values() for e in es] if book else list(default_zone_lists())
    seen: dict[str, Edition] = {}
    for e in found:
        seen.setdefault(e.origin + e.id, e)
    return [edition_row(e) for e in sorted(seen.values(), key=lambda e: (e.list.zone, e.list.start or dt.date.min))]


@dataclass(frozen=True, slots=True)
class FilerRow:
    zone: str
    edition: str | None
    exporter: str
    flow: str
    outcome: str
    detail: list[str]
    filings: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"zone": self.zone, "edition": self.edition, "exporter": self.exporter, "flow": self.flow,
                "outcome": self.outcome, "detail": self.detail, "filings": self.filings}


def outcome(d: ZoneDecision) -> tuple[str, list[str]]:
    if d.edition is None:
        first = d.later[0] if d.later else d.replaced[-1]
        return NOT_IN_FORCE, [f"{first.id} applies from {first.list.start}" if d.later else f"{first.id} ended"]
    if d.excluded:
        return EXCLUDED, [d.excluded]
    if d.pre_cleared:
        return PRE_CLEARED, [matched_text(m) for m in d.white]
    if d.negative:
        return ON_LIST, [matched_text(m) for m in d.negative]
    if d.exempt:
        return OFF_LIST, []
    return UNDETERMINED, undetermined(d)


def filers(datamap: DataMap, as_of: dt.date, kb: KnowledgeBase | None = None) -> list[FilerRow]:
    """One row per hop leaving the mainland from a zone with a recorded list (or the map's own)."""
    kb = kb or default_knowledge_base()
    book = ZoneBook.of(datamap.policies)
    rows = []
    for hop in build_hops(datamap, as_of, kb):
        d = book.decide(hop)
        if d is None:
            continue
        edition = d.edition or (d.later[0] if d.later else d.replaced[-1])
        if not is_export(hop, edition):
            continue
        what, detail = outcome(d)
        filed = [f"{f.id} ({f.mechanism}, {f.status})" for f in datamap.filings
                 if f.exporter == hop.sender.id and (hop.id in f.flows or set(f.datasets) & set(hop.flow.datasets))]
        rows.append(FilerRow(d.zone, d.edition.id if d.edition else None, hop.sender.id, hop.id, what, detail, filed))
    return rows
