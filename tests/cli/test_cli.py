"""The `xborder` command: formats, exit codes, explain, schema, kb."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import orjson
import yaml
from click.testing import CliRunner

from tests.conftest import ROOT, SHARED
from xborder.cli.main import cli

EXAMPLE = str(ROOT / "examples" / "ecommerce.yaml")


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_assess_json_and_fail_on_exit_codes() -> None:
    ok = run("assess", EXAMPLE, "--format", "json")
    assert ok.exit_code == 0
    doc = orjson.loads(ok.stdout_bytes)
    statuses = {f["status"] for f in doc["flows"]}
    gate = run("assess", EXAMPLE, "--format", "json", "--fail-on", "action_required")
    assert gate.exit_code == (1 if statuses - {"compliant"} else 0)
    strict = run("assess", EXAMPLE, "--format", "json", "--fail-on", "prohibited")
    assert strict.exit_code == (1 if "prohibited" in statuses else 0)


def test_bad_map_exits_2_and_names_file_line_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("xborder: 1\nentities:\n  - {id: a, country: XX}\n")
    result = CliRunner().invoke(cli, ["assess", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:3: entities[0].country" in result.output
    assert "nothing was assessed" in result.output


def test_as_of_changes_the_law_applied(tmp_path: Path) -> None:
    path = SHARED / "scenarios" / "eu-us-history.yaml"
    then = orjson.loads(run("assess", str(path), "--format", "json").stdout_bytes)
    later = orjson.loads(run("assess", str(path), "--format", "json", "--as-of", "2021-01-01").stdout_bytes)
    assert then["flows"][0]["status"] == "compliant" and then["as_of"] == "2019-06-01"
    assert later["flows"][0]["status"] == "action_required" and later["as_of"] == "2021-01-01"
    assert run("assess", str(path), "--as-of", "2021-13-01").exit_code == 2


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert run("assess", EXAMPLE, "--format", "html", "-o", str(out)).exit_code == 0
    assert out.read_text().endswith("</html>") and not list(tmp_path.glob("*.partial"))


def test_explain_prints_facts_rules_and_verdicts() -> None:
    result = run("explain", EXAMPLE, "eu-customers-to-analytics")
    assert result.exit_code == 0
    for text in ("facts of the map", "EU-GDPR", "GDPR Art 46", "not taken", "verdict"):
        assert text in result.output
    assert run("explain", EXAMPLE, "no-such-flow").exit_code == 2


def test_schema_validates_the_example_and_rejects_typos() -> None:
    schema = orjson.loads(run("schema").stdout_bytes)
    data = yaml.safe_load(Path(EXAMPLE).read_text())
    data["as_of"] = str(data["as_of"])
    jsonschema.validate(data, schema)
    data["flows"][0]["safeguard"] = []
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        assert "safeguard" in exc.message
    else:
        raise AssertionError("the schema accepted an unknown key")


def test_kb_list_and_show() -> None:
    listing = orjson.loads(run("kb", "list", "--format", "json").stdout_bytes)
    assert {"eu.adequacy", "uk.adequacy", "ch.adequacy"} <= {f["id"] for f in listing}
    assert all(f["url"].startswith(("https://", "http://")) and f["checked"] for f in listing)
    shown = orjson.loads(run("kb", "show", "eu.adequacy", "--as-of", "2020-01-01", "--format", "json").stdout_bytes)
    us = [m for m in shown["members"] if m["key"] == "US"]
    assert len(us) == 1 and "2016/1250" in us[0]["act"]
    assert run("kb", "show", "eu.adequcy").exit_code == 2


def test_shipped_schema_file_is_current() -> None:
    shipped = orjson.loads((ROOT / "schema" / "datamap-v1.schema.json").read_bytes())
    assert shipped == orjson.loads(run("schema").stdout_bytes), "run `xborder schema -o schema/datamap-v1.schema.json`"
