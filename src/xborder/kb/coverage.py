"""How much of each jurisdiction's law the knowledge base holds: `xborder kb coverage`.

Per jurisdiction (the first part of a fact id, `kb/data/<jurisdiction>/`, or the jurisdiction
a regime declares): the regimes that apply its law, the number of facts, the share of facts
verified against a primary or official text, the oldest `checked` date and the dates the
facts cover (the first day the knowledge base models, and every day a member or value
took effect or ended). New jurisdictions are picked up from the data folders and the
registered regimes; nothing here lists them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from xborder.kb.base import KnowledgeBase
from xborder.kb.model import Fact


@dataclass(frozen=True, slots=True)
class JurisdictionCoverage:
    jurisdiction: str  # lower case, as in fact ids: eu, cn, in, apec ...
    regimes: tuple[str, ...]
    facts: int
    verified: int  # facts whose every member and value is verified
    items: int  # dated members and values (a fact without either: one item)
    items_verified: int  # of them, those verified (and in a fact that is verified)
    oldest_checked: dt.date | None
    covers_from: dt.date  # the first day the knowledge base models
    change_dates: tuple[dt.date, ...]  # days a member or value took effect or ended

    @property
    def share_verified(self) -> float:
        return self.verified / self.facts if self.facts else 0.0

    @property
    def share_items_verified(self) -> float:
        return self.items_verified / self.items if self.items else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "regimes": list(self.regimes),
            "facts": self.facts,
            "verified": self.verified,
            "share_verified": round(self.share_verified, 4),
            "items": self.items,
            "items_verified": self.items_verified,
            "share_items_verified": round(self.share_items_verified, 4),
            "oldest_checked": self.oldest_checked.isoformat() if self.oldest_checked else None,
            "covers_from": self.covers_from.isoformat(),
            "change_dates": [d.isoformat() for d in self.change_dates],
        }


def fully_verified(fact: Fact) -> bool:
    """A fact counts as verified only if it and each of its members and values are."""
    return fact.verified and all(m.verified for m in fact.members) and all(p.verified for p in fact.values)


def item_counts(fact: Fact) -> tuple[int, int]:
    """(items, verified items): each dated member and value, or the fact itself if it has none.

    Finer than `fully_verified`, which lets one unread member of an 88-member list count the
    whole list as unverified; an item counts only if the fact itself is verified too."""
    items = [*fact.members, *fact.values]
    if not items:
        return 1, int(fact.verified)
    return len(items), sum(fact.verified and i.verified for i in items)


def _change_dates(fact: Fact, earliest: dt.date) -> set[dt.date]:
    days = {m.from_ for m in fact.members} | {m.until for m in fact.members if m.until} | {p.from_ for p in fact.values}
    return {d for d in days if d > earliest}  # dates before the modelled period change nothing it answers


def coverage(kb: KnowledgeBase, regimes: Iterable[tuple[str, str]]) -> list[JurisdictionCoverage]:
    """One row per jurisdiction, sorted by code. `regimes` are (regime id, jurisdiction) pairs."""
    by_jurisdiction: dict[str, list[str]] = {}
    for regime_id, jurisdiction in regimes:
        by_jurisdiction.setdefault(jurisdiction.lower(), []).append(regime_id)
    facts: dict[str, list[Fact]] = {}
    for fact in kb.facts.values():
        facts.setdefault(fact.id.split(".", 1)[0], []).append(fact)
    rows = []
    for code in sorted(set(by_jurisdiction) | set(facts)):
        own = facts.get(code, [])
        days: set[dt.date] = set()
        counts = [item_counts(f) for f in own]
        for f in own:
            days |= _change_dates(f, kb.EARLIEST)
        rows.append(JurisdictionCoverage(
            jurisdiction=code,
            regimes=tuple(sorted(by_jurisdiction.get(code, ()))),
            facts=len(own),
            verified=sum(fully_verified(f) for f in own),
            items=sum(n for n, _ in counts),
            items_verified=sum(v for _, v in counts),
            oldest_checked=min((f.checked for f in own), default=None),
            covers_from=kb.EARLIEST,
            change_dates=tuple(sorted(days)),
        ))
    return rows


def totals(rows: list[JurisdictionCoverage]) -> dict[str, Any]:
    facts = sum(r.facts for r in rows)
    verified = sum(r.verified for r in rows)
    items, items_verified = sum(r.items for r in rows), sum(r.items_verified for r in rows)
    return {
        "jurisdictions": len(rows),
        "with_regimes": sum(bool(r.regimes) for r in rows),
        "regimes": sum(len(r.regimes) for r in rows),
        "facts": facts,
        "verified": verified,
        "share_verified": round(verified / facts, 4) if facts else 0.0,
        "items": items,
        "items_verified": items_verified,
        "share_items_verified": round(items_verified / items, 4) if items else 0.0,
    }


def _dates_label(row: JurisdictionCoverage) -> str:
    changes = ", ".join(d.isoformat() for d in row.change_dates)
    return f"from {row.covers_from.isoformat()}" + (f"; changes {changes}" if changes else "")


def table_rows(rows: list[JurisdictionCoverage]) -> list[tuple[str, ...]]:
    """The cells of the table and Markdown views, one tuple per jurisdiction."""
    return [(r.jurisdiction.upper(), ", ".join(r.regimes) or "—", str(r.facts), f"{r.share_verified:.0%}",
             f"{r.share_items_verified:.0%} of {r.items}", r.oldest_checked.isoformat() if r.oldest_checked else "—", _dates_label(r)) for r in rows]


COLUMNS = ("jurisdiction", "regimes", "facts", "verified", "items verified", "oldest checked", "dates covered")


def as_markdown(rows: list[JurisdictionCoverage]) -> str:
    t = totals(rows)
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cells) + " |" for cells in table_rows(rows)]
    lines.append(f"\n{t['jurisdictions']} jurisdictions ({t['with_regimes']} with regimes, {t['regimes']} regimes), "
                 f"{t['facts']} facts, {t['share_verified']:.0%} verified (every member and value); "
                 f"{t['items']} dated members and values, {t['share_items_verified']:.0%} verified")
    return "\n".join(lines) + "\n"
