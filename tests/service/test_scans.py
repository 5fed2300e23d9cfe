"""Scan reports uploaded as `xborder scan --format json` writes them; masked examples dropped."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from tests.service.conftest import Api
from xborder.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]


def test_a_real_scan_report_is_kept_without_its_masked_examples(api: Api, acme: dict, tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    out = tmp_path / "scan.json"
    result = CliRunner().invoke(cli, ["scan", str(ROOT / "examples/data/cn_orders.csv"), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = orjson.loads(out.read_bytes())
    assert "examples" in str(report)
    r = api.client.post("/v1/orgs/acme/scans", headers=acme["editor"],
                        json={"report": report, "map": "shop", "dataset": "cn-orders"})
    assert r.status_code == 201, r.text
    summary = r.json()
    assert summary["tables"][0]["name"] == "cn_orders.csv" and summary["tables"][0]["individuals"] == 200
    assert "user.government_id.national_identification_number" in summary["tables"][0]["categories"]
    stored = api.client.get(f"/v1/orgs/acme/scans/{summary['id']}", headers=acme["viewer"]).json()["report"]
    assert "'examples'" not in str(stored)
    assert api.client.post("/v1/orgs/acme/scans", headers=acme["viewer"], json={"report": report}).status_code == 403
    assert [s["id"] for s in api.client.get("/v1/orgs/acme/scans", headers=acme["viewer"]).json()["scans"]] == [summary["id"]]


def test_a_report_that_is_not_a_scan_is_refused_by_field(api: Api, acme: dict) -> None:
    bad = {"xborder_scan": 1, "tables": [{"name": "t", "rows": -1, "columns": [{"name": "c", "categories": ["user.nam"]}]}]}
    r = api.client.post("/v1/orgs/acme/scans", headers=acme["editor"], json={"report": bad})
    assert r.status_code == 422
    assert {p["field"] for p in r.json()["error"]["problems"]} == {"report.tables[0].rows",
                                                                 "report.tables[0].columns[0].categories[0]"}
    r = api.client.post("/v1/orgs/acme/scans", headers=acme["editor"], json={"report": {"tables": []}})
    assert r.status_code == 422 and r.json()["error"]["problems"][0]["field"] == "report.xborder_scan"
