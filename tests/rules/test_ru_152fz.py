"""RU-152FZ: Art 18(5) localization and Art 12 (as amended from 1 March 2023)."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow, regime_result
from xborder.datamap import load_map_text
from xborder.engine import assess_map
from xborder.rules.base import RegimeResult, Verdict


def ru(recipient: str = "DE", **kw: object) -> RegimeResult | None:
    kw.setdefault("citizenship", "RU")
    return one_flow("RU-152FZ", sender="RU", recipient=recipient, **kw)  # type: ignore[arg-type]


def test_art_18_5_primary_database_abroad_is_prohibited() -> None:
    r = ru(primary_store="there", safeguards="ru.transfer-notification")
    assert r is not None and r.verdict is Verdict.PROHIBITED and r.obligations == ("ru.localization",)


def test_primary_database_abroad_found_even_when_no_flow_names_its_location() -> None:
    text = """\
xborder: 1
as_of: 2026-06-01
entities: [{id: shop-ru, country: RU}, {id: crm, country: DE}]
locations: [{id: frankfurt, country: DE}]
datasets:
  - {id: buyers, categories: [user.name], subjects: [{residence: RU, citizenship: RU, count: 900}],
     primary_store: frankfurt}
flows:
  - {id: f, from: {entity: shop-ru}, to: {entity: crm}, datasets: [buyers]}
"""
    r = regime_result(assess_map(load_map_text(text)), "f", "RU-152FZ")
    assert r.verdict is Verdict.PROHIBITED and any("frankfurt (DE)" in s.text for s in r.steps)


@pytest.mark.parametrize("as_of,act", [("2025-06-30", "242-FZ"), ("2025-07-01", "23-FZ")])
def test_art_18_5_cites_the_wording_in_force(as_of: str, act: str) -> None:
    r = ru(primary_store="there", as_of=as_of)
    assert r is not None and r.verdict is Verdict.PROHIBITED
    assert any(act in (c.note or "") for c in r.citations)


def test_primary_database_in_russia_then_notification() -> None:
    r = ru(primary_store="here")
    assert r is not None and r.verdict is Verdict.PERMITTED
    assert r.obligations == ("ru.transfer-notification",) and not r.satisfied


def test_foreigners_data_abroad_is_not_localization() -> None:
    r = ru(primary_store="there", citizenship="DE", residence="DE")
    assert r is not None and r.verdict is Verdict.PERMITTED


@pytest.mark.parametrize(("as_of", "obligations"), [("2023-02-28", ()), ("2023-03-01", ("ru.transfer-notification",))])
def test_notification_from_1_march_2023(as_of: str, obligations: tuple[str, ...]) -> None:
    r = ru(as_of=as_of)
    assert r is not None and r.obligations == obligations


def test_before_2023_inadequate_state_needs_written_consent() -> None:
    r = ru("US", as_of="2022-06-01")
    assert r is not None and r.verdict is Verdict.CONDITIONAL and r.one_of == ("ru.written-consent",)


def test_before_2023_contract_with_subject_is_a_case_of_art_12_4() -> None:
    r = ru("US", as_of="2022-06-01", necessity="contract-with-subject")
    assert r is not None and r.verdict is Verdict.PERMITTED


def test_inadequate_destination_waits_for_roskomnadzor() -> None:
    r = ru("US")
    assert r is not None and any("under consideration" in s.text for s in r.steps)


def test_foreign_operator_collecting_in_russia_must_localize() -> None:
    r = one_flow("RU-152FZ", sender="DE", recipient="US", residence="RU", citizenship="RU", primary_store="here")
    assert r is not None and r.verdict is Verdict.PROHIBITED


def test_trace_states_what_the_map_says_not_a_collection_in_russia() -> None:
    # issue 7 item 6: the map says collected_in: CN; the trace must not state "collected in Russia"
    text = """\
xborder: 1
as_of: 2026-06-01
entities:
  - {id: exp, country: CN}
  - {id: imp, country: US}
locations:
  - {id: here, country: CN}
  - {id: there, country: US}
datasets:
  - {id: d, categories: [user.name], collected_in: CN, primary_store: there,
     subjects: [{residence: RU, citizenship: RU, count: 5000}]}
flows:
  - {id: f, from: {entity: exp, location: here}, to: {entity: imp, location: there}, datasets: [d]}
