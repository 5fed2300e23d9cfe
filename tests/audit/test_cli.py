"""`xborder audit`: formats, exit codes, bad input named by file and column."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from tests.audit.conftest import ROOT, event, write_csv
from xborder.audit.schema import json_schema
from xborder.cli.main import cli

ROWS = [event("2026-03-01", "shop-cn", "analytics-us", "a", "profiles-to-us"),
        event("2026-03-01", "shop-cn", "cloud-sg", "a", "orders-to-sg"),
        event("2026-03-02", "shop-cn", "cloud-sg", "b", "orders-to-sg")]


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def test_json_report_and_fail_on(tmp_path: Path, map_path: Path) -> None:
    log = write_csv(tmp_path / "log.csv", ROWS)
    ok = run("audit", str(log), "--map", str(map_path), "--format", "json")
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.stdout)
    assert data["events"] == 3 and data["summary"] == {"compliant": 2, "action_required": 1, "prohibited": 0}
    assert [g["flow"] for g in data["not_compliant"]] == ["profiles-to-us"]
    failing = run("audit", str(log), "--map", str(map_path), "--fail-on", "action_required")
    assert failing.exit_code == 1
    assert "1 event(s) ran while their hop was at or above action_required: profiles-to-us" in failing.stderr
    assert run("audit", str(log), "--map", str(map_path), "--fail-on", "prohibited").exit_code == 0


def test_parquet_has_every_event_with_its_verdict(tmp_path: Path, map_path: Path) -> None:
    log = write_csv(tmp_path / "log.csv", ROWS)
    out = tmp_path / "verdicts.parquet"
    result = run("audit", str(log), "--map", str(map_path), "--format", "parquet", "-o", str(out))
    assert result.exit_code == 0, result.output
    table = pq.read_table(out).to_pylist()
    assert sorted((r["subject"], r["flow"], r["status"]) for r in table) == [
        ("a", "orders-to-sg", "compliant"), ("a", "profiles-to-us", "action_required"),
        ("b", "orders-to-sg", "compliant")]
    assert not list(tmp_path.glob(".*partial"))


def test_chart_is_drawn(tmp_path: Path, map_path: Path) -> None:
    log = write_csv(tmp_path / "log.csv", ROWS)
    chart = tmp_path / "counts.svg"
    result = run("audit", str(log), "--map", str(map_path), "--chart", str(chart))
    assert result.exit_code == 0, result.output
    svg = chart.read_text()
    assert svg.startswith("<svg") and "shop-cn" in svg and "exempt_below" in svg


@pytest.mark.parametrize(("fields", "rows", "message"), [
    (("time", "exporter", "importer", "dataset", "flow"), ROWS, "missing column(s) 'subject'"),
    (("time", "exporter", "importer", "subject"), ROWS, "missing column 'dataset'"),
    (("time", "exporter", "importer", "subject", "flow"),
     [event("2026-03-01", "shop-cm", "cloud-sg", "a", "orders-to-sg")],
     "column 'exporter': no such id in the data map: shop-cm"),
    (("time", "exporter", "importer", "subject", "flow"),
     [event("2026-03-01", "shop-cn", "cloud-sg", "a", "orders-to-xx")],
     "column 'flow': no such id in the data map: orders-to-xx"),
    (("time", "exporter", "importer", "subject", "flow"),
     [{**event("2026-03-01", "shop-cn", "cloud-sg", "a", "orders-to-sg"), "time": "yesterday"}],
     "column 'time': 1 row(s) hold no timestamp or date"),
    (("time", "exporter", "importer", "subject", "flow"),
     [event("2026-03-01", "shop-cn", "cloud-sg", "", "orders-to-sg")],
     "column 'subject': 1 row(s) have no subject key"),
])
def test_bad_logs_are_refused_naming_file_and_column(tmp_path: Path, map_path: Path, fields: tuple[str, ...],
                                                     rows: list[dict[str, str]], message: str) -> None:
    log = write_csv(tmp_path / "bad.csv", rows, fields)
    out = tmp_path / "report.json"
    result = run("audit", str(log), "--map", str(map_path), "--format", "json", "-o", str(out))
    assert result.exit_code == 2
    assert f"{log}: " in result.stderr and message in result.stderr
    assert not out.exists()


def test_missing_log_and_events_before_the_knowledge_base(tmp_path: Path, map_path: Path) -> None:
    gone = run("audit", str(tmp_path / "nope.parquet"), "--map", str(map_path))
    assert gone.exit_code == 2 and "no such file or folder" in gone.stderr
    old = write_csv(tmp_path / "old.csv", [event("2017-01-01", "shop-cn", "cloud-sg", "a", "orders-to-sg")])
    result = run("audit", str(old), "--map", str(map_path))
    assert result.exit_code == 3 and "covers the law from 2018-05-25" in result.stderr


def test_shipped_json_schema_is_current() -> None:
    shipped = json.loads((ROOT / "schema" / "audit-event-v1.schema.json").read_text())
    assert shipped == json_schema()
