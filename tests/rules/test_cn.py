"""CN-PIPL and CN-DSL, article by article, on both sides of every threshold and date."""

from __future__ import annotations

import pytest

from tests.rules._maps import regime_result
from xborder.datamap import load_map_text
from xborder.engine import assess_map
from xborder.rules.base import RegimeResult, Verdict


def cn(count: int, *, as_of: str = "2026-06-01", categories: str = "user.name, user.contact.phone_number",
       ciio: bool = False, necessity: str = "", dest: str = "SG", extra_flows: str = "", important: bool = False,
       core: bool = False, zone: str = "", safeguards: str = "",
       collected_in: str = "", kind: str = "customer") -> dict[str, dict[str, RegimeResult]]:
    nec = f", necessity: {necessity}" if necessity else ""
    origin = f", collected_in: {collected_in}" if collected_in else ""
    text = f"""\
xborder: 1
as_of: {as_of}
entities:
  - {{id: exp, country: CN, ciio: {str(ciio).lower()}{', zone: ' + zone if zone else ''}}}
  - {{id: imp, country: {dest}}}
  - {{id: next, country: US}}
locations:
  - {{id: bj, country: CN}}
  - {{id: abroad, country: {dest}}}
datasets:
  - {{id: d, categories: [{categories}], subjects: [{{residence: CN, count: {count}, kind: {kind}}}],
     important_data: {str(important).lower()}, core_data: {str(core).lower()}{origin}}}
flows:
  - {{id: f, from: {{entity: exp, location: bj}}, to: {{entity: imp, location: abroad}}, datasets: [d]{nec},
     safeguards: [{safeguards}]}}
{extra_flows}"""
    a = assess_map(load_map_text(text))
    return {f.id: {r.regime: r for r in f.regimes} for f in a.flows}


def pipl(count: int, **kw) -> RegimeResult:  # type: ignore[no-untyped-def]
    return cn(count, **kw)["f"]["CN-PIPL"]


# --- 2024 Provisions Art 5(4), 7, 8: the thresholds, on both sides -------------------------

@pytest.mark.parametrize("count,verdict,one_of", [
    (99_999, "permitted", ()),
    (100_000, "conditional", ("cn.standard-contract", "cn.certification")),
    (999_999, "conditional", ("cn.standard-contract", "cn.certification")),
    (1_000_000, "conditional", ("cn.security-assessment",)),
])
def test_non_sensitive_thresholds(count: int, verdict: str, one_of: tuple[str, ...]) -> None:
    r = pipl(count)
    assert (r.verdict.value, r.one_of) == (verdict, one_of)
    assert "cn.pipia" in r.obligations and "cn.notice" in r.obligations


@pytest.mark.parametrize("count,one_of", [
    (1, ("cn.standard-contract", "cn.certification")),
    (9_999, ("cn.standard-contract", "cn.certification")),
    (10_000, ("cn.security-assessment",)),
])
def test_sensitive_thresholds(count: int, one_of: tuple[str, ...]) -> None:
    r = pipl(count, categories="user.name, user.financial.bank_account")
    assert r.verdict is Verdict.CONDITIONAL and r.one_of == one_of
    assert r.classification["tier"] == "sensitive"


def test_below_threshold_exemption_is_named() -> None:
    r = pipl(5_000)
    assert "cn.exemption.below-threshold" in r.exemptions and r.obligations == ("cn.notice", "cn.separate-consent", "cn.pipia")


# --- Art 5(1)-(3): necessity exemptions, and no separate consent where consent is not the basis ----

@pytest.mark.parametrize("necessity,exemption,kind", [
    ("contract-with-subject", "cn.exemption.contract-with-subject", "customer"),
    ("hr-management", "cn.exemption.hr-management", "employee"),
    ("emergency", "cn.exemption.emergency", "customer"),
])
def test_necessity_exemptions(necessity: str, exemption: str, kind: str) -> None:
    r = pipl(5_000_000, necessity=necessity, ciio=True, kind=kind)  # whatever the volume, even for a CIIO
    assert r.verdict is Verdict.PERMITTED and exemption in r.exemptions
    assert "cn.separate-consent" not in r.obligations and "cn.pipia" in r.obligations


