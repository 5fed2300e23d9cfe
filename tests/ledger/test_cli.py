"""`xborder ledger ...` end to end: the witness workflow, proofs as JSON, offline checks, report."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import rfc6962_reference as ref
from click.testing import CliRunner

from xborder.cli.main import cli
from xborder.ledger.hashing import leaf_hash

ORIGIN = "example.org/xborder/cli-log"


def _event(i: int, month: int, dest: str) -> dict[str, object]:
    return {
        "flow": f"flow-{dest.lower()}", "exporter": {"entity": "shop-de", "country": "DE"},
        "importer": {"entity": f"partner-{dest.lower()}", "country": dest},
        "countries": {"from": "DE", "to": dest}, "datasets": [{"id": "customers", "sha256": f"{i:064x}"}],
        "individuals": 100 + i, "records": 1000, "time": f"2026-{month:02d}-0{1 + i % 9}T10:00:00Z",
        "verdict": {"status": "compliant", "regimes": {"EU-GDPR": "conditional" if dest == "US" else "permitted"}},
        "instruments": ["eu.scc"] if dest == "US" else ["eu.adequacy"], "kb_version": "kb-1", "as_of": "2026-01-01",
    }


def _run(args: list[str], code: int = 0, stdin: str | None = None) -> str:
    result = CliRunner().invoke(cli, args, input=stdin, catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path


def test_witness_workflow_end_to_end(workdir: Path) -> None:
    w = workdir
    db, key = str(w / "ledger.db"), str(w / "log.key")
    _run(["ledger", "init", db, "--origin", ORIGIN, "--key", key])
    assert (w / "log.key.pub").read_text().startswith(ORIGIN + "+")
    _run(["ledger", "keygen", "regulator.example", "--witness", "--out", str(w / "regulator.key")])
    _run(["ledger", "keygen", "auditor.example", "--witness", "--out", str(w / "auditor.key")])
    events = "\n".join(json.dumps(_event(i, 1 + i % 3, ["US", "JP", "CH"][i % 3])) for i in range(20))
    assert "indexes 0..19" in _run(["ledger", "append", db, "-"], stdin=events)
    _run(["ledger", "checkpoint", db, "--key", key, "--out", str(w / "cp20.txt")])
    for name in ("regulator", "auditor"):
        _run(["ledger", "cosign", db, "--witness-key", str(w / f"{name}.key"), "--state",
              str(w / f"{name}.state.json"), "--log-key", str(w / "log.key.pub")])
    more = "\n".join(json.dumps(_event(i, 4, "US")) for i in range(20, 33))
    _run(["ledger", "append", db], stdin=more)
    _run(["ledger", "checkpoint", db, "--key", key])
    cp33 = _run(["ledger", "cosign", db, "--witness-key", str(w / "regulator.key"), "--state",
                 str(w / "regulator.state.json"), "--log-key", str(w / "log.key.pub"), "--out", str(w / "cp33.txt")])
    assert "\u2014 regulator.example " in cp33 and "\u2014 auditor.example" not in cp33
    _run(["ledger", "cosign", db, "--witness-key", str(w / "auditor.key"), "--state",
          str(w / "auditor.state.json"), "--log-key", str(w / "log.key.pub"), "--out", str(w / "cp33.txt")])

    # proofs as JSON, checked against the independent reference
    proof = json.loads(_run(["ledger", "prove", db, "5", "--format", "json"]))
    assert {"leaf_index", "tree_size", "leaf_hash", "root_hash", "audit_path"} <= set(proof)
    assert proof["tree_size"] == 33 and proof["leaf_hash"] == leaf_hash(proof["leaf_data"].encode()).hex()
    with sqlite3.connect(db) as conn:
        all_leaves = [bytes(r[0]) for r in conn.execute("SELECT data FROM leaves ORDER BY idx")]
    assert all_leaves[:20] != [] and all_leaves[5] == proof["leaf_data"].encode()
    assert [bytes.fromhex(h) for h in proof["audit_path"]] == ref.path(5, all_leaves)
    assert bytes.fromhex(proof["root_hash"]) == ref.mth(all_leaves)
    (w / "proof.json").write_text(json.dumps(proof))
    cons = json.loads(_run(["ledger", "consistency", db, "20", "33", "--format", "json"]))
    assert set(cons) == {"old_size", "new_size", "old_root", "new_root", "proof"}
    assert [bytes.fromhex(h) for h in cons["proof"]] == ref.proof(20, all_leaves)
    (w / "cons.json").write_text(json.dumps(cons))

    # offline verification: checkpoint + keys + proof only
    common = ["--log-key", str(w / "log.key.pub"), "--witness", str(w / "regulator.key.pub"),
              "--witness", str(w / "auditor.key.pub"), "--quorum", "2"]
    assert "ok: leaf 5" in _run(["ledger", "verify-proof", str(w / "proof.json"), "--checkpoint",
                                 str(w / "cp33.txt"), *common])
    assert "extends size 20" in _run(["ledger", "verify-proof", str(w / "cons.json"), "--checkpoint",
                                      str(w / "cp33.txt"), "--old-checkpoint", str(w / "cp20.txt"),
                                      "--log-key", str(w / "log.key.pub")])
    # cp20.txt was written before any cosignature: a 1-of-2 witness policy rejects it
    bad = _run(["ledger", "verify-proof", str(w / "cons.json"), "--checkpoint", str(w / "cp33.txt"),
                "--old-checkpoint", str(w / "cp20.txt"), *common[:-2], "--quorum", "1"], code=1)
    assert "witness" in bad
    proof["audit_path"][0] = "00" * 32
    (w / "bad.json").write_text(json.dumps(proof))
    _run(["ledger", "verify-proof", str(w / "bad.json"), "--checkpoint", str(w / "cp33.txt"), *common], code=1)

    # full verification, then tampering
    assert _run(["ledger", "verify", db, *common[2:]]).startswith("ok: 33 leaves")
    shown = _run(["ledger", "show", db, "--format", "json"])
    assert json.loads(shown)["checkpoints"][-1]["signers"] == [ORIGIN, "regulator.example", "auditor.example"]
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE leaves SET data = ? WHERE idx = 7", (b"{}",))
    out = _run(["ledger", "verify", db, "--format", "json"], code=1)
    assert json.loads(out)["first_bad"]["index"] == 7 and json.loads(out)["first_bad"]["kind"] == "leaf"


def test_witness_refuses_a_rewritten_log(workdir: Path) -> None:
    w = workdir
    db, key = str(w / "l.db"), str(w / "log.key")
    _run(["ledger", "init", db, "--origin", ORIGIN, "--key", key])
    _run(["ledger", "keygen", "regulator.example", "--witness", "--out", str(w / "reg.key")])
    _run(["ledger", "append", db], stdin="\n".join(json.dumps(_event(i, 1, "US")) for i in range(5)))
    _run(["ledger", "checkpoint", db, "--key", key])
    cosign = ["ledger", "cosign", db, "--witness-key", str(w / "reg.key"), "--state", str(w / "reg.json"),
              "--log-key", str(w / "log.key.pub")]
    _run(cosign)
    # the operator rewrites history: a fresh ledger with other content, same key
    (w / "l.db").unlink()
    _run(["ledger", "init", db, "--key", key])
    _run(["ledger", "append", db], stdin="\n".join(json.dumps(_event(i, 2, "JP")) for i in range(7)))
    _run(["ledger", "checkpoint", db, "--key", key])
    out = _run(cosign, code=1)
    assert "refuses" in out and "not consistent" in out


def test_report_with_chart(workdir: Path) -> None:
    w = workdir
    db = str(w / "r.db")
    _run(["ledger", "init", db, "--origin", ORIGIN, "--key", str(w / "k")])
    events = "\n".join(json.dumps(_event(i, 1 + i % 3, ["US", "JP"][i % 2])) for i in range(12))
    _run(["ledger", "append", db], stdin=events)
    out = _run(["ledger", "report", db, "--chart", str(w / "chart.svg")])
    assert "2026-01" in out and "eu.scc" in out and "chart written" in out
    svg = (w / "chart.svg").read_text()
    assert svg.startswith("<svg") and "to US" in svg and "2026-03" in svg
    data = json.loads(_run(["ledger", "report", db, "--period", "quarter", "--format", "json"]))
    assert sum(r["events"] for r in data["rows"]) == 12
    assert {r["period"] for r in data["rows"]} == {"2026-Q1"}
    assert {r["grounds"] for r in data["rows"]} == {"eu.scc", "eu.adequacy"}


def test_errors_and_exit_codes(workdir: Path) -> None:
    _run(["ledger", "verify", str(workdir / "missing.db")], code=2)
    db = str(workdir / "e.db")
    _run(["ledger", "init", db, "--origin", ORIGIN, "--key", str(workdir / "k")])
    _run(["ledger", "append", db], stdin='{"flow": "x", "name": "Jane"}\n', code=2)
    _run(["ledger", "prove", db, "0"], code=2)
    assert _run(["ledger", "verify", db]).startswith("ok: 0 leaves")
