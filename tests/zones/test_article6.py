"""2024 Provisions Art 6: data off a zone's negative list is exempt; data on it is not.

"自贸试验区内数据处理者向境外提供负面清单外的数据，可以免予申报数据出境安全评估、订立个人信息
出境标准合同、通过个人信息保护认证。"
"""

from __future__ import annotations

from tests.zones.conftest import EXAMPLE_LIST, assess, people, result, trace, zone_map


def test_off_the_list_the_exporter_takes_the_art6_exemption() -> None:
    flow = assess(zone_map([people(300000, "user.name", "user.contact.email")]))
    cn, zone = result(flow, "CN-PIPL"), result(flow, "ZONE-")
    assert zone.regime == "ZONE-example-ftz" and zone.jurisdiction == "ZONE"
    assert zone.verdict.value == "permitted" and "cn.exemption.free-trade-zone" in zone.exemptions
    assert cn.verdict.value == "permitted" and "cn.exemption.free-trade-zone" in cn.exemptions
    assert not {"cn.standard-contract", "cn.certification"} & set(cn.one_of)
    assert any(c.article == "6" for c in cn.citations)


def test_without_the_zone_the_same_data_needs_the_standard_contract() -> None:
    flow = assess(zone_map([people(300000, "user.name", "user.contact.email")], zone="elsewhere-ftz"))
    cn = result(flow, "CN-PIPL")
    assert cn.verdict.value == "conditional" and "cn.standard-contract" in cn.one_of
    assert not [r for r in flow.regimes if r.regime.startswith("ZONE-")]


def test_on_the_list_the_entry_is_cited_and_its_route_required() -> None:
    flow = assess(zone_map([people(5000, "user.name", "user.health_and_medical.diagnosis")]))
    cn, zone = result(flow, "CN-PIPL"), result(flow, "ZONE-")
    assert zone.verdict.value == "conditional" and zone.one_of == ("cn.security-assessment",)
    assert "cn.exemption.free-trade-zone" not in zone.exemptions + cn.exemptions
    assert any(c.article == "健康医疗数据" for c in zone.citations)
    assert "on its negative list, '健康医疗数据'" in trace(cn)
    assert cn.verdict.value == "conditional"  # the national route too (sensitive PI, Art 8)
    assert flow.status == "action_required"


def test_a_threshold_below_which_the_entry_does_not_catch_the_data() -> None:
    few = assess(zone_map([people(999999, "user.name")]))
    many = assess(zone_map([people(1000000, "user.name")]))
    assert "cn.exemption.free-trade-zone" in result(few, "ZONE-").exemptions
    assert "below the entry's threshold" in trace(result(few, "ZONE-"))
    assert "cn.exemption.free-trade-zone" not in result(many, "ZONE-").exemptions


def test_a_match_through_the_mapping_says_so() -> None:
    flow = assess(zone_map([people(2000000, "user.name")]))
    zone = result(flow, "ZONE-")
    assert "'个人信息', 1,000,000 people or more — matched by mapping" in trace(zone)
    assert zone.verdict.value == "not_applicable"  # route national: the list adds nothing, CN-PIPL decides
    assert result(flow, "CN-PIPL").one_of == ("cn.security-assessment",)


def test_an_exact_match_does_not_claim_the_mapping() -> None:
    zone = result(assess(zone_map([people(10, "user.health_and_medical")])), "ZONE-")
    line = next(s for s in trace(zone).splitlines() if s.startswith("rule: on the negative list"))
    assert "'健康医疗数据'" in line and "matched by mapping" not in line


def test_a_ciio_is_excluded_where_the_list_says_so() -> None:
    policy = {**EXAMPLE_LIST, "conditions": ["ciio-excluded"]}
    flow = assess(zone_map([people(500, "user.name")], policies=[policy], ciio=True))
    zone, cn = result(flow, "ZONE-"), result(flow, "CN-PIPL")
    assert zone.verdict.value == "not_applicable"
    assert "critical information infrastructure operator" in trace(zone)
    assert cn.one_of == ("cn.security-assessment",) and "cn.exemption.free-trade-zone" not in cn.exemptions


def test_core_data_excluded_by_a_condition() -> None:
    policy = {**EXAMPLE_LIST, "conditions": ["core-data-excluded"]}
    flow = assess(zone_map([people(500, "user.name", core_data=True)], policies=[policy]))
    assert "core data" in trace(result(flow, "ZONE-"))
    assert "cn.exemption.free-trade-zone" not in result(flow, "ZONE-").exemptions


def test_a_flow_inside_the_mainland_is_no_export_for_the_zone() -> None:
    text = zone_map([people(500, "user.name")]).replace("country: SG\n- id: sg-other", "country: CN\n- id: sg-other")
    text = text.replace("- id: sg\n  country: SG", "- id: sg\n  country: CN")
    flow = assess(text)
    assert not [r for r in flow.regimes if r.regime.startswith("ZONE-")]