HR_MIXED = """\
xborder: 1
as_of: 2026-06-01
entities: [{id: exp, country: CN}, {id: parent, country: SG}]
locations: [{id: bj, country: CN}, {id: sg, country: SG}]
datasets:
  - id: staff-and-clients
    categories: [user.name, user.contact.email]
    subjects: [{residence: CN, kind: employee, count: 300}, {residence: CN, kind: customer, count: 150000}]
flows:
  - {id: hr, from: {entity: exp, location: bj}, to: {entity: parent, location: sg}, datasets: [staff-and-clients],
     necessity: hr-management}
"""


def test_hr_exemption_covers_employees_not_the_customers_on_the_same_flow() -> None:
    # issue 7 item 2: Provisions 2024 Art 5(2) exempts employees' PI only
    r = regime_result(assess_map(load_map_text(HR_MIXED)), "hr", "CN-PIPL")
    assert "cn.exemption.hr-management" not in r.exemptions and r.verdict is Verdict.CONDITIONAL
    assert r.one_of == ("cn.standard-contract", "cn.certification")  # 150,000 customers: over 100,000
    assert "cn.separate-consent" in r.obligations
    step = next(s for s in r.steps if s.text.startswith("cn.exemption.hr-management"))
    assert step.taken is False and "customer" in step.text
    # employees alone: exempt, and not counted
    alone = HR_MIXED.replace(", {residence: CN, kind: customer, count: 150000}", "")
    r = regime_result(assess_map(load_map_text(alone)), "hr", "CN-PIPL")
    assert r.verdict is Verdict.PERMITTED and "cn.exemption.hr-management" in r.exemptions


def test_customers_on_an_hr_flow_count_toward_another_flows_threshold() -> None:
    extra = ("  - {id: crm, from: {entity: exp, location: bj}, to: {entity: parent, location: sg}, datasets: [more]}\n")
    text = HR_MIXED.replace("flows:\n", "  - {id: more, categories: [user.name], subjects: [{residence: CN, count: "
                            "900000}]}\nflows:\n") + extra
    r = regime_result(assess_map(load_map_text(text)), "crm", "CN-PIPL")
    assert r.one_of == ("cn.security-assessment",)  # 900,000 + 150,000 customers > 1,000,000


def test_legal_claims_is_not_an_art_5_exemption() -> None:
    assert pipl(500_000, necessity="legal-claims").verdict is Verdict.CONDITIONAL


def test_exempt_flows_are_not_counted() -> None:
    extra = "  - {id: g, from: {entity: exp, location: bj}, to: {entity: next}, datasets: [d]}\n"
    both = cn(2_000_000, necessity="contract-with-subject", extra_flows=extra)
    assert both["f"]["CN-PIPL"].verdict is Verdict.PERMITTED
    assert both["g"]["CN-PIPL"].one_of == ("cn.security-assessment",)  # the 2,000,000 still leave on g


def test_same_dataset_on_two_flows_counts_once_and_different_datasets_add_up() -> None:
    twice = "  - {id: g, from: {entity: exp, location: bj}, to: {entity: next}, datasets: [d]}\n"
    assert cn(60_000, extra_flows=twice)["g"]["CN-PIPL"].verdict is Verdict.PERMITTED  # 60,000 once
    text = """\
xborder: 1
as_of: 2026-06-01
entities: [{id: exp, country: CN}, {id: imp, country: SG}]
locations: [{id: bj, country: CN}]
datasets:
  - {id: a, categories: [user.name], subjects: [{residence: CN, count: 60000}]}
  - {id: b, categories: [user.name], subjects: [{residence: CN, count: 60000}]}
  - {id: c, categories: [user.name], subjects: [{residence: CN, count: 60000}], same_individuals_as: [a]}
flows:
  - {id: fa, from: {entity: exp, location: bj}, to: {entity: imp}, datasets: [a]}
  - {id: fc, from: {entity: exp, location: bj}, to: {entity: imp}, datasets: [c]}
"""
    same = {f.id: f.regimes[0] for f in assess_map(load_map_text(text)).flows}
    assert same["fa"].verdict is Verdict.PERMITTED  # a and c are the same 60,000 people
    added = assess_map(load_map_text(text.replace("datasets: [c]", "datasets: [b]")))
    assert added.flow("fa").regimes[0].one_of == ("cn.standard-contract", "cn.certification")  # 120,000


