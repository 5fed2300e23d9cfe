"""The atlas page's content: the comparison table, the agreements binding two countries, and
the relationship circles, all from the atlas package (which reads the knowledge base)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from xborder.atlas import network as net
from xborder.atlas.agreements import pair_report
from xborder.atlas.compare import ASPECTS, FOLDERS, compare
from xborder.atlas.pictures import circles_svg
from xborder.kb import KnowledgeBase
from xborder.kb.agreements import default_agreements
from xborder.kb.base import KnowledgeBaseError

MAX_COMPARED = 5


def _code(value: str) -> str:
    return value.strip().upper()[:10]


def context(kb: KnowledgeBase, a: str, b: str, jurisdictions: str, center: str, on: dt.date) -> dict[str, Any]:
    catalogue = default_agreements()
    problems: list[str] = []
    codes = [_code(j) for j in jurisdictions.split(",") if j.strip()][:MAX_COMPARED]
    unknown = [j for j in codes if j not in FOLDERS]
    codes = [j for j in codes if j in FOLDERS]
    if unknown:
        problems.append(f"no regime in the knowledge base for {', '.join(unknown)}")
    table = pair = circles = None
    try:
        table = compare(kb, catalogue, codes, list(ASPECTS), on) if codes else None
        pair = pair_report(kb, catalogue, _code(a), _code(b), on).as_dict()
        graph = net.build_network(kb, catalogue, on)
        c = _code(center)
        if c in graph:
            circles = circles_svg(c, net.rings(graph, c), on.isoformat())
        else:
            problems.append(f"{c} has no tie in the knowledge base on {on}")
    except (KnowledgeBaseError, ValueError) as exc:
        problems.append(str(exc))
    return {"table": table, "pair": pair, "circles": circles, "a": _code(a), "b": _code(b), "center": _code(center),
            "compared": ",".join(codes), "as_of": on, "problems": problems, "known": sorted(set(FOLDERS) - {"UK"})}
