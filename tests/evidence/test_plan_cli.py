"""`xborder evidence plan` and `report`: the planner without a data map, from flags or a request
file, in every format; the answer equals the one a data map gives for the same request."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from xborder.cli.main import cli
from xborder.datamap import load_map_text
from xborder.engine import assess_map
from xborder.evidence.standalone import parse_spec, plan_request

FLAGS = ["--authority", "US", "--holder-country", "US", "--location", "IE", "--subjects", "IE", "--as-of",
         "2026-06-01"]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_plan_from_flags_equals_the_map_s_answer() -> None:
    code, out = invoke("evidence", "plan", *FLAGS, "--format", "json")
    assert code == 0
    plan = orjson.loads(out)
    text = """
xborder: 1
as_of: 2026-06-01
entities: [{id: holder, country: US}]
locations: [{id: store, country: IE}]
datasets: [{id: sought, categories: [user.content], personal: true, subjects: [{residence: IE, count: 1}]}]
requests: [{id: request, authority: {country: US}, holder: holder, location: store, datasets: [sought]}]
"""
    (in_map,) = assess_map(load_map_text(text)).requests
    for key in ("compelled_by", "blocked_by", "conflict", "channels", "recommended_channel", "timeline"):
        assert plan[key] == in_map[key], key


def test_plan_from_a_request_file(tmp_path: Path) -> None:
    f = tmp_path / "req.yaml"
    f.write_text("as_of: 2026-06-01\nrequest:\n  id: bka\n  authority: {country: DE}\n"
                 "  holder: {country: US}\n  location: US\n  subjects: [DE]\n")
    code, out = invoke("evidence", "plan", "--request", str(f), "--format", "json")
    assert code == 0
    plan = orjson.loads(out)
    assert plan["id"] == "bka" and [b["regime"] for b in plan["blocked_by"]] == ["US-SCA"]


@pytest.mark.parametrize("content, message", [
    ("request: {authority: {country: DE}, holder: {country: US}}\n", "request.location: Field required"),
    ("request: {authority: {country: DE}, holder: {country: US}, location: US, colour: red}\n", "request.colour"),
    ("request: [unclosed\n", ".yaml:2: not valid YAML"),
    ("request: {authority: {country: de}, holder: {country: US}, location: US}\n", "did you mean DE"),
])
def test_a_bad_request_file_names_the_field(tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "req.yaml"
    f.write_text(content)
    code, out = invoke("evidence", "plan", "--request", str(f))
    assert code == 2 and message in out and "Traceback" not in out


def test_missing_flags_are_named() -> None:
    code, out = invoke("evidence", "plan", "--authority", "US")
    assert code == 2 and "--holder-country" in out and "--location" in out


def test_targeting_flags_close_the_agreement() -> None:
    base = ["evidence", "plan", "--authority", "GB", "--holder-country", "US", "--location", "US",
            "--subjects", "GB", "--format", "json"]
    assert orjson.loads(invoke(*base)[1])["recommended_channel"] == "cloud-act-agreement:GB-US"
    closed = orjson.loads(invoke(*base, "--target-us-person")[1])
    assert "cloud-act-agreement:GB-US" not in {c["id"] for c in closed["channels"]}


def test_timeline_preserves_first_and_sums_only_known_limits() -> None:
    plan = plan_request(parse_spec({"authority": {"country": "FR"}, "holder": {"country": "DE"}, "location": "DE",
                                    "subjects": ["DE"]}))
    steps = plan["timeline"]["steps"]
    assert steps[0]["step"].startswith("preserve") and steps[0]["days"] == 60
    assert plan["timeline"]["channel"] == "eu.e-evidence" and plan["timeline"]["total"] == \
        {"days": 10, "at_least_days": 10, "known": True}
    mlat = plan_request(parse_spec({"authority": {"country": "US"}, "holder": {"country": "CN"}, "location": "CN"}))
    assert mlat["timeline"]["total"]["known"] is False
    assert mlat["timeline"]["steps"][0]["step"].startswith("the competent PRC authority approves")
    assert all(s["days"] is None and "unknown" in s["uncertainty"] for s in mlat["timeline"]["steps"])


@pytest.mark.parametrize("fmt, marker", [("markdown", "### Recommended route"), ("html", "<svg"),
                                         ("table", "recommended:")])
def test_plan_formats(fmt: str, marker: str, tmp_path: Path) -> None:
    out_file = tmp_path / f"plan.{fmt}"
    code, _ = invoke("evidence", "plan", *FLAGS, "--format", fmt, "-o", str(out_file))
    assert code == 0 and marker in out_file.read_text()


def test_output_into_a_missing_folder_is_refused_cleanly(tmp_path: Path) -> None:
    code, out = invoke("evidence", "plan", *FLAGS, "-o", str(tmp_path / "nope" / "x.md"))
    assert code == 2 and "does not exist" in out and not (tmp_path / "nope").exists()


def test_counsel_report_has_the_conflict_the_route_and_the_custody(tmp_path: Path) -> None:
    db, key = str(tmp_path / "c.db"), str(tmp_path / "log.key")
    invoke("ledger", "keygen", "example.org/c", "--out", key)
    invoke("ledger", "init", db, "--origin", "example.org/c", "--key", key)
    item = tmp_path / "mailbox.mbox"
    item.write_bytes(b"mail")
    invoke("evidence", "seal", str(item), "--case", "k", "--by", "provider", "--ledger", db)
    invoke("ledger", "checkpoint", db, "--key", key)
    code, out = invoke("evidence", "report", *FLAGS, "--case", "k", "--ledger", db, "--log-key", key + ".pub",
                       "--file", str(item))
    assert code == 0
    assert "# Counsel's report" in out and "GDPR Art. 48" in out and "**Conflict:** yes" in out
    assert "Recommended route: `mlat:IE-US`" in out and "Custody record of case `k`: verified" in out
