"""KR-PIPA Art 28-8 (from 15 September 2023) and Art 17(3) before it."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def pipa(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("KR-PIPA", sender="KR", recipient=recipient, **kw)  # type: ignore[arg-type]


def test_provision_abroad_needs_a_ground() -> None:
    r = pipa()
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert r.one_of == ("kr.consent", "kr.statute-or-treaty", "kr.certification")


def test_entrustment_abroad_may_rest_on_contract_necessity() -> None:
    r = pipa(role="processor")
    assert r is not None and "kr.contract-necessity" in r.one_of and not r.satisfied


def test_contract_necessity_declared_is_taken() -> None:
    r = pipa(role="processor", necessity="contract-with-subject", safeguards="kr.contract-necessity")
    assert r is not None and r.satisfied


def test_designated_certification_of_the_recipient() -> None:
    r = pipa(certs="kr-isms-p")
    assert r is not None and r.satisfied


@pytest.mark.parametrize(("as_of", "verdict"), [("2025-09-15", Verdict.CONDITIONAL),
                                                 ("2025-09-16", Verdict.PERMITTED)])
def test_eu_equivalence_recognition(as_of: str, verdict: Verdict) -> None:
    r = pipa("DE", as_of=as_of)
    assert r is not None and r.verdict is verdict


def test_equivalence_excludes_resident_registration_numbers() -> None:
    r = pipa("DE", categories="user.government_id.national_identification_number")
    assert r is not None and r.verdict is Verdict.CONDITIONAL


@pytest.mark.parametrize("category", ["user.financial", "user.financial.bank_account", "user.financial.credit_card"])
def test_equivalence_excludes_personal_credit_information(category: str) -> None:
    r = pipa("DE", categories=f"user.name, {category}")
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert any("excludes" in s.text and category in s.text for s in r.steps)


@pytest.mark.parametrize(("as_of", "one_of"), [("2023-09-14", ("kr.consent",)),
                                               ("2023-09-15", ("kr.consent", "kr.statute-or-treaty",
                                                               "kr.certification"))])
def test_amendment_in_force_15_september_2023(as_of: str, one_of: tuple[str, ...]) -> None:
    r = pipa(as_of=as_of)
    assert r is not None and r.one_of == one_of


def test_entrustment_before_the_amendment_needed_no_consent() -> None:
    r = pipa(as_of="2023-09-14", role="processor")
    assert r is not None and r.verdict is Verdict.PERMITTED


def test_domestic_recipient_is_not_a_transfer() -> None:
    r = pipa("KR")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


@pytest.mark.parametrize(("as_of", "satisfied"), [("2023-10-15", False), ("2023-10-16", True)])
def test_isms_p_designated_from_the_pipc_notice_of_16_october_2023(as_of: str, satisfied: bool) -> None:
    """ISMS-P is listed in Annex 2 of the PIPC notice on cross-border transfers, in force 16 October 2023."""
    r = pipa(as_of=as_of, certs="kr-isms-p")
    assert r is not None and "kr.certification" in r.one_of and r.satisfied is satisfied
