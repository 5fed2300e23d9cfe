"""CL-LPDP: no transfer rule in Law 19,628; Arts 27-28 (Law 21,719) from 1 December 2026."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def cl(recipient: str = "US", as_of: str = "2026-12-03", **kw: object) -> RegimeResult | None:
    return one_flow("CL-LPDP", sender="CL", recipient=recipient, as_of=as_of, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("as_of", "verdict"), [("2026-11-30", Verdict.NOT_APPLICABLE), ("2026-12-01", Verdict.CONDITIONAL)])
def test_law_21719_transfer_rules_from_1_december_2026(as_of: str, verdict: Verdict) -> None:
    r = cl(as_of=as_of)
    assert r is not None and r.verdict is verdict


def test_before_law_21719_the_trace_says_law_19628_has_no_transfer_rule() -> None:
    r = cl(as_of="2025-01-01")
    assert r is not None and any("Law 19,628 has no rule on transfers" in s.text for s in r.steps)
    assert "2026-12-01" in r.why[-1]


def test_art_27_b_c_guarantees() -> None:
    r = cl()
    assert r is not None and r.one_of == ("cl.model-clauses", "cl.contract-clauses", "cl.certification")
    assert cl(safeguards="cl.model-clauses").satisfied  # type: ignore[union-attr]


def test_art_27_b_binding_corporate_rules_within_a_group() -> None:
    assert "cl.bcr" in cl(recipient_extra=", parent: exp").one_of  # type: ignore[union-attr]


def test_art_27_consent_only_for_a_specific_transfer_that_is_not_habitual() -> None:
    once = cl(safeguards="cl.derogation.consent")
    assert once is not None and once.satisfied
    standing = cl(safeguards="cl.derogation.consent", role="processor")
    assert standing is not None and not standing.satisfied


def test_art_1_bis_reaches_a_foreign_exporter_offering_services_in_chile() -> None:
    r = one_flow("CL-LPDP", sender="US", recipient="IN", residence="CL", as_of="2026-12-03")
    assert r is not None and r.applies


@pytest.mark.parametrize(("necessity", "mech", "letter"), [("contract-with-subject", "cl.derogation.contract", "(g)"),
                                                           ("emergency", "cl.derogation.medical", "(h)")])
def test_art_27_second_paragraph_g_and_h_for_a_specific_transfer(necessity: str, mech: str, letter: str) -> None:
    before = cl(necessity=necessity, as_of="2026-11-30")
    assert before is not None and before.verdict is Verdict.NOT_APPLICABLE
    once = cl(necessity=necessity, as_of="2026-12-01")
    assert once is not None and once.satisfied and once.exemptions == (mech,)
    assert any(s.taken and letter in s.text for s in once.steps)
    # "específica y que no sea habitual": a standing service to a processor cannot rest on it.
    standing = cl(necessity=necessity, role="processor")
    assert standing is not None and not standing.satisfied and mech not in standing.one_of
