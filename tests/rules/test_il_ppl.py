"""IL-PPL: the Transfer Regulations 2001, regs 1-3, and the 2023 Regulations on data from the EEA."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def il(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("IL-PPL", sender="IL", recipient=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("as_of", ["2018-05-25", "2026-06-01"])
def test_reg_1_and_reg_2_grounds_outside_the_eea(as_of: str) -> None:
    r = il(as_of=as_of)
    assert r is not None and r.verdict is Verdict.CONDITIONAL and not r.satisfied
    assert r.one_of == ("il.equivalent-law", "il.consent", "il.contract", "il.convention-108")
    assert "il.eu-country" not in r.exemptions


def test_reg_3_written_undertaking_goes_with_every_ground() -> None:
    consent_only = il(safeguards="il.consent")
    assert consent_only is not None and consent_only.missing == ("il.undertaking",)
    done = il(safeguards="il.consent, il.undertaking")
    assert done is not None and done.satisfied


def test_reg_2_3_controlled_corporation_only_within_the_group() -> None:
    group = il(recipient_extra=", parent: exp")
    assert group is not None and "il.controlled-corporation" in group.one_of
    assert "il.controlled-corporation" not in il().one_of  # type: ignore[union-attr]


def test_reg_2_2_vital_interests_on_emergency() -> None:
    r = il(necessity="emergency", safeguards="il.undertaking")
    assert r is not None and r.satisfied and "il.derogation.vital-interests" in r.exemptions
    assert "il.derogation.vital-interests" not in il(necessity="contract-with-subject").exemptions  # type: ignore[union-attr]


def test_reg_2_8_b_an_eea_country_needs_no_further_ground() -> None:
    r = il("FR")
    assert r is not None and r.verdict is Verdict.PERMITTED and r.exemptions == ("il.eu-country",)
    assert r.obligations == ("il.undertaking",)


@pytest.mark.parametrize(("as_of", "verdict"), [("2020-12-31", Verdict.PERMITTED), ("2021-01-01", Verdict.CONDITIONAL)])
def test_the_uk_counts_among_the_eea_countries_until_the_end_of_the_transition(as_of: str, verdict: Verdict) -> None:
    r = il("GB", as_of=as_of)
    assert r is not None and r.verdict is verdict


@pytest.mark.parametrize(("as_of", "reported"), [("2023-08-06", False), ("2023-08-07", True)])
def test_eea_data_regulations_reported_from_7_august_2023(as_of: str, reported: bool) -> None:
    r = il(as_of=as_of, dataset_extra=", collected_in: DE")
    assert r is not None and any("2023 Regulations" in s.text for s in r.steps) is reported
    assert r.verdict is Verdict.CONDITIONAL  # they set no condition on the transfer itself


def test_eea_data_regulations_not_reported_for_israeli_data() -> None:
    r = il(as_of="2025-06-01")
    assert r is not None and not any("2023 Regulations" in s.text for s in r.steps)


def test_domestic_recipient_and_own_database() -> None:
    assert il("IL").verdict is Verdict.NOT_APPLICABLE  # type: ignore[union-attr]
    assert one_flow("IL-PPL", sender="DE", recipient="US") is None


@pytest.mark.parametrize(("necessity", "mech", "article"), [
    ("public-interest", "il.derogation.public-safety", "reg 2(6)"),
    ("statutory-duty", "il.derogation.required-by-law", "reg 2(7)"),
])
def test_reg_2_6_public_safety_and_2_7_required_by_israeli_law(necessity: str, mech: str, article: str) -> None:
    r = il(necessity=necessity, safeguards="il.undertaking")
    assert r is not None and r.satisfied and mech in r.exemptions and mech in r.one_of
    assert any(c.article == article for c in r.citations) or any(s.cite and s.cite.article == article for s in r.steps)
    assert any(article in s.text and ("not any public" in s.text or "foreign law" in s.text) for s in r.steps)
    without = il(necessity=necessity)
    assert without is not None and without.missing == ("il.undertaking",)  # reg 3 still applies to a reg 2 transfer
    other = il(necessity="legal-claims", safeguards="il.undertaking")
    assert other is not None and not other.satisfied and mech not in other.one_of  # reg 2 has no legal-claims case
