"""A real password-protected PostgreSQL role: its password never reaches stdout or stderr
of any ledger command, nor of `assess --record` (issue 15 items 2 and 8).

The throwaway server trusts local connections; this test adds a scram-sha-256 rule for
its own role to the server's pg_hba.conf, so a wrong password is really refused.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.postgres

CLI = [sys.executable, "-c", "from xborder.cli.main import cli; cli()"]
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecommerce.yaml"
PASSWORD = "Pw-" + uuid.uuid4().hex[:12]


@pytest.fixture(scope="module")
def secret_url(pg_url: str) -> Iterator[str]:
    import psycopg

    role = f"alice_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(pg_url, autocommit=True) as admin:
        hba = Path(admin.execute("SHOW hba_file").fetchone()[0])
        try:
            original = hba.read_text()
            hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n" + original)
        except OSError as exc:
            pytest.skip(f"cannot edit the test server's pg_hba.conf: {exc}")
        admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}'")
        admin.execute(f"CREATE DATABASE {role} OWNER {role}")
        admin.execute("SELECT pg_reload_conf()")
        host = urlsplit(pg_url).netloc.rsplit("@", 1)[-1]
        try:
            yield f"postgresql://{role}:{PASSWORD}@{host}/{role}"
        finally:
            hba.write_text(original)
            admin.execute("SELECT pg_reload_conf()")


def _run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, text=True, cwd=cwd, timeout=120)


def test_the_role_really_needs_its_password(secret_url: str) -> None:
    import psycopg

    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(secret_url.replace(PASSWORD, "wrong-password")).close()
    psycopg.connect(secret_url).close()


def test_no_ledger_command_prints_the_password(secret_url: str, tmp_path: Path) -> None:
    url = f"{secret_url}?prefix=s{uuid.uuid4().hex[:6]}_"
    key, wkey = tmp_path / "log.key", tmp_path / "w.key"
    event = {"flow": "de-to-us", "exporter": {"entity": "shop-de", "country": "DE"},
             "importer": {"entity": "cloud-us", "country": "US"}, "countries": {"from": "DE", "to": "US"},
             "datasets": [{"id": "customers", "sha256": "ab" * 32}], "individuals": 10, "records": None,
             "time": "2026-11-02T09:05:00Z", "verdict": {"status": "compliant", "regimes": {"EU-GDPR": "permitted"}},
             "instruments": ["eu.adequacy"], "kb_version": "kb-1", "as_of": "2026-11-02"}
    state = str(tmp_path / "w.state.json")
    wrong = url.replace(PASSWORD, "Wrong-" + PASSWORD[::-1])
    unreachable = "postgresql://alice:" + PASSWORD + "@127.0.0.1:1/db"
    commands: list[tuple[tuple[str, ...], int, str | None]] = [
        (("ledger", "init", url, "--origin", "example.org/secret-log", "--key", str(key)), 0, None),
        (("ledger", "init", url, "--origin", "example.org/other", "--key", str(tmp_path / "other.key")), 2, None),
        (("ledger", "keygen", "w.example", "--witness", "--out", str(wkey)), 0, None),
        (("ledger", "append", url, "-"), 0, json.dumps(event) + "\n" + json.dumps({**event, "individuals": 11})),
        (("ledger", "append", url, "-"), 2, '{"flow": 1}'),
        (("ledger", "checkpoint", url, "--key", str(key)), 0, None),
        (("ledger", "cosign", url, "--witness-key", str(wkey), "--state", state, "--log-key", f"{key}.pub"), 0, None),
        (("ledger", "verify", url), 0, None),
        (("ledger", "verify", url, "--format", "json"), 0, None),
        (("ledger", "verify", url, "--log-key", f"{key}.pub", "--witness", f"{wkey}.pub", "--quorum", "1",
          "--witness-state", state), 0, None),
        (("ledger", "prove", url, "1", "--format", "json"), 0, None),
        (("ledger", "prove", url, "9"), 2, None),
        (("ledger", "consistency", url, "1", "2", "--format", "json"), 0, None),
        (("ledger", "show", url), 0, None),
        (("ledger", "show", url, "--format", "json"), 0, None),
        (("ledger", "show", url, "--index", "0"), 0, None),
        (("ledger", "report", url, "--format", "json"), 0, None),
        (("ledger", "report", url, "--chart", str(tmp_path / "c.svg")), 0, None),
        (("ledger", "verify", wrong), 2, None),
        (("ledger", "show", wrong), 2, None),
        (("ledger", "append", wrong, "-"), 2, json.dumps(event)),
        (("ledger", "verify", unreachable), 2, None),
        (("ledger", "init", unreachable, "--key", str(key)), 2, None),
        (("assess", str(EXAMPLE), "--record", url, "--ran", "eu-customers-to-crm,eu-customers-to-jp"), 0, None),
        (("assess", str(EXAMPLE), "--record", url, "--ran", "orders-to-analytics"), 1, None),
        (("assess", str(EXAMPLE), "--record", wrong, "--ran", "eu-customers-to-crm"), 2, None),
        (("assess", str(EXAMPLE), "--format", "json", "--record", unreachable), 2, None),
    ]
    for args, code, stdin in commands:
        result = _run(*args, stdin=stdin, cwd=tmp_path)
        shown = result.stdout + result.stderr
        assert result.returncode == code, (args, shown)
        assert PASSWORD not in shown and PASSWORD[::-1] not in shown, (args, shown)
        assert "Traceback" not in shown, (args, shown)
    recorded = _run("ledger", "show", url, "--format", "json")
    flows = [e["leaf"]["flow"] for e in json.loads(recorded.stdout)["entries"]]
    assert flows[-2:] == ["eu-customers-to-crm", "eu-customers-to-jp"]  # assess --record reached PostgreSQL
    assert json.loads(recorded.stdout)["ledger"].count("***") == 1
