"""ID-PDP (Art 56), TH-PDPA (ss28-29), MY-PDPA (s129) and PH-DPA (s21, s4(g)), on both sides of their dates."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow, regime_result
from xborder.datamap import load_map_text
from xborder.engine import assess_map
from xborder.rules.base import RegimeResult, Verdict


def res(regime: str, sender: str, **kw: object) -> RegimeResult:
    r = one_flow(regime, sender=sender, recipient=str(kw.pop("recipient", "US")), **kw)  # type: ignore[arg-type]
    assert r is not None
    return r


# --- Indonesia: Art 56 from 17 October 2024 ---------------------------------------------

@pytest.mark.parametrize(("as_of", "verdict"), [("2024-10-16", Verdict.NOT_APPLICABLE), ("2024-10-17", Verdict.CONDITIONAL)])
def test_id_art_56_applies_from_17_october_2024(as_of: str, verdict: Verdict) -> None:
    r = res("ID-PDP", "ID", as_of=as_of)
    assert r.verdict is verdict
    if verdict is Verdict.NOT_APPLICABLE:
        assert "2024-10-17" in r.why[-1]


def test_id_art_56_ladder_and_mcc_as_binding_safeguards() -> None:
    r = res("ID-PDP", "ID")
    assert r.one_of == ("id.equivalent-protection", "id.binding-safeguards", "id.consent", "asean.mcc")
    assert res("ID-PDP", "ID", safeguards="asean.mcc").satisfied
    assert res("ID-PDP", "ID", safeguards="id.consent").satisfied


# --- Thailand: ss28-29 from 1 June 2022; s29 Notification from 24 March 2024 -----------------

@pytest.mark.parametrize(("as_of", "verdict"), [("2022-05-31", Verdict.NOT_APPLICABLE), ("2022-06-01", Verdict.CONDITIONAL)])
def test_th_transfer_rules_apply_from_1_june_2022(as_of: str, verdict: Verdict) -> None:
    assert res("TH-PDPA", "TH", as_of=as_of).verdict is verdict


@pytest.mark.parametrize(("as_of", "ok"), [("2024-03-23", False), ("2024-03-24", True)])
def test_th_s29_safeguards_and_mcc_from_24_march_2024(as_of: str, ok: bool) -> None:
    r = res("TH-PDPA", "TH", as_of=as_of, safeguards="asean.mcc")
    assert r.satisfied is ok and ("th.appropriate-safeguards" in r.one_of) is ok


@pytest.mark.parametrize(("necessity", "article"), [("statutory-duty", "28(1)"), ("contract-with-subject", "28(3)"),
                                                    ("emergency", "28(5)"), ("public-interest", "28(6)")])
@pytest.mark.parametrize("as_of", ["2022-06-01", "2024-03-24"])
def test_th_s28_exceptions(necessity: str, article: str, as_of: str) -> None:
    r = res("TH-PDPA", "TH", necessity=necessity, as_of=as_of)
    assert r.satisfied and "th.necessity" in r.exemptions and any(c.article == article for c in r.citations)


def test_th_s28_1_compliance_with_the_law_only_once_the_rules_apply() -> None:
    # s28(1): "เป็นการปฏิบัติตามกฎหมาย" (compliance with the law), the map's statutory-duty.
    assert res("TH-PDPA", "TH", necessity="statutory-duty", as_of="2022-05-31").verdict is Verdict.NOT_APPLICABLE
    r = res("TH-PDPA", "TH", necessity="statutory-duty", as_of="2022-06-01")
    assert r.verdict is Verdict.CONDITIONAL and r.satisfied
    assert any(s.taken and "statutory-duty" in s.text and "28(1)" in s.text for s in r.steps)


@pytest.mark.parametrize("necessity", ["legal-claims", "hr-management"])
def test_th_no_s28_exception_for_what_s28_does_not_list(necessity: str) -> None:
    r = res("TH-PDPA", "TH", necessity=necessity)
    assert not r.satisfied and "th.necessity" not in r.exemptions


def test_th_bcr_only_within_the_group() -> None:
    assert "th.bcr" not in res("TH-PDPA", "TH").one_of
    assert "th.bcr" in res("TH-PDPA", "TH", recipient_extra=", parent: exp").one_of


# --- Malaysia: s129 whitelist until 31 March 2025, amended s129 from 1 April 2025 ------------

@pytest.mark.parametrize(("as_of", "equivalent"), [("2025-03-31", False), ("2025-04-01", True)])
def test_my_amended_s129_from_1_april_2025(as_of: str, equivalent: bool) -> None:
    r = res("MY-PDPA", "MY", as_of=as_of)
    assert r.verdict is Verdict.CONDITIONAL and ("my.equivalent-protection" in r.one_of) is equivalent


@pytest.mark.parametrize(("as_of", "ok"), [("2025-03-31", True), ("2025-04-01", False)])
def test_my_public_interest_case_removed_on_1_april_2025(as_of: str, ok: bool) -> None:
    assert res("MY-PDPA", "MY", as_of=as_of, necessity="public-interest").satisfied is ok


@pytest.mark.parametrize(("as_of", "mcc"), [("2025-03-31", False), ("2025-04-01", True)])
def test_my_mcc_as_due_diligence_from_the_amendment(as_of: str, mcc: bool) -> None:
    assert res("MY-PDPA", "MY", as_of=as_of, safeguards="asean.mcc").satisfied is mcc


# --- Philippines: s21 accountability ------------------------------------------------------

@pytest.mark.parametrize(("as_of", "mcc"), [("2021-01-21", False), ("2021-01-22", True)])
def test_ph_s21_contractual_means_and_the_mcc_from_22_january_2021(as_of: str, mcc: bool) -> None:
    r = res("PH-DPA", "PH", as_of=as_of, safeguards="asean.mcc")
    assert r.verdict is Verdict.CONDITIONAL and r.satisfied is mcc
    assert res("PH-DPA", "PH", as_of="2019-01-01", safeguards="ph.comparable-protection").satisfied


def ph_foreign(**kw: object) -> RegimeResult:
    """A Philippine exporter (a BPO, say) sending abroad data about US residents collected in the US."""
    kw.setdefault("residence", "US")
    kw.setdefault("dataset_extra", ", collected_in: US")
    return res("PH-DPA", "PH", recipient=str(kw.pop("recipient", "IN")), **kw)


@pytest.mark.parametrize("as_of", ["2018-05-25", "2026-06-01"])
def test_ph_s4g_information_collected_abroad_from_foreign_residents_is_outside_the_act(as_of: str) -> None:
    r = ph_foreign(as_of=as_of)
    assert r.verdict is Verdict.NOT_APPLICABLE and r.exemptions == ("ph.exemption.foreign-collected",)
    assert "s4(g)" in r.why[-1] and any(c.article == "4(g)" for c in r.citations)
    step = next(s for s in r.steps if s.text.startswith("ph.exemption.foreign-collected"))
    assert step.taken and "origin: US" in step.text and "assumed" in step.text


def test_ph_s4g_residence_not_citizenship() -> None:
    # s4(g) names "residents of foreign jurisdictions": a Philippine citizen living abroad is one.
    assert ph_foreign(citizenship="PH").verdict is Verdict.NOT_APPLICABLE


@pytest.mark.parametrize(("kw", "words"), [
    ({"residence": "PH"}, "reside in the Philippines"),  # Philippine residents' data, collected abroad
    ({"dataset_extra": ""}, "origin: PH"),  # no collected_in: the route starts in the Philippines
    ({"dataset_extra": ", collected_in: PH"}, "origin: PH"),
    ({"sender_location": "SG"}, "not being processed there"),  # a Philippine entity's data held in Singapore
])
def test_ph_s4g_not_taken(kw: dict[str, str], words: str) -> None:
    r = ph_foreign(**kw)
    assert r.verdict is Verdict.CONDITIONAL and r.one_of == ("ph.comparable-protection", "asean.mcc")
    assert not r.exemptions and not r.satisfied
    step = next(s for s in r.steps if s.text.startswith("ph.exemption.foreign-collected"))
    assert not step.taken and words in step.text


def test_ph_s4g_data_received_from_a_hop_that_began_abroad() -> None:
    text = """\
