"""`xborder filings` and `xborder assess --warn-within`: the notice before a route turns."""

from __future__ import annotations

import orjson
from click.testing import CliRunner

from tests.conftest import ROOT
from xborder.cli.main import cli
from xborder.datamap import load_map
from xborder.engine.expiry import expiring_within, parse_window

EXAMPLE = str(ROOT / "examples" / "group-policy.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_window_reads_days_weeks_and_years() -> None:
    assert [parse_window(w) for w in ("90d", "12w", "1y", " 7D ")] == [90, 84, 365, 7]
    for bad in ("90", "d", "3 months", "-1d"):
        try:
            parse_window(bad)
        except ValueError as exc:
            assert "90d" in str(exc)
        else:
            raise AssertionError(bad)


def test_expiring_within_names_the_filing_and_the_flow_that_turns() -> None:
    datamap = load_map(EXAMPLE)
    (soon,) = expiring_within(datamap, datamap.as_of, 90)
    assert soon.state.filing.id == "payroll-approval" and soon.lapses_on.isoformat() == "2027-01-01"
    assert [(t.flow, t.before, t.after) for t in soon.turns] == [("payroll-to-de", "compliant", "action_required")]
    assert expiring_within(datamap, datamap.as_of, 44) == []  # its last day is 45 days away
    # the security assessment lapses after 30 June 2027 (three years): within a year, with its flow
    ids = [e.state.filing.id for e in expiring_within(datamap, datamap.as_of, 365)]
    assert ids == ["payroll-approval", "cac-assessment-2024"]


def test_assess_warn_within_in_table_and_json() -> None:
    code, out, _ = run("assess", EXAMPLE, "--warn-within", "90d")
    assert code == 0 and "payroll-to-de: compliant now, action_required from 2027-01-01" in out
    code, out, _ = run("assess", EXAMPLE, "--warn-within", "90d", "--format", "json")
    doc = orjson.loads(out)
    assert doc["expiring"]["within_days"] == 90
    assert doc["expiring"]["filings"][0]["flows_turning"] == [
        {"flow": "payroll-to-de", "status": "compliant", "from_lapse": "action_required"}]
    code, out, _ = run("assess", EXAMPLE, "--warn-within", "90d", "--format", "markdown")
    assert "## Filings lapsing within 90 days" in out and "- payroll-to-de: compliant now" in out
    code, out, _ = run("assess", EXAMPLE, "--warn-within", "10d", "--format", "markdown")
    assert out.rstrip().endswith("## Filings lapsing within 10 days\n\nNone.")
    code, _, err = run("assess", EXAMPLE, "--warn-within", "soon")
    assert code == 2 and "--warn-within" in err


def test_filings_lists_each_filing_with_its_state() -> None:
    code, out, _ = run("filings", EXAMPLE, "--format", "json", "--as-of", "2027-07-01")
    assert code == 0
    states = {f["id"]: (f["state"], f["flows"]) for f in orjson.loads(out)["filings"]}
    assert states == {"cac-assessment-2024": ("expired", ["members-to-de"]),
                      "payroll-approval": ("expired", ["payroll-to-de"]),
                      "members-approval": ("in_effect", ["members-to-de"])}
    code, out, _ = run("filings", EXAMPLE)
    assert code == 0 and "cac-assessment-2024" in out and "2024-07-01 → 2027-06-30" in out
