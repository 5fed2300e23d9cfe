"""Results are shared only between hops whose zone facts are the same (Regime.cache_key)."""

from __future__ import annotations

import yaml

from tests.zones.conftest import assess, people, zone_map
from tests.zones.test_scope import SCENARIO_LIST
from xborder.datamap import load_map_text
from xborder.engine import assess_map


def test_two_flows_differing_only_in_scenario_get_their_own_results() -> None:
    doc = yaml.safe_load(zone_map([people(300000, "user.name", sector="automotive")], policies=[SCENARIO_LIST]))
    base = doc["flows"][0]
    doc["flows"] = [{**base, "id": "governed", "scenario": "after-sales-service"},
                    {**base, "id": "ungoverned", "scenario": "global-rd-testing"}]
    a = assess_map(load_map_text(yaml.safe_dump(doc, allow_unicode=True)))
    cn = {f.id: next(r for r in f.regimes if r.regime == "CN-PIPL") for f in a.flows}
    assert "cn.exemption.free-trade-zone" in cn["governed"].exemptions
    assert "cn.exemption.free-trade-zone" not in cn["ungoverned"].exemptions


def test_equal_zone_facts_share_one_result() -> None:
    doc = yaml.safe_load(zone_map([people(10, "user.name")]))
    doc["flows"].append({**doc["flows"][0], "id": "again"})
    a = assess_map(load_map_text(yaml.safe_dump(doc, allow_unicode=True)))
    first, second = (next(r for r in f.regimes if r.regime.startswith("ZONE-")) for f in a.flows)
    assert first is second


def test_a_map_without_zone_files_keeps_the_default_regimes() -> None:
    flow = assess(zone_map([people(10, "user.name")], zone="nowhere-ftz", policies=[]))
    assert [r.regime for r in flow.regimes if r.regime.startswith("ZONE")] == []
