"""Shared results must equal fresh ones: a regime's cache key covers every fact it reads.

Hops with equal keys get the same result object, so a fact left out of a key would hand one
hop another's verdict. Each map here is assessed twice, with the regimes' caches and with
every key disabled, on dates either side of the changes the knowledge base records.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
import pytest

from tests.conftest import ROOT, SHARED
from xborder.datamap import load_map, load_map_text
from xborder.datamap.models import DataMap
from xborder.engine import assess_map
from xborder.rules import REGIMES

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
