"""Pictures of the atlas as self-contained SVG (pure functions returning text): the
relationship circles around one country, a schematic tile map of a bloc coloured by rule set,
and the network as of a date (one picture per year makes the change over time).

Positions here are drawing layout only (a tile grid, angles on a circle); every country, tie
and date drawn comes from the graph, which comes from the knowledge base.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

import networkx as nx

from xborder.atlas.network import RINGS, Fragmentation, Tie, ring_of

RING_COLOURS = {1: "#1b7837", 2: "#5aae61", 3: "#a6dba0", 4: "#d9f0d3", 5: "#f0f0f0", 6: "#ffffff"}
KIND_COLOURS = {"agreement": "#2166ac", "certification": "#b2182b", "convention": "#8c8c8c",
                "recognition": "#1b7837", "mlat": "#e08214", "cloud_act": "#542788"}
GROUP_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#9c755f",
                 "#ff9da7", "#bab0ac")


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif">'
            f"<title>{escape(title)}</title>"
            f'<rect width="{width}" height="{height}" fill="white"/>' + "".join(body) + "</svg>\n")


def circles_svg(center: str, placed: Mapping[str, list[Tie]], as_of: str) -> str:
    """Concentric rings around `center`, innermost = strongest tie; the outer ring (no tie) is a count."""
    size, cx, cy, step = 760, 380, 380, 62
    body = [f'<text x="20" y="30" font-size="18" font-weight="bold">Relationship circles of {escape(center)}'
            f' · as of {escape(as_of)}</text>']
    by_ring: dict[int, list[str]] = {}
    for country, found in sorted(placed.items()):
        by_ring.setdefault(ring_of(found), []).append(country)
    for ring, _ in reversed(RINGS[:-1]):
        body.append(f'<circle cx="{cx}" cy="{cy}" r="{ring * step + 20}" fill="{RING_COLOURS[ring]}" '
                    f'stroke="#999" stroke-width="1"/>')
    body.append(f'<circle cx="{cx}" cy="{cy}" r="22" fill="#053061"/>'
                f'<text x="{cx}" y="{cy + 5}" font-size="14" fill="white" text-anchor="middle">{escape(center)}</text>')
    for ring, _ in RINGS[:-1]:
        members = by_ring.get(ring, [])
        radius = ring * step - 10
        for i, country in enumerate(members):
            angle = 2 * math.pi * i / max(len(members), 1) - math.pi / 2 + ring * 0.35
            x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
            tip = "; ".join(f"{t.mechanism}: {t.why}" for t in placed[country] if t.ring == ring)
            body.append(f'<g><title>{escape(country)}: {escape(tip)}</title>'
                        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="13" fill="white" stroke="#333"/>'
                        f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="10" text-anchor="middle">'
                        f"{escape(country)}</text></g>")
    legend_y = cy + 5 * step + 50
    for ring, rule in RINGS:
        count = len(by_ring.get(ring, []))
        body.append(f'<rect x="20" y="{legend_y - 10}" width="12" height="12" fill="{RING_COLOURS[ring]}" '
                    'stroke="#999"/>'
                    f'<text x="38" y="{legend_y}" font-size="11">{ring}. {escape(rule)} ({count})</text>')
        legend_y += 16
    return _svg(size, legend_y + 10, body, f"Relationship circles of {center}")


# Schematic tile positions (column, row) of a bloc's members: layout, not geography to scale.
TILES: dict[str, dict[str, tuple[int, int]]] = {
    "ASEAN": {"MM": (0, 0), "LA": (1, 0), "VN": (2, 0), "PH": (4, 0), "TH": (1, 1), "KH": (2, 1),
              "MY": (1, 2), "BN": (3, 2), "SG": (1, 3), "ID": (2, 3), "TL": (4, 3)},
}


def bloc_map_svg(bloc: str, frag: Fragmentation, labels: Mapping[str, str], as_of: str) -> str:
    """A tile map of the bloc, each member coloured by its rule set (the mechanisms it joined)."""
    tiles = TILES.get(bloc) or {m: (i % 5, i // 5) for i, m in enumerate(frag.members)}
    tile, left, top = 92, 30, 70
    group_of = {m: i for i, (_, ms) in enumerate(frag.rule_sets) for m in ms}
    body = [f'<text x="20" y="30" font-size="18" font-weight="bold">{escape(bloc)} members by rule set · as of '
            f'{escape(as_of)}</text>',
            f'<text x="20" y="52" font-size="12">{len(frag.rule_sets)} distinct rule sets among {len(frag.members)} '
            f'members; smallest cover: {escape(", ".join(labels.get(c, c) for c in frag.cover) or "none")}; '
            f'{len(frag.uncovered)} of {frag.pairs} pairs uncovered</text>']
    for m in frag.members:
        col, row = tiles.get(m, (5, 0))
        x, y = left + col * (tile + 6), top + row * (tile + 6)
        colour = GROUP_COLOURS[group_of[m] % len(GROUP_COLOURS)] if frag.mechanisms[m] else "#dddddd"
        joined = ", ".join(labels.get(x_, x_) for x_ in frag.mechanisms[m]) or "no transfer mechanism recorded"
        body.append(f'<g><title>{escape(m)}: {escape(joined)}</title>'
                    f'<rect x="{x}" y="{y}" width="{tile}" height="{tile}" rx="8" fill="{colour}"/>'
                    f'<text x="{x + tile / 2}" y="{y + tile / 2 + 7}" font-size="22" font-weight="bold" fill="white" '
                    f'text-anchor="middle">{escape(m)}</text></g>')
    ly = top + 4 * (tile + 6) + 10
    for i, (mechs, members) in enumerate(frag.rule_sets):
        colour = GROUP_COLOURS[i % len(GROUP_COLOURS)] if mechs else "#dddddd"
        text = ", ".join(labels.get(x, x) for x in mechs) or "no transfer mechanism recorded"
        body.append(f'<rect x="20" y="{ly - 11}" width="14" height="14" fill="{colour}"/>'
                    f'<text x="40" y="{ly}" font-size="12">{escape(" ".join(members))}: {escape(text)}</text>')
        ly += 20
    return _svg(620, ly + 10, body, f"{bloc} rule sets")


def network_svg(g: nx.MultiDiGraph, as_of: str, order: Sequence[str] | None = None,
                collapse: Mapping[str, str] | None = None) -> str:
    """Countries on an outer circle, mechanisms on an inner one, one line per kind of tie between
    two nodes, coloured by kind. `order` fixes the countries' positions so that pictures of
    several years line up; `collapse` draws several countries as one node (e.g. the Union's
    member states as `EU`), merging their ties."""
    size, cx, cy = 820, 410, 430
    merge = dict(collapse or {})

    def node(n: str) -> str:
        return merge.get(n, n)

    lines: set[tuple[str, str, str]] = set()
    for u, v, d in g.edges(data=True):
        kind = g.nodes[v]["kind"] if d["kind"] == "member" else d["kind"]
        a, b = node(u), node(v)
        if a != b:
            lines.add((min(a, b), max(a, b), kind) if d["kind"] != "member" else (a, b, kind))
    kinds = {node(n): d["kind"] for n, d in g.nodes(data=True)}
    slots = [node(n) for n in (order or sorted(g.nodes))]
    slots = list(dict.fromkeys(n for n in slots if (n in kinds and kinds[n] == "country") or n in merge.values()))
    present = {node(n) for n, d in g.nodes(data=True) if d["kind"] == "country"}
    mechanisms = sorted(n for n, k in kinds.items() if k != "country")
    pos: dict[str, tuple[float, float]] = {}
    for i, n in enumerate(slots):
        a = 2 * math.pi * i / max(len(slots), 1) - math.pi / 2
        pos[n] = (cx + 360 * math.cos(a), cy + 360 * math.sin(a))
    for i, n in enumerate(mechanisms):
        a = 2 * math.pi * i / max(len(mechanisms), 1) - math.pi / 2
        pos[n] = (cx + 150 * math.cos(a), cy + 150 * math.sin(a))
    body = [f'<text x="20" y="30" font-size="18" font-weight="bold">Countries and mechanisms · as of '
            f'{escape(as_of)}</text>',
            f'<text x="20" y="50" font-size="12">{len(present)} countries, {len(mechanisms)} mechanisms'
            + (f"; {escape(', '.join(sorted(set(merge.values()))))} drawn as one node" if merge else "") + "</text>"]
    for a, b, kind in sorted(lines):
        if a not in pos or b not in pos:
            continue
        (x1, y1), (x2, y2) = pos[a], pos[b]
        body.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{KIND_COLOURS[kind]}" '
                    f'stroke-opacity="0.55" stroke-width="1.2"/>')
    for n in mechanisms:
        x, y = pos[n]
        label = next((d["label"] for m, d in g.nodes(data=True) if m == n), n)
        short = label if kinds[n] == "agreement" else n.split(".")[-1].replace("_", " ")
        body.append(f'<g><title>{escape(label)}</title><circle cx="{x:.1f}" cy="{y:.1f}" r="6" '
                    f'fill="{KIND_COLOURS[kinds[n]]}"/><text x="{x:.1f}" y="{y - 9:.1f}" font-size="10" '
                    f'text-anchor="middle">{escape(short)}</text></g>')
    for n in slots:
        x, y = pos[n]
        fill = "#333" if n in present else "#ccc"
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{fill}"/>'
                    f'<text x="{cx + 382 * (x - cx) / 360:.1f}" y="{cy + 382 * (y - cy) / 360 + 3:.1f}" font-size="10" '
                    f'text-anchor="middle" fill="{fill}">{escape(n)}</text>')
    ly = size + 10
    for kind, colour in KIND_COLOURS.items():
        body.append(f'<rect x="20" y="{ly}" width="12" height="4" fill="{colour}"/>'
                    f'<text x="38" y="{ly + 6}" font-size="11">{escape(kind.replace("_", " "))}</text>')
        ly += 16
    return _svg(size, ly + 10, body, f"Network as of {as_of}")


def to_png(svg: str) -> bytes:
    """PNG from an SVG, when the optional cairosvg is installed (`pip install cairosvg`)."""
    try:
        import cairosvg  # type: ignore[import-not-found]
    except ImportError as exc:
        raise RuntimeError("PNG output needs cairosvg (pip install cairosvg); SVG needs nothing") from exc
    return cairosvg.svg2png(bytestring=svg.encode())
