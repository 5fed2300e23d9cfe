"""Scenario-based lists (Beijing, Lingang) govern only their sectors and scenarios; white lists."""

from __future__ import annotations

from tests.zones.conftest import assess, people, result, trace, zone_map

SCENARIO_LIST = {
    "id": "example-ftz-2025", "kind": "zone", "zone": "example-ftz", "title": "Example scenario list",
    "published": "2025-01-01", "scope": "scenario",
    "negative": [{"id": "automotive", "name": "汽车", "scenarios": [{"id": "after-sales-service", "name": "售后服务",
                  "categories": [{"name": "车主位置", "categories": ["user.location.precise"],
                                  "route": "security-assessment"}]}]}],
    "white": [{"id": "automotive", "scenarios": [{"id": "after-sales-service", "recipients": ["sg-hub"],
               "destinations": ["SG"], "categories": [{"name": "车辆故障", "categories": ["system.operations"]}]}]}],
}


def _assess(dataset: dict, **kw: object) -> tuple:
    flow = assess(zone_map([dataset], policies=[SCENARIO_LIST], **kw))  # type: ignore[arg-type]
    return result(flow, "ZONE-"), result(flow, "CN-PIPL") if any(r.regime == "CN-PIPL" for r in flow.regimes) else None


def test_within_a_governed_scenario_unlisted_data_is_exempt() -> None:
    zone, cn = _assess(people(300000, "user.name", sector="automotive", scenario="after-sales-service"))
    assert "cn.exemption.free-trade-zone" in zone.exemptions and "cn.exemption.free-trade-zone" in cn.exemptions


def test_a_sector_the_list_does_not_govern_keeps_the_national_route() -> None:
    zone, cn = _assess(people(300000, "user.name", sector="banking"))
    assert zone.verdict.value == "not_applicable" and "does not govern" in trace(zone)
    assert cn.one_of == ("cn.standard-contract", "cn.certification")


def test_a_map_that_does_not_say_the_sector_is_told_so() -> None:
    zone, cn = _assess(people(300000, "user.name"))
    assert "does not say the sector or scenario" in trace(zone)
    assert "cn.exemption.free-trade-zone" not in cn.exemptions


def test_the_flow_sector_overrides_the_datasets() -> None:
    zone, _ = _assess(people(300000, "user.name", sector="banking"),
                      flow={"sector": "automotive", "scenario": "after-sales-service"})
    assert "cn.exemption.free-trade-zone" in zone.exemptions


def test_white_list_pre_clears_the_named_recipient_only() -> None:
    data = {"id": "data", "categories": ["system.operations"], "sector": "automotive", "scenario": "after-sales-service"}
    cleared, _ = _assess(data)
    other, _ = _assess(data, recipient="sg-other")
    assert cleared.verdict.value == "permitted" and "cn.exemption.ftz-white-list" in cleared.exemptions
    assert "cn.exemption.ftz-white-list" not in other.exemptions
