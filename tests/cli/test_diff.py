"""`xborder diff`: two maps, or one map at two dates; table, JSON, Markdown."""

from __future__ import annotations

from pathlib import Path

import orjson
from click.testing import CliRunner

from tests.conftest import ROOT, SHARED
from xborder.cli.main import cli
from xborder.datamap import load_map
from xborder.engine import assess_map
from xborder.report.diff import diff_assessments

EXAMPLE = ROOT / "examples" / "ecommerce.yaml"
US_HISTORY = SHARED / "scenarios" / "eu-us-history.yaml"


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["diff", *args])


def test_one_map_at_two_dates_shows_what_the_dpf_changed() -> None:
    # eu-customers-to-crm: a DPF-certified US recipient. Before 10 July 2023 no adequacy decision
    # covered it (Privacy Shield invalidated 16 July 2020); from then on eu.adequacy applies.
    result = _run(str(EXAMPLE), "--as-of", "2020-07-17", "--to", "2023-07-10", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = orjson.loads(result.stdout)
    assert doc["before"]["as_of"] == "2020-07-17" and doc["after"]["as_of"] == "2023-07-10"
    crm = next(c for c in doc["changed"] if c["id"] == "eu-customers-to-crm")
    assert crm["status"] == {"before": "action_required", "after": "compliant"} and crm["direction"] == "better"
    gdpr = next(r for r in crm["regimes"] if r["regime"] == "EU-GDPR")
    assert gdpr["before"]["satisfied"] is False and gdpr["after"]["satisfied"] is True


def test_diff_equals_the_two_assessments() -> None:
    datamap = load_map(EXAMPLE)
    import datetime as dt

    a, b = (assess_map(datamap, as_of=dt.date.fromisoformat(d)) for d in ("2020-07-17", "2023-07-10"))
    d = diff_assessments(a, b)
    changed = {f.id for f in b.flows if f.status != a.flow(f.id).status}
    assert changed <= {c.id for c in d.changed}
    assert d.unchanged + len(d.changed) == len(b.flows) and not d.added and not d.removed
    assert diff_assessments(b, b).empty


def test_two_maps_added_removed_changed(tmp_path: Path) -> None:
    text = EXAMPLE.read_text()
    edited = text.replace("safeguards: [eu.scc]", "safeguards: [eu.scc, eu.tia]", 1)
    assert edited != text
    edited = edited.replace("  - id: ru-buyers-to-seller", "  - id: ru-buyers-to-seller-2", 1)
    new = tmp_path / "new.yaml"
    new.write_text(edited)
    doc = orjson.loads(_run(str(EXAMPLE), str(new), "--format", "json").stdout)
    assert [f["id"] for f in doc["added"]] == ["ru-buyers-to-seller-2"]
    assert [f["id"] for f in doc["removed"]] == ["ru-buyers-to-seller"]
    assert [c["id"] for c in doc["changed"]] == ["eu-customers-to-analytics"]
    md = _run(str(EXAMPLE), str(new), "--format", "markdown").stdout
    assert md.startswith("## xborder: what changed")
    assert "| `eu-customers-to-analytics` |" in md and "action_required → **compliant**" in md
    assert "**Added:** `ru-buyers-to-seller-2`" in md
    table = CliRunner().invoke(cli, ["diff", str(EXAMPLE), str(new)], env={"COLUMNS": "80"}).stdout
    assert "eu-customers-to-analytics" in table and "no longer missing eu.tia" in table
    assert max(len(line) for line in table.splitlines()) <= 80


def test_fail_on_worse_and_bad_usage() -> None:
    worse = _run(str(EXAMPLE), "--as-of", "2023-07-10", "--to", "2020-07-17", "--fail-on", "worse")
    assert worse.exit_code == 1 and "eu-customers-to-crm" in worse.stderr
    assert _run(str(EXAMPLE)).exit_code == 2
    assert _run(str(EXAMPLE), "--to", "2023-07-10").exit_code == 2
    assert _run(str(EXAMPLE), "--as-of", "2010-01-01", "--to", "2023-07-10").exit_code == 3


def test_scenario_history_two_dates() -> None:
    doc = orjson.loads(_run(str(US_HISTORY), "--as-of", "2019-06-01", "--to", "2024-06-01", "--format", "json").stdout)
    assert doc["before"]["as_of"] == "2019-06-01" and "changed" in doc
