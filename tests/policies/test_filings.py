"""Filings put a mechanism in effect on their dates (issue 10, item 4; docs/policies.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from xborder.datamap import MapError, load_map_text
from xborder.datamap.models import Filing
from xborder.engine import assess_map
from xborder.engine.filings import EXPIRED, IN_EFFECT, NOT_YET, OUTSTANDING, REFUSED, filing_state
from xborder.kb import default_knowledge_base

KB = default_knowledge_base()

# 1.5 million people: above the 2024 Provisions Art 7 threshold, so the security assessment is the route.
MAP = """\
xborder: 1
as_of: {as_of}
entities:
  - {{id: exporter-cn, country: CN}}
  - {{id: sub-de, country: DE}}
datasets:
  - id: members
    categories: [user.name, user.contact.phone_number]
    subjects: [{{residence: CN, count: 1500000}}]
    collected_in: CN
flows:
  - id: members-to-de
    from: {{entity: exporter-cn}}
    to: {{entity: sub-de}}
    datasets: [members]
    purpose: essential.service
    safeguards: [cn.pipia, cn.notice, cn.separate-consent{extra}]
filings:
{filings}
"""

APPROVED_2024 = """\
  - {id: sa, mechanism: cn.security-assessment, authority: CAC, exporter: exporter-cn, flows: [members-to-de],
     status: approved, filed: 2024-03-04, approved: 2024-07-01}
"""


def assess(as_of: str, filings: str = APPROVED_2024, extra: str = "") -> dict:
    datamap = load_map_text(MAP.format(as_of=as_of, filings=filings, extra=extra))
    return assess_map(datamap).flows[0].as_dict()


def cn(flow: dict) -> dict:
    return next(r for r in flow["regimes"] if r["regime"] == "CN-PIPL")


def filing(**kw) -> Filing:  # type: ignore[no-untyped-def]
    base = {"id": "f", "mechanism": "cn.security-assessment", "exporter": "e", "flows": ("x",)}
    return Filing.model_validate({**base, **kw})


def test_an_approved_assessment_satisfies_the_route_until_its_last_day_and_not_a_day_after() -> None:
    # 2024 Provisions Art 9: valid three years from the result; approved 1 July 2024 -> last day 30 June 2027.
    last_day = assess("2027-06-30")
    assert cn(last_day)["requirements"]["one_of"] == ["cn.security-assessment"]
    assert last_day["status"] == "compliant" and cn(last_day)["satisfied"]
    assert last_day["filings"][0]["state"] == IN_EFFECT and last_day["filings"][0]["expires"] == "2027-06-30"
    day_after = assess("2027-07-01")
    assert day_after["status"] == "action_required"
    assert cn(day_after)["missing"] == ["cn.security-assessment"]
    assert day_after["filings"][0]["state"] == EXPIRED
    assert "Art 9" in day_after["filings"][0]["why"]


def test_the_validity_is_that_of_the_law_on_the_day_of_approval() -> None:
    # 2022 Measures Art 14: two years for a result issued before the 2024 Provisions.
    state = filing_state(filing(status="approved", approved=dt.date(2023, 5, 10)), dt.date(2025, 5, 9), KB)
    assert (state.state, state.expires) == (IN_EFFECT, dt.date(2025, 5, 9))
    assert filing_state(filing(status="approved", approved=dt.date(2023, 5, 10)), dt.date(2025, 5, 10), KB).state == EXPIRED


def test_an_explicit_expiry_wins_over_the_validity() -> None:
    state = filing_state(filing(status="approved", approved=dt.date(2024, 7, 1), expires=dt.date(2025, 1, 31)),
                         dt.date(2025, 2, 1), KB)
    assert state.state == EXPIRED
    # `expiry:` (the word) is read as `expires:`
    assert filing(status="approved", approved=dt.date(2024, 7, 1), expiry=dt.date(2025, 1, 31)).expires == dt.date(2025, 1, 31)


def test_a_filing_governs_the_mechanism_even_if_the_flow_also_lists_it() -> None:
    rejected = """\
  - {id: sa, mechanism: cn.security-assessment, exporter: exporter-cn, flows: [members-to-de],
     status: rejected, filed: 2024-03-04, reasons: incomplete impact assessment}
