"""The pictures: well-formed SVG drawn from the graph, and the README's copies up to date."""

from __future__ import annotations

import datetime as dt
import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import ROOT
from xborder.atlas import network as net
from xborder.atlas import pictures
from xborder.kb import default_knowledge_base
from xborder.kb.agreements import default_agreements

KB = default_knowledge_base()


def _make():  # type: ignore[no-untyped-def]
    path = ROOT / "docs" / "images" / "make_atlas.py"
    spec = importlib.util.spec_from_file_location("make_atlas", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_pictures_are_what_the_script_draws(tmp_path: Path) -> None:
    for made in _make().main(tmp_path):
        committed = ROOT / "docs" / "images" / "atlas" / made.name
        assert committed.read_text("utf-8") == made.read_text("utf-8"), f"run docs/images/make_atlas.py ({made.name})"


def test_circles_draw_every_placed_country_with_its_ring_rule() -> None:
    graph = net.build_network(KB, default_agreements(), dt.date(2026, 6, 1))
    placed = net.rings(graph, "SG")
    svg = pictures.circles_svg("SG", placed, "2026-06-01")
    root = ET.fromstring(svg)
    labels = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {c for c, ties in placed.items() if net.ring_of(ties) < 6} <= labels
    assert any("binding transfer commitment with dispute settlement" in (t or "") for t in labels)


def test_the_bloc_map_has_one_tile_per_member_and_a_legend_per_rule_set() -> None:
    frag = net.bloc_report(KB, default_agreements(), "ASEAN", dt.date(2026, 6, 1))
    svg = pictures.bloc_map_svg("ASEAN", frag, {}, "2026-06-01")
    root = ET.fromstring(svg)
    rects = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("rx") == "8"]
    assert len(rects) == len(frag.members)
    assert f"{len(frag.rule_sets)} distinct rule sets" in svg


def test_collapsing_the_union_merges_its_members_ties() -> None:
    on = dt.date(2026, 6, 1)
    graph = net.build_network(KB, default_agreements(), on)
    union = {m: "EU" for m in KB.members("blocs.eu", on)}
    svg = pictures.network_svg(graph, on.isoformat(), collapse=union)
    assert ">EU<" in svg and ">DE<" not in svg
