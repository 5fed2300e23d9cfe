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


def test_decree_13_counts_only_vietnamese_citizens_data() -> None:
    r = vn(as_of="2025-12-31", residence="VN", citizenship="JP")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE and "no Vietnamese citizens" in r.why[-1]
    assert vn(as_of="2025-12-31", residence="TH", citizenship="VN").verdict is Verdict.CONDITIONAL  # type: ignore[union-attr]


@pytest.mark.parametrize("as_of", ["2026-01-01", "2026-12-04"])
def test_law_91_art_20_1_b_reaches_foreigners_data_sent_from_vietnam(as_of: str) -> None:
    r = vn(as_of=as_of, residence="JP", citizenship="JP", count=1200)
    assert r is not None and r.verdict is Verdict.CONDITIONAL and r.one_of == ("vn.transfer-impact-assessment",)
    assert any("1,200 people (of any citizenship)" in s.text and s.cite is not None and s.cite.article == "20(1)(b)"
               for s in r.steps)


@pytest.mark.parametrize(("necessity", "article"), [("emergency", "17(3)(c)"), ("statutory-duty", "17(3)(c)"),
                                                    ("hr-management", "17(3)(d)")])
def test_decree_356_art_17_3_exemptions_from_2026(necessity: str, article: str) -> None:
    r = vn(as_of="2026-01-01", necessity=necessity)
    assert r is not None and r.verdict is Verdict.PERMITTED and r.satisfied
    assert r.exemptions == (f"vn.exemption.{necessity}",)
    assert any(c.law == "Decree 356/2025/ND-CP" and c.article == article for c in r.citations)
    before = vn(as_of="2025-12-31", necessity=necessity)  # Decree 13 Art 25 knows no such case
    assert before is not None and before.verdict is Verdict.CONDITIONAL and before.exemptions == ()


def test_contract_with_subject_is_not_a_decree_356_exemption() -> None:
    # Art 17(3)(đ) covers only contracts for transport, logistics, payments, hotels, visas and scholarships
    r = vn(as_of="2026-06-01", necessity="contract-with-subject")
    assert r is not None and r.verdict is Verdict.CONDITIONAL and r.exemptions == ()


def test_receiving_in_vietnam_is_no_outbound_transfer() -> None:
    assert vn("VN").verdict is Verdict.NOT_APPLICABLE  # type: ignore[union-attr]
