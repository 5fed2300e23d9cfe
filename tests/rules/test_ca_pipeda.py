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
