"""Shared results must equal fresh ones: a regime's cache key covers every fact it reads.

Hops with equal keys get the same result object, so a fact left out of a key would hand one
hop another's verdict. Each map here is assessed twice, with the regimes' caches and with
every key disabled, on dates either side of the changes the knowledge base records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.conftest import ROOT, SHARED
from tests.engine.twins import twins_map
from xborder.datamap import load_map, load_map_text
from xborder.datamap.models import DataMap
from xborder.engine import assess_map
from xborder.engine.assess import prepare_assessment
from xborder.engine.hop import Hop
from xborder.rules import REGIMES
from xborder.rules.base import Regime, RegimeResult

# Features whose facts entered the keys late: GBA zones, data collected abroad, onward hops
# from adequate (and certified) senders, recipients registered elsewhere than they receive.
MIXED = """\
xborder: 1
entities:
  - {id: sz, country: CN, zone: cn-gba}
  - {id: sz2, country: CN, zone: cn-gba}
  - {id: hk, country: HK}
  - {id: hk-abroad, country: SG}
  - {id: de, country: DE}
  - {id: us-cert, country: US, certifications: [eu-us-dpf, uk-us-data-bridge]}
  - {id: us-plain, country: US}
  - {id: gb, country: GB}
  - {id: in, country: IN}
locations:
  - {id: sz-dc, country: CN}
  - {id: hk-dc, country: HK}
datasets:
  - {id: cn-people, categories: [user.name, user.contact.phone_number], subjects: [{residence: CN, count: 300000}]}
  - {id: eu-people, categories: [user.name, user.contact.email], subjects: [{residence: DE, count: 300000}], collected_in: DE}
  - {id: eu-health, categories: [user.health_and_medical], subjects: [{residence: DE, count: 2000}], important_data: true}
flows:
  - {id: a, from: {entity: sz, location: sz-dc}, to: {entity: hk, location: hk-dc}, datasets: [cn-people]}
  - {id: b, from: {entity: sz, location: sz-dc}, to: {entity: hk-abroad, location: hk-dc}, datasets: [cn-people]}
  - {id: c, from: {entity: de}, to: {entity: sz, location: sz-dc, role: processor}, datasets: [eu-people, eu-health]}
  - {id: d, from: {entity: sz, location: sz-dc}, to: {entity: de}, datasets: [eu-people]}
  - {id: e, from: {entity: sz2, location: sz-dc}, to: {entity: de}, datasets: [eu-health]}
  - {id: f, from: {entity: de}, to: {entity: us-cert}, datasets: [eu-people]}
  - {id: g, from: {entity: us-cert}, to: {entity: in}, datasets: [eu-people]}
  - {id: h, from: {entity: de}, to: {entity: gb}, datasets: [eu-people]}
  - {id: i, from: {entity: gb}, to: {entity: in}, datasets: [eu-people], safeguards: [uk.legacy-scc, uk.tra]}
  - {id: j, from: {entity: gb}, to: {entity: us-plain}, datasets: [eu-people]}
  - {id: k, from: {entity: us-plain}, to: {entity: in}, datasets: [eu-people]}
