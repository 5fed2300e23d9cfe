"""BR-LGPD Art 33 (from 18 September 2020), Resolutions CD/ANPD 19/2024 and 32/2026."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def lgpd(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("BR-LGPD", sender="BR", recipient=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("as_of", "verdict"), [("2020-09-17", Verdict.NOT_APPLICABLE),
                                                 ("2020-09-18", Verdict.CONDITIONAL)])
def test_art_33_in_force_18_september_2020(as_of: str, verdict: Verdict) -> None:
    r = lgpd(as_of=as_of)
    assert r is not None and r.verdict is verdict
    if verdict is Verdict.NOT_APPLICABLE:
        assert "2020-09-18" in r.steps[-1].text


def test_law_not_in_force_is_silent_for_foreign_exporters() -> None:
    assert one_flow("BR-LGPD", sender="US", recipient="DE", residence="BR", as_of="2019-01-01") is None


@pytest.mark.parametrize(("as_of", "has_scc"), [("2024-08-22", False), ("2024-08-23", True)])
def test_standard_clauses_from_resolution_19_2024(as_of: str, has_scc: bool) -> None:
    r = lgpd(as_of=as_of)
    assert r is not None and ("br.scc" in r.one_of) is has_scc
    assert ("br.contract-clauses" in r.one_of) is not has_scc  # own clauses: only for contracts already signed


# "no prazo de até 12 (doze) meses, contados da data de publicação" (23 August 2024): the period
# counts date to date and includes its last day, 23 August 2025 (Law 9,784/1999 Art 66).
@pytest.mark.parametrize(("as_of", "satisfied"), [("2025-08-23", True), ("2025-08-24", False)])
def test_existing_contracts_had_until_23_august_2025_to_adopt_the_scc(as_of: str, satisfied: bool) -> None:
    r = lgpd(as_of=as_of, safeguards="br.contract-clauses")
    assert r is not None and r.satisfied is satisfied


def test_consent_art_33_viii() -> None:
    r = lgpd(safeguards="br.consent")
    assert r is not None and r.satisfied and "br.consent" in r.one_of


def test_global_corporate_rules_only_inside_a_group() -> None:
    r = lgpd()
    assert r is not None and "br.bcr" not in r.one_of
    grouped = lgpd(recipient_extra=", parent: exp")
    assert grouped is not None and "br.bcr" in grouped.one_of


@pytest.mark.parametrize(("necessity", "mech"), [("emergency", "br.derogation.vital-interests"),
                                                 ("contract-with-subject", "br.derogation.contract"),
                                                 ("legal-claims", "br.derogation.legal-claims"),
                                                 ("statutory-duty", "br.derogation.legal-obligation")])
def test_art_33_iv_and_ix(necessity: str, mech: str) -> None:
    # A ground that applies satisfies Art 33 for this transfer, claimed or declared (issue 7 item 1).
    r = lgpd(necessity=necessity)
    assert r is not None and r.satisfied and mech in r.one_of and mech in r.exemptions
    declared = lgpd(necessity=necessity, safeguards=mech)
    assert declared is not None and declared.satisfied


@pytest.mark.parametrize(("as_of", "verdict"), [("2026-01-26", Verdict.CONDITIONAL),
                                                 ("2026-01-27", Verdict.PERMITTED)])
def test_eu_recognised_adequate_by_resolution_32_2026(as_of: str, verdict: Verdict) -> None:
    for country in ("DE", "NO"):
        r = lgpd(country, as_of=as_of)
        assert r is not None and r.verdict is verdict


def test_domestic_recipient_is_not_a_transfer() -> None:
    r = lgpd("BR")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


def test_data_collected_in_brazil_follows_onward_from_a_non_adequate_country() -> None:
    r = one_flow("BR-LGPD", sender="US", recipient="JP", residence="BR")
    assert r is not None and r.verdict is Verdict.CONDITIONAL  # Art 3(II): aimed at individuals in Brazil


@pytest.mark.parametrize(("as_of", "verdict"), [("2020-09-17", Verdict.NOT_APPLICABLE),
                                                 ("2020-09-18", Verdict.CONDITIONAL)])
def test_art_33_ix_with_7_ii_legal_obligation(as_of: str, verdict: Verdict) -> None:
    # Art 33(IX) names Art 7(II) ("cumprimento de obrigação legal ou regulatória pelo controlador").
    r = lgpd(necessity="statutory-duty", as_of=as_of)
    assert r is not None and r.verdict is verdict
    if verdict is Verdict.CONDITIONAL:
        assert r.satisfied and r.exemptions == ("br.derogation.legal-obligation",)
        assert any(s.taken and "7(II)" in s.text for s in r.steps)
    plain = lgpd(as_of=as_of)
    assert plain is not None and (plain.satisfied is False or verdict is Verdict.NOT_APPLICABLE)