"""
    flow = assess("2025-01-01", rejected, extra=", cn.security-assessment")
    assert flow["status"] == "action_required" and cn(flow)["missing"] == ["cn.security-assessment"]
    assert flow["filings"][0]["state"] == REFUSED and "incomplete impact assessment" in flow["filings"][0]["why"]
    # ...while without a filing the declared safeguard counts as before
    plain = load_map_text(MAP.format(as_of="2025-01-01", filings="  []", extra=", cn.security-assessment")
                          .replace("filings:\n  []\n", ""))
    assert assess_map(plain).flows[0].status == "compliant"


def test_an_assessment_awaiting_its_result_does_not_count() -> None:
    awaiting = filing(status="filed", filed=dt.date(2026, 1, 5))
    assert filing_state(awaiting, dt.date(2026, 3, 1), KB).state == OUTSTANDING


def test_a_standard_contract_without_a_date_of_effect_counts_from_its_filing_and_not_while_pending() -> None:
    # Without `effective:` the filing is the earliest day the map proves the contract in place.
    sc = {"mechanism": "cn.standard-contract"}
    assert filing_state(filing(**sc, status="pending"), dt.date(2025, 1, 1), KB).state == OUTSTANDING
    filed = filing(**sc, status="filed", filed=dt.date(2024, 12, 1))
    assert filing_state(filed, dt.date(2025, 1, 1), KB).state == IN_EFFECT
    assert filing_state(filed, dt.date(2024, 11, 30), KB).state == NOT_YET


def test_a_mechanism_no_rule_names_counts_from_its_approval_until_its_expiry() -> None:
    f = filing(mechanism="eu.bcr", status="approved", approved=dt.date(2024, 1, 1), expires=dt.date(2024, 12, 31))
    assert [filing_state(f, d, KB).state for d in (dt.date(2023, 12, 31), dt.date(2024, 12, 31), dt.date(2025, 1, 1))] \
        == [NOT_YET, IN_EFFECT, EXPIRED]


@pytest.mark.parametrize(("filings", "key", "needle"), [
    ("  - {id: a, mechanism: cn.security-asessment, exporter: exporter-cn, flows: [members-to-de], status: pending}\n",
     "filings[0].mechanism", "unknown mechanism id"),
    ("  - {id: a, mechanism: cn.security-assessment, exporter: sub-de, flows: [members-to-de], status: pending}\n",
     "filings[0].flows[0]", "not by the filing's exporter"),
    ("  - {id: a, mechanism: cn.security-assessment, exporter: exporter-cn, flows: [members-to-de], status: approved}\n",
     "filings[0].status", "`approved:`"),
    ("  - {id: a, mechanism: cn.security-assessment, exporter: exporter-cn, status: pending}\n",
     "filings[0]", "covers `flows` or `datasets`"),
    ("  - {id: a, mechanism: cn.security-assessment, exporter: exporter-cn, flows: [members-to-de], status: approved,"
     " approved: 2025-01-01, expires: 2024-01-01}\n", "filings[0].expires", "before"),
    ("  - {id: a, mechanism: cn.security-assessment, exporter: exporter-cn, flows: [nope], status: pending}\n",
     "filings[0].flows[0]", "no flow with id 'nope'"),
    ("  - {id: a, mechanism: cn.security-assessment, exporter: exporter-cn, flows: [members-to-de], status: aproved}\n",
     "filings[0].status", "not one of"),
])
def test_bad_filings_are_refused_naming_line_and_key(filings: str, key: str, needle: str) -> None:
    with pytest.raises(MapError) as info:
        load_map_text(MAP.format(as_of="2025-01-01", filings=filings, extra=""), "map.yaml")
    found = [(p.key, p.message, p.line) for p in info.value.problems]
    assert any(k == key and needle in m and line is not None for k, m, line in found), found


def test_working_days_are_counted_from_the_day_after_monday_to_friday() -> None:
    from xborder.engine.filings import working_days_after

    # Civil Code Art 201: the day of effect is not counted. Monday 2 March 2026 + 10 working days.
    assert working_days_after(dt.date(2026, 3, 2), 10) == dt.date(2026, 3, 16)
    # a contract taking effect on a Friday: the weekend does not count
    assert working_days_after(dt.date(2026, 3, 6), 1) == dt.date(2026, 3, 9)
    assert working_days_after(dt.date(2026, 3, 6), 10) == dt.date(2026, 3, 20)


SC = {"mechanism": "cn.standard-contract", "effective": dt.date(2026, 3, 2)}  # due by 16 March 2026


def test_a_standard_contract_counts_from_its_taking_effect_before_its_filing() -> None:
    # Standard Contract Measures Art 6: the outbound activity may start once the contract takes effect.
    unfiled = filing(**SC, status="pending")
    assert filing_state(unfiled, dt.date(2026, 3, 1), KB).state == NOT_YET
    first = filing_state(unfiled, dt.date(2026, 3, 2), KB)
    assert (first.state, first.starts, first.expires) == (IN_EFFECT, dt.date(2026, 3, 2), dt.date(2026, 3, 16))
    assert "by 2026-03-16" in first.why and "not recorded as filed" in first.why
    assert filing_state(unfiled, dt.date(2026, 3, 16), KB).state == IN_EFFECT


def test_an_unfiled_standard_contract_stops_counting_after_the_tenth_working_day() -> None:
    # Art 7: filed within 10 working days of taking effect.
    state = filing_state(filing(**SC, status="pending"), dt.date(2026, 3, 17), KB)
    assert state.state == OUTSTANDING and "not filed by 2026-03-17" in state.why


def test_a_standard_contract_filed_in_time_counts_from_its_taking_effect_to_its_expiry() -> None:
    filed = filing(**SC, status="filed", filed=dt.date(2026, 3, 16), expires=dt.date(2028, 3, 1))
    assert filing_state(filed, dt.date(2026, 3, 2), KB).state == IN_EFFECT
    assert filing_state(filed, dt.date(2027, 1, 1), KB).state == IN_EFFECT
    assert filing_state(filed, dt.date(2028, 3, 2), KB).state == EXPIRED


def test_a_late_filing_counts_again_from_its_day_and_not_in_the_gap() -> None:
    late = filing(**SC, status="filed", filed=dt.date(2026, 4, 1))
    assert filing_state(late, dt.date(2026, 3, 16), KB).state == IN_EFFECT
    assert filing_state(late, dt.date(2026, 3, 31), KB).state == OUTSTANDING
    again = filing_state(late, dt.date(2026, 4, 1), KB)
    assert (again.state, again.starts) == (IN_EFFECT, dt.date(2026, 4, 1)) and "filed late" in again.why


def test_the_assessment_follows_the_standard_contract_filing_window() -> None:
    # 150,000 people: the 2024 Provisions Art 8 route (standard contract or certification).
    text = MAP.replace("count: 1500000", "count: 150000")
    sc = """\
  - {id: sc, mechanism: cn.standard-contract, authority: Beijing CAC, exporter: exporter-cn, flows: [members-to-de],
     status: pending, effective: 2026-03-02}
"""

    def on(day: str) -> dict:
        return assess_map(load_map_text(text.format(as_of=day, filings=sc, extra=""))).flows[0].as_dict()

    assert on("2026-03-10")["status"] == "compliant"
    late = on("2026-03-17")
    assert late["status"] == "action_required" and "cn.standard-contract" in cn(late)["missing"][0]
    assert late["filings"][0]["state"] == OUTSTANDING
