"""AE-PDPL: Federal Decree-Law No. 45 of 2021 Arts 22-23 (from 2 January 2022), outside the DIFC and ADGM."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def pdpl(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("AE-PDPL", sender="AE", recipient=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("as_of", "verdict"), [("2022-01-01", Verdict.NOT_APPLICABLE), ("2022-01-02", Verdict.CONDITIONAL)])
def test_in_force_2_january_2022(as_of: str, verdict: Verdict) -> None:
    r = pdpl(as_of=as_of)
    assert r is not None and r.verdict is verdict
    if verdict is Verdict.NOT_APPLICABLE:
        assert "2022-01-02" in r.steps[-1].text


def test_art_22_no_adequacy_assumed_and_art_23_1_a_b_grounds() -> None:
    r = pdpl()
    assert r is not None and r.one_of == ("ae.contract", "ae.consent") and "ae.adequacy" not in r.exemptions
    assert pdpl(safeguards="ae.consent").satisfied  # type: ignore[union-attr]


def test_executive_regulations_not_issued_is_said() -> None:
    r = pdpl()
    assert r is not None and any("Executive Regulations" in s.text and "not been issued" in s.text for s in r.steps)


@pytest.mark.parametrize(("necessity", "ground", "article"), [
    ("legal-claims", "ae.derogation.legal-claims", "23(1)(c)"),
    ("contract-with-subject", "ae.derogation.contract", "23(1)(d)"),
    ("public-interest", "ae.derogation.public-interest", "23(1)(f)"),
])
def test_art_23_1_c_d_f_necessities(necessity: str, ground: str, article: str) -> None:
    r = pdpl(necessity=necessity)
    assert r is not None and r.satisfied and r.exemptions == (ground,)
    assert any(c.article == article for c in r.citations)
    assert pdpl(necessity="emergency").exemptions == ()  # type: ignore[union-attr]  # no vital-interests case in Art 23


@pytest.mark.parametrize("zone", ["ae-difc", "ae-adgm"])
def test_free_zones_with_their_own_law_are_outside_the_decree_law(zone: str) -> None:
    assert pdpl(sender_extra=f", zone: {zone}") is None


def test_a_free_zone_is_inside_the_state() -> None:
    r = pdpl("AE", recipient_extra=", zone: ae-difc")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


def test_art_2_health_and_banking_data_left_to_their_own_legislation() -> None:
    health = pdpl(categories="user.health_and_medical")
    assert health is not None and health.verdict is Verdict.NOT_APPLICABLE
    mixed = pdpl(categories="user.name, user.financial.bank_account")
    assert mixed is not None and mixed.verdict is Verdict.CONDITIONAL
    assert any("user.financial.bank_account is governed by its own legislation" in s.text for s in mixed.steps)
    assert not any("own legislation" in s.text for s in pdpl().steps)  # type: ignore[union-attr]
