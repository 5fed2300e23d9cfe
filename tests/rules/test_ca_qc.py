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


@pytest.mark.parametrize(("as_of", "verdict"), [("2023-09-21", Verdict.CONDITIONAL), ("2023-09-22", Verdict.PERMITTED)])
def test_s17_does_not_apply_to_an_urgent_communication_under_s18_7(as_of: str, verdict: Verdict) -> None:
    # s17, last paragraph (2021, c. 25, s. 111): "This section does not apply to a communication of
    # information under subparagraph 7 of the first paragraph of section 18"; the old s17 had no such rule.
    r = qc(as_of=as_of, necessity="emergency")
    assert r is not None and r.verdict is verdict and r.satisfied is (verdict is Verdict.PERMITTED)
    assert ("ca.qc-exception.urgency" in r.exemptions) is (verdict is Verdict.PERMITTED)


def test_other_necessities_still_need_the_assessment() -> None:
    r = qc(necessity="contract-with-subject")
    assert r is not None and r.verdict is Verdict.CONDITIONAL and r.obligations == ("ca.qc-pia", "ca.qc-written-agreement")