"""
    r = regime_result(assess_map(load_map_text(text)), "f", "RU-152FZ")
    tie = r.why[0]
    assert "Federation collected in Russia" not in tie and "collected_in: CN" in tie and "Assumed" in tie


@pytest.mark.parametrize("country", ["KG", "IN", "CI", "TH"])
def test_order_128_adds_five_states_from_1_march_2023(country: str) -> None:
    # before: not on the list, so written consent (Art 12(4) as then in force); from 1 March 2023: adequate
    before = ru(country, as_of="2023-02-28")
    assert before is not None and before.one_of == ("ru.written-consent",)
    after = ru(country, as_of="2023-03-01")
    assert after is not None and after.verdict is Verdict.PERMITTED
    assert any(f"{country} is on the list of states ensuring adequate protection" in s.text for s in after.steps)


@pytest.mark.parametrize("country", ["RS", "UA", "AM", "MK", "MD", "AL", "UY", "SN"])
def test_before_2023_parties_to_convention_108_are_adequate(country: str) -> None:
    # Art 12(1) as first enacted: transfers to the states parties to Convention 108 are free (Uruguay and
    # Senegal were parties before 2018)
    r = ru(country, as_of="2022-06-01")
    assert r is not None and r.verdict is Verdict.PERMITTED and r.one_of == ()


@pytest.mark.parametrize(("country", "joined"), [("MX", "2018-10-01"), ("AR", "2019-06-01"), ("MA", "2019-09-01")])
def test_non_european_parties_adequate_from_entry_into_force(country: str, joined: str) -> None:
    import datetime as dt

    day_before = (dt.date.fromisoformat(joined) - dt.timedelta(days=1)).isoformat()
    before = ru(country, as_of=day_before)
    assert before is not None and before.verdict is Verdict.CONDITIONAL and before.one_of == ("ru.written-consent",)
    after = ru(country, as_of=joined)
    assert after is not None and after.verdict is Verdict.PERMITTED


@pytest.mark.parametrize("as_of", ["2025-06-30", "2025-07-01"])
def test_art_18_5_excepts_art_6_1_2_statutory_duty_of_a_russian_operator(as_of: str) -> None:
    # both wordings of Art 18(5) except the cases of Art 6(1)(2), (3), (4), (8)
    r = ru(primary_store="there", necessity="statutory-duty", as_of=as_of)
    assert r is not None and r.verdict is Verdict.PERMITTED and "ru.localization" not in r.obligations
    assert r.exemptions == ("ru.exemption.statutory-duty",) and r.obligations == ("ru.transfer-notification",)


def test_statutory_duty_does_not_except_a_foreign_operator_or_other_necessity() -> None:
    foreign = one_flow("RU-152FZ", sender="DE", recipient="US", residence="RU", citizenship="RU",
                       primary_store="here", necessity="statutory-duty")
    assert foreign is not None and foreign.verdict is Verdict.PROHIBITED
    other = ru(primary_store="there", necessity="contract-with-subject")
    assert other is not None and other.verdict is Verdict.PROHIBITED


@pytest.mark.parametrize("as_of", ["2023-03-01", "2024-06-01"])
def test_emergency_transfer_to_a_state_off_the_list_is_not_blocked(as_of: str) -> None:
    # Art 12 from 1 March 2023: the engine never blocks during consideration; a life-or-health
    # transfer to a state off the list stays permitted once Roskomnadzor is notified
    r = ru("US", as_of=as_of, necessity="emergency")
    assert r is not None and r.verdict is Verdict.PERMITTED and r.obligations == ("ru.transfer-notification",)


@pytest.mark.parametrize(("as_of", "amended"), [("2026-07-25", False), ("2026-07-26", True)])
def test_265_fz_list_alone_counts_from_26_july_2026(as_of: str, amended: bool) -> None:
    # Law 265-FZ Art 1(1), Art 7(1): from its publication (26 July 2026) Art 12(2) no longer lists the parties as such
    for dest, adequate in (("FR", True), ("US", False)):
        r = ru(dest, as_of=as_of)
        assert r is not None and r.verdict is Verdict.PERMITTED and r.obligations == ("ru.transfer-notification",)
        assert any("265-FZ" in s.text for s in r.steps) is amended
        assert any("under consideration" in s.text for s in r.steps) is (not adequate)
