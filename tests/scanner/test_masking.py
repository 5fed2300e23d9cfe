"""Reports never carry raw values; credentials never appear in output or errors."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from xborder.cli.main import cli
from xborder.scanner import scan
from xborder.scanner.masking import mask_url, mask_value, scrub


@pytest.mark.parametrize(("value", "key", "expected"), [
    ("13812345678", "phone", "138****5678"),
    ("alice@example.com", "email", "a***@*******.com"),
    ("4111111111111111", "bank_card", "4111********1111"),
    ("John Smith", "person_name", "J*** S****"),
    ("王伟", "person_name", "王*"),
    ("1985-04-12", "date_of_birth", "****-**-**"),
    ("北京市朝阳区建国路88号", "postal_address", "************"),
])
def test_mask_value(value: str, key: str, expected: str) -> None:
    assert mask_value(value, key) == expected


def test_mask_value_never_returns_the_value() -> None:
    for value in ("a", "ab", "abc", "12345", "x" * 40, "+86 138 0013 8000", "DE89370400440532013000"):
        assert mask_value(value, "") != value


def test_mask_url() -> None:
    assert mask_url("postgresql+psycopg://bob:pa55word@db.example:5432/shop") == \
        "postgresql+psycopg://bob:***@db.example:5432/shop"
    assert mask_url("sqlite:///tmp/x.db") == "sqlite:///tmp/x.db"
    assert "pa55word" not in scrub("could not connect: postgresql://bob:pa55word@host/db failed")


def test_report_json_holds_no_raw_value(data_dir: Path, rows: list[dict[str, str]]) -> None:
    text = json.dumps(scan(str(data_dir / "people.csv")).to_dict(), ensure_ascii=False)
    personal = ("name", "email", "phone", "id_number", "birth")
    for r in rows:
        for column in personal:
            assert r[column] not in text, f"raw {column} in report"


def test_cli_output_and_logs_hold_no_password(caplog: pytest.LogCaptureFixture) -> None:
    runner = CliRunner()
    secret = "Sup3r-s3cret"
    with caplog.at_level(logging.DEBUG):
        result = runner.invoke(cli, ["scan", f"postgresql+psycopg://alice:{secret}@127.0.0.1:1/db"])
    assert result.exit_code == 3
    assert secret not in result.output
    assert "alice:***@" in result.output
    assert secret not in caplog.text


def test_cli_report_holds_no_raw_value(data_dir: Path, rows: list[dict[str, str]]) -> None:
    result = CliRunner().invoke(cli, ["scan", str(data_dir / "people.parquet")])
    assert result.exit_code == 0, result.output
    for r in rows:
        for column in ("email", "phone", "id_number"):
            assert r[column] not in result.output