xborder: 1
as_of: 2026-06-01
entities:
  - {id: client-au, country: AU}
  - {id: bpo-ph, country: PH}
  - {id: sub-in, country: IN}
datasets:
  - {id: d, categories: [user.name, user.contact.email], subjects: [{residence: AU, count: 5000}]}
  - {id: ph-staff, categories: [user.name], subjects: [{residence: PH, count: 50}]}
flows:
  - {id: in, from: {entity: client-au}, to: {entity: bpo-ph, role: processor}, datasets: [d]}
  - {id: out, from: {entity: bpo-ph, role: processor}, to: {entity: sub-in, role: processor}, datasets: [d]}
  - {id: mixed, from: {entity: bpo-ph}, to: {entity: sub-in, role: processor}, datasets: [d, ph-staff]}
"""
    a = assess_map(load_map_text(text))
    out = regime_result(a, "out", "PH-DPA")
    assert out.verdict is Verdict.NOT_APPLICABLE and "ph.exemption.foreign-collected" in out.exemptions
    # with Philippine residents' data on the same hop, s21 still applies to the hop
    assert regime_result(a, "mixed", "PH-DPA").verdict is Verdict.CONDITIONAL


def test_receiving_at_home_is_no_transfer() -> None:
    for regime, iso in [("ID-PDP", "ID"), ("TH-PDPA", "TH"), ("MY-PDPA", "MY"), ("PH-DPA", "PH")]:
        assert res(regime, iso, recipient=iso).verdict is Verdict.NOT_APPLICABLE


# --- Brunei, Cambodia, Laos: no general transfer rule applied; Myanmar: ETL s27-A ------------

@pytest.mark.parametrize(("regime", "iso", "words"), [("BN-PDPO", "BN", "commencement date"),
                                                      ("KH-PDP", "KH", "no comprehensive data protection law"),
                                                      ("LA-EDP", "LA", "could not be read")])
def test_no_general_rule_found_says_what_was_searched(regime: str, iso: str, words: str) -> None:
    r = res(regime, iso)
    assert r.verdict is Verdict.NOT_APPLICABLE
    assert "no general rule on transfers of personal data abroad was found" in r.why[-1] and words in r.why[-1]
    assert "searched" in r.why[-1]


@pytest.mark.parametrize(("as_of", "verdict"), [("2021-02-14", Verdict.NOT_APPLICABLE), ("2021-02-15", Verdict.CONDITIONAL)])
def test_mm_consent_before_transfer_from_15_february_2021(as_of: str, verdict: Verdict) -> None:
    r = res("MM-ETL", "MM", as_of=as_of)
    assert r.verdict is verdict
    if verdict is Verdict.CONDITIONAL:
        assert r.one_of == ("mm.consent",) and res("MM-ETL", "MM", as_of=as_of, safeguards="mm.consent").satisfied
