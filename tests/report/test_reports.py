"""Reports: the JSON contract, Markdown, self-contained HTML with a diagram, SARIF, table."""

from __future__ import annotations

import io
import re

import orjson
import pytest
from rich.console import Console

from tests.conftest import ROOT
from xborder.datamap import load_map
from xborder.datamap.loader import flow_lines
from xborder.engine import assess_map
from xborder.report import render
from xborder.rules.base import fill

EXAMPLE = ROOT / "examples" / "ecommerce.yaml"


@pytest.fixture(scope="module")
def assessment():  # type: ignore[no-untyped-def]
    return assess_map(load_map(EXAMPLE))


def _render(assessment, fmt: str) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    render(assessment, fmt, buf, map_uri="examples/ecommerce.yaml", flow_lines=flow_lines(EXAMPLE))
    return buf.getvalue()


def test_json_keeps_every_contract_field(assessment) -> None:  # type: ignore[no-untyped-def]
    doc = orjson.loads(_render(assessment, "json"))
    assert doc["xborder"] == 1 and doc["as_of"] == "2026-06-01"
    assert set(doc["knowledge_base"]) >= {"version", "sources_checked"}
    assert len(doc["flows"]) == 8
    for flow in doc["flows"]:
        assert set(flow) >= {"id", "status", "regimes", "conflicts"}
        assert flow["status"] in {"compliant", "action_required", "prohibited"}
        for r in flow["regimes"]:
            assert set(r) >= {"regime", "jurisdiction", "applies", "why", "verdict", "requirements", "satisfied",
                              "missing", "classification", "citations", "trace"}
            assert set(r["requirements"]) == {"one_of", "obligations"}
            assert r["verdict"] in {"not_applicable", "permitted", "conditional", "prohibited"}
            assert all(set(c) >= {"law", "article", "url"} for c in r["citations"])
            # parties are named in the trace by their ids, never by placeholders
            assert not any("{exporter}" in t or "{recipient}" in t for t in r["trace"] + r["why"])


def test_json_equals_the_dict_form(assessment) -> None:  # type: ignore[no-untyped-def]
    assert orjson.loads(_render(assessment, "json"))["flows"] == orjson.loads(orjson.dumps(assessment.as_dict()))["flows"]


def test_markdown_has_a_section_per_flow_with_reasons(assessment) -> None:  # type: ignore[no-untyped-def]
    md = _render(assessment, "markdown").decode()
    assert md.startswith("# Transfer assessment: Cross-border e-commerce platform")
    for flow in assessment.flows:
        assert f"## `{flow.id}`: {flow.status}" in md
    assert "**Reasoning:**" in md and "GDPR Art 45" in md


def test_html_is_self_contained_with_a_map_by_country(assessment) -> None:  # type: ignore[no-untyped-def]
    from xborder.report.diagram import country_edges

    html = _render(assessment, "html").decode()
    assert html.startswith("<!doctype html>") and "<svg" in html
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)  # nothing fetched from elsewhere
    assert "Content-Security-Policy" in html and "default-src 'none'" in html and "name=viewport" in html
    countries, edges = country_edges(assessment)
    assert html.count('class="edge"') == len(edges) == len({(f.hop.sender.location_country, f.hop.recipient.location_country)
                                                          for f in assessment.flows
                                                          if f.hop.sender.location_country != f.hop.recipient.location_country})
    assert html.count('class="country"') == len(countries)
    cn_us = next(e for e in edges if (e.source, e.target) == ("CN", "US"))
    assert cn_us.worst == "action_required" and f'data-from="CN" data-to="US"' in html
    data = orjson.loads(re.search(r"id=data>(.*?)</script>", html, re.S).group(1).replace("<\\/", "</"))
    assert [f[0] for f in data["flows"]] == [f.id for f in assessment.flows]


