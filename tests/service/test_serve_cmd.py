"""`xborder serve` on a fresh install: migrates, prints the administrator's token once."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from xborder.cli.main import cli


def test_a_fresh_database_prints_the_admin_token_once(tmp_path: Path) -> None:
    db = str(tmp_path / "service.db")
    first = CliRunner().invoke(cli, ["serve", "--db", db, "--migrate-only"])
    assert first.exit_code == 0, first.output
    token = first.output.splitlines()[1].strip()
    assert token.startswith("xbt_") and len(token) > 40
    assert (tmp_path / "service.log.key").exists()
    second = CliRunner().invoke(cli, ["serve", "--db", db, "--migrate-only"])
    assert second.exit_code == 0 and "xbt_" not in second.output


def test_an_unreachable_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["serve", "--db", "postgresql://nobody:hunter2@127.0.0.1:1/none", "--migrate-only"])
    assert r.exit_code == 2 and "hunter2" not in r.output and "Traceback" not in r.output
