"""`xborder kb show`: dates are checked as `assess` checks them; mistyped ids get suggestions."""

from __future__ import annotations

from click.testing import CliRunner

from xborder.cli.main import cli


def _run(*args: str):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, ["kb", "show", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_kb_show_refuses_dates_before_the_knowledge_base_like_assess() -> None:
    result = _run("eu.adequacy", "--as-of", "2017-01-01")
    assert result.exit_code == 3 and "covers the law from 2018-05-25" in result.stderr
    assert _run("eu.adequacy", "--as-of", "2018-05-25").exit_code == 0


def test_kb_show_refuses_a_value_that_is_not_a_date() -> None:
    result = _run("eu.adequacy", "--as-of", "notadate")
    assert result.exit_code == 2 and "'notadate' is not a date" in result.stderr


def test_kb_show_suggests_the_fact_a_longer_or_differently_worded_id_means() -> None:
    assert "did you mean cn.thresholds" in " ".join(_run("cn.thresholds.security-assessment").stderr.split())
    assert "ru.adequate_countries" in _run("ru.adequacy").stderr
