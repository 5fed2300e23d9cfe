"""Small maps for the pilot-zone tests: one zone exporter, one recipient abroad."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from xborder.datamap import load_map_text
from xborder.engine import assess_map
from xborder.engine.assess import FlowAssessment
from xborder.rules.base import RegimeResult

EXAMPLE_LIST: dict[str, Any] = {
    "id": "example-ftz-2025", "kind": "zone", "zone": "example-ftz", "title": "Example zone file",
    "published": "2025-01-01", "scope": "comprehensive",
    "negative": [{"id": None, "scenarios": [{"id": None, "categories": [
        {"name": "健康医疗数据", "categories": ["user.health_and_medical"], "route": "security-assessment"},
        {"name": "个人信息", "threshold": {"people": 1000000}},  # matched by mapping
    ]}]}],
}


def zone_map(datasets: list[dict[str, Any]], *, policies: list[dict[str, Any]] | None = None,
             zone: str = "example-ftz", ciio: bool = False, as_of: str = "2026-06-01",
             flow: dict[str, Any] | None = None, recipient: str = "sg-hub") -> str:
    doc = {
        "xborder": 1, "as_of": as_of,
        "entities": [{"id": "zone-co", "country": "CN", "zone": zone, "ciio": ciio},
                     {"id": "sg-hub", "country": "SG"}, {"id": "sg-other", "country": "SG"}],
        "locations": [{"id": "cn", "country": "CN"}, {"id": "sg", "country": "SG"}],
        "datasets": datasets,
        "flows": [{"id": "out", "from": {"entity": "zone-co", "location": "cn"},
                   "to": {"entity": recipient, "location": "sg"}, "datasets": [d["id"] for d in datasets],
                   **(flow or {})}],
        "policies": [EXAMPLE_LIST] if policies is None else policies,
    }
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def assess(text: str, as_of: str | None = None) -> FlowAssessment:
    m = load_map_text(text)
    return assess_map(m, as_of=dt.date.fromisoformat(as_of) if as_of else None).flow("out")


def result(flow: FlowAssessment, prefix: str) -> RegimeResult:
    return next(r for r in flow.regimes if r.regime.startswith(prefix))


def trace(r: RegimeResult) -> str:
    return "\n".join(s.render() for s in r.steps)


def people(n: int, *categories: str, **extra: Any) -> dict[str, Any]:
    return {"id": extra.pop("id", "data"), "categories": list(categories),
            "subjects": [{"residence": "CN", "count": n}], **extra}
