"""A zone's list applies from its date; a later edition replaces an earlier one from its own."""

from __future__ import annotations

import datetime as dt

from tests.zones.conftest import EXAMPLE_LIST, assess, people, result, trace, zone_map
from xborder.datamap import load_map_text
from xborder.engine.assess import build_hops
from xborder.kb import default_knowledge_base
from xborder.zones.book import ZoneBook

LATER = {**EXAMPLE_LIST, "id": "example-ftz-2026", "published": "2026-03-01",
         "negative": [{"id": None, "scenarios": [{"id": None, "categories": [
             {"name": "金融账户", "categories": ["user.financial"], "route": "standard-contract-or-certification"}]}]}]}


def test_before_its_publication_a_list_is_not_applied() -> None:
    flow = assess(zone_map([people(300000, "user.name")]), as_of="2024-12-31")
    zone = result(flow, "ZONE-")
    assert zone.verdict.value == "not_applicable" and "not in force on 2024-12-31" in trace(zone)
    assert result(flow, "CN-PIPL").one_of == ("cn.standard-contract", "cn.certification")


def test_on_its_publication_day_it_applies() -> None:
    flow = assess(zone_map([people(300000, "user.name")]), as_of="2025-01-01")
    assert "cn.exemption.free-trade-zone" in result(flow, "CN-PIPL").exemptions


def test_a_later_edition_replaces_the_earlier_from_its_date() -> None:
    text = zone_map([people(5000, "user.name", "user.health_and_medical")], policies=[EXAMPLE_LIST, LATER])
    before = result(assess(text, as_of="2026-02-28"), "ZONE-")
    after = result(assess(text, as_of="2026-03-01"), "ZONE-")
    assert before.one_of == ("cn.security-assessment",)  # the 2025 edition lists health data
    assert "a later edition" in trace(before) and "applies only from 2026-03-01" in trace(before)
    assert "cn.exemption.free-trade-zone" in after.exemptions  # the 2026 edition does not
    assert "it replaces Example zone file [example-ftz-2025] from 2026-03-01" in trace(after)


def test_until_ends_an_edition() -> None:
    ended = {**EXAMPLE_LIST, "until": "2026-01-01"}
    zone = result(assess(zone_map([people(10, "user.name")], policies=[ended]), as_of="2026-02-01"), "ZONE-")
    assert zone.verdict.value == "not_applicable" and "cn.exemption.free-trade-zone" not in zone.exemptions


def test_the_knowledge_base_beijing_2025_edition_replaces_2024() -> None:
    text = zone_map([people(300000, "user.name", sector="banking")], zone="beijing-ftz", policies=[])
    book = ZoneBook.of()
    for on, edition, governed in (("2025-06-01", "beijing-ftz-2024", False), ("2026-06-01", "beijing-2025", True)):
        hop = build_hops(load_map_text(text), dt.date.fromisoformat(on), default_knowledge_base())[0]
        d = book.decide(hop)
        assert d is not None and d.edition is not None and d.edition.id == edition
        assert (d.ungoverned == ()) is governed  # banking is a sector of the 2025 edition only
        assert not d.exempt  # the knowledge base holds only part of each list