# --- 2024 Provisions Art 4: collected abroad, processed in the mainland, provided abroad ------

def _taken(r: RegimeResult, exemption: str) -> bool | None:
    return next((s.taken for s in r.steps if s.kind == "exception" and s.text.startswith(exemption)), None)


def test_data_collected_abroad_and_returned_is_exempt() -> None:
    r = pipl(2_000_000, collected_in="DE")
    assert r.verdict is Verdict.PERMITTED and r.one_of == ()
    assert r.exemptions == ("cn.exemption.foreign-collected",)
    assert _taken(r, "cn.exemption.foreign-collected") is True
    # the mechanisms are waived, not the PIPL's own duties to the individuals
    assert set(r.obligations) == {"cn.notice", "cn.separate-consent", "cn.pipia"}


def test_foreign_collected_exemption_starts_with_the_2024_provisions() -> None:
    assert pipl(2_000_000, collected_in="DE", as_of="2024-03-21").one_of == ("cn.security-assessment",)
    assert pipl(2_000_000, collected_in="DE", as_of="2024-03-22").verdict is Verdict.PERMITTED


def test_important_data_introduced_defeats_the_foreign_collected_exemption() -> None:
    r = pipl(2_000_000, collected_in="DE", important=True)
    assert r.one_of == ("cn.security-assessment",)
    assert _taken(r, "cn.exemption.foreign-collected") is False


def test_mainland_data_mixed_in_defeats_the_foreign_collected_exemption() -> None:
    text = """\
xborder: 1
as_of: 2026-06-01
entities: [{id: proc, country: CN}, {id: client, country: DE}, {id: hq, country: SG}]
locations: [{id: sh, country: CN}]
datasets:
  - {id: eu-users, categories: [user.name], subjects: [{residence: DE, count: 300000}]}
  - {id: cn-users, categories: [user.name], subjects: [{residence: CN, count: 300000}], collected_in: CN}
flows:
  - {id: in, from: {entity: client}, to: {entity: proc, location: sh}, datasets: [eu-users]}
  - {id: back, from: {entity: proc, location: sh}, to: {entity: client}, datasets: [eu-users]}
  - {id: merged, from: {entity: proc, location: sh}, to: {entity: hq}, datasets: [eu-users, cn-users]}
"""
    a = assess_map(load_map_text(text))
    back = regime_result(a, "back", "CN-PIPL")
    merged = regime_result(a, "merged", "CN-PIPL")
    # origin read from the route: eu-users first left Germany
    assert back.verdict is Verdict.PERMITTED and back.exemptions == ("cn.exemption.foreign-collected",)
    assert merged.verdict is Verdict.CONDITIONAL and _taken(merged, "cn.exemption.foreign-collected") is False
    assert merged.one_of == ("cn.standard-contract", "cn.certification")  # 600,000 provided on a regulated hop


