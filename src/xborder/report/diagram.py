"""An SVG picture of the data map by country: one circle per country, one edge per country pair.

A map of thousands of flows has a few dozen countries but thousands of entities, so the
picture aggregates: an edge carries the number of flows from one country to the other and
the colour of the worst status among them; a country's circle grows with its flows. The
countries sit on a ring in alphabetical order, so a reader finds a code where the alphabet
puts it and no edge passes through a circle. Each shape carries `data-*` attributes that the
HTML report uses to filter its flow list when a country or an edge is clicked.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape

from xborder.datamap.countries import country_name
from xborder.engine import Assessment

STATUS_COLOUR = {"compliant": "#2e7d32", "action_required": "#e0a100", "prohibited": "#c62828"}
SEVERITY = {"compliant": 0, "action_required": 1, "prohibited": 2}
LABELLED_EDGES = 60


@dataclass(slots=True)
class Edge:
    source: str
    target: str
    statuses: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return sum(self.statuses.values())

    @property
    def worst(self) -> str:
        return max(self.statuses, key=SEVERITY.__getitem__)


def country_edges(assessment: Assessment) -> tuple[dict[str, Counter[str]], list[Edge]]:
    """Per country: its flows' statuses (as sender or recipient); per ordered country pair: an edge."""
    countries: dict[str, Counter[str]] = defaultdict(Counter)
    edges: dict[tuple[str, str], Edge] = {}
    for f in assessment.flows:
        a, b = f.hop.sender.location_country, f.hop.recipient.location_country
        countries[a][f.status] += 1
        if b != a:
            countries[b][f.status] += 1
            edges.setdefault((a, b), Edge(a, b)).statuses[f.status] += 1
    return dict(countries), sorted(edges.values(), key=lambda e: (SEVERITY[e.worst], e.count))


def _summary(statuses: Counter[str]) -> str:
    return ", ".join(f"{statuses[s]} {s.replace('_', ' ')}" for s in STATUS_COLOUR if statuses[s])


def map_svg(assessment: Assessment) -> str:
    countries, edges = country_edges(assessment)
    if not countries:
        return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40" role="img" aria-label="empty map"></svg>'
    codes = sorted(countries)
    n = len(codes)
    ring = 60.0 if n == 1 else max(120.0, n * 16.0)  # room for every circle on the ring
    most = max(sum(c.values()) for c in countries.values())
    radius = {c: 10 + 16 * math.sqrt(sum(countries[c].values()) / most) for c in codes}
    size = 2 * (ring + 140)  # room outside the ring for the country names
    centre = size / 2
    pos = {c: (centre + ring * math.sin(2 * math.pi * i / n), centre - ring * math.cos(2 * math.pi * i / n))
           for i, c in enumerate(codes)}
    widest = max((e.count for e in edges), default=1)
    # on a crowded map only the worst and the busiest edges carry a number; the rest say it on hover
    labelled = {(e.source, e.target) for e in sorted(edges, key=lambda e: (-SEVERITY[e.worst], -e.count))[:LABELLED_EDGES]}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size:.0f} {size:.0f}" '
           f'role="img" aria-label="data map by country" class="map" style="max-width:{max(size, 480):.0f}px">',]
    for e in edges:  # least severe first, so red edges are drawn on top
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        dx, dy = x2 - x1, y2 - y1
        # bend each edge to its right, so A→B and B→A are two visible arcs, towards the centre
        mx, my = (x1 + x2) / 2 + dy * 0.18, (y1 + y2) / 2 - dx * 0.18
        ux1, uy1 = _towards(x1, y1, mx, my, radius[e.source] + 2)
        ux2, uy2 = _towards(x2, y2, mx, my, radius[e.target] + 4)
        width = 1.2 + 4.5 * math.sqrt(e.count / widest)
        lx, ly = 0.25 * ux1 + 0.5 * mx + 0.25 * ux2, 0.25 * uy1 + 0.5 * my + 0.25 * uy2
        out.append(
            f'<g class="edge" data-from="{e.source}" data-to="{e.target}" tabindex="0">'
            f'<path d="M{ux1:.1f},{uy1:.1f} Q{mx:.1f},{my:.1f} {ux2:.1f},{uy2:.1f}" stroke="{STATUS_COLOUR[e.worst]}" '
            f'stroke-width="{width:.1f}" class="flow-edge"/>'
            f'<path d="{_arrow_head(mx, my, ux2, uy2, 4 + width)}" fill="{STATUS_COLOUR[e.worst]}" class="arrow"/>'
            + (f'<text x="{lx:.1f}" y="{ly:.1f}" class="edge-label">{e.count}</text>'
               if (e.source, e.target) in labelled else "") +
            f'<title>{e.source} → {e.target}: {e.count} flow(s), {_summary(e.statuses)}</title></g>')
    for c in codes:
        x, y = pos[c]
        worst = max(countries[c], key=SEVERITY.__getitem__)
        lx = x + (radius[c] + 6) * math.copysign(1, x - centre) if abs(x - centre) > 1 else x
        anchor = "middle" if abs(x - centre) <= 1 else ("start" if x > centre else "end")
        ly = y + 4 if abs(x - centre) > 1 else y + (radius[c] + 14) * math.copysign(1, y - centre)
        out.append(
            f'<g class="country" data-country="{c}" tabindex="0"><circle cx="{x:.1f}" cy="{y:.1f}" r="{radius[c]:.1f}" '
            f'class="country-dot" stroke="{STATUS_COLOUR[worst]}"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" class="country-code">{c}</text>'
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" class="country-label">{escape(country_name(c))}</text>'
            f'<title>{c} · {escape(country_name(c))}: {sum(countries[c].values())} flow(s), '
            f'{_summary(countries[c])}</title></g>')
    out.append("</svg>")
    return "".join(out)


def _towards(x: float, y: float, tx: float, ty: float, d: float) -> tuple[float, float]:
    """The point `d` from (x, y) on the way to (tx, ty): edges start and end at a circle's rim."""
    dist = math.hypot(tx - x, ty - y) or 1.0
    return x + (tx - x) / dist * d, y + (ty - y) / dist * d


def _arrow_head(fx: float, fy: float, x: float, y: float, size: float) -> str:
    """A triangle pointing from (fx, fy) to its tip (x, y): a plain path, since thousands of
    SVG markers take seconds to paint."""
    dist = math.hypot(x - fx, y - fy) or 1.0
    ux, uy = (x - fx) / dist, (y - fy) / dist
    bx, by = x - ux * size, y - uy * size
    half = size * 0.5
    return (f"M{x:.1f},{y:.1f} L{bx - uy * half:.1f},{by + ux * half:.1f} "
            f"L{bx + uy * half:.1f},{by - ux * half:.1f} z")
