"""The trade lens: which agreement binds the restricting party and the other end of a hop, and
which exception a localization or transfer restriction would have to fit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from xborder.atlas.agreements import must_fit, trade_lens
from xborder.cli.main import cli
from xborder.datamap import load_map
from xborder.engine import assess_map
from xborder.kb import default_knowledge_base
from xborder.kb.agreements import default_agreements

CIIO_MAP = """xborder: 1
name: CIIO exports
as_of: {as_of}
entities:
  - {{id: grid-cn, country: CN, ciio: true}}
  - {{id: ops-sg, country: SG}}
  - {{id: ops-us, country: US}}
datasets:
  - id: meters
    categories: [user.name, user.contact.address]
    subjects: [{{residence: CN, kind: customer, count: 5000}}]
flows:
  - {{id: to-sg, from: {{entity: grid-cn}}, to: {{entity: ops-sg}}, datasets: [meters], purpose: analytics}}
  - {{id: to-us, from: {{entity: grid-cn}}, to: {{entity: ops-us}}, datasets: [meters], purpose: analytics}}
"""


def _lens(tmp_path: Path, as_of: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "ciio.yaml"
    path.write_text(CIIO_MAP.format(as_of=as_of), "utf-8")
    assessment = assess_map(load_map(path))
    return {(f.flow, f.regime): f for f in trade_lens(assessment, default_knowledge_base(), default_agreements())}


def test_cn_ciio_localization_towards_sg_must_fit_rcep_art_12_14_self_judging_security(tmp_path: Path) -> None:
    findings = _lens(tmp_path, "2026-06-01")
    f = findings[("to-sg", "CN-PIPL")]
    assert f.restriction == "localization" and f.restricting == "CN" and f.partner == "SG"
    assert f.basis == "PIPL Art 40"  # CIIOs store personal information in the mainland
    (clause,) = f.clauses
    assert clause.agreement.id == "rcep" and clause.provision.article == "12.14"
    security = next(e for e in clause.provision.exceptions if e.kind == "essential_security")
    assert security.self_judging and security.not_disputable
    assert "12.14(3)(b) essential security; self-judging; not disputable" in clause.advice
    assert "no dispute settlement" in clause.advice


def test_no_agreement_binds_cn_and_us(tmp_path: Path) -> None:
    f = _lens(tmp_path, "2026-06-01")[("to-us", "CN-PIPL")]
    assert f.restriction == "localization" and f.clauses == ()


def test_before_rcep_entered_into_force_the_restriction_is_unconstrained(tmp_path: Path) -> None:
    f = _lens(tmp_path, "2021-12-31")[("to-sg", "CN-PIPL")]
    assert f.clauses == ()


def test_must_fit_follows_the_commitment() -> None:
    rcep = default_agreements()["rcep"]
    assert must_fit(rcep.provisions["source_code"]).startswith("no commitment")
    assert "not read" in must_fit(rcep.provisions["financial_data"])
    assert "legitimate public policy objective (tests: necessity, non discrimination, no disguised restriction)" \
        in must_fit(rcep.provisions["transfer"])


def test_assess_trade_lens_prints_after_the_table(tmp_path: Path) -> None:
    path = tmp_path / "ciio.yaml"
    path.write_text(CIIO_MAP.format(as_of="2026-06-01"), "utf-8")
    result = CliRunner().invoke(cli, ["assess", str(path), "--trade-lens"], terminal_width=200)
    assert "trade lens" in result.output
    assert "RCEP Art 12.14 (binding)" in result.output
    assert "no agreement in the knowledge base binds CN and US" in result.output


def test_assess_json_keeps_its_output_and_the_lens_goes_to_stderr(tmp_path: Path) -> None:
    import orjson

    path = tmp_path / "ciio.yaml"
    path.write_text(CIIO_MAP.format(as_of="2026-06-01"), "utf-8")
    result = CliRunner().invoke(cli, ["assess", str(path), "--format", "json", "--trade-lens"])
    assert orjson.loads(result.stdout)["flows"]
    assert "RCEP" in result.stderr
    assert dt.date.fromisoformat("2026-06-01")
