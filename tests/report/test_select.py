"""`assess --only/--flow/--regime/--country/--dataset`, `--summary`, and `--fail-on` naming its flows."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from xborder.cli.main import cli
from xborder.datamap import load_map
from xborder.engine import assess_map
from xborder.report.breakdown import breakdown
from xborder.report.select import Selection, check_selection, select_flows
from xborder.rules import REGIMES

EXAMPLE = ROOT / "examples" / "ecommerce.yaml"
REGIME_IDS = [r.id for r in REGIMES]


@pytest.fixture(scope="module")
def assessment():  # type: ignore[no-untyped-def]
    return assess_map(load_map(EXAMPLE))


def _json(*args: str) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["assess", str(EXAMPLE), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return orjson.loads(result.stdout)


def test_only_keeps_flows_of_that_status(assessment) -> None:  # type: ignore[no-untyped-def]
    doc = _json("--only", "action_required")
    expected = [f.id for f in assessment.flows if f.status == "action_required"]
    assert [f["id"] for f in doc["flows"]] == expected and expected
    assert doc["selection"] == {"only": ["action_required"], "flows": len(expected), "of": len(assessment.flows)}
    assert doc["summary"]["compliant"] == 0


def test_criteria_combine_any_within_all_across(assessment) -> None:  # type: ignore[no-untyped-def]
    doc = _json("--country", "US", "--country", "JP", "--regime", "EU-GDPR")
    ids = {f["id"] for f in doc["flows"]}
    expected = {f.id for f in assessment.flows
                if {f.hop.recipient.location_country, f.hop.sender.location_country} & {"US", "JP"}
                and any(r.applies and r.regime == "EU-GDPR" for r in f.regimes)}
    assert ids == expected == {"eu-customers-to-crm", "eu-customers-to-analytics", "eu-customers-to-jp"}
    assert {f["id"] for f in _json("--flow", "orders-to-seller", "--flow", "eu-customers-to-jp")["flows"]} == {
        "orders-to-seller", "eu-customers-to-jp"}
    assert {f["id"] for f in _json("--dataset", "cn-payments")["flows"]} == {
        f.id for f in assessment.flows if "cn-payments" in {d.id for d in f.hop.datasets}}


def test_json_without_options_keeps_its_shape() -> None:
    doc = _json()
    assert "selection" not in doc and "breakdown" not in doc
    assert list(doc)[:5] == ["xborder", "name", "as_of", "knowledge_base", "flows"]


def test_typos_are_refused_with_a_suggestion(assessment) -> None:  # type: ignore[no-untyped-def]
    problems = check_selection(Selection(("action_requird",), ("orders-to-sg",), ("cn-pipl",), ("UK",), ("cn-order",)),
                               assessment, REGIME_IDS)
    assert problems == [
        "--only: no status 'action_requird' (did you mean 'action_required'?)",
        "--flow: no flow 'orders-to-sg' (did you mean 'orders-to-sg-cloud'?)",
        "--regime: no regime 'cn-pipl' (did you mean 'CN-PIPL'?)",
        "--country: 'UK' is not an ISO 3166-1 alpha-2 code (did you mean 'GB'?)",
        "--dataset: no dataset 'cn-order' (did you mean 'cn-orders'?)",
    ]
    result = CliRunner().invoke(cli, ["assess", str(EXAMPLE), "--regime", "EU-GPDR"])
    assert result.exit_code == 2 and "did you mean 'EU-GDPR'" in result.stderr and result.stdout == ""


def test_summary_counts_by_regime_exporter_recipient(assessment) -> None:  # type: ignore[no-untyped-def]
    b = breakdown(assessment)
    cn = next(r for r in b["by_regime"] if r["regime"] == "CN-PIPL")
    applying = [r for f in assessment.flows for r in f.regimes if r.regime == "CN-PIPL" and r.applies]
    assert cn["applies"] == len(applying) and cn["unsatisfied"] == sum(not r.satisfied for r in applying)
    analytics = next(r for r in b["by_recipient"] if r["entity"] == "analytics-us")
    assert analytics["flows"] == 2 and analytics["action_required"] == 2
    assert b["by_recipient"][0]["entity"] == "analytics-us"  # most in need of work first
    assert sum(r["flows"] for r in b["by_exporter"]) == len(assessment.flows)
    doc = _json("--summary")
    assert doc["breakdown"] == orjson.loads(orjson.dumps(b)) and len(doc["flows"]) == len(assessment.flows)
    table = CliRunner().invoke(cli, ["assess", str(EXAMPLE), "--summary"], env={"COLUMNS": "100"}).stdout
    assert "by regime" in table and "by recipient (vendor)" in table and "analytics-us" in table
    assert "orders-to-sg-cloud" not in table  # the summary replaces the per-flow rows
    md = CliRunner().invoke(cli, ["assess", str(EXAMPLE), "--summary", "--format", "markdown"]).stdout
    assert "## By exporter" in md and "| platform-cn | CN |" in md


def test_select_flows_is_pure(assessment) -> None:  # type: ignore[no-untyped-def]
    before = [f.id for f in assessment.flows]
    chosen = select_flows(assessment, Selection(statuses=("compliant",)))
    assert [f.id for f in assessment.flows] == before
    assert all(f.status == "compliant" for f in chosen.flows) and chosen.as_of == assessment.as_of


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_fail_on_names_the_flows_on_stderr(assessment, fmt: str) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, ["assess", str(EXAMPLE), "--format", fmt, "--fail-on", "action_required"])
    assert result.exit_code == 1
    failing = [f.id for f in assessment.flows if f.status != "compliant"]
    assert f"{len(failing)} flow(s) at or above action_required" in result.stderr
    if fmt == "table":
        assert all(fid in result.stderr for fid in failing)
    else:  # the streamed JSON knows counts only; it says how to list them
        assert "--only action_required" in result.stderr


def test_markdown_requests_say_conflict_in_words() -> None:
    path = ROOT.parent / "shared" / "scenarios" / "cloud-act-conflicts.yaml"
    md = CliRunner().invoke(cli, ["assess", str(path), "--format", "markdown"]).stdout
    assert "conflict **True**" not in md and "conflict **False**" not in md
    assert "**conflict**" in md and "compelled by" in md
