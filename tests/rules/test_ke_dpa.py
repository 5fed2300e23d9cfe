"""KE-DPA: Data Protection Act 2019 ss48-50 (from 25 November 2019) and the General Regulations 2021."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def ke(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("KE-DPA", sender="KE", recipient=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("as_of", "verdict"), [("2019-11-24", Verdict.NOT_APPLICABLE), ("2019-11-25", Verdict.CONDITIONAL)])
def test_act_commenced_25_november_2019(as_of: str, verdict: Verdict) -> None:
    r = ke(as_of=as_of)
    assert r is not None and r.verdict is verdict


def test_s48_a_proof_of_appropriate_safeguards() -> None:
    r = ke(safeguards="ke.appropriate-safeguards")
    assert r is not None and r.satisfied and r.one_of == ("ke.appropriate-safeguards", "ke.consent")


def test_reg_40_d_consent() -> None:
    r = ke(safeguards="ke.consent")
    assert r is not None and r.satisfied


@pytest.mark.parametrize(("necessity", "mech", "article"), [
    ("contract-with-subject", "ke.derogation.contract", "48(c)(i)"),
    ("public-interest", "ke.derogation.public-interest", "48(c)(iii)"),
    ("legal-claims", "ke.derogation.legal-claims", "48(c)(iv)"),
    ("emergency", "ke.derogation.vital-interests", "48(c)(v)"),
])
def test_s48_c_necessity(necessity: str, mech: str, article: str) -> None:
    r = ke(necessity=necessity)
    assert r is not None and r.satisfied and mech in r.one_of
    assert r.steps[-1].cite is not None and r.steps[-1].cite.article == article


@pytest.mark.parametrize(("as_of", "needed"), [("2019-11-24", False), ("2019-11-25", True)])
def test_s49_1_sensitive_data_needs_consent(as_of: str, needed: bool) -> None:
    r = ke(as_of=as_of, categories="user.health_and_medical", safeguards="ke.appropriate-safeguards")
    assert r is not None and ("ke.sensitive-consent" in r.obligations) is needed
    if needed:
        assert not r.satisfied and r.classification["tier"] == "special"


def test_s49_1_sensitive_data_with_consent_and_safeguards() -> None:
    r = ke(categories="user.biometric", safeguards="ke.appropriate-safeguards, ke.sensitive-consent")
    assert r is not None and r.satisfied


def test_ordinary_data_owes_no_sensitive_consent() -> None:
    r = ke(safeguards="ke.appropriate-safeguards")
    assert r is not None and "ke.sensitive-consent" not in r.obligations


def test_s50_strategic_interest_processing_is_reported_not_derived() -> None:
    r = ke()
    assert r is not None and any("s50" in s.text and "serving copy" in s.text for s in r.steps)


@pytest.mark.parametrize(("as_of", "reported"), [("2022-01-13", False), ("2022-01-14", True)])
def test_reg_26_purposes_are_reported_only_from_the_general_regulations(as_of: str, reported: bool) -> None:
    r = ke(as_of=as_of)
    assert r is not None and any("serving copy" in s.text for s in r.steps) is reported


@pytest.mark.parametrize(("as_of", "one_of"), [("2022-01-13", ("ke.appropriate-safeguards",)),
                                               ("2022-01-14", ("ke.appropriate-safeguards", "ke.consent"))])
def test_reg_40_d_consent_from_the_general_regulations(as_of: str, one_of: tuple[str, ...]) -> None:
    r = ke(as_of=as_of)
    assert r is not None and r.one_of == one_of
