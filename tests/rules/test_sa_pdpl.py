"""SA-PDPL Art 29 with the Transfer Regulation (14 September 2023; amended version 1 September 2024)."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def pdpl(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("SA-PDPL", sender="SA", recipient=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("as_of", "verdict"), [("2023-09-13", Verdict.NOT_APPLICABLE),
                                                 ("2023-09-14", Verdict.CONDITIONAL)])
def test_in_force_14_september_2023(as_of: str, verdict: Verdict) -> None:
    r = pdpl(as_of=as_of)
    assert r is not None and r.verdict is verdict
    if verdict is Verdict.NOT_APPLICABLE:
        assert "2023-09-14" in r.steps[-1].text


@pytest.mark.parametrize(("as_of", "codes"), [("2024-08-31", True), ("2024-09-01", False)])
def test_codes_of_conduct_dropped_by_the_2024_regulation(as_of: str, codes: bool) -> None:
    r = pdpl(as_of=as_of)
    assert r is not None and ("sa.code-of-conduct" in r.one_of) is codes
    assert {"sa.scc", "sa.certification"} <= set(r.one_of)


def test_safeguard_needs_a_risk_assessment() -> None:
    r = pdpl(safeguards="sa.scc")
    assert r is not None and r.obligations == ("sa.risk-assessment",) and not r.satisfied
    done = pdpl(safeguards="sa.scc, sa.risk-assessment")
    assert done is not None and done.satisfied


def test_binding_common_rules_within_a_group() -> None:
    assert "sa.bcr" not in pdpl().one_of  # type: ignore[union-attr]
    assert "sa.bcr" in pdpl(recipient_extra=", parent: exp").one_of  # type: ignore[union-attr]


def test_an_exemption_of_the_2023_version_still_needs_a_risk_assessment() -> None:
    # 2023 version Art 8(1)(b): a risk assessment for transfers on its exemptions.
    r = pdpl(as_of="2024-08-31", necessity="contract-with-subject", safeguards="sa.derogation.contract")
    assert r is not None and not r.satisfied and "sa.derogation.contract" in r.exemptions
    assert r.obligations == ("sa.risk-assessment",)
    done = pdpl(as_of="2024-08-31", necessity="contract-with-subject",
                safeguards="sa.derogation.contract, sa.risk-assessment")
    assert done is not None and done.satisfied and done.verdict is Verdict.CONDITIONAL


@pytest.mark.parametrize("as_of", ["2024-09-01", "2026-06-01"])
def test_the_2024_version_has_no_exemption_without_a_safeguard(as_of: str) -> None:
    # 2024 version Art 4(2): the exemption cases "shall still be subject to appropriate safeguards".
    r = pdpl(as_of=as_of, necessity="contract-with-subject",
             safeguards="sa.derogation.contract, sa.risk-assessment")
    assert r is not None and not r.satisfied and "sa.derogation.contract" not in r.exemptions
    assert {"sa.scc", "sa.certification"} <= set(r.one_of)
    assert any("no derogation" in s.text and "Art 4" in (s.cite.label if s.cite else "") for s in r.steps)
    with_clauses = pdpl(as_of=as_of, necessity="contract-with-subject", safeguards="sa.scc, sa.risk-assessment")
    assert with_clauses is not None and with_clauses.satisfied


def test_no_adequacy_list_published() -> None:
    r = pdpl("DE")
    assert r is not None and r.verdict is Verdict.CONDITIONAL


@pytest.mark.parametrize(("necessity", "article"), [("contract-with-subject", "6(1)"), ("public-interest", "6(2)")])
def test_the_2023_exemptions_cite_the_regulations_art_6(necessity: str, article: str) -> None:
    """The exemptions are the 2023 Transfer Regulation's Art 6 (Umm al-Qura, 7 September 2023),
    not PDPL Art 29: the verdict and the trace's exception cite that article."""
    r = pdpl(as_of="2024-06-01", necessity=necessity)
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    verdict = r.steps[-1]
    assert verdict.cite is not None and (verdict.cite.law, verdict.cite.article, verdict.cite.url) == \
        ("Transfer Regulation (2023 version)", article, "https://uqn.gov.sa/details?p=23597")
    assert verdict.cite in r.citations
    taken = [s for s in r.steps if s.taken]
    assert taken and f"Transfer Regulation (2023 version) Art {article}" in taken[0].text


@pytest.mark.parametrize(("as_of", "verdict"), [("2023-09-13", Verdict.NOT_APPLICABLE), ("2023-09-14", Verdict.CONDITIONAL),
                                                 ("2024-08-31", Verdict.CONDITIONAL), ("2024-09-01", Verdict.CONDITIONAL),
                                                 ("2026-06-01", Verdict.CONDITIONAL)])
def test_extreme_necessity_to_preserve_life_art_29_3_in_both_versions(as_of: str, verdict: Verdict) -> None:
    # PDPL Art 29(3): para (2) does not apply to extreme necessity to preserve the subject's life or vital
    # interests - the Law's own exemption, untouched by the 2024 Regulation, with no risk assessment.
    r = pdpl(as_of=as_of, necessity="emergency")
    assert r is not None and r.verdict is verdict
    if verdict is Verdict.NOT_APPLICABLE:
        return
    assert r.satisfied and "sa.derogation.vital-interests" in r.exemptions and r.obligations == ()
    cite = r.steps[-1].cite
    assert cite is not None and (cite.law, cite.article) == ("PDPL", "29(3)")


def test_art_29_3_is_not_the_contract_purpose_of_art_29_1_c() -> None:
    # Art 29(1)(c) (an obligation to which the subject is a party) is a purpose, still under Art 29(2).
    r = pdpl(as_of="2024-09-01", necessity="contract-with-subject")
    assert r is not None and not r.satisfied and "sa.derogation.vital-interests" not in r.one_of


def test_a_2023_exemption_claimed_by_necessity_after_1_september_2024_is_refused_in_the_trace() -> None:
    r = pdpl(as_of="2024-09-01", necessity="public-interest")
    assert r is not None and not r.satisfied and "sa.derogation.public-interest" not in r.one_of
    assert any(s.taken is False and "no derogation" in s.text and "public-interest" in s.text for s in r.steps)
    before = pdpl(as_of="2024-08-31", necessity="public-interest")
    assert before is not None and "sa.derogation.public-interest" in before.one_of
