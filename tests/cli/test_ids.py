"""`xborder ids`, and `explain --regime` checked against the regime ids."""

from __future__ import annotations

import orjson
from click.testing import CliRunner

from tests.conftest import ROOT
from xborder.cli.main import cli

EXAMPLE = str(ROOT / "examples" / "ecommerce.yaml")


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_ids_json_lists_meaning_and_article() -> None:
    listing = {t["id"]: t for t in orjson.loads(run("ids", "--format", "json").stdout_bytes)}
    assert listing["eu.scc"]["kind"] == "instrument" and "46(2)(c)" in listing["eu.scc"]["article"]
    assert listing["cn.pipia"]["kind"] == "obligation"
    assert listing["eu-us-dpf"]["kind"] == "certification"


def test_ids_by_jurisdiction_and_kind() -> None:
    cn = orjson.loads(run("ids", "--jurisdiction", "cn", "--format", "json").stdout_bytes)
    assert cn and {t["jurisdiction"] for t in cn} == {"CN"} and "cn.standard-contract" in {t["id"] for t in cn}
    certs = orjson.loads(run("ids", "--kind", "certification", "--format", "json").stdout_bytes)
    assert {t["kind"] for t in certs} == {"certification"}
    uses = orjson.loads(run("ids", "--kind", "use", "--format", "json").stdout_bytes)
    assert "marketing.advertising" in {t["id"] for t in uses}


def test_ids_markdown_and_table() -> None:
    md = run("ids", "-j", "EU", "--format", "markdown").output
    assert md.startswith("| id | kind | meaning | article |") and "| `eu.tia` | obligation |" in md
    assert "eu.scc" in run("ids").output


def test_unknown_jurisdiction_is_an_error() -> None:
    result = CliRunner().invoke(cli, ["ids", "-j", "xx"])
    assert result.exit_code == 2 and "no ids of jurisdiction 'xx'" in result.output


def test_explain_regime_is_checked_and_case_insensitive() -> None:
    lower = run("explain", EXAMPLE, "orders-to-seller", "--regime", "cn-pipl")
    assert lower.exit_code == 0 and "CN-PIPL" in lower.output
    typo = CliRunner().invoke(cli, ["explain", EXAMPLE, "orders-to-seller", "--regime", "CN-PIPLL"])
    assert typo.exit_code == 2 and "did you mean 'CN-PIPL'?" in typo.output
    absent = CliRunner().invoke(cli, ["explain", EXAMPLE, "orders-to-seller", "--regime", "US-DSP"])
    assert absent.exit_code == 0 and "US-DSP has no tie to orders-to-seller" in absent.output
