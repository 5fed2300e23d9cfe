"""US-DFARS, US-IRS1075, US-ITAR and US-EAR: regimes that fire on the dataset's `controls`."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.datamap import MapError, load_map_text
from xborder.rules.base import RegimeResult, Verdict


def flow(regime: str, control: str, *, sender: str = "US", recipient: str = "DE", **kw: object) -> RegimeResult | None:
    extra = f", controls: [{control}]" + (f", primary_store: {kw.pop('store')}" if "store" in kw else "")
    return one_flow(regime, sender=sender, recipient=recipient, dataset_extra=extra, **kw)  # type: ignore[arg-type]


def dfars(**kw: object) -> RegimeResult | None:
    return flow("US-DFARS", "us.dod-government-data", **kw)


def irs(**kw: object) -> RegimeResult | None:
    return flow("US-IRS1075", "us.fti", **kw)


def itar(**kw: object) -> RegimeResult | None:
    return flow("US-ITAR", "us.itar-technical-data", **kw)


def ear(**kw: object) -> RegimeResult | None:
    return flow("US-EAR", "us.ear-controlled", **kw)


def articles(r: RegimeResult) -> list[str]:
    return [s.cite.article for s in r.steps if s.cite]


# --- the map: a dataset declares its controls ------------------------------------------------

def test_unknown_control_is_refused_with_the_id_meant() -> None:
    text = """\