def test_foreign_collected_provisions_are_not_counted() -> None:
    text = """\
xborder: 1
as_of: 2026-06-01
entities: [{id: proc, country: CN}, {id: client, country: DE}]
locations: [{id: sh, country: CN}]
datasets:
  - {id: eu-users, categories: [user.name], subjects: [{residence: DE, count: 2000000}], collected_in: DE}
  - {id: cn-users, categories: [user.name], subjects: [{residence: CN, count: 60000}], collected_in: CN}
flows:
  - {id: back, from: {entity: proc, location: sh}, to: {entity: client}, datasets: [eu-users]}
  - {id: own, from: {entity: proc, location: sh}, to: {entity: client}, datasets: [cn-users]}
"""
    own = regime_result(assess_map(load_map_text(text)), "own", "CN-PIPL")
    assert own.verdict is Verdict.PERMITTED and own.exemptions == ("cn.exemption.below-threshold",)


def test_foreign_collected_exemption_prevails_for_a_ciio() -> None:
    # Arts 7-8 defer to Art 4 ("从其规定"), and CSL Art 37 keeps only data collected in the mainland
    r = pipl(10, collected_in="US", ciio=True)
    assert r.verdict is Verdict.PERMITTED and "cn.domestic-storage" not in r.obligations


# --- CIIO (PIPL Art 40, CSL Art 37) -----------------------------------------------------

def test_ciio_needs_assessment_and_domestic_storage_for_any_volume() -> None:
    r = pipl(10, ciio=True)
    assert r.one_of == ("cn.security-assessment",) and "cn.domestic-storage" in r.obligations


@pytest.mark.parametrize("as_of,article", [("2025-12-31", "CSL Art 37"), ("2026-01-01", "CSL Art 39")])
def test_ciio_localisation_cites_the_csl_as_renumbered_in_2026(as_of: str, article: str) -> None:
    r = cn(10, ciio=True, important=True, as_of=as_of)["f"]["CN-DSL"]  # a CIIO's important data
    assert "cn.domestic-storage" in r.obligations
    assert any(c.label == article for c in r.citations)


# --- the law over time -------------------------------------------------------------------

@pytest.mark.parametrize("as_of,verdict,one_of", [
    ("2021-10-31", "not_applicable", ()),  # before the PIPL
    ("2021-11-01", "conditional", ("cn.security-assessment", "cn.certification", "cn.standard-contract")),
    ("2022-09-01", "conditional", ("cn.standard-contract", "cn.certification")),  # 2022 Measures: under 100,000
    ("2024-03-21", "conditional", ("cn.standard-contract", "cn.certification")),
    ("2024-03-22", "permitted", ()),  # 2024 Provisions Art 5(4)
])
def test_small_exporter_over_time(as_of: str, verdict: str, one_of: tuple[str, ...]) -> None:
    r = pipl(60_000, as_of=as_of)
    assert (r.verdict.value, r.one_of) == (verdict, one_of)


@pytest.mark.parametrize("as_of,one_of", [
    ("2024-03-21", ("cn.security-assessment",)),  # 2022 Measures: 100,000 PI since last 1 January
    ("2024-03-22", ("cn.standard-contract", "cn.certification")),  # 2024: up to 1,000,000
])
def test_mid_exporter_across_the_2024_change(as_of: str, one_of: tuple[str, ...]) -> None:
    assert pipl(300_000, as_of=as_of).one_of == one_of


def test_contract_exemption_did_not_exist_before_2024() -> None:
    assert pipl(300_000, as_of="2023-06-01", necessity="contract-with-subject").verdict is Verdict.CONDITIONAL
    assert pipl(300_000, as_of="2024-03-22", necessity="contract-with-subject").verdict is Verdict.PERMITTED


def test_pending_measures_are_explained() -> None:
    r = pipl(60_000, as_of="2022-01-01")
    assert any("not yet in force" in s.text for s in r.steps)


@pytest.mark.parametrize("as_of,pending", [("2022-11-03", True), ("2022-11-04", False)])
def test_certification_was_pending_until_the_2022_announcement(as_of: str, pending: bool) -> None:
    r = pipl(60_000, as_of=as_of)
    assert any(s.text.startswith("cn.certification: its implementing measures") for s in r.steps) is pending


