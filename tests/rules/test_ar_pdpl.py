"""AR-PDPL: Law 25,326 Art 12 with Decree 1558/2001 Art 12 and Disposition 60-E/2016."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def ar(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("AR-PDPL", sender="AR", recipient=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("as_of", ["2018-05-25", "2026-06-01"])
def test_art_12_in_force_on_every_date(as_of: str) -> None:
    r = ar(as_of=as_of)
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert r.one_of == ("ar.model-contract", "ar.consent")


@pytest.mark.parametrize("safeguard", ["ar.model-contract", "ar.consent"])
def test_model_contract_or_express_consent(safeguard: str) -> None:
    r = ar(safeguards=safeguard)
    assert r is not None and r.satisfied


def test_adequacy_not_assumed_without_the_list() -> None:
    r = ar("DE")
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert any("adequacy is not assumed" in s.text for s in r.steps)


def test_domestic_recipient() -> None:
    r = ar("AR")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE
