"""TW-PDPA Art 21: transfers allowed unless restricted; the NCC's order on communications enterprises."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict

COMMUNICATIONS = ", sector: communications"


def tw(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("TW-PDPA", sender="TW", recipient=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("as_of", ["2018-05-25", "2026-06-01"])
def test_art_21_no_restriction_permitted(as_of: str) -> None:
    r = tw(as_of=as_of)
    assert r is not None and r.verdict is Verdict.PERMITTED and r.satisfied
    assert r.citations[-1].article == "21"


@pytest.mark.parametrize("as_of", ["2018-05-25", "2026-06-01"])
def test_ncc_order_prohibits_communications_data_to_mainland_china(as_of: str) -> None:
    r = tw("CN", as_of=as_of, dataset_extra=COMMUNICATIONS)
    assert r is not None and r.verdict is Verdict.PROHIBITED and not r.satisfied
    assert r.citations[-1].article == "21(3)"


def test_ncc_order_does_not_bind_other_data_or_destinations() -> None:
    other = tw("CN")
    assert other is not None and other.verdict is Verdict.PERMITTED
    assert any("neither the flow nor its datasets are marked" in s.text for s in other.steps)
    for destination in ("US", "HK"):
        assert tw(destination, dataset_extra=COMMUNICATIONS).verdict is Verdict.PERMITTED  # type: ignore[union-attr]


def test_recipient_in_taiwan() -> None:
    assert tw("TW", dataset_extra=COMMUNICATIONS).verdict is Verdict.NOT_APPLICABLE  # type: ignore[union-attr]