@pytest.mark.parametrize("as_of,shown", [("2025-12-31", False), ("2026-01-01", True)])
def test_certificate_validity_from_the_2026_measures(as_of: str, shown: bool) -> None:
    r = pipl(300_000, as_of=as_of)
    assert any("certificate is valid for 3 years" in s.text for s in r.steps) is shown


# --- reach: mainland, HK/MO/TW, onward, Art 3(2) -----------------------------------------------

@pytest.mark.parametrize("dest", ["HK", "MO", "TW"])
def test_hong_kong_macao_taiwan_are_outside_the_mainland(dest: str) -> None:
    r = pipl(300_000, dest=dest)
    assert r.applies and r.verdict is Verdict.CONDITIONAL
    assert any("outside the mainland" in s.text for s in r.steps)


def test_onward_provision_carries_the_onward_conditions() -> None:
    extra = "  - {id: g, from: {entity: imp, location: abroad}, to: {entity: next}, datasets: [d]}\n"
    r = cn(60_000, extra_flows=extra)["g"]["CN-PIPL"]
    assert r.verdict is Verdict.PERMITTED and r.obligations == ("cn.onward-transfer-conditions",)


def test_art_3_2_processor_abroad_needs_a_representative_not_a_mechanism() -> None:
    text = """\
xborder: 1
as_of: 2026-06-01
entities: [{id: shop-us, country: US}, {id: cloud-sg, country: SG}]
datasets:
  - {id: cn-buyers, categories: [user.name], subjects: [{residence: CN, count: 500000}]}
flows:
  - {id: f, from: {entity: shop-us}, to: {entity: cloud-sg, role: processor}, datasets: [cn-buyers]}
"""
    r = regime_result(assess_map(load_map_text(text)), "f", "CN-PIPL")
    assert r.verdict is Verdict.PERMITTED and r.one_of == ()
    assert r.obligations == ("cn.art53-representative",)
    assert any(c.article == "53" for c in r.citations)


def test_domestic_flow_is_not_an_export() -> None:
    r = pipl(300_000, dest="CN")
    assert r.verdict is Verdict.NOT_APPLICABLE


def test_free_trade_zone_without_a_recorded_negative_list() -> None:
    r = pipl(300_000, zone="cn-shanghai-ftz")
    assert r.verdict is Verdict.CONDITIONAL
    assert any("cn.exemption.free-trade-zone" in s.text and s.taken is False for s in r.steps)


# --- the Greater Bay Area standard contracts (HK from 13 December 2023, MO from 10 September 2024) --

@pytest.mark.parametrize("dest,as_of,offered", [
    ("HK", "2023-12-12", False), ("HK", "2023-12-13", True),
    ("MO", "2024-09-09", False), ("MO", "2024-09-10", True),
    ("SG", "2026-06-01", False),  # only between the mainland GBA cities and HK or MO
])
def test_gba_standard_contract(dest: str, as_of: str, offered: bool) -> None:
    r = pipl(300_000, dest=dest, as_of=as_of, zone="cn-gba")
    assert ("cn.gba-standard-contract" in r.one_of) is offered
    assert set(r.one_of) - {"cn.gba-standard-contract"}  # the national route stays open
    assert not any("free-trade-zone" in s.text for s in r.steps)  # the GBA is no free-trade zone


def test_gba_contract_lifts_the_volume_route_but_not_for_important_data_or_ciios() -> None:
    assert pipl(2_000_000, dest="HK", zone="cn-gba").one_of == ("cn.security-assessment", "cn.gba-standard-contract")
    assert "cn.gba-standard-contract" not in pipl(300_000, dest="HK", zone="cn-gba", important=True).one_of
    assert pipl(300_000, dest="HK", zone="cn-gba", ciio=True).one_of == ("cn.security-assessment",)
    assert "cn.gba-standard-contract" not in pipl(300_000, dest="HK").one_of  # sender outside the nine cities


