"""CA-PIPEDA: Schedule 1 Principle 4.1.3 (transfer for processing) and 4.3 (consent to disclosure)."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def pipeda(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("CA-PIPEDA", sender="CA", recipient=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("as_of", ["2018-05-25", "2026-06-01"])
def test_processing_abroad_needs_comparable_protection(as_of: str) -> None:
    r = pipeda(role="processor", as_of=as_of)
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert r.obligations == ("ca.comparable-protection",) and r.one_of == () and not r.satisfied


def test_comparable_protection_in_place() -> None:
    r = pipeda(role="processor", safeguards="ca.comparable-protection")
    assert r is not None and r.satisfied


def test_disclosure_to_a_controller_needs_consent() -> None:
    r = pipeda()
    assert r is not None and r.one_of == ("ca.consent",)
    assert pipeda(safeguards="ca.consent").satisfied  # type: ignore[union-attr]


def test_domestic_recipient_and_non_canadian_exporter() -> None:
    assert pipeda("CA").verdict is Verdict.NOT_APPLICABLE  # type: ignore[union-attr]
    assert one_flow("CA-PIPEDA", sender="US", recipient="DE") is None


def test_s7_3_e_emergency_disclosure_without_consent_then_written_notice() -> None:
    r = pipeda(necessity="emergency")
    assert r is not None and r.exemptions == ("ca.exception.emergency",)
    assert r.obligations == ("ca.emergency-notice",) and not r.satisfied  # the individual is still told
    done = pipeda(necessity="emergency", safeguards="ca.emergency-notice")
    assert done is not None and done.satisfied and any(c.article == "7(3)(e)" for c in done.citations)


# s7(3)(i) "required by law" was not read in an official copy: statutory-duty still asks consent.
@pytest.mark.parametrize("necessity", ["contract-with-subject", "legal-claims", "statutory-duty"])
def test_other_necessities_still_need_consent(necessity: str) -> None:
    r = pipeda(necessity=necessity)
    assert r is not None and r.one_of == ("ca.consent",) and not r.satisfied and r.exemptions == ()


def test_processing_abroad_in_an_emergency_still_needs_comparable_protection() -> None:
    r = pipeda(role="processor", necessity="emergency")  # 4.1.3 is not a consent rule: s7(3) does not lift it
    assert r is not None and r.obligations == ("ca.comparable-protection",) and not r.satisfied
