"""The picture of an audit: each exporter's running count of people against its thresholds.

One panel per counting series (exporter, data class or category, window): the running
count as a step line over the days, each threshold in force as a dashed line with its value
and the day it was crossed marked. Plain SVG, no dependencies, the same bytes for the same
result.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from xborder.audit.counting import Series
from xborder.audit.run import AuditResult

WIDTH, PANEL, LEFT, RIGHT, TOP, BOTTOM = 720, 170, 78, 24, 34, 28
LINE, THRESHOLD, CROSSED = "#1f5fa8", "#b03a2e", "#b03a2e"


def _span(s: Series) -> tuple[dt.date, dt.date]:
    if s.key.year is not None:
        return dt.date(s.key.year, 1, 1), dt.date(s.key.year, 12, 31)
    return s.days[0], max(s.days[-1], s.days[0] + dt.timedelta(days=1))


def _nice(n: float) -> int:
    """A round axis maximum at or above n."""
    if n <= 0:
        return 1
    base = 10 ** (len(str(int(n))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if step * base >= n:
            return int(step * base)
    return int(10 * base)


def running_counts_svg(result: AuditResult) -> str:
    series = [s for s in result.series if s.days]
    height = TOP + max(len(series), 1) * (PANEL + BOTTOM) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
           f'<text x="{LEFT}" y="20" font-size="13" font-weight="bold">Distinct people sent abroad per exporter, '
           f'against the thresholds in force ({escape(result.engine)}, '
           f'{"approximate" if result.approx else "exact"} counts)</text>']
    if not series:
        out.append(f'<text x="{LEFT}" y="{TOP + 20}">no exporter counted towards a threshold</text>')
    crossed = {(c.series, c.threshold.name): c for c in result.crossings}
    for i, s in enumerate(series):
        y0 = TOP + i * (PANEL + BOTTOM)
        out += _panel(s, result, crossed, y0)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _panel(s: Series, result: AuditResult, crossed: dict, y0: int) -> list[str]:
    k = s.key
    start, end = _span(s)
    lines = [t for t in result.thresholds if t.regime == k.regime and t.metric == k.metric
             and t.valid_from <= end and (t.valid_until is None or t.valid_until > start)]
    # The scale shows the count and at least the lowest threshold (how far away it is), and
    # the higher ones while they are within reach (three times the higher of the two).
    lowest = min((t.value for t in lines), default=0)
    reach = 3 * max(s.peak, lowest, 1)
    top = _nice(max([s.peak, lowest, *[t.value for t in lines if t.value <= reach]]) * 1.08)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, PANEL - 30
    days = max((end - start).days, 1)

    def x(d: dt.date) -> float:
        return LEFT + plot_w * min(max((d - start).days, 0), days) / days

    def y(n: float) -> float:
        return y0 + 20 + plot_h * (1 - min(n, top) / top)

    who = f"{k.exporter} → {k.counterpart}" if k.counterpart else k.exporter
    window = f"since 1 January {k.year}" if k.year else "preceding 12 months"
    out = [f'<text x="{LEFT}" y="{y0 + 12}" font-weight="bold">{escape(k.regime)} · {escape(who)} · '
           f'{escape(k.metric)} · {window}</text>',
           f'<rect x="{LEFT}" y="{y0 + 20}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>']
    for frac in (0, 0.5, 1):
        n = int(top * frac)
        out.append(f'<text x="{LEFT - 6}" y="{y(n) + 4:.1f}" text-anchor="end" fill="#555">{n:,}</text>')
    for d in (start, start + (end - start) / 2, end):
        out.append(f'<text x="{x(d):.1f}" y="{y0 + 20 + plot_h + 14}" text-anchor="middle" fill="#555">'
                   f'{d.isoformat()}</text>')
    for t in lines:
        if t.value > top:
            continue
        lo, hi = max(t.valid_from, start), min(t.valid_until or end, end)
        out.append(f'<line x1="{x(lo):.1f}" y1="{y(t.value):.1f}" x2="{x(hi):.1f}" y2="{y(t.value):.1f}" '
                   f'stroke="{THRESHOLD}" stroke-dasharray="5,4"/>')
        out.append(f'<text x="{x(hi) - 4:.1f}" y="{y(t.value) - 4:.1f}" text-anchor="end" fill="{THRESHOLD}">'
                   f'{t.value:,} ({escape(t.name)}, {escape(t.comparison)})</text>')
    points = [f"{x(start):.1f},{y(0):.1f}"]
    prev = 0
    for d, n in zip(s.days, s.counts):
        points += [f"{x(d):.1f},{y(prev):.1f}", f"{x(d):.1f},{y(n):.1f}"]
        prev = n
    points.append(f"{x(end if k.year else s.days[-1]):.1f},{y(prev):.1f}")
    out.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    out.append(f'<text x="{LEFT + 6}" y="{y0 + 34}" fill="{LINE}">{s.final:,} at the end'
               f'{"" if k.year else f", peak {s.peak:,}"}</text>')
    for t in lines:
        c = crossed.get((k, t.name))
        if c is not None and c.threshold.value <= top:
            out.append(f'<circle cx="{x(c.day):.1f}" cy="{y(c.count):.1f}" r="4" fill="{CROSSED}"/>')
            out.append(f'<text x="{x(c.day) + 6:.1f}" y="{y(c.count) + 14:.1f}" fill="{CROSSED}">crossed '
                       f'{c.day.isoformat()}</text>')
    return out
