"""CA-QC: Québec private sector Act s17, before and from 22 September 2023."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def qc(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("CA-QC", sender="CA", recipient=recipient, sender_extra=", zone: ca-qc", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("as_of", "obligations"), [("2023-09-21", ("ca.qc-reasonable-steps",)),
                                                    ("2023-09-22", ("ca.qc-pia", "ca.qc-written-agreement"))])
def test_s17_assessment_from_22_september_2023(as_of: str, obligations: tuple[str, ...]) -> None:
    r = qc(as_of=as_of)
    assert r is not None and r.verdict is Verdict.CONDITIONAL and r.obligations == obligations


def test_elsewhere_in_canada_is_outside_quebec() -> None:
    r = qc("CA")
    assert r is not None and r.verdict is Verdict.CONDITIONAL and "elsewhere in Canada" in r.steps[-2].text


def test_recipient_in_quebec() -> None:
    r = qc("CA", recipient_extra=", zone: ca-qc")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


def test_outside_quebec_the_regime_is_silent() -> None:
    assert one_flow("CA-QC", sender="CA", recipient="US") is None


def test_assessment_and_agreement_in_place() -> None:
    r = qc(safeguards="ca.qc-pia, ca.qc-written-agreement")
    assert r is not None and r.satisfied