"""

MAPS = {p.stem: p for p in sorted((SHARED / "scenarios").glob("*.yaml"))}
MAPS |= {f"ours-{p.stem}": p for p in sorted((ROOT / "tests" / "scenarios").rglob("*.yaml"))}
MAPS["example"] = ROOT / "examples" / "ecommerce.yaml"

DATES = ["2021-03-01", "2023-06-01", "2024-06-01", "2026-01-01", "2026-06-01"]


def _both(datamap: DataMap, as_of: dt.date | None, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    cached = orjson.loads(b"[" + b",".join(f.json_bytes() for f in assess_map(datamap, as_of=as_of).flows) + b"]")
    with monkeypatch.context() as m:
        for regime in REGIMES:
            m.setattr(type(regime), "cache_key", lambda self, hop, prepared: None)
        uncached = orjson.loads(orjson.dumps([f.as_dict() for f in assess_map(datamap, as_of=as_of).flows]))
    return cached, uncached


@pytest.mark.parametrize("name", sorted(MAPS))
def test_cached_equals_uncached_on_every_scenario(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path: Path = MAPS[name]
    cached, uncached = _both(load_map(path), None, monkeypatch)
    assert cached == uncached


@pytest.mark.parametrize("as_of", DATES)
def test_cached_equals_uncached_across_dates(as_of: str, monkeypatch: pytest.MonkeyPatch) -> None:
    cached, uncached = _both(load_map_text(MIXED), dt.date.fromisoformat(as_of), monkeypatch)
    assert cached == uncached


# -- Twins: every regime, every fact ------------------------------------------------------------
# The checks below do not re-run the engine: they assess each hop afresh under each regime that
# reaches it and group the hops by key. Hops sharing a key whose fresh results differ are the
# ones the cache would hand a wrong result (the results are compared before the parties' ids are
# filled in, so a text naming a party by its id instead of a placeholder counts as a difference).

Row = tuple[Regime, Hop, Any, "bytes"]


def _fresh(doc: dict[str, Any], as_of: dt.date) -> list[Row]:
    prepared = prepare_assessment(DataMap.model_validate(doc), as_of=as_of)
    rows: list[Row] = []
    for hop in prepared.hops:
        for regime, state, _ in prepared.relevant(hop.touching):
            rows.append((regime, hop, state, _serialised(regime.assess(hop, state))))
    return rows


def _serialised(result: RegimeResult | None) -> bytes:
    return b"null" if result is None else orjson.dumps(result.as_dict())


def _wrongly_shared(rows: list[Row], key_of: Callable[[Regime, Hop, Any], Hashable | None]) -> dict[str, list[str]]:
    """Per regime, pairs of hops (by flow id) with equal keys and different fresh results."""
    first: dict[tuple[str, Hashable], tuple[str, bytes]] = {}
    wrong: dict[str, list[str]] = {}
    for regime, hop, state, fresh in rows:
        key = key_of(regime, hop, state)
        if key is None:
            continue
        seen = first.setdefault((regime.id, key), (hop.id, fresh))
        if seen[1] != fresh:
            wrong.setdefault(regime.id, []).append(f"{seen[0]} ~ {hop.id}")
    return wrong


@pytest.fixture(scope="module")
def twins() -> dict[str, list[Row]]:
    doc = twins_map()
    return {as_of: _fresh(doc, dt.date.fromisoformat(as_of)) for as_of in TWIN_DATES}


TWIN_DATES = ["2021-03-01", "2024-06-01", "2026-06-01", "2027-06-01"]


@pytest.mark.parametrize("as_of", TWIN_DATES)
def test_no_key_shares_a_result_between_twins(as_of: str, twins: dict[str, list[Row]]) -> None:
    wrong = _wrongly_shared(twins[as_of], lambda regime, hop, state: regime.cache_key(hop, state))
    assert not wrong, {regime: pairs[:3] for regime, pairs in wrong.items()}


def test_every_regime_defines_a_key_and_the_twins_exercise_it(twins: dict[str, list[Row]]) -> None:
    """A regime without a key runs afresh on every hop (the engine benchmark regresses); one the
    twins never reach, or always answer alike, is not really checked here: give it fixtures."""
    rows = twins["2026-06-01"]
    for regime in REGIMES:
        mine = [row for row in rows if row[0] is regime]
        assert all(regime.cache_key(hop, state) is not None for _, hop, state, _ in mine), regime.id
        assert len({fresh for *_, fresh in mine if fresh != b"null"}) >= 2, f"{regime.id}: twins give one answer"


def _changed(hop: Hop, **changes: Any) -> Hop:
    """A copy of the hop with some facts changed and nothing derived from them kept."""
    return replace(hop, **changes, _route=None, _related=None)


def _has(thing: Any, update: dict[str, Any]) -> bool:
    return all(getattr(thing, k) == v for k, v in update.items())


def _neutral_flow(**update: Any) -> Callable[[Hop], Hop]:
    return lambda hop: hop if _has(hop.flow, update) else _changed(hop, flow=hop.flow.model_copy(update=update))


def _neutral_party(end: str, **update: Any) -> Callable[[Hop], Hop]:
    def neutral(hop: Hop) -> Hop:
        party = getattr(hop, end)
        return hop if _has(party, update) else _changed(hop, **{end: replace(party, **update)})
    return neutral


def _neutral_entity(end: str, **update: Any) -> Callable[[Hop], Hop]:
    def neutral(hop: Hop) -> Hop:
        party = getattr(hop, end)
        if _has(party.entity, update):
            return hop
        return _changed(hop, **{end: replace(party, entity=party.entity.model_copy(update=update))})
    return neutral


# One fact of a hop set to the value its base twin has: a key computed on the neutral hop is a
# key that leaves the fact out.
NEUTRAL: dict[str, Callable[[Hop], Hop]] = {
    "safeguards": lambda hop: hop if not hop.in_place else _changed(
        hop, flow=hop.flow.model_copy(update={"safeguards": ()}), in_place=(), safeguards=frozenset(), evidence=()),
    "necessity": _neutral_flow(necessity=None),
    "purpose": _neutral_flow(purpose="essential.service"),
    "transaction": _neutral_flow(transaction=None),
    "direct collection": _neutral_flow(direct_collection=False),
    "recipient role": _neutral_party("recipient", role="controller"),
    "sender role": _neutral_party("sender", role="controller"),
    "recipient location": lambda hop: _neutral_party("recipient", location_country=hop.recipient.country)(hop),
    "recipient certifications": _neutral_entity("recipient", certifications=()),
    "recipient designation": _neutral_entity("recipient", covered_person=None),
    "sender ciio": _neutral_entity("sender", ciio=False),
    "sender data broker": _neutral_entity("sender", data_broker=False),
    "sender zone": _neutral_party("sender", zone=None),
}


@pytest.mark.parametrize("fact", sorted(NEUTRAL))
def test_a_key_leaving_out_a_fact_is_caught(fact: str, twins: dict[str, list[Row]]) -> None:
    """For each regime whose results turn on the fact, dropping the fact from its key makes the
    twins share a wrong result, so the check above would fail."""
    neutral = NEUTRAL[fact]
    rows = twins["2026-06-01"]
    neutral_hops = {hop.id: neutral(hop) for hop in {id(hop): hop for _, hop, _, _ in rows}.values()}
    depends = {regime.id for regime, hop, state, fresh in rows
               if (other := neutral_hops[hop.id]) is not hop and _serialised(regime.assess(other, state)) != fresh}
    assert depends, f"no regime's result turns on {fact} in the twins: the test would prove nothing"
    caught = _wrongly_shared(rows, lambda regime, hop, state: regime.cache_key(neutral_hops[hop.id], state))
    assert depends <= set(caught), f"not caught: {sorted(depends - set(caught))}"
