"""IN-DPDP (DPDP Act s16; SPDI Rules rule 7 before 13 May 2027) and IN-RBI (payment data storage)."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.datamap import load_map_text
from xborder.engine import assess_map
from xborder.rules.base import RegimeResult, Verdict


def dpdp(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("IN-DPDP", sender="IN", recipient=recipient, **kw)  # type: ignore[arg-type]


def rbi(recipient: str = "SG", **kw: object) -> RegimeResult | None:
    extra = ", sector: payment-systems" + (f", primary_store: {kw.pop('store')}" if "store" in kw else "")
    kw.setdefault("categories", "user.name, user.financial.bank_account")
    return one_flow("IN-RBI", sender="IN", recipient=recipient, dataset_extra=extra, **kw)  # type: ignore[arg-type]


# --- SPDI Rules rule 7 (until 12 May 2027) -------------------------------------------------

def test_rule_7_sensitive_data_needs_contract_or_consent_and_same_protection() -> None:
    r = dpdp(as_of="2027-05-12", categories="user.name, user.financial.bank_account")
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert r.one_of == ("in.spdi.contract-necessity", "in.spdi.consent")
    assert r.obligations == ("in.spdi.same-protection",)
    assert any("2027-05-13" in s.text for s in r.steps)  # says when s16 starts


def test_rule_7_contractual_necessity_is_taken() -> None:
    r = dpdp(as_of="2020-01-01", categories="user.health_and_medical.diagnosis", necessity="contract-with-subject",
             safeguards="in.spdi.same-protection")
    assert r is not None and r.satisfied and "in.spdi.contract-necessity" in r.exemptions


def test_rule_7_does_not_reach_non_sensitive_data() -> None:
    # s16 not yet in force, rule 7 only for SPDI: not_applicable, with the day s16 starts
    r = dpdp(as_of="2020-01-01")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE and r.satisfied
    assert "2027-05-13" in r.why[-1] and r.citations[-1].article == "rule 7"


# --- DPDP Act s16 (from 13 May 2027) ------------------------------------------------------

@pytest.mark.parametrize(("as_of", "verdict"), [("2027-05-12", Verdict.CONDITIONAL), ("2027-05-13", Verdict.PERMITTED)])
def test_s16_commences_on_13_may_2027(as_of: str, verdict: Verdict) -> None:
    r = dpdp(as_of=as_of, categories="user.name, user.financial.bank_account")
    assert r is not None and r.verdict is verdict


def test_s16_negative_list_nothing_notified() -> None:
    r = dpdp("CN", as_of="2027-06-01")
    assert r is not None and r.verdict is Verdict.PERMITTED and r.satisfied
    assert any("none notified" in s.text for s in r.steps)
    assert r.citations[-1].article == "16(1)"


def test_s16_2_names_the_stricter_payment_rule() -> None:
    r = dpdp(as_of="2027-06-01", dataset_extra=", sector: payment-systems")
    assert r is not None and any(s.cite and s.cite.article == "16(2)" for s in r.steps)


# --- a recipient in India: SPDI rule 7 until 12 May 2027, no s16 transfer from 13 May ------

@pytest.mark.parametrize(("as_of", "verdict"), [("2027-05-12", Verdict.CONDITIONAL), ("2027-05-13", Verdict.NOT_APPLICABLE)])
def test_sensitive_data_to_another_party_in_india(as_of: str, verdict: Verdict) -> None:
    # Rule 7: "to any other body corporate or a person in India, or located in any other country".
    r = dpdp("IN", as_of=as_of, categories="user.name, user.financial.bank_account")
    assert r is not None and r.verdict is verdict
    if verdict is Verdict.CONDITIONAL:
        assert r.one_of == ("in.spdi.contract-necessity", "in.spdi.consent")
        assert r.obligations == ("in.spdi.same-protection",)
        assert any("in India as well as abroad" in s.text and s.cite and s.cite.article == "rule 7" for s in r.steps)
    else:
        assert "no transfer outside India" in r.why[-1] and r.citations[-1].article == "16(1)"


@pytest.mark.parametrize("as_of", ["2027-05-12", "2027-05-13"])
def test_non_sensitive_data_to_another_party_in_india(as_of: str) -> None:
    # before s16: rule 7 reaches a party in India, but only for SPDI; from s16: no transfer outside India
    r = dpdp("IN", as_of=as_of)
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE and r.satisfied
    assert ("only the transfer of sensitive" if as_of < "2027-05-13" else "no transfer outside India") in r.why[-1]


SAME_ENTITY = """\
xborder: 1
as_of: {as_of}
entities: [{{id: bank, country: IN}}]
locations: [{{id: mumbai, country: IN}}, {{id: chennai, country: IN}}]
datasets: [{{id: d, categories: [user.financial.bank_account], subjects: [{{residence: IN, count: 10}}]}}]
flows: [{{id: f, from: {{entity: bank, location: mumbai}}, to: {{entity: bank, location: chennai}}, datasets: [d]}}]
"""


@pytest.mark.parametrize("as_of", ["2027-05-12", "2027-05-13"])
def test_a_move_within_one_body_corporate_in_india_is_no_transfer(as_of: str) -> None:
    flow = assess_map(load_map_text(SAME_ENTITY.format(as_of=as_of))).flow("f")
    r = next(r for r in flow.regimes if r.regime == "IN-DPDP")
    assert r.verdict is Verdict.NOT_APPLICABLE
    assert r.citations[-1].article == ("rule 7" if as_of == "2027-05-12" else "16(1)")


# --- SPDI Rules rule 3: the sensitive categories --------------------------------------------

@pytest.mark.parametrize("category", ["user.financial", "user.financial.transaction_history", "user.payment",
                                      "user.financial.credit_card", "user.authorization.password",
                                      "user.health_and_medical.genetic", "user.biometric.fingerprint",
                                      "user.demographic.sexual_orientation"])
def test_rule_3_categories_are_sensitive(category: str) -> None:
    # Rule 3(ii): "financial information such as Bank account or credit card or debit card or other
    # payment instrument details"; (i) password; (iii), (v) health; (iv) sexual orientation; (vi) biometric.
    r = dpdp(as_of="2027-05-12", categories=f"user.name, {category}")
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert any(s.text.startswith("sensitive personal data or information: ") and category in s.text for s in r.steps)
    later = dpdp(as_of="2027-05-13", categories=f"user.name, {category}")
    assert later is not None and later.verdict is Verdict.PERMITTED  # s16: a negative list, whatever the data


def test_rule_3_leaves_other_data_out() -> None:
    r = dpdp(as_of="2027-05-12", categories="user.name, user.contact.address, user.demographic.religious_belief")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE  # religion is not SPDI under rule 3
    assert any("no sensitive personal data" in s.text for s in r.steps)


# --- DPDP Act s17(1)(a) and (d): s16 does not apply (from 13 May 2027) ----------------------

@pytest.mark.parametrize(("as_of", "verdict"), [("2027-05-12", Verdict.CONDITIONAL), ("2027-05-13", Verdict.PERMITTED)])
def test_s17_1_a_legal_claims(as_of: str, verdict: Verdict) -> None:
    r = dpdp(as_of=as_of, categories="user.name, user.financial.bank_account", necessity="legal-claims")
    assert r is not None and r.verdict is verdict
    if verdict is Verdict.CONDITIONAL:  # rule 7 has no legal-claims exception; the reasoning says when s17 starts
        assert r.exemptions == () and r.obligations == ("in.spdi.same-protection",)
        assert any("17(1)(a)" in s.text and "2027-05-13" in s.text for s in r.steps)
    else:
        assert r.exemptions == ("in.exemption.legal-claims",) and r.satisfied
        assert r.citations[-1].article == "17(1)(a)" and "section-17" in r.citations[-1].url


@pytest.mark.parametrize(("as_of", "verdict"), [("2027-05-12", Verdict.CONDITIONAL), ("2027-05-13", Verdict.PERMITTED)])
def test_s17_1_d_foreign_data_under_a_foreign_contract(as_of: str, verdict: Verdict) -> None:
    r = dpdp(as_of=as_of, residence="US", categories="user.name, user.health_and_medical",
             necessity="contract-with-person-abroad")
    assert r is not None and r.verdict is verdict
    if verdict is Verdict.CONDITIONAL:
        assert r.exemptions == () and any("17(1)(d)" in s.text for s in r.steps)
    else:
        assert r.exemptions == ("in.exemption.foreign-contract",) and r.citations[-1].article == "17(1)(d)"
        assert any(s.taken and "US, none in India" in s.text for s in r.steps)


@pytest.mark.parametrize(("kw", "why"), [
    ({"residence": "IN"}, "not shown to be only of people outside India"),  # Data Principals in India
    ({"residence": "US", "necessity": "null"}, "claims no necessity 'contract-with-person-abroad'"),
    ({"residence": "US", "sender": "US", "sender_location": "IN"}, "is not based in India"),
])
def test_s17_1_d_needs_every_fact(kw: dict[str, str], why: str) -> None:
    args = {"sender": "IN", "recipient": "US", "as_of": "2027-06-01", "necessity": "contract-with-person-abroad"} | kw
    r = one_flow("IN-DPDP", **args)  # type: ignore[arg-type]
    assert r is not None and r.verdict is Verdict.PERMITTED  # s16 still permits: nothing notified
    assert r.exemptions == () and r.citations[-1].article == "16(1)"
    assert any(s.taken is False and s.text.startswith("in.exemption.foreign-contract") and why in s.text
               for s in r.steps)


def test_s17_keeps_the_rbi_directive() -> None:
    r = dpdp(as_of="2027-06-01", necessity="legal-claims", dataset_extra=", sector: payment-systems")
    assert r is not None and r.exemptions == ("in.exemption.legal-claims",)
    assert any("does not disapply the RBI storage directive" in s.text for s in r.steps)
    kept = rbi(as_of="2027-06-01", necessity="legal-claims")
    assert kept is not None and kept.obligations == ("in.rbi.local-storage",)


# --- RBI storage of payment system data ---------------------------------------------------

@pytest.mark.parametrize(("as_of", "verdict"), [("2018-10-14", Verdict.NOT_APPLICABLE), ("2018-10-15", Verdict.PERMITTED)])
def test_rbi_binds_from_15_october_2018(as_of: str, verdict: Verdict) -> None:
    r = rbi(as_of=as_of)
    assert r is not None and r.verdict is verdict
    if verdict is Verdict.NOT_APPLICABLE:
        assert "2018-10-15" in r.why[-1]


def test_rbi_processing_abroad_keeps_storage_in_india() -> None:
    r = rbi()
    assert r is not None and r.obligations == ("in.rbi.local-storage",) and not r.satisfied
    assert rbi(safeguards="in.rbi.local-storage").satisfied  # type: ignore[union-attr]


@pytest.mark.parametrize(("as_of", "words"), [("2019-06-25", "no copy may be kept abroad"), ("2019-06-26", "24 hours")])
def test_rbi_faq_of_26_june_2019_allows_processing_abroad_with_deletion(as_of: str, words: str) -> None:
    r = rbi(as_of=as_of)
    assert r is not None and any(words in s.text for s in r.steps)


def test_rbi_primary_store_abroad_is_prohibited() -> None:
    r = rbi(store="there")
    assert r is not None and r.verdict is Verdict.PROHIBITED


def test_rbi_only_fires_on_payment_system_data() -> None:
    assert one_flow("IN-RBI", sender="IN", recipient="SG") is None