def test_gba_contract_satisfies_with_its_obligations() -> None:
    r = pipl(300_000, dest="HK", zone="cn-gba",
             safeguards="cn.gba-standard-contract, cn.notice, cn.separate-consent, cn.pipia")
    assert r.satisfied and r.missing == ()


# --- CN-DSL: important and core data --------------------------------------------------------

def test_important_data_needs_an_assessment_from_september_2022() -> None:
    assert cn(10, important=True)["f"]["CN-DSL"].one_of == ("cn.security-assessment",)
    early = cn(10, important=True, as_of="2022-08-31")["f"]["CN-DSL"]
    assert early.verdict is Verdict.CONDITIONAL and any("not yet in force" in s.text for s in early.steps)
    assert "CN-DSL" not in cn(10)["f"]


def test_core_data_is_flagged_and_assessed() -> None:
    r = cn(10, core=True)["f"]["CN-DSL"]
    assert r.classification["tier"] == "core" and any("DSL Art 21" in s.render() for s in r.steps)


def test_declared_mechanisms_satisfy() -> None:
    r = pipl(300_000, safeguards="cn.standard-contract, cn.notice, cn.separate-consent, cn.pipia")
    assert r.satisfied and r.missing == ()
    r = pipl(300_000, safeguards="cn.certification")
    assert not r.satisfied and set(r.missing) == {"cn.notice", "cn.separate-consent", "cn.pipia"}


@pytest.mark.parametrize("as_of, limited", [("2024-06-01", True), ("2024-11-01", False)])
def test_gba_hong_kong_pilot_is_limited_to_three_sectors_before_november_2024(as_of: str, limited: bool) -> None:
    r = pipl(300_000, dest="HK", as_of=as_of, zone="cn-gba")
    assert "cn.gba-standard-contract" in r.one_of
    condition = [s for s in r.steps if "serves only the banking, credit-reference, healthcare sectors" in s.text]
    assert bool(condition) is limited


# --- Network Data Security Management Regulations (from 1 January 2025) Art 35(6) -------------

@pytest.mark.parametrize(("as_of", "exempt"), [("2024-12-31", False), ("2025-01-01", True)])
def test_regulations_art_35_6_statutory_duty_from_1_january_2025(as_of: str, exempt: bool) -> None:
    r = pipl(500_000, necessity="statutory-duty", as_of=as_of)
    assert ("cn.exemption.statutory-duty" in r.exemptions) is exempt
    assert (r.verdict is Verdict.PERMITTED) is exempt
    if exempt:
        assert "cn.separate-consent" not in r.obligations and "cn.pipia" in r.obligations
        assert ("Network Data Regulations 2024", "35(6)") in [(c.law, c.article) for c in r.citations]
        assert r.steps[-1].cite is not None and r.steps[-1].cite.label == "Network Data Regulations 2024 Art 35(6)"


def test_statutory_duty_provisions_still_count_toward_the_thresholds() -> None:
    # the cautious reading: no text leaves Art 35(6) provisions out of the Arts 7-8 totals
    text = """\
xborder: 1
as_of: 2026-06-01
entities: [{id: exp, country: CN}, {id: imp, country: SG}]
locations: [{id: bj, country: CN}, {id: sg, country: SG}]
datasets:
  - {id: clients, categories: [user.name], subjects: [{residence: CN, count: 60000}]}
  - {id: filings, categories: [user.name], subjects: [{residence: CN, count: 60000}]}
flows:
  - {id: f, from: {entity: exp, location: bj}, to: {entity: imp, location: sg}, datasets: [clients]}
  - {id: duty, from: {entity: exp, location: bj}, to: {entity: imp, location: sg}, datasets: [filings],
     necessity: statutory-duty}
"""
    a = assess_map(load_map_text(text))
    f = regime_result(a, "f", "CN-PIPL")
    assert "cn.exemption.below-threshold" not in f.exemptions and f.one_of == ("cn.standard-contract", "cn.certification")
    assert "cn.exemption.statutory-duty" in regime_result(a, "duty", "CN-PIPL").exemptions
