"""MY-PDPA: s3(2) - the Act does not apply to personal data processed outside Malaysia."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def my(**kw: object) -> RegimeResult:
    r = one_flow("MY-PDPA", sender="MY", recipient=str(kw.pop("recipient", "US")), **kw)  # type: ignore[arg-type]
    assert r is not None
    return r


@pytest.mark.parametrize("as_of", ["2025-03-31", "2025-04-01"])
def test_s3_2_a_malaysian_sender_abroad_is_outside_the_act(as_of: str) -> None:
    r = my(sender_location="SG", as_of=as_of)
    assert r.verdict is Verdict.NOT_APPLICABLE and r.exemptions == ("my.exemption.processed-outside",)
    assert "s3(2)" in r.why[-1] and any(c.article == "3(2)" for c in r.citations)


@pytest.mark.parametrize("as_of", ["2025-03-31", "2025-04-01"])
def test_s3_2_data_leaving_from_malaysia_stays_within_s129(as_of: str) -> None:
    r = my(as_of=as_of)
    assert r.verdict is Verdict.CONDITIONAL and r.exemptions == ()
    assert any("my.exemption.processed-outside" in s.text and not s.taken for s in r.steps)


def test_s2_2_a_foreign_sender_using_equipment_in_malaysia_stays_within_s129() -> None:
    r = one_flow("MY-PDPA", sender="SG", recipient="US", sender_location="MY")
    assert r is not None and r.verdict is Verdict.CONDITIONAL
