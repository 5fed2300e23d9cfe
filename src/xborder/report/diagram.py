"""An SVG picture of the data map: countries as boxes laid out along the routes, entities
inside them, and each flow as an arrow coloured by its status.

Countries are placed in columns by their depth along the routes (where data starts on the
left, where it ends on the right), so a reader sees the data travel.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from xborder.datamap.countries import country_name
from xborder.engine import Assessment

STATUS_COLOUR = {"compliant": "#2e7d32", "action_required": "#e0a100", "prohibited": "#c62828"}
NODE_W, NODE_H, GAP_Y, COL_W, PAD = 170, 30, 10, 300, 24


def _depths(edges: set[tuple[str, str]], countries: list[str]) -> dict[str, int]:
    depth = {c: 0 for c in countries}
    for _ in range(len(countries)):  # Bellman-Ford style longest path, bounded for cycles
        changed = False
        for a, b in edges:
            if a != b and depth[b] < depth[a] + 1 and depth[a] + 1 < len(countries):
                depth[b] = depth[a] + 1
                changed = True
        if not changed:
            break
    return depth


def map_svg(assessment: Assessment, max_flows: int = 400) -> str:
    flows = assessment.flows[:max_flows]
    nodes: dict[tuple[str, str], None] = {}
    for f in flows:
        nodes[(f.hop.sender.location_country, f.hop.sender.id)] = None
        nodes[(f.hop.recipient.location_country, f.hop.recipient.id)] = None
    by_country: dict[str, list[str]] = defaultdict(list)
    for country, entity in nodes:
        by_country[country].append(entity)
    countries = sorted(by_country)
    edges = {(f.hop.sender.location_country, f.hop.recipient.location_country) for f in flows}
    depth = _depths(edges, countries)
    columns: dict[int, list[str]] = defaultdict(list)
    for c in countries:
        columns[depth[c]].append(c)
    pos: dict[tuple[str, str], tuple[float, float]] = {}
    boxes = []
    height = 0.0
    for col, cs in sorted(columns.items()):
        y = PAD + 10
        x = PAD + col * COL_W
        for c in cs:
            ents = sorted(by_country[c])
            box_h = 28 + len(ents) * (NODE_H + GAP_Y)
            boxes.append((x, y, c, box_h))
            for i, e in enumerate(ents):
                pos[(c, e)] = (x + 14, y + 26 + i * (NODE_H + GAP_Y))
            y += box_h + 24
        height = max(height, y)
    width = PAD * 2 + (max(columns) + 1) * COL_W if columns else 200
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height + PAD:.0f}" '
           f'width="{width:.0f}" height="{height + PAD:.0f}" role="img" aria-label="data map">',
           '<defs>' + "".join(
               f'<marker id="arrow-{s}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
               f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{col}"/></marker>'
               for s, col in STATUS_COLOUR.items()) + '</defs>']
    for x, y, c, h in boxes:
        out.append(f'<rect x="{x}" y="{y}" width="{NODE_W + 28}" height="{h}" rx="10" class="country"/>'
                   f'<text x="{x + 10}" y="{y + 17}" class="country-label">{escape(c)} · {escape(country_name(c))}</text>')
    for (c, e), (x, y) in pos.items():
        out.append(f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6" class="entity"/>'
                   f'<text x="{x + 8}" y="{y + 19}" class="entity-label">{escape(e[:24])}</text>')
    seen_pairs: dict[tuple, int] = defaultdict(int)
    for f in flows:
        a = pos[(f.hop.sender.location_country, f.hop.sender.id)]
        b = pos[(f.hop.recipient.location_country, f.hop.recipient.id)]
        k = seen_pairs[(a, b)]
        seen_pairs[(a, b)] += 1
        x1, y1 = a[0] + NODE_W, a[1] + NODE_H / 2
        x2, y2 = b[0], b[1] + NODE_H / 2
        if x2 <= x1:  # same column: loop out to the right
            x2, y2 = b[0] + NODE_W, b[1] + NODE_H / 2
            bend = 60 + 18 * k
            d = f"M{x1},{y1} C{x1 + bend},{y1} {x2 + bend},{y2} {x2},{y2}"
        else:
            dx = (x2 - x1) / 2
            off = 14 * k
            d = f"M{x1},{y1} C{x1 + dx},{y1 + off} {x2 - dx},{y2 + off} {x2},{y2}"
        colour = STATUS_COLOUR[f.status]
        out.append(f'<path d="{d}" stroke="{colour}" class="flow" marker-end="url(#arrow-{f.status})">'
                   f'<title>{escape(f.id)}: {f.status}</title></path>')
    out.append("</svg>")
    return "".join(out)
