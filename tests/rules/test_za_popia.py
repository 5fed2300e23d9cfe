"""ZA-POPIA s72 (from 1 July 2020; the year to conform ends 30 June 2021)."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def popia(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("ZA-POPIA", sender="ZA", recipient=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("as_of", "verdict"), [("2020-06-30", Verdict.NOT_APPLICABLE),
                                                 ("2020-07-01", Verdict.CONDITIONAL)])
def test_s72_commenced_1_july_2020(as_of: str, verdict: Verdict) -> None:
    r = popia(as_of=as_of)
    assert r is not None and r.verdict is verdict


@pytest.mark.parametrize(("as_of", "in_grace"), [("2021-06-30", True), ("2021-07-01", False)])
def test_year_to_conform_s114(as_of: str, in_grace: bool) -> None:
    r = popia(as_of=as_of)
    assert r is not None and any("s114(1)" in s.text for s in r.steps) is in_grace


def test_grounds_of_s72_1() -> None:
    r = popia()
    assert r is not None and r.one_of == ("za.adequate-law", "za.binding-agreement", "za.consent")


def test_binding_corporate_rules_within_a_group_of_undertakings() -> None:
    assert "za.bcr" in popia(recipient_extra=", parent: exp").one_of  # type: ignore[union-attr]


def test_contract_with_the_data_subject_s72_1_c() -> None:
    r = popia(necessity="contract-with-subject", safeguards="za.derogation.contract")
    assert r is not None and r.satisfied


def test_consent_s72_1_b() -> None:
    r = popia(safeguards="za.consent")
    assert r is not None and r.satisfied


@pytest.mark.parametrize(("as_of", "taken"), [("2020-06-30", False), ("2020-07-01", True)])
def test_benefit_of_the_data_subject_s72_1_e_for_an_emergency(as_of: str, taken: bool) -> None:
    r = popia(as_of=as_of, necessity="emergency")
    assert r is not None
    if not taken:
        assert r.verdict is Verdict.NOT_APPLICABLE
        return
    assert r.satisfied and "za.derogation.benefit" in r.one_of
    assert r.steps[-1].cite is not None and r.steps[-1].cite.article == "72(1)(e)"
    # its conditions (consent impracticable, likely to be given) are said, not assumed away
    assert any("not reasonably practicable" in s.text for s in r.steps)


def test_contract_in_the_data_subjects_interest_with_a_third_party_s72_1_d_is_declared() -> None:
    r = popia(safeguards="za.derogation.third-party-contract")
    assert r is not None and r.satisfied and "za.derogation.third-party-contract" in r.one_of


@pytest.mark.parametrize("necessity", ["public-interest", "legal-claims"])
def test_no_public_interest_or_legal_claims_ground_in_s72_1(necessity: str) -> None:
    r = popia(necessity=necessity)
    assert r is not None and not r.satisfied
    assert r.one_of == ("za.adequate-law", "za.binding-agreement", "za.consent")
