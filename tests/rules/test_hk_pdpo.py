"""HK-PDPO: s33 not in operation; DPP3, DPP2(3)/DPP4(2); the RMCs; the GBA Standard Contract from the HK side."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def hk(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("HK-PDPO", sender="HK", recipient=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("as_of", ["2018-05-25", "2026-06-01"])
def test_s33_not_in_operation_no_instrument_needed(as_of: str) -> None:
    r = hk(as_of=as_of)
    assert r is not None and r.verdict is Verdict.PERMITTED and r.one_of == ()
    assert any("s33" in s.text and "not in operation" in s.text for s in r.steps)
    assert r.citations[-1].article == "s33"


def test_dpp3_purpose_limitation_is_an_obligation() -> None:
    r = hk()
    assert r is not None and r.obligations == ("hk.dpp3-purpose",) and not r.satisfied
    done = hk(safeguards="hk.dpp3-purpose")
    assert done is not None and done.satisfied


def test_processor_needs_contractual_means_dpp2_3_dpp4_2() -> None:
    r = hk(role="processor", safeguards="hk.dpp3-purpose")
    assert r is not None and r.missing == ("hk.processor-contract",)


@pytest.mark.parametrize(("as_of", "named"), [("2022-05-11", False), ("2022-05-12", True)])
def test_recommended_model_clauses_named_from_12_may_2022(as_of: str, named: bool) -> None:
    r = hk(as_of=as_of)
    assert r is not None and any("hk.rmc" in s.text for s in r.steps) is named
    assert "hk.rmc" not in r.one_of  # recommended, not required


@pytest.mark.parametrize(("as_of", "text"), [
    ("2023-12-12", None),
    ("2023-12-13", "banking, credit-reference, healthcare sectors (pilot)"),
    ("2024-10-31", "banking, credit-reference, healthcare sectors (pilot)"),
    ("2024-11-01", "voluntarily on the Hong Kong side"),
])
def test_gba_standard_contract_towards_the_mainland_gba(as_of: str, text: str | None) -> None:
    r = hk("CN", as_of=as_of, recipient_extra=", zone: cn-gba")
    assert r is not None and r.verdict is Verdict.PERMITTED
    gba = [s.text for s in r.steps if "cn.gba-standard-contract" in s.text]
    if text is None:
        assert gba == []
    else:
        assert len(gba) == 1 and text in gba[0]
        assert ("pilot" in gba[0]) is (as_of < "2024-11-01")


def test_gba_contract_not_named_outside_the_gba_zone() -> None:
    r = hk("CN", as_of="2025-01-01")
    assert r is not None and not any("cn.gba-standard-contract" in s.text for s in r.steps)


def test_recipient_in_hong_kong() -> None:
    assert hk("HK").verdict is Verdict.NOT_APPLICABLE  # type: ignore[union-attr]


@pytest.mark.parametrize(("as_of", "sector", "open_"), [
    ("2024-06-01", "banking", True), ("2024-06-01", "communications", False), ("2024-11-01", "communications", True),
])
def test_gba_pilot_sectors_read_from_the_data(as_of: str, sector: str, open_: bool) -> None:
    r = hk("CN", as_of=as_of, recipient_extra=", zone: cn-gba", dataset_extra=f", sector: {sector}")
    assert r is not None
    gba = next(s.text for s in r.steps if "cn.gba-standard-contract" in s.text)
    assert ("may be used" in gba) is open_ and (f"this data is of {sector}" in gba) is not open_


# s60B: personal data is exempt from DPP3 where its use is required by law (a) or for legal proceedings or legal
# rights (b)-(c) in Hong Kong - the flow's necessity 'statutory-duty' or 'legal-claims'; s63C: nor does DPP3 apply
# where it would prejudice identifying a person in a life-threatening situation or emergency rescue ('emergency').
@pytest.mark.parametrize(("necessity", "exemption", "article"), [
    ("statutory-duty", "hk.exemption.statutory-duty", "60B(a)"),
    ("legal-claims", "hk.exemption.legal-claims", "60B(b), (c)"),
    ("emergency", "hk.exemption.emergency", "63C"),
])
def test_s60b_use_required_by_law_or_for_legal_proceedings_is_exempt_from_dpp3(
        necessity: str, exemption: str, article: str) -> None:
    r = hk(necessity=necessity)
    assert r is not None and r.verdict is Verdict.PERMITTED and r.satisfied
    assert r.obligations == () and r.exemptions == (exemption,)
    assert any(c.article == article for c in r.citations)


@pytest.mark.parametrize("necessity", ["contract-with-subject", "public-interest", "hr-management"])
def test_s60b_other_necessities_keep_dpp3(necessity: str) -> None:
    r = hk(necessity=necessity)
    assert r is not None and r.obligations == ("hk.dpp3-purpose",) and not r.satisfied and r.exemptions == ()


def test_s60b_exempts_only_dpp3_not_the_processor_principles() -> None:
    r = hk(necessity="legal-claims", role="processor")
    assert r is not None and r.obligations == ("hk.processor-contract",) and not r.satisfied
