"""The audit view: what left for where, on which grounds, per period -- plus an SVG chart.

Reads leaves straight from the log (they are the evidence) and groups them by period,
origin and destination country, and legal ground (the instruments relied on, or the
regime verdicts when none was needed). The chart is hand-written SVG: one stacked bar per
period, one colour per destination, so it opens in any browser and diffs as text.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any, Literal

import orjson

from xborder.ledger.storage.base import LedgerStore

Period = Literal["day", "month", "quarter", "year"]
Metric = Literal["events", "individuals", "records"]


def period_key(when: str, period: Period) -> str:
    """The period label of an RFC 3339 UTC time such as 2026-11-22T10:00:00Z."""
    d = dt.date.fromisoformat(when[:10])
    if period == "day":
        return d.isoformat()
    if period == "month":
        return f"{d.year}-{d.month:02d}"
    if period == "quarter":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    return str(d.year)


def grounds_of(event: dict[str, Any]) -> str:
    """Instruments relied on, else the verdicts that made the transfer lawful without one."""
    instruments = event.get("instruments") or []
    if instruments:
        return ", ".join(instruments)
    regimes = event.get("verdict", {}).get("regimes", {})
    permitted = sorted(r for r, v in regimes.items() if v == "permitted")
    return "no instrument needed" + (f" ({', '.join(permitted)})" if permitted else "")


@dataclass(slots=True)
class ReportRow:
    period: str
    origin: str
    destination: str
    grounds: str
    events: int = 0
    individuals: int = 0
    records: int = 0
    flows: set[str] = field(default_factory=set)
    importers: set[str] = field(default_factory=set)
    # individuals per set of people (exporter + datasets): the same dataset sent on several
    # events is one set of individuals, as the engine counts volumes
    people: dict[tuple[str, tuple[str, ...]], int] = field(default_factory=dict)

    def add_people(self, exporter: str, datasets: tuple[str, ...], count: int) -> None:
        key = (exporter, datasets)
        self.people[key] = max(self.people.get(key, 0), count)
        self.individuals = sum(self.people.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period, "from": self.origin, "to": self.destination, "grounds": self.grounds,
            "events": self.events, "individuals": self.individuals, "records": self.records,
            "flows": sorted(self.flows), "importers": sorted(self.importers),
        }


@dataclass(slots=True)
class Summary:
    period: Period
    rows: list[ReportRow]
    leaves: int
    skipped: int  # leaves that are not transfer events (e.g. raw test data)


def summarise(
    store: LedgerStore, period: Period = "month", since: dt.date | None = None, until: dt.date | None = None
) -> Summary:
    """Group the log's events; ``since``/``until`` bound the event date (inclusive)."""
    groups: dict[tuple[str, str, str, str], ReportRow] = {}
    leaves = skipped = 0
    for _, _, data in store.iter_leaves():
        leaves += 1
        try:
            ev = orjson.loads(data)
            when = ev["time"]
            day = dt.date.fromisoformat(when[:10])
            origin, dest = ev["countries"]["from"], ev["countries"]["to"]
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            skipped += 1
            continue
        if (since and day < since) or (until and day > until):
            continue
        key = (period_key(when, period), origin, dest, grounds_of(ev))
        row = groups.get(key)
        if row is None:
            row = groups[key] = ReportRow(*key)
        row.events += 1
        row.add_people(str(ev.get("exporter", {}).get("entity")),
                       tuple(sorted(str(d.get("id")) for d in ev.get("datasets") or [] if isinstance(d, dict))),
                       int(ev.get("individuals") or 0))
        row.records += int(ev.get("records") or 0)
        row.flows.add(str(ev.get("flow")))
        row.importers.add(str(ev.get("importer", {}).get("entity")))
    rows = sorted(groups.values(), key=lambda r: (r.period, r.origin, r.destination, r.grounds))
    return Summary(period, rows, leaves, skipped)


_PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
            "#9c755f", "#bab0ac"]


def render_svg(rows: Iterable[ReportRow], metric: Metric = "individuals", title: str = "Transfers") -> str:
    """Stacked bars: x = period, y = ``metric``, one colour per destination country."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        totals[r.period][r.destination] += getattr(r, metric)
    periods = sorted(totals)
    dests = sorted({d for per in totals.values() for d in per})
    colour = {d: _PALETTE[i % len(_PALETTE)] for i, d in enumerate(dests)}
    peak = max((sum(v.values()) for v in totals.values()), default=0) or 1
    bar_w, gap, left, top, plot_h = 48, 24, 80, 50, 300
    width = max(left + len(periods) * (bar_w + gap) + 160, 640)
    height = top + plot_h + 70
    out = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
         f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">'),
        f'<title>{escape(title)}</title>',
        (f'<text x="20" y="24" font-size="16" font-weight="bold">{escape(title)} '
         f'({escape(metric)} per period, by destination)</text>'),
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 150}" y2="{top + plot_h}" stroke="#333"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>',
    ]
    for i in range(5):
        value = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value:,.0f}</text>')
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 150}" y2="{y:.1f}" stroke="#ddd"/>')
    for i, p in enumerate(periods):
        x = left + gap / 2 + i * (bar_w + gap)
        y = top + plot_h
        for d in dests:
            v = totals[p].get(d, 0)
            if not v:
                continue
            h = plot_h * v / peak
            y -= h
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w}" height="{h:.1f}" fill="{colour[d]}">'
                       f'<title>{escape(p)} to {escape(d)}: {v:,}</title></rect>')
        out.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 18}" text-anchor="middle">{escape(p)}</text>')
    lx = width - 130
    for i, d in enumerate(dests):
        y = top + i * 20
        out.append(f'<rect x="{lx}" y="{y}" width="12" height="12" fill="{colour[d]}"/>')
        out.append(f'<text x="{lx + 18}" y="{y + 11}">to {escape(d)}</text>')
    if not periods:
        out.append(f'<text x="{left + 20}" y="{top + plot_h / 2}">no transfers recorded</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
