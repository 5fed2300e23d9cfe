"""NZ-PRIVACY: Privacy Act 1993 s114B until 30 November 2020; Privacy Act 2020 IPP 12 from 1 December 2020."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict


def nz(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("NZ-PRIVACY", sender="NZ", recipient=recipient, **kw)  # type: ignore[arg-type]


GROUNDS = ("nz.authorisation", "nz.subject-to-act", "nz.comparable-safeguards", "nz.binding-scheme", "nz.model-clauses")


@pytest.mark.parametrize(("as_of", "verdict"), [("2020-11-30", Verdict.PERMITTED), ("2020-12-01", Verdict.CONDITIONAL)])
def test_ipp_12_from_1_december_2020(as_of: str, verdict: Verdict) -> None:
    r = nz(as_of=as_of)
    assert r is not None and r.verdict is verdict


def test_1993_act_only_transfer_prohibition_notices_s114b() -> None:
    r = nz(as_of="2019-01-01")
    assert r is not None and r.one_of == () and r.citations[0].law == "Privacy Act 1993"
    assert r.citations[0].article == "114B"


def test_1993_act_notes_information_received_from_overseas() -> None:
    r = nz(as_of="2019-01-01", dataset_extra=", collected_in: DE")
    assert r is not None and any("received from DE" in s.text for s in r.steps)


def test_ipp_12_1_grounds() -> None:
    r = nz()
    assert r is not None and r.one_of == GROUNDS and not r.satisfied


@pytest.mark.parametrize("mech", GROUNDS)
def test_ipp_12_1_each_ground_declared(mech: str) -> None:
    r = nz(safeguards=mech)
    assert r is not None and r.satisfied and mech in r.exemptions


def test_ipp_12_1_e_no_prescribed_country() -> None:
    r = nz("AU")
    assert r is not None and r.verdict is Verdict.CONDITIONAL and "nz.prescribed-country" not in r.exemptions


@pytest.mark.parametrize(("as_of", "verdict"), [("2020-11-30", Verdict.PERMITTED), ("2020-12-01", Verdict.NOT_APPLICABLE)])
def test_s11_an_agent_storing_or_processing_receives_no_disclosure(as_of: str, verdict: Verdict) -> None:
    r = nz(as_of=as_of, role="processor")
    assert r is not None and r.verdict is verdict


def test_recipient_in_new_zealand_is_no_disclosure_abroad() -> None:
    r = nz("NZ")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


def test_part_8_onward_transfer_notices_kept_by_the_2020_act() -> None:
    r = nz(dataset_extra=", collected_in: DE")
    assert r is not None and any("s193" in s.text for s in r.steps)
    assert not any("s193" in s.text for s in nz().steps)  # type: ignore[union-attr]


# s7(1): a "foreign person or entity" is a body not established under New Zealand law (and not centrally
# controlled from New Zealand); IPP 12 follows the recipient's establishment, not where it receives the data.
def test_s7_a_new_zealand_body_abroad_is_not_a_foreign_entity() -> None:
    r = nz("NZ", recipient_location="AU")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE
    assert "not a foreign person or entity" in r.why[-1] and r.one_of == ()


def test_s7_a_foreign_body_receiving_in_new_zealand_is_a_foreign_entity() -> None:
    r = nz("US", recipient_location="NZ")
    assert r is not None and r.verdict is Verdict.CONDITIONAL and r.one_of == GROUNDS and not r.satisfied
    assert any("IPP 12(1)(b)" in s.text for s in r.steps)
    r = nz("US", recipient_location="NZ", safeguards="nz.subject-to-act")
    assert r is not None and r.satisfied and "nz.subject-to-act" in r.exemptions


def test_s7_an_agent_receiving_in_new_zealand_still_receives_no_disclosure() -> None:
    r = nz("US", recipient_location="NZ", role="processor")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


@pytest.mark.parametrize(("recipient", "location"), [("NZ", "AU"), ("US", "NZ")])
def test_1993_act_keeps_the_place_of_the_transfer(recipient: str, location: str) -> None:
    # s114B: a transfer "from New Zealand to another State"; the s7(1) test starts with the 2020 Act
    r = nz(recipient, recipient_location=location, as_of="2020-11-30")
    assert r is not None
    assert r.verdict is (Verdict.PERMITTED if location == "AU" else Verdict.NOT_APPLICABLE)


# s24(1)(a): nothing in IPP 12 limits a New Zealand enactment that authorises or requires personal information
# to be made available - the flow's necessity 'statutory-duty'.
def test_s24_a_disclosure_required_by_an_enactment_needs_no_ipp_12_ground() -> None:
    r = nz(necessity="statutory-duty")
    assert r is not None and r.verdict is Verdict.PERMITTED and r.satisfied
    assert r.exemptions == ("nz.exemption.statutory-duty",)
    assert any(c.article == "24(1)(a)" for c in r.citations)


@pytest.mark.parametrize("necessity", ["contract-with-subject", "emergency", "legal-claims", "public-interest"])
def test_s24_other_necessities_leave_ipp_12_grounds(necessity: str) -> None:
    r = nz(necessity=necessity)
    assert r is not None and r.verdict is Verdict.CONDITIONAL and r.one_of == GROUNDS and not r.satisfied


def test_s24_before_the_2020_act_nothing_changes() -> None:
    r = nz(necessity="statutory-duty", as_of="2020-11-30")
    assert r is not None and r.verdict is Verdict.PERMITTED and r.exemptions == ()
