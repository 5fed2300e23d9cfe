"""IN-DPDP (DPDP Act s16; SPDI Rules rule 7 before 13 May 2027) and IN-RBI (payment data storage)."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
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
    r = dpdp(as_of="2020-01-01")
    assert r is not None and r.verdict is Verdict.PERMITTED and r.satisfied


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


def test_receiving_in_india_is_no_transfer() -> None:
    r = dpdp("IN")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


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
