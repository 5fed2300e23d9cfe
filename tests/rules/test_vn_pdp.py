"""VN-PDP: Decree 13/2023/ND-CP Art 25 (from 1 July 2023) and Law 91/2025/QH15 (from 1 January 2026)."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def vn(recipient: str = "SG", **kw: object) -> RegimeResult | None:
    return one_flow("VN-PDP", sender="VN", recipient=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("as_of", "verdict"), [("2023-06-30", Verdict.NOT_APPLICABLE), ("2023-07-01", Verdict.CONDITIONAL)])
def test_decree_13_applies_from_1_july_2023(as_of: str, verdict: Verdict) -> None:
    r = vn(as_of=as_of)
    assert r is not None and r.verdict is verdict
    if verdict is Verdict.NOT_APPLICABLE:
        assert "2023-07-01" in r.why[-1]


def test_art_25_dossier_consent_and_notice() -> None:
    r = vn(as_of="2025-12-31")
    assert r is not None and r.one_of == ("vn.transfer-impact-assessment",)
    assert r.obligations == ("vn.consent", "vn.transfer-notification")
    assert any("60 days" in s.text and "A05" in s.text for s in r.steps)
    assert vn(as_of="2025-12-31", safeguards="vn.transfer-impact-assessment, vn.consent, vn.transfer-notification").satisfied  # type: ignore[union-attr]


def test_pdp_law_from_1_january_2026_keeps_the_dossier_only() -> None:
    r = vn(as_of="2026-01-01")
    assert r is not None and r.one_of == ("vn.transfer-impact-assessment",) and r.obligations == ()
    assert any("first transfer" in s.text for s in r.steps)


def test_only_vietnamese_citizens_data() -> None:
    r = vn(residence="VN", citizenship="JP")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE
    assert vn(residence="TH", citizenship="VN").verdict is Verdict.CONDITIONAL  # type: ignore[union-attr]


def test_receiving_in_vietnam_is_no_outbound_transfer() -> None:
    assert vn("VN").verdict is Verdict.NOT_APPLICABLE  # type: ignore[union-attr]
