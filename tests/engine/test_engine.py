"""The engine: routes, counting, status composition, caching, as_of."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest

from tests.rules._maps import regime_result
from xborder.datamap import load_map_text
from xborder.engine import assess_map, build_hops, flow_status
from xborder.engine.hop import count_individuals
from xborder.kb import OutOfRange, default_knowledge_base
from xborder.rules.base import RegimeResult, Verdict

ROUTE = """\
xborder: 1
as_of: 2026-06-01
entities:
  - {id: fr, country: FR}
  - {id: sg, country: SG}
  - {id: us, country: US}
  - {id: jp, country: JP}
datasets:
  - id: d
    categories: [user.name, user.contact.email]
    subjects: [{residence: FR, count: 100}]
flows:
  - {id: first, from: {entity: fr}, to: {entity: sg}, datasets: [d], safeguards: [eu.scc, eu.tia]}
  - {id: onward, from: {entity: sg}, to: {entity: us}, datasets: [d]}
  - {id: onward2, from: {entity: us}, to: {entity: jp}, datasets: [d]}
"""


def test_route_reconstruction_carries_the_origin_onward() -> None:
    hops = {h.id: h for h in build_hops(load_map_text(ROUTE), dt.date(2026, 6, 1), default_knowledge_base())}
    assert hops["first"].upstream == ()
    assert hops["onward"].upstream == ("first",)
    assert hops["onward2"].upstream_countries == frozenset({"FR", "SG"})
    assert hops["onward2"].origin_countries == frozenset({"FR"})


def test_onward_transfer_of_eu_data_stays_under_gdpr_chapter_v() -> None:
    a = assess_map(load_map_text(ROUTE))
    onward = regime_result(a, "onward", "EU-GDPR")
    assert onward.applies and onward.verdict is Verdict.CONDITIONAL
    assert any("onward transfer" in w for w in onward.why)
    # Japan is adequate: the last hop is permitted, still under Chapter V.
    assert regime_result(a, "onward2", "EU-GDPR").verdict is Verdict.PERMITTED


def test_cycles_in_routes_terminate() -> None:
    text = ROUTE + "  - {id: back, from: {entity: jp}, to: {entity: fr}, datasets: [d]}\n"
    hops = {h.id: h for h in build_hops(load_map_text(text), dt.date(2026, 6, 1), default_knowledge_base())}
    assert "FR" in hops["first"].upstream_countries  # came back round


def test_counting_same_individuals_once() -> None:
    m = load_map_text("""\
xborder: 1
entities: [{id: a, country: CN}]
datasets:
  - {id: x, categories: [user.name], subjects: [{residence: CN, count: 100}]}
  - {id: y, categories: [user.name], subjects: [{residence: CN, count: 70}], same_individuals_as: [x]}
  - {id: z, categories: [user.name], subjects: [{residence: CN, count: 5}, {residence: DE, count: 9}]}
""")
    x, y, z = m.datasets
    assert count_individuals([x, y]) == 100
    assert count_individuals([x, z]) == 114
    assert count_individuals([x, y, z], residence=frozenset({"CN"})) == 105


def _result(verdict: Verdict, applies: bool = True, satisfied: bool = True) -> RegimeResult:
    return RegimeResult("X", "X", applies, verdict, satisfied=satisfied)


@pytest.mark.parametrize("results,status", [
    ([], "compliant"),
    ([_result(Verdict.PERMITTED)], "compliant"),
    ([_result(Verdict.CONDITIONAL, satisfied=False)], "action_required"),
    ([_result(Verdict.CONDITIONAL, satisfied=False), _result(Verdict.PROHIBITED, satisfied=False)], "prohibited"),
    ([_result(Verdict.NOT_APPLICABLE, applies=False, satisfied=True)], "compliant"),
])
def test_flow_status_composition(results: list[RegimeResult], status: str) -> None:
    assert flow_status(results) == status


def test_cached_results_equal_uncached(monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.mapgen import generate
    from xborder.datamap.models import DataMap
    from xborder.rules import REGIMES

    m = DataMap.model_validate(generate(300, 60, 1500, seed=3))
    cached = orjson.loads(b"[" + b",".join(f.json_bytes() for f in assess_map(m).flows) + b"]")
    for regime in REGIMES:
        monkeypatch.setattr(type(regime), "cache_key", lambda self, hop, prepared: None)
    uncached = [f.as_dict() for f in assess_map(m).flows]
    assert cached == orjson.loads(orjson.dumps(uncached))


def test_as_of_before_the_modelled_law_is_refused() -> None:
    with pytest.raises(OutOfRange):
        assess_map(load_map_text(ROUTE.replace("2026-06-01", "2010-01-01")))


def test_law_changes_with_as_of() -> None:
    text = ROUTE.replace("{id: us, country: US}", "{id: us, country: US, certifications: [eu-us-privacy-shield]}")
    text = text.replace("{id: first, from: {entity: fr}, to: {entity: sg}", "{id: first, from: {entity: fr}, to: {entity: us}")
    before = assess_map(load_map_text(text), as_of=dt.date(2020, 7, 15))
    after = assess_map(load_map_text(text), as_of=dt.date(2020, 7, 16))
    assert regime_result(before, "first", "EU-GDPR").verdict is Verdict.PERMITTED
    assert regime_result(after, "first", "EU-GDPR").verdict is Verdict.CONDITIONAL  # Schrems II


def test_parallel_json_equals_serial_json() -> None:
    import io

    from benchmarks.mapgen import generate
    from xborder.datamap.models import DataMap
    from xborder.engine import parallel
    from xborder.engine.assess import prepare_assessment
    from xborder.report.json_out import write_json

    m = DataMap.model_validate(generate(400, 80, 2400, seed=5))
    serial = io.BytesIO()
    write_json(assess_map(m), serial)
    old = parallel.MIN_FLOWS_PER_WORKER
    parallel.MIN_FLOWS_PER_WORKER = 100  # force two workers on a small map
    try:
        forked = io.BytesIO()
        summary = parallel.write_json_parallel(prepare_assessment(m), forked, jobs=2)
    finally:
        parallel.MIN_FLOWS_PER_WORKER = old
    assert orjson.loads(forked.getvalue()) == orjson.loads(serial.getvalue())
    assert forked.getvalue() == serial.getvalue()
    assert sum(summary.values()) == 2400
