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
