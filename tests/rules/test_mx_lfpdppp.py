"""MX-LFPDPPP: Arts 36-37 of the 2010 Law; the 2025 Law from 21 March 2025."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def mx(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("MX-LFPDPPP", sender="MX", recipient=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("as_of", "law", "article"), [("2025-03-20", "LFPDPPP 2010", "36"),
                                                      ("2025-03-21", "LFPDPPP 2025", "35")])
def test_the_2025_law_replaces_the_2010_law_on_21_march_2025(as_of: str, law: str, article: str) -> None:
    r = mx(as_of=as_of)
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert any(c.law == law and c.article == article for c in r.citations)


@pytest.mark.parametrize("as_of", ["2024-01-01", "2026-01-01"])
def test_art_36_privacy_notice_and_consent(as_of: str) -> None:
    r = mx(as_of=as_of)
    assert r is not None and r.one_of == ("mx.consent",) and r.obligations == ("mx.privacy-notice",)
    r = mx(as_of=as_of, safeguards="mx.consent, mx.privacy-notice")
    assert r is not None and r.satisfied


def test_art_37_iii_group_companies() -> None:
    assert "mx.group-transfer" not in mx().one_of  # type: ignore[union-attr]
    r = mx(recipient_extra=", parent: exp", safeguards="mx.group-transfer, mx.privacy-notice")
    assert r is not None and r.satisfied and "mx.group-transfer" in r.exemptions


@pytest.mark.parametrize(("necessity", "mech", "article"), [("contract-with-subject", "mx.exception.legal-relationship", "37(VII)"),
                                                            ("public-interest", "mx.exception.public-interest", "37(V)"),
                                                            ("legal-claims", "mx.exception.legal-claims", "37(VI)")])
def test_art_37_exceptions_without_consent(necessity: str, mech: str, article: str) -> None:
    r = mx(as_of="2024-01-01", necessity=necessity, safeguards="mx.privacy-notice")
    assert r is not None and r.satisfied and mech in r.exemptions
    assert any(c.article == article for c in r.citations)


def test_remision_to_an_encargado_is_not_a_transfer() -> None:
    r = mx(role="processor")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


def test_recipient_in_mexico_is_no_international_transfer() -> None:
    r = mx("MX")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


@pytest.mark.parametrize(("as_of", "article"), [("2025-03-20", "37(VI)"), ("2025-03-21", "36(VI)")])
def test_exceptions_move_from_art_37_to_art_36_of_the_2025_law(as_of: str, article: str) -> None:
    r = mx(as_of=as_of, necessity="legal-claims")
    assert r is not None and any(c.article == article for c in r.citations if c.law.startswith("LFPDPPP"))


@pytest.mark.parametrize(("as_of", "article"), [("2025-03-20", "36; Reglamento 53"), ("2025-03-21", "2(XX); Reglamento 53")])
def test_remision_cites_reglamento_art_53(as_of: str, article: str) -> None:
    r = mx(as_of=as_of, role="processor")
    assert r is not None and r.citations[-1].article == article


def test_an_encargado_subcontracting_abroad_is_not_a_transfer_reglamento_54_55() -> None:
    r = one_flow("MX-LFPDPPP", sender="MX", recipient="US", sender_role="processor", role="processor")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE and r.citations[-1].article == "Reglamento 54-55"


@pytest.mark.parametrize(("necessity", "mech", "fraction"), [("statutory-duty", "mx.exception.law-or-treaty", "(I)"),
                                                             ("emergency", "mx.exception.medical", "(II)"),
                                                             ("hr-management", "mx.exception.legal-relationship", "(VII)")])
@pytest.mark.parametrize(("as_of", "article"), [("2025-03-20", "37"), ("2025-03-21", "36")])
def test_exceptions_i_ii_and_vii_for_employment(necessity: str, mech: str, fraction: str, as_of: str, article: str) -> None:
    # 2010 Art 37 / 2025 Art 36: "I. ... prevista en una Ley o Tratado ...; II. ... necesaria para la
    # prevención o el diagnóstico médico, la prestación de asistencia sanitaria, tratamiento médico ...;
    # VII. ... el mantenimiento o cumplimiento de una relación jurídica entre el responsable y el titular".
    r = mx(as_of=as_of, necessity=necessity, safeguards="mx.privacy-notice")
    assert r is not None and r.satisfied and r.exemptions == (mech,)
    assert any(c.article == article + fraction for c in r.citations)
    assert not mx(as_of=as_of, safeguards="mx.privacy-notice").satisfied  # type: ignore[union-attr]
