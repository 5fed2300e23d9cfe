"""NG-NDPA: NDPR 2019 Arts 2.11-2.12 (from 25 January 2019), NDPA 2023 ss41-43 (from 12 June 2023)."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def ng(recipient: str = "GB", **kw: object) -> RegimeResult | None:
    return one_flow("NG-NDPA", sender="NG", recipient=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("as_of", "verdict"), [("2019-01-24", Verdict.NOT_APPLICABLE), ("2019-01-25", Verdict.CONDITIONAL)])
def test_ndpr_issued_25_january_2019(as_of: str, verdict: Verdict) -> None:
    r = ng(as_of=as_of)
    assert r is not None and r.verdict is verdict


def test_before_the_ndpr_the_trace_names_it_and_its_first_day() -> None:
    r = ng(as_of="2018-06-01")
    assert r is not None and "NDPR 2019" in r.why[-1] and "2019-01-25" in r.why[-1]


def test_ndpr_art_2_12_a_consent_is_the_only_declarable_ground() -> None:
    r = ng(as_of="2023-06-11")
    assert r is not None and r.one_of == ("ng.consent",) and r.obligations == ()
    assert r.citations[0].law == "NDPR 2019"


@pytest.mark.parametrize(("as_of", "article"), [("2023-06-11", "2.12(b)"), ("2023-06-12", "43(1)(b)")])
def test_contract_with_the_data_subject_ndpr_2_12_b_then_ndpa_43_1_b(as_of: str, article: str) -> None:
    r = ng(as_of=as_of, necessity="contract-with-subject")
    assert r is not None and r.satisfied and "ng.derogation.contract" in r.one_of
    assert any(c.article == article for c in r.citations)


def test_ndpa_s41_1_a_grounds_from_12_june_2023() -> None:
    r = ng(as_of="2023-06-12")
    assert r is not None and r.one_of == ("ng.adequate-law", "ng.contract-clauses", "ng.code-of-conduct",
                                          "ng.certification", "ng.consent")
    assert r.citations[0].law == "NDPA 2023"


def test_s41_2_record_of_the_basis_and_its_adequacy() -> None:
    r = ng(safeguards="ng.contract-clauses")
    assert r is not None and r.obligations == ("ng.transfer-record",) and r.missing == ("ng.transfer-record",)
    r = ng(safeguards="ng.contract-clauses, ng.transfer-record")
    assert r is not None and r.satisfied


def test_binding_corporate_rules_only_within_a_group() -> None:
    assert "ng.bcr" not in ng().one_of  # type: ignore[union-attr]
    assert "ng.bcr" in ng(recipient_extra=", parent: exp").one_of  # type: ignore[union-attr]


def test_no_adequacy_is_assumed_s42_4() -> None:
    r = ng("DE")
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert any("no adequacy finding" in s.text for s in r.steps)


def test_recipient_in_nigeria_is_no_transfer() -> None:
    r = ng("NG")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE
