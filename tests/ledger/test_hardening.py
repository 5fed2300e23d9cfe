"""Hostile and careless input to `xborder ledger`: every case gets one clear message and an
exit code, never a traceback, an acknowledgement of nothing, a secret, or half-done state.

Each test names the issue item it pins down (issue 15: faults and forgeries; issue 7:
what a new user found).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from xborder.cli.main import cli
from xborder.ledger.verify import RootMismatchError, verify_consistency
from xborder.redact import redact_text, redact_url

ORIGIN = "example.org/xborder/hardening"


def event(i: int = 0, **changes: object) -> dict[str, object]:
    ev: dict[str, object] = {
        "flow": "de-to-us", "exporter": {"entity": "shop-de", "country": "DE"},
        "importer": {"entity": "cloud-us", "country": "US"}, "countries": {"from": "DE", "to": "US"},
        "datasets": [{"id": "customers", "sha256": f"{i:064x}"}], "individuals": 100 + i, "records": None,
        "time": "2026-11-02T09:05:00Z", "verdict": {"status": "compliant", "regimes": {"EU-GDPR": "conditional"}},
        "instruments": ["eu.scc"], "kb_version": "kb-1", "as_of": "2026-11-02",
    }
    ev.update(changes)
    return ev


def lines(*events: dict[str, object]) -> str:
    return "".join(json.dumps(e) + "\n" for e in events)


def run(args: list[str], stdin: str | bytes | None = None) -> Result:
    """Run the CLI; a traceback (any exception but SystemExit) fails the test."""
    result = CliRunner().invoke(cli, args, input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback for {args}: {result.exception!r}\n{result.output}") from result.exception
    return result


def ok(args: list[str], stdin: str | bytes | None = None) -> str:
    result = run(args, stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def log(tmp_path: Path) -> dict[str, str]:
    """An initialised ledger with three events, a checkpoint cosigned by two witnesses."""
    w = tmp_path
    paths = {"db": str(w / "L.db"), "key": str(w / "log.key"), "pub": str(w / "log.key.pub"), "dir": str(w)}
    ok(["ledger", "init", paths["db"], "--origin", ORIGIN, "--key", paths["key"]])
    for name in ("regulator", "auditor"):
        ok(["ledger", "keygen", f"{name}.example", "--witness", "--out", str(w / f"{name}.key")])
        paths[name] = str(w / f"{name}.key")
        paths[f"{name}.pub"] = str(w / f"{name}.key.pub")
        paths[f"{name}.state"] = str(w / f"{name}.state.json")
    ok(["ledger", "append", paths["db"], "-"], lines(event(0), event(1), event(2)))
    ok(["ledger", "checkpoint", paths["db"], "--key", paths["key"]])
    for name in ("regulator", "auditor"):
        cosign(paths, name)
    return paths


def cosign(paths: dict[str, str], name: str, *extra: str) -> Result:
    return run(["ledger", "cosign", paths["db"], "--witness-key", paths[name], "--state", paths[f"{name}.state"],
                "--log-key", paths["pub"], *extra])


def policy_args(paths: dict[str, str]) -> list[str]:
    return ["--log-key", paths["pub"], "--witness", paths["regulator.pub"], "--witness", paths["auditor.pub"],
            "--quorum", "2"]


def leaf_count(db: str) -> int:
    with sqlite3.connect(db) as con:
        return int(con.execute("SELECT COUNT(*) FROM leaves").fetchone()[0])


# --- 15.1: numeric options are validated; an acknowledgement states only what was written ----


@pytest.mark.parametrize("batch", ["-5", "0", "x"])
def test_append_refuses_a_batch_size_that_is_not_positive(log: dict[str, str], batch: str) -> None:
    result = run(["ledger", "append", log["db"], "-", "--batch", batch], lines(event(9)))
    assert result.exit_code == 2
    assert "--batch" in result.stderr and "appended" not in result.stdout
    assert leaf_count(log["db"]) == 3


@pytest.mark.parametrize("args", [
    ["prove", "{db}", "--", "-1"], ["prove", "{db}", "0", "--size", "-1"], ["consistency", "{db}", "--", "-1", "2"],
    ["consistency", "{db}", "--", "1", "-2"], ["show", "{db}", "--last", "-1"], ["show", "{db}", "--index", "-1"],
    ["verify", "{db}", "--quorum", "-1"],
])
def test_negative_numbers_are_usage_errors(log: dict[str, str], args: list[str]) -> None:
    result = run(["ledger", *[a.format(**log) for a in args]])
    assert result.exit_code == 2 and "Invalid value" in result.stderr


def test_append_acknowledges_exactly_the_indexes_it_wrote(log: dict[str, str]) -> None:
    out = ok(["ledger", "append", log["db"], "-", "--batch", "2"], lines(*(event(i) for i in range(10, 15))))
    assert out.strip() == "appended 5 entries (indexes 3..7); size 8"
    assert leaf_count(log["db"]) == 8


# --- 15.2: no password in any message -----------------------------------------------------


@pytest.mark.parametrize("url, shown", [
    ("postgresql://alice:S3cret@db.example:5432/x", "postgresql://alice:***@db.example:5432/x"),
    ("postgresql+psycopg://alice:p%40ss@h/x?prefix=eu_", "postgresql+psycopg://alice:***@h/x?prefix=eu_"),
    ("postgres://alice@h/x?password=S3cret&sslmode=require", "postgres://alice@h/x?password=***&sslmode=require"),
    ("postgresql://h/x", "postgresql://h/x"),
    ("ledger.db", "ledger.db"),
    ("sqlite:///transfers.db", "sqlite:///transfers.db"),
])
def test_redact_url_masks_the_password_and_nothing_else(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_redact_text_masks_urls_key_values_and_known_passwords() -> None:
    text = ("could not connect to postgresql://bob:Hunter2!@10.0.0.1/db (host=10.0.0.1 password=Hunter2! "
            "sslpassword='x y') for Hunter2!")
    masked = redact_text(text, "postgresql://bob:Hunter2!@10.0.0.1/db")
    assert "Hunter2" not in masked and "x y" not in masked
    assert "postgresql://bob:***@10.0.0.1/db" in masked and "password=***" in masked


@pytest.mark.parametrize("command", [["verify"], ["show"], ["append", "-"], ["prove", "0"], ["report"],
                                     ["consistency", "0", "0"], ["init", "--key", "{dir}/k.key", "--origin", "o.example/x"]])
def test_an_unreachable_postgres_url_never_prints_its_password(log: dict[str, str], command: list[str]) -> None:
    url = "postgresql://alice:S3cretPw@127.0.0.1:1/db"
    result = run(["ledger", command[0], url, *[a.format(**log) for a in command[1:]]], lines(event(0)))
    assert result.exit_code == 2
    assert "S3cretPw" not in result.output and "alice:***@127.0.0.1:1" in result.stderr


# --- 15.4 / 7.11: a forged or cut-back log does not verify --------------------------------


def test_a_log_whose_checkpoints_were_deleted_fails_a_witness_policy(log: dict[str, str]) -> None:
    assert run(["ledger", "verify", log["db"], *policy_args(log)]).exit_code == 0
    with sqlite3.connect(log["db"]) as con:
        con.execute("DELETE FROM checkpoints")
    result = run(["ledger", "verify", log["db"], *policy_args(log)])
    assert result.exit_code == 1 and "no checkpoint" in result.stdout
    only_key = run(["ledger", "verify", log["db"], "--log-key", log["pub"]])
    assert only_key.exit_code == 1 and "no checkpoint" in only_key.stdout


def test_plain_verify_says_the_log_key_is_the_files_own(log: dict[str, str]) -> None:
    result = run(["ledger", "verify", log["db"]])
    assert result.exit_code == 0
    assert "not authenticated" in result.stderr and "--log-key" in result.stderr
    pinned = run(["ledger", "verify", log["db"], "--log-key", log["pub"]])
    assert pinned.exit_code == 0 and "not authenticated" not in pinned.stderr
    assert json.loads(ok(["ledger", "verify", log["db"], "--format", "json"]))["log_key_pinned"] is False


def test_a_log_cut_back_below_a_pinned_checkpoint_or_witness_state_fails(log: dict[str, str]) -> None:
    ok(["ledger", "append", log["db"], "-"], lines(event(3), event(4)))
    ok(["ledger", "checkpoint", log["db"], "--key", log["key"]])
    note = cosign(log, "regulator", "--out", f"{log['dir']}/cp5.txt")
    assert note.exit_code == 0
    cosign(log, "auditor")
    pins = ["--checkpoint", f"{log['dir']}/cp5.txt", "--witness-state", log["regulator.state"]]
    good = run(["ledger", "verify", log["db"], *policy_args(log), *pins])
    assert good.exit_code == 0 and "contains the pinned checkpoint" in good.stdout
    # the operator deletes the newest leaf and every checkpoint that remembers it
    with sqlite3.connect(log["db"]) as con:
        con.execute("DELETE FROM leaves WHERE idx = 4")
        con.execute("DELETE FROM checkpoints WHERE size = 5")
    for pin in (pins[:2], pins[2:]):
        result = run(["ledger", "verify", log["db"], "--log-key", log["pub"], *pin])
        assert result.exit_code == 1, result.output
        assert "first bad: gap 4: leaves 4..4 are missing" in result.stdout
        assert "covers 5" in result.stdout


def test_a_pinned_checkpoint_of_another_tree_fails(log: dict[str, str], tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    db2 = str(other / "R.db")
    ok(["ledger", "init", db2, "--key", log["key"]])
    ok(["ledger", "append", db2, "-"], lines(event(7), event(8), event(9)))
    ok(["ledger", "checkpoint", db2, "--key", log["key"], "--out", str(other / "cp.txt")])
    result = run(["ledger", "verify", log["db"], "--log-key", log["pub"], "--checkpoint", str(other / "cp.txt")])
    assert result.exit_code == 1 and "pinned checkpoint" in result.stdout


def test_deleting_the_last_leaf_is_reported_as_the_missing_leaf(log: dict[str, str]) -> None:
    with sqlite3.connect(log["db"]) as con:
        con.execute("DELETE FROM leaves WHERE idx = 2")
    result = run(["ledger", "verify", log["db"], "--format", "json"])
    assert result.exit_code == 1
    first = json.loads(result.stdout)["first_bad"]
    assert (first["kind"], first["index"]) == ("gap", 2)


# --- 15.13: the witness's own record is what was expected ---------------------------------


def test_a_same_size_fork_names_the_trusted_root_as_expected() -> None:
    trusted, forked = b"\x01" * 32, b"\x02" * 32
    with pytest.raises(RootMismatchError) as exc:
        verify_consistency(5, 5, trusted, forked, [])
    assert exc.value.expected == trusted and exc.value.computed == forked
    assert f"expected {trusted.hex()}, computed {forked.hex()}" in str(exc.value)


# --- 15.9 / 7.9: clear errors, nothing half-done -------------------------------------------


def test_checkpoint_into_a_missing_folder_stores_nothing(log: dict[str, str]) -> None:
    ok(["ledger", "append", log["db"], "-"], lines(event(3)))
    result = run(["ledger", "checkpoint", log["db"], "--key", log["key"], "--out", f"{log['dir']}/nope/cp.txt"])
    assert result.exit_code == 2 and "does not exist" in result.stderr
    with sqlite3.connect(log["db"]) as con:
        assert [r[0] for r in con.execute("SELECT size FROM checkpoints")] == [3]


def test_cosign_into_a_missing_folder_leaves_the_witness_state_alone(log: dict[str, str]) -> None:
    ok(["ledger", "append", log["db"], "-"], lines(event(3)))
    ok(["ledger", "checkpoint", log["db"], "--key", log["key"]])
    before = Path(log["regulator.state"]).read_text()
    result = cosign(log, "regulator", "--out", f"{log['dir']}/nope/cp.txt")
    assert result.exit_code == 2 and Path(log["regulator.state"]).read_text() == before


@pytest.mark.parametrize("args", [
    ["report", "{db}", "--chart", "{dir}/nope/chart.svg"],
    ["keygen", "x.example", "--out", "{dir}/nope/x.key"],
    ["init", "{dir}/new.db", "--origin", "o.example/x", "--key", "{dir}/nope/k.key"],
])
def test_outputs_into_a_missing_folder_are_refused(log: dict[str, str], args: list[str]) -> None:
    result = run(["ledger", *[a.format(**log) for a in args]])
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_init_refusing_a_key_leaves_no_key_behind(log: dict[str, str]) -> None:
    result = run(["ledger", "init", log["db"], "--origin", "other.example/x", "--key", f"{log['dir']}/other.key"])
    assert result.exit_code == 2
    assert not Path(log["dir"], "other.key").exists() and not Path(log["dir"], "other.key.pub").exists()


def test_append_with_invalid_utf8_names_the_line(log: dict[str, str]) -> None:
    data = (lines(event(5)) + '{"flow": "caf\xe9"}\n').encode("latin-1")
    result = run(["ledger", "append", log["db"], "-"], data)
    assert result.exit_code == 2 and "line 2: not UTF-8" in result.stderr
    assert leaf_count(log["db"]) == 3


def test_cosign_with_a_corrupt_state_file(log: dict[str, str]) -> None:
    Path(log["regulator.state"]).write_text("{not json")
    result = cosign(log, "regulator")
    assert result.exit_code == 2 and "not readable JSON" in result.stderr
    Path(log["regulator.state"]).write_text(json.dumps({ORIGIN: {"size": "three", "root": "zz"}}))
    result = cosign(log, "regulator")
    assert result.exit_code == 2 and "bad size or root" in result.stderr or "needs a size" in result.stderr


def test_cosign_with_the_log_key_as_witness_key(log: dict[str, str]) -> None:
    result = run(["ledger", "cosign", log["db"], "--witness-key", log["key"], "--state", log["regulator.state"],
                  "--log-key", log["pub"]])
    assert result.exit_code == 2 and "cosignature/v1" in result.stderr


@pytest.mark.parametrize("content", ["[1, 2, 3]", '"a string"', "{}", "not json"])
def test_verify_proof_given_something_that_is_not_a_proof(log: dict[str, str], content: str) -> None:
    proof = Path(log["dir"], "proof.json")
    proof.write_text(content)
    cp = Path(log["dir"], "cp.txt")
    cp.write_text(ok(["ledger", "show", log["db"], "--format", "json"]))
    result = run(["ledger", "verify-proof", str(proof), "--checkpoint", str(cp), "--log-key", log["pub"]])
    assert result.exit_code == 2 and "error:" in result.stderr


# --- 15.12: event fields are validated, naming the line and the field ----------------------


@pytest.mark.parametrize("change, message", [
    ({"instruments": "eu.scc"}, "instruments: must be a list, not str"),
    ({"instruments": [1]}, "instruments[0]: must be a string"),
    ({"individuals": "100"}, "individuals: must be a whole number"),
    ({"individuals": -1}, "individuals: must be a whole number"),
    ({"individuals": True}, "individuals: must be a whole number"),
    ({"time": "yesterday"}, "time: 'yesterday' is not an RFC 3339 time"),
    ({"time": "2026-11-02T09:05:00"}, "time: '2026-11-02T09:05:00' has no time zone"),
    ({"as_of": "2026-13-01"}, "as_of: '2026-13-01' is not a date"),
    ({"flow": 7}, "flow: must be a string, not int"),
    ({"datasets": "customers"}, "datasets: must be a list"),
    ({"datasets": [{"id": "customers"}]}, "datasets[0].sha256: must be a string"),
    ({"exporter": "shop-de"}, "exporter: must be an object"),
    ({"countries": {"from": "DE"}}, "countries: missing to"),
    ({"verdict": {"status": "compliant", "regimes": ["EU-GDPR"]}}, "verdict.regimes: must be an object"),
    ({"verdict": {"status": "fine"}}, "status 'fine' is not a flow status"),
    ({"extra": {"batch": 1}}, "extra: must be an object of id -> id"),
])
def test_event_fields_are_checked_before_anything_is_appended(log: dict[str, str], change: dict[str, object],
                                                             message: str) -> None:
    result = run(["ledger", "append", log["db"], "-"], lines(event(5), event(6, **change)))
    assert result.exit_code == 2
    assert f"line 2: {message}" in result.stderr and "nothing was appended" in result.stderr
    assert leaf_count(log["db"]) == 3


def test_a_missing_event_field_is_named(log: dict[str, str]) -> None:
    ev = event(5)
    del ev["kb_version"]
    result = run(["ledger", "append", log["db"], "-"], lines(ev))
    assert result.exit_code == 2 and "line 1: missing event field(s): kb_version" in result.stderr


# --- 7.11: the report counts a set of people once -----------------------------------------


def test_report_counts_the_same_dataset_once_per_period(log: dict[str, str]) -> None:
    ok(["ledger", "append", log["db"], "-"], lines(event(0), event(0, datasets=[{"id": "orders", "sha256": "0" * 64}],
                                                                   individuals=50)))
    rows = json.loads(ok(["ledger", "report", log["db"], "--format", "json"]))["rows"]
    assert len(rows) == 1 and rows[0]["events"] == 5
    # events 0..3 carry the dataset "customers" (largest count 102), event 4 "orders" (50)
    assert rows[0]["individuals"] == 102 + 50


# --- 7.10 / 7.11 / 15.8: assess --record -------------------------------------------------

EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "ecommerce.yaml")


def test_assess_record_accepts_comma_separated_and_repeated_ran(log: dict[str, str]) -> None:
    result = run(["assess", EXAMPLE, "--record", log["db"], "--ran", "eu-customers-to-crm,eu-customers-to-jp",
                  "--ran", "payments-to-seller", "--ran-at", "2026-11-02T09:05:00Z"])
    assert result.exit_code == 0, result.output
    assert "recorded 3 transfer(s)" in result.stderr and "indexes 3..5" in result.stderr
    flows = [json.loads(ok(["ledger", "show", log["db"], "--index", str(i), "--format", "json"]))["flow"]
             for i in (3, 4, 5)]
    assert flows == ["eu-customers-to-crm", "eu-customers-to-jp", "payments-to-seller"]


def test_assess_record_uses_the_time_and_the_law_of_the_transfer(log: dict[str, str]) -> None:
    # the example map's as_of is 2026-06-01; the transfer ran on 2026-11-20
    result = run(["assess", EXAMPLE, "--record", log["db"], "--ran", "eu-customers-to-jp",
                  "--ran-at", "2026-11-20T16:40:00Z"])
    assert result.exit_code == 0, result.output
    ev = json.loads(ok(["ledger", "show", log["db"], "--index", "3", "--format", "json"]))
    assert ev["time"] == "2026-11-20T16:40:00Z" and ev["as_of"] == "2026-11-20"
    assert "law as of 2026-11-20" in result.stderr


def test_assess_record_suggests_a_mistyped_flow_and_appends_nothing(log: dict[str, str]) -> None:
    result = run(["assess", EXAMPLE, "--record", log["db"], "--ran", "eu-customers-to-jpp"])
    assert result.exit_code == 1 and "did you mean eu-customers-to-jp" in result.stderr
    assert leaf_count(log["db"]) == 3


@pytest.mark.parametrize("value", ["yesterday", "2026-11-20T16:40:00"])
def test_assess_record_refuses_a_bad_ran_at(log: dict[str, str], value: str) -> None:
    result = run(["assess", EXAMPLE, "--record", log["db"], "--ran-at", value])
    assert result.exit_code == 2 and "--ran-at" in result.stderr and leaf_count(log["db"]) == 3
