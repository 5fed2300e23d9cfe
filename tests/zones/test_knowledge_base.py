"""The knowledge base's zone lists: loaded strictly, dated, linked, honest about what was read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from xborder import vocabulary
from xborder.kb import KnowledgeBaseError, default_knowledge_base
from xborder.zones.book import default_zone_lists, load_zone_lists

ZONES = Path(__file__).resolve().parents[2] / "src" / "xborder" / "kb" / "data" / "cn" / "zones"


def test_every_edition_is_dated_linked_and_checked() -> None:
    editions = default_zone_lists()
    assert {e.id for e in editions} >= {"tianjin-ftz-2024", "beijing-ftz-2024", "beijing-2025", "shanghai-lingang-2024"}
    for e in editions:
        z = e.list
        assert z.start and z.url and z.issuer is not None and str(z.checked) == "2026-12-03"


def test_an_edition_not_read_in_full_is_marked_incomplete_and_unverified() -> None:
    for e in default_zone_lists():
        if not e.list.complete:
            assert not e.list.verified
        for entry in (*e.negative, *e.white):
            assert entry.verified is False or e.list.verified  # no entry claims more than its edition


def test_the_free_trade_zones_fact_names_each_recorded_edition() -> None:
    kb = default_knowledge_base()
    ids = {e.id for e in default_zone_lists()}
    members = kb.fact("cn.free_trade_zones").members
    assert members
    for m in members:
        assert set(m.attributes["editions"]) <= ids


def test_zones_sectors_and_scenarios_of_the_lists_are_known_ids() -> None:
    assert {"tianjin-ftz", "beijing-ftz", "shanghai-lingang-ftz"} <= vocabulary.zones()
    assert {"automotive", "banking", "intelligent-connected-vehicles"} <= vocabulary.sectors()
    assert "after-sales-service" in vocabulary.scenarios()


def test_the_kb_never_grants_the_exemption_from_an_incomplete_list() -> None:
    assert all(not e.list.complete for e in default_zone_lists())


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "zones"
    shutil.copytree(ZONES, root)
    return root


def test_a_bad_key_names_the_file_and_key(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    f = root / "tianjin-ftz-2024.yaml"
    f.write_text(f.read_text("utf-8").replace("scope: comprehensive", "scope: everything"), "utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"kb/data/cn/zones/tianjin-ftz-2024.yaml: scope"):
        load_zone_lists(root)


def test_an_edition_without_a_date_is_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    f = root / "beijing-ftz-2024.yaml"
    text = f.read_text("utf-8").replace("published: 2024-08-30\n", "").replace("effective: 2024-08-30\n", "")
    f.write_text(text, "utf-8")
    with pytest.raises(KnowledgeBaseError, match="beijing-ftz-2024.yaml: an edition needs"):
        load_zone_lists(root)


def test_a_mapping_row_must_say_why(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "_mapping.yaml").write_text("items:\n  个人信息: {categories: [user]}\n", "utf-8")
    with pytest.raises(KnowledgeBaseError, match="_mapping.yaml: items.个人信息"):
        load_zone_lists(root)
