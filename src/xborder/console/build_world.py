"""Build `data/world.json`, the console's world map, from Natural Earth's 1:50m countries
as TopoJSON (the npm package `world-atlas`, ISC; Natural Earth is in the public domain):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m xborder.console.build_world package/countries-50m.json

Each country becomes one SVG path in an equirectangular projection (1000 units wide,
latitudes 84°N to 58°S; Antarctica left out), simplified to about a third of a unit, and a point (the centroid of
its largest polygon) where the map puts the country's locations. Only run by a developer;
the output is committed, so nothing is downloaded at install or at run time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pycountry

WIDTH = 1000.0
NORTH, SOUTH = 84.0, -58.0
SCALE = WIDTH / 360.0
TOLERANCE = 0.35
OUT = Path(__file__).with_name("data") / "world.json"
NAMED = {"Kosovo": "XK", "N. Cyprus": None, "Somaliland": None}  # no ISO numeric code in the source


def project(lon: float, lat: float) -> tuple[float, float]:  # lon may run past 180 (see `ring`)
    lat = max(SOUTH, min(NORTH, lat))
    return (lon + 180.0) * SCALE, (NORTH - lat) * SCALE


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    """A ring's points, projected; a ring across the antimeridian (eastern Russia, Fiji) is
    drawn whole east of it (its far end is cut at the map's edge) rather than as a band."""
    out: list[tuple[float, float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        out.extend(pts if not out else pts[1:])
    lons = [lon for lon, _ in out]
    if out and max(lons) - min(lons) > 180:
        out = [(lon + 360 if lon < 0 else lon, lat) for lon, lat in out]
    return [project(lon, lat) for lon, lat in out]


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5 or 1e-9
        best, where = 0.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > best:
                best, where = d, i
        if best > tolerance and where > 0:
            keep[where] = True
            stack += [(a, where), (where, b)]
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """A closed ring simplified as two halves, split at the point farthest from its start."""
    if len(points) < 4:
        return points
    x0, y0 = points[0]
    far = max(range(len(points)), key=lambda i: (points[i][0] - x0) ** 2 + (points[i][1] - y0) ** 2)
    return simplify(points[: far + 1], tolerance)[:-1] + simplify(points[far:], tolerance)


def area_centroid(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(area) < 1e-9:
        xs, ys = zip(*points)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


def alpha2(geometry: dict[str, Any]) -> str | None:
    name = geometry.get("properties", {}).get("name", "")
    if name in NAMED:
        return NAMED[name]
    found = pycountry.countries.get(numeric=str(geometry.get("id", "")).zfill(3))
    return found.alpha_2 if found else None


def build(topo: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topo)
    countries: dict[str, Any] = {}
    for g in topo["objects"]["countries"]["geometries"]:
        code = alpha2(g)
        if code is None or code == "AQ" or g.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        parts, best = [], (0.0, 0.0, 0.0)
        for polygon in polygons:
            rings = [ring(arcs, r) for r in polygon]
            found = area_centroid(rings[0])
            if found[0] >= best[0]:
                best = found
            for r in rings:
                pts = simplify_ring(r, TOLERANCE)
                if len(pts) >= 3:
                    parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
        entry = countries.setdefault(code, {"d": "", "c": [round(best[1], 1), round(best[2], 1)], "a": 0.0})
        entry["d"] += "".join(parts)
        if best[0] > entry["a"]:
            entry["a"], entry["c"] = best[0], [round(best[1], 1), round(best[2], 1)]
    for entry in countries.values():
        entry.pop("a")
    return {"source": "Natural Earth 1:50m admin-0 countries (public domain), via world-atlas 2.0.2 (ISC)",
            "projection": {"kind": "equirectangular", "width": WIDTH, "north": NORTH, "south": SOUTH},
            "height": round((NORTH - SOUTH) * SCALE, 1), "countries": dict(sorted(countries.items()))}


if __name__ == "__main__":
    data = build(json.loads(Path(sys.argv[1]).read_text()))
    OUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n")
    print(f"{OUT}: {len(data['countries'])} countries, {OUT.stat().st_size} bytes")
