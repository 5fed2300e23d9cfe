"""Filings that lapse soon, and what the map looks like the day after each lapses.

For each filing in effect on the date assessed whose last day falls within the window, the
map is assessed again as of the day after, and the flows it covers whose status gets worse
that day are listed: the DPO's notice, before the route turns `action_required`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xborder.datamap.models import DataMap
from xborder.engine.assess import Status, assess_map
from xborder.engine.filings import FilingState, covered_flows, filing_state, index_filings
from xborder.kb import KnowledgeBase, default_knowledge_base

_SEVERITY = {Status.COMPLIANT: 0, Status.ACTION_REQUIRED: 1, Status.PROHIBITED: 2}
_WINDOW = re.compile(r"^(\d+)\s*([dwy])$")
_UNIT_DAYS = {"d": 1, "w": 7, "y": 365}


def parse_window(text: str) -> int:
    """`90d`, `12w`, `1y` → days. Raises ValueError naming the accepted forms."""
    found = _WINDOW.match(text.strip().lower())
    if not found:
        raise ValueError(f"{text!r} is not a window: write a number of days, weeks or years, e.g. 90d, 12w, 1y")
    return int(found.group(1)) * _UNIT_DAYS[found.group(2)]


@dataclass(frozen=True, slots=True)
class Turn:
    flow: str
    before: str  # status on the date assessed
    after: str  # status on the day after the filing lapses


@dataclass(frozen=True, slots=True)
class Expiry:
    state: FilingState
    lapses_on: dt.date  # the first day it is no longer in effect
    days_left: int  # days from the date assessed to its last day
    turns: tuple[Turn, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"filing": self.state.filing.id, "mechanism": self.state.filing.mechanism,
                "expires": self.state.expires.isoformat() if self.state.expires else None,
                "lapses_on": self.lapses_on.isoformat(), "days_left": self.days_left,
                "flows_turning": [{"flow": t.flow, "status": t.before, "from_lapse": t.after} for t in self.turns]}


def expiring_within(datamap: DataMap, as_of: dt.date, days: int, kb: KnowledgeBase | None = None) -> list[Expiry]:
    """Filings in effect on `as_of` whose last day is within `days` days, soonest first."""
    kb = kb or default_knowledge_base()
    horizon = as_of + dt.timedelta(days=days)
    index = index_filings(datamap, as_of, kb)
    states = {s.filing.id: s for flow_states in index.by_flow.values() for s in flow_states}
    due = sorted((s for s in states.values() if s.in_effect and s.expires and s.expires <= horizon),
                 key=lambda s: (s.expires, s.filing.id))
    if not due:
        return []
    now = {f.id: f.status for f in assess_map(datamap, as_of=as_of, kb=kb).flows}
    later: dict[dt.date, dict[str, str]] = {}
    out = []
    for state in due:
        assert state.expires is not None
        day = state.expires + dt.timedelta(days=1)
        if day not in later:
            later[day] = {f.id: f.status for f in assess_map(datamap, as_of=day, kb=kb).flows}
        turns = tuple(Turn(fid, now[fid], later[day][fid]) for fid in covered_flows(state.filing, datamap.flows)
                      if _SEVERITY[later[day][fid]] > _SEVERITY[now[fid]])
        out.append(Expiry(state, day, (state.expires - as_of).days, turns))
    return out


def filing_table(datamap: DataMap, as_of: dt.date, kb: KnowledgeBase | None = None) -> list[tuple[FilingState, Sequence[str]]]:
    """Every filing of the map with its state on `as_of` and the flows it covers, in the map's order."""
    kb = kb or default_knowledge_base()
    return [(filing_state(f, as_of, kb), covered_flows(f, datamap.flows)) for f in datamap.filings]
