"""`xborder zones`: the regulator's view of its lists and of the exporters filing under them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
from click.testing import CliRunner

from xborder.cli.main import cli
from xborder.datamap import load_map
from xborder.zones.report import editions, filers

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "zone-file.yaml"


def test_each_exporter_gets_its_outcome_and_filings() -> None:
    rows = {r.flow: r for r in filers(load_map(EXAMPLE), dt.date(2026, 11, 1))}
    assert rows["shop-off-list"].outcome == "off_list"
    assert rows["clinic-on-list"].outcome == "on_list" and "健康医疗数据" in rows["clinic-on-list"].detail[0]
    assert rows["clinic-on-list"].filings == ["clinic-assessment (cn.security-assessment, filed)"]
    assert rows["ciio-excluded"].outcome == "excluded"


def test_before_the_file_the_knowledge_base_edition_answers() -> None:
    rows = {r.flow: r for r in filers(load_map(EXAMPLE), dt.date(2026, 5, 1))}
    assert {r.edition for r in rows.values()} == {"tianjin-ftz-2024"}
    assert rows["clinic-on-list"].outcome == "on_list"  # personal information, by mapping
    assert "matched by mapping" in rows["clinic-on-list"].detail[0]


def test_editions_say_what_is_verified() -> None:
    found = {e["edition"]: e for e in editions(load_map(EXAMPLE))}
    assert found["tianjin-ftz-2024"]["verified"] is False and found["tianjin-ftz-2024"]["complete"] is False
    assert found["tianjin-example-2026"]["origin"] == "map:policies[0]"


def test_the_command_prints_json() -> None:
    out = CliRunner().invoke(cli, ["zones", str(EXAMPLE), "--format", "json", "--zone", "tianjin-ftz"])
    assert out.exit_code == 0
    doc = orjson.loads(out.output)
    assert doc["as_of"] == "2026-11-01" and len(doc["filers"]) == 4


def test_a_bad_map_exits_2() -> None:
    out = CliRunner().invoke(cli, ["zones", str(EXAMPLE.with_name("missing.yaml"))])
    assert out.exit_code == 2
