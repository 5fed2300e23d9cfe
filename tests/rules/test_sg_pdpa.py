"""SG-PDPA s26 with the PDP Regulations 2021 regs 9-12."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def pdpa(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("SG-PDPA", sender="SG", recipient=recipient, **kw)  # type: ignore[arg-type]


def test_s26_transfer_needs_comparable_protection() -> None:
    r = pdpa()
    assert r is not None and r.verdict is Verdict.CONDITIONAL and not r.satisfied
    assert r.one_of == ("sg.contract", "sg.certification", "sg.consent", "sg.necessity")


def test_bcr_only_for_related_recipients() -> None:
    r = pdpa(recipient_extra=", parent: exp")
    assert r is not None and "sg.bcr" in r.one_of


def test_reg_12_cbpr_recipient() -> None:
    r = pdpa(certs="apec-cbpr")
    assert r is not None and r.satisfied


def test_reg_12_prp_serves_only_a_data_intermediary() -> None:
    assert not pdpa(certs="apec-prp").satisfied  # type: ignore[union-attr]
    assert pdpa(certs="apec-prp", role="processor").satisfied  # type: ignore[union-attr]


@pytest.mark.parametrize(("as_of", "ok"), [("2026-03-01", False), ("2026-03-02", True)])
def test_cbpr_for_a_data_intermediary_from_2_march_2026(as_of: str, ok: bool) -> None:
    r = pdpa(certs="apec-cbpr", role="processor", as_of=as_of)
    assert r is not None and r.satisfied is ok


def test_certification_must_be_recognised_where_the_recipient_is() -> None:
    r = pdpa("BR", certs="apec-cbpr")
    assert r is not None and not r.satisfied


@pytest.mark.parametrize("necessity", ["contract-with-subject", "emergency"])
def test_reg_10_2_deemed_satisfied(necessity: str) -> None:
    r = pdpa(necessity=necessity)
    assert r is not None and r.satisfied


def test_other_necessity_is_not_a_reg_10_2_ground() -> None:
    r = pdpa(necessity="legal-claims")
    assert r is not None and not r.satisfied


def test_data_intermediary_transfer_is_the_principal_s_responsibility() -> None:
    r = pdpa(sender_role="processor")
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert any("4(2)" in (s.cite.article if s.cite else "") for s in r.steps)


def test_recipient_in_singapore_is_not_a_transfer() -> None:
    r = pdpa("SG")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


def test_2019_cites_the_2014_regulations_and_does_not_say_no_ground_was_declared() -> None:
    # issue 7 item 6: before 1 February 2021 the PDP Regulations 2014 applied; investigation or
    # proceedings are not among the Schedule paragraphs reg 9(3)(e) lists
    r = one_flow("SG-PDPA", sender="SG", recipient="DE", as_of="2019-06-01", necessity="legal-claims")
    assert r is not None and not r.satisfied
    labels = [s.render() for s in r.steps]
    assert not any("Regulations 2021" in t for t in labels), labels
    step = next(s for s in r.steps if s.text.startswith("sg.necessity"))
    assert "not recorded as a ground of reg 9(3) of the PDP Regulations 2014" in step.text
    assert step.cite is not None and step.cite.law == "PDP Regulations 2014"


@pytest.mark.parametrize(("necessity", "ground"), [("contract-with-subject", "9(3)(b)"), ("emergency", "9(3)(e)")])
@pytest.mark.parametrize("as_of", ["2019-06-01", "2021-01-31"])
def test_2014_reg_9_3_grounds_before_february_2021(necessity: str, ground: str, as_of: str) -> None:
    # PDP Regulations 2014 reg 9(3)(b) (contract with the individual) and (e) (Fourth Schedule 1(b):
    # an emergency threatening life, health or safety) satisfied reg 9(1)(b)
    r = one_flow("SG-PDPA", sender="SG", recipient="US", as_of=as_of, necessity=necessity)
    assert r is not None and r.verdict is Verdict.CONDITIONAL and r.satisfied
    step = next(s for s in r.steps if s.text.startswith("sg.necessity"))
    assert f"reg {ground}" in step.text and step.cite is not None
    assert (step.cite.law, step.cite.article) == ("PDP Regulations 2014", "reg 9(3)")
    assert not any("Regulations 2021" in s.render() for s in r.steps)


@pytest.mark.parametrize("necessity", ["contract-with-subject", "emergency"])
def test_2021_reg_10_2_grounds_from_1_february_2021(necessity: str) -> None:
    r = one_flow("SG-PDPA", sender="SG", recipient="US", as_of="2021-02-01", necessity=necessity)
    assert r is not None and r.satisfied
    step = next(s for s in r.steps if s.text.startswith("sg.necessity"))
    assert step.cite is not None and (step.cite.law, step.cite.article) == ("PDP Regulations 2021", "reg 10(2)")
