"""Chain of custody: sealed items, custody events in a witnessed ledger, and what `evidence
verify` catches — a tampered file, a missing event, a rewritten ledger — naming the item or event."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from xborder.cli.main import cli
from xborder.evidence.custody import CustodyError, case_uco, record, seal, verify_case
from xborder.ledger import Checkpoint, SigningKey, Witness, open_store, sign_checkpoint

ORIGIN = "example.org/custody"
T0 = dt.datetime(2026, 11, 3, 8, 30, tzinfo=dt.UTC)


@pytest.fixture
def keys() -> tuple[SigningKey, SigningKey]:
    return SigningKey.generate(ORIGIN), SigningKey.generate("court.example", witness=True)


@pytest.fixture
def case(tmp_path: Path, keys: tuple[SigningKey, SigningKey]) -> dict[str, object]:
    log, _ = keys
    store = open_store(str(tmp_path / "custody.db"))
    store.initialise(ORIGIN, log.verifier())
    phone, mail = tmp_path / "phone.img", tmp_path / "mail.mbox"
    phone.write_bytes(b"\x00phone image" * 100)
    mail.write_bytes(b"From: a\n\nhello\n")
    seal(store, "case-7", [phone, mail], "police-de", T0)
    record(store, "case-7", "phone.img", "transferred", "police-de", T0 + dt.timedelta(hours=2), phone, to="lab-nl")
    record(store, "case-7", "phone.img", "received", "lab-nl", T0 + dt.timedelta(hours=5), phone)
    record(store, "case-7", "phone.img", "opened", "lab-nl", T0 + dt.timedelta(days=1), phone)
    return {"store": store, "phone": phone, "mail": mail, "path": tmp_path / "custody.db"}


def _checkpoint(store, log: SigningKey) -> str:  # type: ignore[no-untyped-def]
    note = sign_checkpoint(Checkpoint(ORIGIN, store.size(), store.root()), log)
    store.add_checkpoint(note)
    return note


def test_an_intact_case_verifies_with_every_event_proved(case, keys) -> None:  # type: ignore[no-untyped-def]
    log, _ = keys
    _checkpoint(case["store"], log)
    report = verify_case(case["store"], "case-7", {"phone.img": case["phone"], "mail.mbox": case["mail"]},
                         log.verifier())
    assert report.ok, report.problems
    assert [e["event"] for e in report.events] == ["collected", "collected", "transferred", "received", "opened"]
    assert all(e["included"] for e in report.events)
    assert report.items["phone.img"]["holders"] == ["police-de", "lab-nl"]
    assert report.items["phone.img"]["rehashed"] is True


def test_a_tampered_file_is_caught_naming_the_item(case, keys) -> None:  # type: ignore[no-untyped-def]
    log, _ = keys
    _checkpoint(case["store"], log)
    case["phone"].write_bytes(b"\x00phone image edited")
    report = verify_case(case["store"], "case-7", {"phone.img": case["phone"]}, log.verifier())
    assert not report.ok
    assert any(p.startswith("item phone.img: the file phone.img no longer matches") for p in report.problems)


def test_a_changed_fingerprint_between_events_is_caught(case, keys) -> None:  # type: ignore[no-untyped-def]
    log, _ = keys
    case["mail"].write_bytes(b"altered")
    record(case["store"], "case-7", "mail.mbox", "produced", "police-de", T0 + dt.timedelta(days=3), case["mail"])
    _checkpoint(case["store"], log)
    report = verify_case(case["store"], "case-7", {}, log.verifier())
    assert any("item mail.mbox: fingerprint changed at event 5 (produced by police-de" in p for p in report.problems)


def test_a_missing_received_event_is_caught_naming_the_transfer(case, keys) -> None:  # type: ignore[no-untyped-def]
    log, _ = keys
    store = case["store"]
    record(store, "case-7", "mail.mbox", "transferred", "police-de", T0 + dt.timedelta(days=2), case["mail"],
           to="court-fr")
    record(store, "case-7", "mail.mbox", "produced", "court-fr", T0 + dt.timedelta(days=4), case["mail"])
    _checkpoint(store, log)
    report = verify_case(store, "case-7", {}, log.verifier())
    assert any("item mail.mbox: transferred to court-fr at event 5" in p and "no received event by court-fr" in p
               for p in report.problems)


def test_an_event_by_someone_not_holding_the_item_is_caught(case, keys) -> None:  # type: ignore[no-untyped-def]
    log, _ = keys
    record(case["store"], "case-7", "mail.mbox", "opened", "lab-nl", T0 + dt.timedelta(days=2), case["mail"])
    _checkpoint(case["store"], log)
    report = verify_case(case["store"], "case-7", {}, log.verifier())
    assert any("event 5 (opened) is by lab-nl, but police-de held the item" in p for p in report.problems)


def test_a_rewritten_leaf_no_longer_matches_the_signed_checkpoint(case, keys) -> None:  # type: ignore[no-untyped-def]
    log, _ = keys
    _checkpoint(case["store"], log)
    case["store"].close()
    db = sqlite3.connect(case["path"])
    (data,) = db.execute("SELECT data FROM leaves WHERE idx=2").fetchone()
    forged = orjson.loads(data)
    forged["to"] = "someone-else"
    db.execute("UPDATE leaves SET data=? WHERE idx=2", (orjson.dumps(forged, option=orjson.OPT_SORT_KEYS),))
    db.commit()
    db.close()
    store = open_store(str(case["path"]))
    report = verify_case(store, "case-7", {}, log.verifier())
    assert not report.ok
    assert any(p.startswith("ledger:") and "2" in p for p in report.problems)


def test_a_ledger_rewritten_and_re_signed_fails_the_witness_quorum(tmp_path: Path, case, keys) -> None:  # type: ignore[no-untyped-def]
    log, witness_key = keys
    store = case["store"]
    note = _checkpoint(store, log)
    witness = Witness(witness_key, tmp_path / "court-state.json")
    cosigned = witness.cosign(note, log.verifier(), [])
    store.add_checkpoint(cosigned)
    assert verify_case(store, "case-7", {}, log.verifier(), (witness_key.verifier(),)).ok
    # The holder of the log key rebuilds the log without the transfer and signs it again.
    forged = open_store(str(tmp_path / "forged.db"))
    forged.initialise(ORIGIN, log.verifier())
    forged.append([data for idx, _, data in store.iter_leaves() if idx not in (2, 3)])
    _checkpoint(forged, log)
    report = verify_case(forged, "case-7", {}, log.verifier(), (witness_key.verifier(),))
    assert any("witness" in p for p in report.problems)


def test_events_after_the_latest_checkpoint_are_not_yet_witnessed(case, keys) -> None:  # type: ignore[no-untyped-def]
    log, _ = keys
    _checkpoint(case["store"], log)
    record(case["store"], "case-7", "phone.img", "produced", "lab-nl", T0 + dt.timedelta(days=9), case["phone"])
    report = verify_case(case["store"], "case-7", {}, log.verifier())
    assert any(p.startswith("event 5 (phone.img produced): appended after the latest checkpoint") for p in report.problems)


def test_no_checkpoint_means_nothing_is_witnessed(case, keys) -> None:  # type: ignore[no-untyped-def]
    report = verify_case(case["store"], "case-7", {}, keys[0].verifier())
    assert "ledger: no checkpoint, so no custody event is witnessed yet" in report.problems


def test_sealing_an_item_twice_or_an_unknown_item_is_refused(case) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CustodyError, match="already sealed"):
        seal(case["store"], "case-7", [case["phone"]], "police-de", T0)
    with pytest.raises(CustodyError, match="never sealed"):
        record(case["store"], "case-7", "ghost.bin", "opened", "police-de", T0, case["phone"])
    with pytest.raises(CustodyError, match="to: a transfer names its recipient"):
        record(case["store"], "case-7", "phone.img", "transferred", "lab-nl", T0, case["phone"])


def test_case_uco_export_names_files_hashes_and_actions(case, keys) -> None:  # type: ignore[no-untyped-def]
    _checkpoint(case["store"], keys[0])
    doc = case_uco(verify_case(case["store"], "case-7", {}, keys[0].verifier()))
    types = [node["@type"] for node in doc["@graph"]]
    assert types.count("uco-observable:File") == 2
    assert types.count("case-investigation:InvestigativeAction") == 5
    phone = next(n for n in doc["@graph"] if n.get("uco-core:name") == "phone.img")
    (facet,) = phone["uco-core:hasFacet"]
    assert facet["uco-observable:hash"][0]["uco-types:hashValue"]["@value"] == \
        verify_case(case["store"], "case-7", {}, keys[0].verifier()).items["phone.img"]["sha256"]


def test_cli_seal_event_checkpoint_verify_and_a_tampered_file(tmp_path: Path) -> None:
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(cli, list(args))
        return result.exit_code, result.output

    db, key = str(tmp_path / "c.db"), str(tmp_path / "log.key")
    assert run("ledger", "keygen", ORIGIN, "--out", key)[0] == 0
    assert run("ledger", "init", db, "--origin", ORIGIN, "--key", key)[0] == 0
    item = tmp_path / "dump.bin"
    item.write_bytes(b"evidence")
    code, out = run("evidence", "seal", str(item), "--case", "c1", "--by", "police", "--ledger", db)
    assert code == 0 and "sealed dump.bin" in out
    assert run("evidence", "event", "--case", "c1", "--item", "dump.bin", "--event", "transferred", "--by", "police",
               "--to", "lab", "--file", str(item), "--ledger", db)[0] == 0
    assert run("ledger", "checkpoint", db, "--key", key)[0] == 0
    code, out = run("evidence", "verify", "--case", "c1", "--ledger", db, "--log-key", key + ".pub",
                    "--file", str(item))
    assert code == 1 and "transferred to lab" in out
    assert run("evidence", "event", "--case", "c1", "--item", "dump.bin", "--event", "received", "--by", "lab",
               "--file", str(item), "--ledger", db)[0] == 0
    assert run("ledger", "checkpoint", db, "--key", key)[0] == 0
    code, out = run("evidence", "verify", "--case", "c1", "--ledger", db, "--log-key", key + ".pub",
                    "--file", str(item), "--format", "json")
    assert code == 0 and orjson.loads(out[out.index("{"):out.rindex("}") + 1])["ok"] is True
    item.write_bytes(b"evidencE")
    code, out = run("evidence", "verify", "--case", "c1", "--ledger", db, "--log-key", key + ".pub",
                    "--file", str(item))
    assert code == 1 and "item dump.bin: the file dump.bin no longer matches" in out
