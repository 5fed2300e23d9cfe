"""TR-KVKK Art 9: the old rule until 31 May 2024, the Law No. 7499 rule from 1 June 2024."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def kvkk(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("TR-KVKK", sender="TR", recipient=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("as_of", "one_of"), [
    ("2024-05-31", ("tr.explicit-consent", "tr.undertaking")),
    ("2024-06-01", ("tr.explicit-consent", "tr.undertaking")),  # the Board adopted the standard contract on 4 June
    ("2024-06-04", ("tr.explicit-consent", "tr.undertaking", "tr.scc")),
    ("2024-09-01", ("tr.undertaking", "tr.scc")),
])
def test_grounds_by_date(as_of: str, one_of: tuple[str, ...]) -> None:
    r = kvkk(as_of=as_of)
    assert r is not None and r.verdict is Verdict.CONDITIONAL and r.one_of == one_of


@pytest.mark.parametrize(("as_of", "article"), [("2024-05-31", "9(1), 9(2)(b)"), ("2024-06-01", "9(4)")])
def test_articles_cited_by_version(as_of: str, article: str) -> None:
    r = kvkk(as_of=as_of)
    assert r is not None and r.steps[-1].cite is not None and r.steps[-1].cite.article == article


def test_standard_contract_must_be_notified_within_five_business_days() -> None:
    r = kvkk(safeguards="tr.scc")
    assert r is not None and r.obligations == ("tr.scc-notification",) and not r.satisfied
    done = kvkk(safeguards="tr.scc, tr.scc-notification")
    assert done is not None and done.satisfied


def test_written_undertaking_needs_no_notification() -> None:
    r = kvkk(safeguards="tr.undertaking")
    assert r is not None and r.satisfied and r.obligations == ()


def test_binding_corporate_rules_within_a_group_from_june_2024() -> None:
    assert "tr.bcr" in kvkk(recipient_extra=", parent: exp").one_of  # type: ignore[union-attr]
    assert "tr.bcr" not in kvkk(recipient_extra=", parent: exp", as_of="2024-05-31").one_of  # type: ignore[union-attr]


@pytest.mark.parametrize(("as_of", "offered"), [("2024-05-31", False), ("2024-06-01", True)])
def test_incidental_transfers_art_9_6_only_after_the_amendment(as_of: str, offered: bool) -> None:
    r = kvkk(as_of=as_of, necessity="contract-with-subject")
    assert r is not None and ("tr.derogation.contract" in r.one_of) is offered


def test_no_adequacy_decision_is_assumed() -> None:
    r = kvkk("DE")
    assert r is not None and r.verdict is Verdict.CONDITIONAL and "tr.adequacy" not in r.exemptions


def test_domestic_recipient() -> None:
    r = kvkk("TR")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


@pytest.mark.parametrize(("necessity", "mech", "article"), [
    ("contract-with-subject", "tr.derogation.contract", "9(6)(b)"),
    ("public-interest", "tr.derogation.public-interest", "9(6)(ç)"),
    ("legal-claims", "tr.derogation.legal-claims", "9(6)(d)"),
    ("emergency", "tr.derogation.vital-interests", "9(6)(e)"),
])
def test_art_9_6_cases_cited_by_letter(necessity: str, mech: str, article: str) -> None:
    r = kvkk(necessity=necessity, as_of="2024-06-01")
    assert r is not None and r.satisfied and mech in r.one_of
    assert r.steps[-1].cite is not None and r.steps[-1].cite.article == article


@pytest.mark.parametrize("necessity", ["contract-with-subject", "public-interest", "legal-claims", "emergency"])
def test_art_9_6_serves_only_an_incidental_transfer(necessity: str) -> None:
    # "arızi olmak kaydıyla sadece": a standing feed to a processor cannot rest on any Art 9(6) case.
    one_off = kvkk(necessity=necessity, as_of="2024-06-01")
    feed = kvkk(necessity=necessity, as_of="2024-06-01", role="processor")
    assert one_off is not None and one_off.satisfied
    assert feed is not None and not feed.satisfied and not any(m.startswith("tr.derogation.") for m in feed.one_of)
    assert any("arızi" in s.text for s in feed.steps)


def test_explicit_consent_after_the_transition_is_an_incidental_ground_art_9_6_a() -> None:
    # From 1 September 2024 explicit consent no longer carries a regular transfer (tr.explicit-consent ended).
    one_off = kvkk(safeguards="tr.derogation.explicit-consent", as_of="2024-09-01")
    assert one_off is not None and one_off.satisfied
    feed = kvkk(safeguards="tr.derogation.explicit-consent", as_of="2024-09-01", role="processor")
    assert feed is not None and not feed.satisfied
    old = kvkk(safeguards="tr.explicit-consent", as_of="2024-08-31", role="processor")
    assert old is not None and old.satisfied  # the old Art 9(1), kept by the provisional article, had no such limit


@pytest.mark.parametrize("mech", ["tr.derogation.third-party-contract", "tr.derogation.public-register"])
def test_art_9_6_c_and_f_declared_incidental_only(mech: str) -> None:
    assert kvkk(safeguards=mech, as_of="2024-06-01").satisfied  # type: ignore[union-attr]
    assert not kvkk(safeguards=mech, as_of="2024-06-01", role="processor").satisfied  # type: ignore[union-attr]
    assert not kvkk(safeguards=mech, as_of="2024-05-31").satisfied  # type: ignore[union-attr]  # no Art 9(6) before