def test_html_shares_each_result_once_and_keeps_the_reasoning(assessment) -> None:  # type: ignore[no-untyped-def]
    html = _render(assessment, "html").decode()
    data = orjson.loads(re.search(r"id=data>(.*?)</script>", html, re.S).group(1).replace("<\\/", "</"))
    flow = data["flows"][[f.id for f in assessment.flows].index("orders-to-analytics")]
    result = data["results"][flow[8][0]]
    original = assessment.flow("orders-to-analytics").regimes[0]
    assert result["g"] == original.regime and result["m"] == list(original.missing)
    names = {"\x01": "platform-cn", "\x02": "analytics-us", "\x03": "US"}
    filled = [data["steps"][i][1] for i in result["t"]]
    for mark, name in names.items():
        filled = [t.replace(mark, name) for t in filled]
    assert filled == [fill(s.text, assessment.flow("orders-to-analytics").names) for s in original.steps]


def test_html_is_an_audit_artefact() -> None:
    from click.testing import CliRunner

    from xborder.cli.main import cli
    import hashlib

    html = CliRunner().invoke(cli, ["assess", str(EXAMPLE), "--format", "html"]).stdout
    assert hashlib.sha256(EXAMPLE.read_bytes()).hexdigest() in html
    assert "xborder 0." in html and "generated" in html and "knowledge base" in html


def test_html_requests_show_conflict_and_recommendation(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from xborder.report.html import to_html

    path = ROOT.parent / "shared" / "scenarios" / "cloud-act-conflicts.yaml"
    a = assess_map(load_map(path))
    html = to_html(a)
    assert "recommended channel" in html and "preserve first" in html
    for req in a.requests:
        assert req["id"] in html
        if req.get("recommended_channel"):
            assert str(req["recommended_channel"]) in html


def test_sarif_points_at_the_flow_lines(assessment) -> None:  # type: ignore[no-untyped-def]
    sarif = orjson.loads(_render(assessment, "sarif"))
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    flagged = {f.id for f in assessment.flows if f.status != "compliant"}
    assert {r["properties"]["flow"] for r in results} == flagged
    lines = flow_lines(EXAMPLE)
    for r in results:
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == lines[r["properties"]["flow"]]
        text = EXAMPLE.read_text().splitlines()[region["startLine"] - 1]
        assert r["properties"]["flow"] in text


def test_table_shows_each_flow_and_the_summary(assessment) -> None:  # type: ignore[no-untyped-def]
    from xborder.report.table import print_table

    console = Console(file=io.StringIO(), width=200)
    print_table(assessment, console)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    s = assessment.summary()
    assert f"{s['compliant']} compliant" in out
    for flow in assessment.flows:
        assert flow.id in out


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "sarif"])
def test_no_report_leaks_a_party_placeholder(assessment, fmt: str) -> None:  # type: ignore[no-untyped-def]
    out = _render(assessment, fmt).decode()
    assert "{exporter}" not in out and "{recipient}" not in out


def test_explain_fills_in_the_parties() -> None:
    from click.testing import CliRunner

    from xborder.cli.main import cli

    out = CliRunner().invoke(cli, ["explain", str(EXAMPLE), "orders-to-analytics"]).output
    assert "{exporter}" not in out and "platform-cn" in out


def test_sarif_levels_follow_the_flow_and_cite_the_deciding_article(assessment) -> None:  # type: ignore[no-untyped-def]
    # issue 7 item 6: an action_required flow is a problem ("warning"), never a "note"
    sarif = orjson.loads(_render(assessment, "sarif"))
    results = sarif["runs"][0]["results"]
    assert results and all(r["level"] in ("error", "warning") for r in results)
    for r in results:
        assert (r["level"] == "error") == r["ruleId"].endswith("/prohibited")
    for f in assessment.flows:
        for reg in f.regimes:
            if reg.applies and not reg.satisfied and reg.steps[-1].cite is not None:
                text = next(x["message"]["text"] for x in results
                            if x["properties"]["flow"] == f.id and x["ruleId"].startswith(reg.regime + "/"))
                assert text.endswith(f"({reg.steps[-1].cite.label})")
