"""`xborder network` and `xborder agreements` on the command line: formats, pictures, errors."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import orjson
from click.testing import CliRunner

from xborder.cli.main import cli
from xborder.kb.agreements import PROVISIONS, default_agreements

RUN = CliRunner()


def _ok(*args: str):  # type: ignore[no-untyped-def]
    result = RUN.invoke(cli, list(args), terminal_width=200)
    assert result.exit_code == 0, result.output
    return result


def test_center_sg_json_places_cptpp_partners_in_ring_two() -> None:
    data = orjson.loads(_ok("network", "--center", "SG", "--as-of", "2026-06-01", "--format", "json").stdout)
    ring2 = next(r for r in data["rings"] if r["ring"] == 2)
    assert {"JP", "GB", "AU"} <= {c["country"] for c in ring2["countries"]}


def test_center_svg_is_a_well_formed_picture() -> None:
    svg = _ok("network", "--center", "SG", "--as-of", "2026-06-01", "--format", "svg").stdout
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and "Relationship circles of SG" in svg


def test_bloc_asean_table_and_json() -> None:
    out = _ok("network", "--bloc", "ASEAN", "--as-of", "2026-06-01").stdout
    assert "distinct rule sets" in out and "RCEP" in out
    data = orjson.loads(_ok("network", "--bloc", "ASEAN", "--as-of", "2026-06-01", "--format", "json").stdout)
    assert data["smallest_cover"] == ["rcep"] and data["distinct_rule_sets"] == len(data["rule_sets"])
    assert any(r["mechanism"] == "rcep" for r in data["joined"]["SG"])


def test_graphml_round_trips_through_networkx(tmp_path: Path) -> None:
    path = tmp_path / "net.graphml"
    _ok("network", "--as-of", "2026-06-01", "--format", "graphml", "-o", str(path))
    g = nx.read_graphml(path)
    assert g.nodes["rcep"]["kind"] == "agreement" and g.has_edge("CN", "rcep")


def test_years_writes_one_picture_per_year(tmp_path: Path) -> None:
    _ok("network", "--years", "2020:2022", "--as-of", "2026-06-01", "-o", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["network-2020.svg", "network-2021.svg", "network-2022.svg"]
    assert "RCEP" in (tmp_path / "network-2022.svg").read_text() and \
        "RCEP" not in (tmp_path / "network-2021.svg").read_text()


def test_network_errors_are_clear() -> None:
    assert RUN.invoke(cli, ["network", "--center", "XX"]).exit_code == 2
    assert RUN.invoke(cli, ["network", "--as-of", "2010-01-01"]).exit_code == 3
    assert RUN.invoke(cli, ["network", "--years", "2020-2022", "-o", "x"]).exit_code == 2


def test_agreements_cli_json_markdown_and_errors() -> None:
    data = orjson.loads(_ok("agreements", "CN", "SG", "--as-of", "2026-06-01", "--format", "json").stdout)
    assert [b["id"] for b in data["binding"]] == ["rcep"]
    md = _ok("agreements", "cn", "sg", "--as-of", "2026-06-01", "--format", "markdown").stdout
    assert "| cross-border transfer by electronic means | [RCEP]" in md
    bad = RUN.invoke(cli, ["agreements", "CN", "UK"])
    assert bad.exit_code == 2 and "GB" in bad.output
    assert RUN.invoke(cli, ["agreements", "CN", "SG", "--as-of", "2001-01-01"]).exit_code == 3
    assert RUN.invoke(cli, ["agreements", "CN"]).exit_code == 2


def test_coverage_reports_at_least_sixteen_agreements() -> None:
    data = orjson.loads(_ok("agreements", "--coverage", "--format", "json").stdout)
    assert data["agreements"] >= 16 and len(data["rows"]) == data["agreements"]
    assert "provisions verified against the text" in _ok("agreements", "--coverage").stdout


def test_export_provisions_csv_has_one_row_per_agreement_and_provision() -> None:
    rows = list(csv.DictReader(io.StringIO(_ok("agreements", "--export", "provisions", "--format", "csv").stdout)))
    assert len(rows) == len(default_agreements()) * len(PROVISIONS)
    rcep = next(r for r in rows if r["agreement"] == "rcep" and r["provision"] == "localization")
    assert rcep["article"] == "12.14" and rcep["taped_legalization"] == "hard"
    assert rcep["security_self_judging"] == "true" and rcep["dispute_settlement"] == "false"
    parties = list(csv.DictReader(io.StringIO(_ok("agreements", "--export", "parties").stdout)))
    assert any(p["agreement"] == "cptpp" and p["party"] == "GB" and p["accession"] == "true" for p in parties)


def test_terminal_views_go_to_the_file_o_names(tmp_path: Path) -> None:
    for args, expect in ((["agreements", "CN", "SG"], "binding: RCEP"),
                         (["network", "--bloc", "ASEAN"], "distinct rule sets"),
                         (["compare", "CN", "EU", "--aspects", "agreements"], "RCEP")):
        path = tmp_path / "out.txt"
        result = _ok(*args, "--as-of", "2026-06-01", "-o", str(path))
        assert result.stdout == "" and expect in path.read_text("utf-8")


def test_png_needs_cairosvg_and_says_so(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    monkeypatch.setitem(sys.modules, "cairosvg", None)  # as if not installed
    result = RUN.invoke(cli, ["network", "--center", "SG", "--as-of", "2026-06-01", "--format", "png"])
    assert result.exit_code == 2 and "cairosvg" in result.output


def test_png_when_cairosvg_is_installed(tmp_path: Path) -> None:
    import pytest

    pytest.importorskip("cairosvg")
    path = tmp_path / "circles.png"
    _ok("network", "--center", "SG", "--as-of", "2026-06-01", "--format", "png", "-o", str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
