"""US-PADFA: data brokers and foreign adversaries (PADFA s2), both sides of the date in force."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow, regime_result
from xborder.datamap import load_map_text
from xborder.engine import assess_map
from xborder.rules.base import RegimeResult, Verdict

BROKER = ", data_broker: true"


def padfa(recipient: str = "CN", **kw: object) -> RegimeResult | None:
    kw.setdefault("categories", "user.location.precise")
    kw.setdefault("sender_extra", BROKER)
    return one_flow("US-PADFA", sender="US", recipient=recipient, residence="US", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("country", ["CN", "RU", "IR", "KP"])
def test_s2a_data_broker_to_a_foreign_adversary_is_prohibited(country: str) -> None:
    r = padfa(country)
    assert r is not None and r.verdict is Verdict.PROHIBITED and r.one_of == ()


def test_countries_of_concern_that_are_not_foreign_adversaries_are_not_reached() -> None:
    r = padfa("VE")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


def test_entity_controlled_through_its_parent() -> None:
    text = """\
xborder: 1
as_of: 2026-06-01
entities:
  - {id: broker, country: US, data_broker: true}
  - {id: parent-cn, country: CN}
  - {id: buyer-sg, country: SG, parent: parent-cn}
  - {id: buyer-de, country: DE}
datasets:
  - {id: d, categories: [user.government_id], subjects: [{residence: US, count: 10}]}
flows:
  - {id: f, from: {entity: broker}, to: {entity: buyer-sg}, datasets: [d]}
  - {id: g, from: {entity: broker}, to: {entity: buyer-de}, datasets: [d]}
"""
    a = assess_map(load_map_text(text))
    f = regime_result(a, "f", "US-PADFA")
    g = regime_result(a, "g", "US-PADFA")
    assert f.verdict is Verdict.PROHIBITED and any("parent-cn" in s.text for s in f.steps)
    assert g.verdict is Verdict.NOT_APPLICABLE


def test_non_broker_is_not_tied() -> None:
    assert padfa(sender_extra="") is None


def test_service_provider_exclusion() -> None:
    r = padfa(role="processor")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE and r.exemptions == ("us.exemption.service-provider",)


def _processor_map(parent_country: str) -> str:
    return f"""\
xborder: 1
as_of: 2026-06-01
entities:
  - {{id: owner, country: {parent_country}}}
  - {{id: broker, country: US, data_broker: true, parent: owner}}
  - {{id: proc-cn, country: CN}}
datasets:
  - {{id: d, categories: [user.location.precise], subjects: [{{residence: US, count: 10}}]}}
flows:
  - {{id: f, from: {{entity: broker}}, to: {{entity: proc-cn, role: processor}}, datasets: [d]}}
"""


@pytest.mark.parametrize(("parent_country", "verdict"), [("DE", Verdict.NOT_APPLICABLE), ("CN", Verdict.PROHIBITED)])
def test_no_service_provider_for_a_broker_controlled_by_a_foreign_adversary(parent_country: str,
                                                                            verdict: Verdict) -> None:
    # s2(c)(8)(A)(i): a service provider acts for a person "that is not ... controlled by a foreign adversary";
    # a US broker with a Chinese parent is so controlled (s2(c)(2)(B)), so its Chinese processor is no service
    # provider and the transfer is made available to an entity controlled by a foreign adversary.
    r = regime_result(assess_map(load_map_text(_processor_map(parent_country))), "f", "US-PADFA")
    assert r.verdict is verdict
    assert (r.exemptions == ("us.exemption.service-provider",)) is (verdict is Verdict.NOT_APPLICABLE)


@pytest.mark.parametrize(("category", "as_of", "verdict"), [
    ("user.demographic.sex_life", "2024-06-23", Verdict.PROHIBITED),  # s2(c)(7)(I) sexual behaviour
    ("user.behavior.browsing_history", "2024-06-23", Verdict.PROHIBITED),  # (O) online activities across sites
    ("user.behavior.browsing_history", "2024-06-22", Verdict.NOT_APPLICABLE),  # before s2(d)
    ("user.behavior.purchase_history", "2024-06-23", Verdict.NOT_APPLICABLE),  # no item of s2(c)(7)
])
def test_sexual_behaviour_and_online_activities_are_sensitive(category: str, as_of: str, verdict: Verdict) -> None:
    r = padfa(categories=category, as_of=as_of)
    assert r is not None and r.verdict is verdict


def test_data_that_is_not_sensitive_is_not_reached() -> None:
    r = padfa(categories="user.contact.email")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


@pytest.mark.parametrize(("as_of", "verdict"), [("2024-06-22", Verdict.NOT_APPLICABLE),
                                                 ("2024-06-23", Verdict.PROHIBITED)])
def test_in_force_23_june_2024(as_of: str, verdict: Verdict) -> None:
    r = padfa(as_of=as_of)
    assert r is not None and r.verdict is verdict


def test_no_volume_threshold() -> None:
    r = padfa(count=1)
    assert r is not None and r.verdict is Verdict.PROHIBITED


def _minors_map(as_of: str, minors: bool) -> str:
    return f"""\
xborder: 1
as_of: {as_of}
entities:
  - {{id: broker, country: US, data_broker: true}}
  - {{id: buyer-cn, country: CN}}
datasets:
  - {{id: d, categories: [user.name, user.contact.email], subjects: [{{residence: US, count: 10, minors: {str(minors).lower()}}}]}}
flows:
  - {{id: f, from: {{entity: broker}}, to: {{entity: buyer-cn}}, datasets: [d]}}
"""


@pytest.mark.parametrize(("minors", "verdict"), [(True, Verdict.PROHIBITED), (False, Verdict.NOT_APPLICABLE)])
def test_information_about_individuals_under_17_is_sensitive(minors: bool, verdict: Verdict) -> None:
    r = regime_result(assess_map(load_map_text(_minors_map("2026-06-01", minors))), "f", "US-PADFA")
    assert r.verdict is verdict
    if minors:
        assert "information about an individual under the age of 17" in r.classification["categories"]


def test_minors_item_only_from_23_june_2024() -> None:
    flow = assess_map(load_map_text(_minors_map("2024-06-22", True))).flow("f")
    r = next(x for x in flow.regimes if x.regime == "US-PADFA")
    assert r.verdict is Verdict.NOT_APPLICABLE
