"""AU-PRIVACY: APP 8.1 reasonable steps, s16C accountability, APP 8.2(a)-(b) exceptions."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def au(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("AU-PRIVACY", sender="AU", recipient=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("as_of", ["2018-05-25", "2026-06-01"])
def test_app_8_1_reasonable_steps(as_of: str) -> None:
    r = au(as_of=as_of)
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert r.one_of == ("au.reasonable-steps", "au.similar-law", "au.consent") and not r.satisfied
    assert any("s16C" in s.text for s in r.steps)


@pytest.mark.parametrize("mech", ["au.similar-law", "au.consent"])
def test_app_8_2_exceptions_declared(mech: str) -> None:
    r = au(safeguards=mech)
    assert r is not None and r.satisfied and mech in r.exemptions


def test_onshore_recipient_is_not_overseas() -> None:
    r = au("AU")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE
