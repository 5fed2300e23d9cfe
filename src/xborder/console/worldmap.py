"""The data map drawn as SVG: locations as points on a world map, hops as arcs coloured by
status; and the entities as a graph. Pure functions returning markup (no inline styles:
colours are CSS classes, so the page's Content-Security-Policy needs no 'unsafe-inline').

The countries' outlines and points come from `data/world.json` (Natural Earth, built by
`build_world.py`); a location sits at its country's point, several in one country on a
small circle around it.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from xborder.datamap.countries import country_name
from xborder.engine import Assessment, FlowAssessment

WORLD = Path(__file__).with_name("data") / "world.json"
SEVERITY = {"compliant": 0, "action_required": 1, "prohibited": 2}


@lru_cache(maxsize=1)
def world() -> dict[str, Any]:
    return json.loads(WORLD.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def base_svg() -> str:
    """The world's countries as one static SVG file (cached by the browser)."""
    w = world()
    paths = "".join(f'<path d="{c["d"]}"><title>{escape(code)}</title></path>' for code, c in w["countries"].items())
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w["projection"]["width"]:.0f} {w["height"]}">'
            f'<g fill="#dfe5ec" stroke="#ffffff" stroke-width="0.4">{paths}</g></svg>')


def endpoint_key(flow: FlowAssessment, side: str) -> tuple[str, str]:
    """(point key, country) of one end of a hop: its location, else its entity."""
    hop = flow.hop
    end = hop.flow.from_ if side == "from" else hop.flow.to
    party = hop.sender if side == "from" else hop.recipient
    return (end.location or f"entity:{end.entity}"), party.location_country


def points(flows: Iterable[FlowAssessment]) -> dict[str, tuple[float, float, str]]:
    """Each location (or entity without one) → (x, y, country)."""
    by_country: dict[str, list[str]] = defaultdict(list)
    for f in flows:
        for side in ("from", "to"):
            key, country = endpoint_key(f, side)
            if key not in by_country[country]:
                by_country[country].append(key)
    centres = world()["countries"]
    out: dict[str, tuple[float, float, str]] = {}
    for country, keys in by_country.items():
        cx, cy = centres.get(country, {"c": [500.0, 10.0]})["c"]
        for i, key in enumerate(sorted(keys)):
            if len(keys) == 1:
                out[key] = (cx, cy, country)
            else:
                angle = 2 * math.pi * i / len(keys)
                out[key] = (cx + 7 * math.cos(angle), cy + 7 * math.sin(angle), country)
    return out


def map_svg(assessment: Assessment, shown: set[str], route_url: Any, labels: dict[str, str]) -> str:
    """The overlay: arcs for the hops in `shown` (others faint), points for every location."""
    w = world()
    width, height = w["projection"]["width"], w["height"]
    pts = points(assessment.flows)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height}" class="worldmap" '
           f'role="group" aria-labelledby="map-title"><title id="map-title">{escape(labels["title"])}</title>'
           f'<image href="{labels["base"]}" x="0" y="0" width="{width:.0f}" height="{height}"/>']
    order = sorted(assessment.flows, key=lambda f: (f.id in shown, SEVERITY[f.status]))
    for f in order:
        (k1, _), (k2, _) = endpoint_key(f, "from"), endpoint_key(f, "to")
        x1, y1, _ = pts[k1]
        x2, y2, _ = pts[k2]
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1.0
        bend = min(0.35 * dist, 120.0)
        mx, my = (x1 + x2) / 2 - dy / dist * bend, (y1 + y2) / 2 + dx / dist * bend
        if dist < 1:  # within one country: a small loop
            mx, my = x1 + 18, y1 - 24
        cls = f"arc status-{f.status}" + ("" if f.id in shown else " faded")
        status = labels.get(f.status, f.status)
        out.append(f'<a href="{escape(route_url(f.id))}" class="arc-link" data-flow="{escape(f.id)}" '
                   f'data-status="{f.status}"><path class="{cls}" d="M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} '
                   f'{x2:.1f},{y2:.1f}"/><title>{escape(f.id)}: {escape(f.hop.sender.id)} → '
                   f'{escape(f.hop.recipient.id)} · {escape(status)}</title></a>')
    for key, (x, y, country) in sorted(pts.items()):
        label = key.removeprefix("entity:")
        out.append(f'<g class="point" data-location="{escape(key)}"><circle cx="{x:.1f}" cy="{y:.1f}" r="3.6"/>'
                   f'<text x="{x + 5:.1f}" y="{y - 4:.1f}">{escape(label)}</text>'
                   f'<title>{escape(label)} · {escape(country_name(country))} ({country})</title></g>')
    out.append("</svg>")
    return "".join(out)


def graph_svg(assessment: Assessment, shown: set[str], route_url: Any, title: str) -> str:
    """Entities on a circle, one arrow per hop between them, coloured by status."""
    entities = sorted({p.id for f in assessment.flows for p in (f.hop.sender, f.hop.recipient)})
    country = {p.id: p.country for f in assessment.flows for p in (f.hop.sender, f.hop.recipient)}
    n = max(len(entities), 1)
    size, r = 520.0, 190.0
    pos = {e: (size / 2 + r * math.sin(2 * math.pi * i / n), size / 2 - r * math.cos(2 * math.pi * i / n))
           for i, e in enumerate(entities)}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size:.0f} {size:.0f}" class="graph" role="group" '
           f'aria-labelledby="graph-title"><title id="graph-title">{escape(title)}</title>'
           '<defs><marker id="tip" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="tip"/></marker></defs>']
    for f in sorted(assessment.flows, key=lambda f: (f.id in shown, SEVERITY[f.status])):
        (x1, y1), (x2, y2) = pos[f.hop.sender.id], pos[f.hop.recipient.id]
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1.0
        sx, sy, ex, ey = x1 + dx / dist * 14, y1 + dy / dist * 14, x2 - dx / dist * 16, y2 - dy / dist * 16
        mx, my = (sx + ex) / 2 - dy / dist * 18, (sy + ey) / 2 + dx / dist * 18
        cls = f"edge status-{f.status}" + ("" if f.id in shown else " faded")
        out.append(f'<a href="{escape(route_url(f.id))}"><path class="{cls}" marker-end="url(#tip)" '
                   f'd="M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}"/>'
                   f'<title>{escape(f.id)}</title></a>')
    for e in entities:
        x, y = pos[e]
        anchor = "start" if x > size / 2 + 1 else "end" if x < size / 2 - 1 else "middle"
        lx = x + (18 if anchor == "start" else -18 if anchor == "end" else 0)
        ly = y + (4 if anchor != "middle" else (-18 if y < size / 2 else 26))
        out.append(f'<g class="node"><circle cx="{x:.1f}" cy="{y:.1f}" r="11"/>'
                   f'<text x="{x:.1f}" y="{y + 3.5:.1f}" class="cc">{escape(country[e])}</text>'
                   f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{escape(e)}</text></g>')
    out.append("</svg>")
    return "".join(out)
