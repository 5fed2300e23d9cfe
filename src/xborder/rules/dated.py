"""Small helpers the newer regimes share for laws that change or start on a date."""

from __future__ import annotations

import datetime as dt

from xborder.engine.hop import Hop
from xborder.kb import Member


def next_change(hop: Hop, fact_id: str) -> dt.date | None:
    """The first day after the hop's date on which a value fact takes a new value."""
    return next((p.from_ for p in hop.kb.fact(fact_id).values if p.from_ > hop.as_of), None)


def matching_categories(hop: Hop, members: tuple[Member, ...]) -> list[str]:
    """The hop's categories that are a member key or fall under one (dotted taxonomy)."""
    return sorted({c for c in hop.categories for m in members if c == m.key or c.startswith(m.key + ".")})


def accepted_mcc(hop: Hop, jurisdiction: str) -> Member | None:
    """How (and whether) `jurisdiction`'s law accepts the ASEAN Model Contractual Clauses on the hop's date."""
    return hop.kb.member("asean.mcc", jurisdiction, hop.as_of)