xborder: 1
entities: [{id: a, country: US}]
datasets: [{id: d, controls: [us.itar-technical-dat]}]
"""
    with pytest.raises(MapError) as info:
        load_map_text(text, "map.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.key, problem.suggestion) == (3, "datasets[0].controls[0]", "us.itar-technical-data")


def test_a_control_is_not_a_safeguard() -> None:
    with pytest.raises(MapError, match="is a control id, not a safeguard id"):
        one_flow("US-ITAR", sender="US", recipient="DE", safeguards="us.fti")


def test_no_control_no_result() -> None:
    for regime in ("US-DFARS", "US-IRS1075", "US-ITAR", "US-EAR"):
        assert one_flow(regime, sender="US", recipient="DE") is None


# --- DFARS 252.239-7010(b)(3) ----------------------------------------------------------------

def test_dfars_government_data_abroad_needs_the_contracting_officers_notification() -> None:
    r = dfars()
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert r.one_of == ("us.dfars.co-authorization",) and not r.satisfied
    assert "252.239-7010(b)(3)" in r.citations[0].article
    assert dfars(safeguards="us.dfars.co-authorization").satisfied  # type: ignore[union-attr]


@pytest.mark.parametrize("place", ["PR", "GU", "UM", "US"])
def test_dfars_outlying_areas_of_far_2_101_are_allowed(place: str) -> None:
    r = dfars(recipient=place)
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


def test_dfars_primary_store_abroad_counts_even_when_the_recipient_is_in_the_us() -> None:
    r = dfars(recipient="US", recipient_location="US", sender_location="CA", store="here")
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert any("primary store of d in CA" in s.text for s in r.steps)


# --- IRS Publication 1075: offshore ----------------------------------------------------------

@pytest.mark.parametrize(("as_of", "verdict"), [("2021-10-31", Verdict.NOT_APPLICABLE), ("2021-11-01", Verdict.PROHIBITED)])
def test_irs_1075_offshore_rule_recorded_from_the_november_2021_revision(as_of: str, verdict: Verdict) -> None:
    r = irs(recipient="IN", as_of=as_of)
    assert r is not None and r.verdict is verdict
    if verdict is Verdict.NOT_APPLICABLE:
        assert "2021-11-01" in r.why[-1]


def test_irs_1075_territories_are_not_offshore() -> None:
    r = irs(recipient="VI")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


def test_irs_1075_has_no_instrument() -> None:
    r = irs(recipient="CA", safeguards="us.dfars.co-authorization")
    assert r is not None and r.verdict is Verdict.PROHIBITED and r.one_of == () and not r.satisfied


# --- ITAR: 22 CFR 120.50 (export), 120.54 (not exports), 120.56 (release) ----------------

def test_itar_export_out_of_the_united_states_needs_a_licence_or_exemption() -> None:
    r = itar()
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    # a foreign company receiving the data itself: encryption cannot keep that from being a release
    assert r.one_of == ("us.itar.license", "us.itar.exemption")
    assert "§ 120.50(a)(1)" in articles(r)
    stored = itar(role="processor")
    assert stored is not None and stored.one_of == ("us.itar.license", "us.itar.exemption", "us.encryption-carve-out")


@pytest.mark.parametrize(("as_of", "section"), [("2022-09-05", "§ 120.17(a)(1)"), ("2022-09-06", "§ 120.50(a)(1)")])
def test_itar_export_definition_renumbered_on_6_september_2022(as_of: str, section: str) -> None:
    r = itar(as_of=as_of)
    assert r is not None and section in articles(r)


@pytest.mark.parametrize(("as_of", "offered"), [("2020-03-24", False), ("2020-03-25", True)])
def test_itar_encryption_carve_out_exists_from_25_march_2020(as_of: str, offered: bool) -> None:
    r = itar(as_of=as_of, role="processor")
    assert r is not None and ("us.encryption-carve-out" in r.one_of) is offered


def test_itar_encrypted_storage_with_a_processor_abroad_is_taken_when_declared() -> None:
    r = itar(role="processor", safeguards="us.encryption-carve-out")
    assert r is not None and r.satisfied and "us.encryption-carve-out" in r.exemptions


def test_itar_carve_out_refused_for_storage_in_russia() -> None:
    r = itar(recipient="RU", role="processor", safeguards="us.encryption-carve-out")
    assert r is not None and "us.encryption-carve-out" not in r.one_of and not r.satisfied
    assert any("RU" in s.text and s.taken is False for s in r.steps)


def test_itar_carve_out_needs_a_us_person_in_the_united_states_as_intended_recipient() -> None:
    # a U.S. company receiving abroad as controller: 120.54(b)(2) names "a U.S. person in the United States"
    r = itar(recipient="US", recipient_location="DE")
    assert r is not None and r.verdict is Verdict.CONDITIONAL and "us.encryption-carve-out" not in r.one_of
    assert ear(recipient="US", recipient_location="DE").one_of[-1] == "us.encryption-carve-out"  # type: ignore[union-attr]


def test_itar_deemed_export_to_a_foreign_company_in_the_united_states() -> None:
    r = itar(recipient="DE", recipient_location="US")
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert "§ 120.50(a)(2), (b)" in articles(r) and "us.encryption-carve-out" not in r.one_of
    assert any("deemed export to DE" in s.text for s in r.steps)


def test_itar_transfer_between_us_persons_in_the_united_states_is_not_an_export() -> None:
    r = itar(recipient="US")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE and r.citations[-1].article == "§ 120.54(a)(2)"


def test_itar_reexport_from_one_foreign_country_to_another() -> None:
    r = itar(sender="US", sender_location="DE", recipient="FR")
    assert r is not None and r.verdict is Verdict.CONDITIONAL and "§ 120.51(a)(1)" in articles(r)


def test_itar_within_one_foreign_country_among_us_persons_is_not_an_export() -> None:
    r = itar(sender="US", sender_location="DE", recipient="US", recipient_location="DE")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE and r.citations[-1].article == "§ 120.54(a)(3)"


def test_itar_release_to_a_foreign_person_abroad() -> None:
    r = itar(sender="US", sender_location="DE", recipient="DE")
    assert r is not None and r.verdict is Verdict.CONDITIONAL and "§ 120.56(a)(2)" in articles(r)


def test_itar_licence_satisfies() -> None:
    assert itar(safeguards="us.itar.license").satisfied  # type: ignore[union-attr]


# --- EAR: 15 CFR 734.13 (export), 734.15 (release), 734.18 (not exports) ---------------------

def test_ear_export_needs_an_authorization_basis() -> None:
    r = ear(recipient="CN", role="processor")
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert r.one_of == ("us.ear.license", "us.ear.license-exception", "us.ear.nlr", "us.encryption-carve-out")
    assert "§ 734.13(a)(1)" in articles(r)
    assert ear(recipient="CN", safeguards="us.ear.nlr").satisfied  # type: ignore[union-attr]


def test_ear_carve_out_exists_before_2020_unlike_itar() -> None:
    r = ear(as_of="2019-01-01", role="processor", safeguards="us.encryption-carve-out")
    assert r is not None and r.satisfied and "us.encryption-carve-out" in r.exemptions


def test_ear_release_abroad_needs_the_authorization_of_an_export() -> None:
    r = ear(sender="US", sender_location="IN", recipient="IN")
    assert r is not None and r.verdict is Verdict.CONDITIONAL and "§ 734.15(a)(2), (b)" in articles(r)
    assert "us.encryption-carve-out" not in r.one_of


def test_ear_moving_to_puerto_rico_is_not_an_export() -> None:
    r = ear(recipient="PR")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE and r.citations[-1].article == "§ 734.18(a)(2)"


def test_sending_into_the_united_states_to_a_us_person_is_not_an_export() -> None:
    for regime in (itar, ear):
        r = regime(sender="US", sender_location="DE", recipient="US")
        assert r is not None and r.verdict is Verdict.NOT_APPLICABLE and r.citations[-1].article.endswith("(a)(1)")
        assert "into the United States" in r.why[-1]


def test_a_foreign_storage_processor_in_the_united_states_can_hold_encrypted_data() -> None:
    # 120.54(c): access to technical data in encrypted form meeting (a)(5) is no release or export
    r = itar(recipient="DE", recipient_location="US", role="processor", safeguards="us.encryption-carve-out")
    assert r is not None and r.satisfied and "us.encryption-carve-out" in r.exemptions


def test_sent_from_russia_excludes_the_itar_carve_out_but_not_the_ears() -> None:
    # ITAR 120.54(a)(5)(v) "Not sent from ... the Russian Federation"; EAR 734.18(a)(5)(iv) names storage only
    kw = dict(sender="US", sender_location="RU", recipient="FR", role="processor")
    assert "us.encryption-carve-out" not in itar(**kw).one_of  # type: ignore[arg-type, union-attr]
    assert "us.encryption-carve-out" in ear(**kw).one_of  # type: ignore[arg-type, union-attr]
