"""Every id of a map is checked against the vocabulary, every problem is reported in one pass,
and each suggestion points the right way (issue 7, items 7-8)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, SHARED
from xborder.datamap import MapError, load_map, load_map_text

MAP = """\
xborder: 1
as_of: 2026-06-01
entities:
  - {id: shop, country: DE}
  - {id: crm-us, country: US, certifications: [eu-us-dpf]}
locations:
  - {id: fra, country: DE}
datasets:
  - id: leads
    categories: [user.name, user.contact.email]
    subjects: [{residence: DE, count: 1000}]
flows:
  - id: leads-to-crm
    from: {entity: shop, location: fra}
    to: {entity: crm-us, role: processor}
    datasets: [leads]
    purpose: marketing.advertising
    safeguards: [eu.scc, eu.tia]
"""


def problems(text: str) -> list[tuple[int | None, str, str, str | None]]:
    with pytest.raises(MapError) as info:
        load_map_text(text, "map.yaml")
    return [(p.line, p.key, p.message, p.suggestion) for p in info.value.problems]


def test_the_base_map_loads() -> None:
    assert load_map_text(MAP).flows[0].safeguards == ("eu.scc", "eu.tia")


def test_unknown_safeguards_are_refused_with_the_id_meant() -> None:
    found = problems(MAP.replace("[eu.scc, eu.tia]", "[eu.sccs, eu-scc, eu.tia]"))
    assert [(line, key, suggestion) for line, key, _, suggestion in found] == [
        (18, "flows[0].safeguards[0]", "eu.scc"), (18, "flows[0].safeguards[1]", "eu.scc")]
    assert "unknown safeguard id 'eu.sccs'" in found[0][2]


def test_unknown_certification_is_refused_with_the_id_meant() -> None:
    ((line, key, message, suggestion),) = problems(MAP.replace("[eu-us-dpf]", "[eu-us-dpff]"))
    assert (line, key, suggestion) == (5, "entities[1].certifications[0]", "eu-us-dpf")
    assert "unknown certification id 'eu-us-dpff'" in message


def test_an_exemption_is_no_safeguard() -> None:
    ((_, _, message, suggestion),) = problems(MAP.replace("eu.tia]", "cn.exemption.hr-management]"))
    assert "exemption the engine derives" in message and "2024 Provisions Art 5(2)" in message
    assert suggestion is None


def test_zones_known_to_the_knowledge_base_or_written_as_a_free_trade_zone() -> None:
    assert load_map_text(MAP.replace("{id: shop, country: DE}", "{id: shop, country: CN, zone: cn-gba}"))
    assert load_map_text(MAP.replace("{id: shop, country: DE}", "{id: shop, country: CN, zone: cn-shanghai-ftz}"))
    ((line, key, _, suggestion),) = problems(MAP.replace("{id: shop, country: DE}", "{id: shop, country: CN, zone: cn-gbaa}"))
    assert (line, key, suggestion) == (4, "entities[0].zone", "cn-gba")


def test_a_policy_without_a_known_kind_is_refused_with_the_kinds_offered() -> None:
    assert load_map_text(MAP + "policies: []\n").policies == ()
    ((line, key, message, _),) = problems(MAP + "policies:\n  - {id: no-us, deny: {to_country: US}}\n")
    assert (line, key) == (20, "policies[0].kind") and "tiers" in message
    ((line, key, message, suggestion),) = problems(MAP + "policies:\n  - {id: no-us, kind: tier}\n")
    assert (line, key, suggestion) == (20, "policies[0].kind", "tiers")


def test_structural_and_reference_problems_come_in_one_pass_sorted_by_line() -> None:
    bad = (MAP.replace("{id: fra, country: DE}", "{id: fra, country: DE, operater: shop}")
              .replace("to: {entity: crm-us, role: processor}", "to: {entity: crm-uss, role: procesor}")
              .replace("    purpose: marketing.advertising\n", "    purpose: advertisng\n    necesity: emergency\n")
              .replace("count: 1000", 'count: "12k"'))
    found = problems(bad)
    assert [(line, key, suggestion) for line, key, _, suggestion in found] == [
        (7, "locations[0].operater", "operator"),
        (11, "datasets[0].subjects[0].count", None),
        (15, "flows[0].to.role", "processor"),
        (15, "flows[0].to.entity", "crm-us"),
        (17, "flows[0].purpose", "marketing.advertising"),
        (18, "flows[0].necesity", "necessity"),
    ]


def test_an_unreadable_item_is_skipped_without_false_dangling_references() -> None:
    bad = MAP.replace("{id: crm-us, country: US, certifications: [eu-us-dpf]}", "{id: crm-us}")
    bad = bad.replace("    datasets: [leads]\n", "    datasets: [leads]\n    form: x\n")
    found = problems(bad)  # crm-us cannot be read, yet the flow to it is no dangling reference
    assert [key for _, key, _, _ in found] == ["entities[1].country", "flows[0].form"]
    assert found[1][3] is None  # `from` is written: no key to offer
    missing_from = problems(MAP.replace("    from: {entity: shop, location: fra}\n", "    form: {entity: shop}\n"))
    assert [(key, s) for _, key, _, s in missing_from] == [("flows[0].from", None), ("flows[0].form", "from")]


@pytest.mark.parametrize("code", ["EU", "eu"])
def test_eu_is_no_country_and_not_suggested_as_another_code(code: str) -> None:
    ((_, _, message, suggestion),) = problems(MAP.replace("{id: shop, country: DE}", f"{{id: shop, country: {code}}}"))
    assert suggestion is None and "member state" in message


def test_short_codes_get_no_guess_but_aliases_and_names_do() -> None:
    for code, expected in (("XY", None), ("UK", "GB"), ("USA", "US"), ("Germany", "DE")):
        ((_, _, _, suggestion),) = problems(MAP.replace("{id: shop, country: DE}", f"{{id: shop, country: {code}}}"))
        assert suggestion == expected, code


def test_category_suggestions_name_the_same_thing() -> None:
    found = problems(MAP.replace("[user.name, user.contact.email]", "[user.employment, user.contact.phone, user.biometric.face]"))
    assert [s for _, _, _, s in found] == ["user.workplace", "user.contact.phone_number", None]


def test_every_real_map_loads() -> None:
    maps = [*(SHARED / "scenarios").glob("*.yaml"), *(ROOT / "tests" / "scenarios").rglob("*.yaml"),
            ROOT / "examples" / "ecommerce.yaml"]
    assert maps
    for path in maps:
        load_map(path)


def test_standard_input_is_read_as_a_map(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(MAP))
    assert load_map("-").flows[0].id == "leads-to-crm"
    monkeypatch.setattr("sys.stdin", io.StringIO(MAP.replace("eu.tia]", "eu.tiaa]")))
    with pytest.raises(MapError) as info:
        load_map("-")
    assert str(info.value.problems[0]).startswith("<stdin>:18: flows[0].safeguards[1]")
