"""Many writers and witnesses at once (issue 15 items 6 and 7).

N `xborder ledger append` processes and M witnesses' `cosign` run at the same moment:
every acknowledged index range must hold exactly that process's events, and no witness's
cosignature may be lost. Runs on SQLite and, where a server can be started, PostgreSQL.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import re
import subprocess
import sys
import uuid
from pathlib import Path

import orjson
import pytest
from conftest import ORIGIN

from xborder.ledger.note import Checkpoint, SignedNote, SigningKey, sign_checkpoint, sign_note
from xborder.ledger.storage import open_store

APPENDERS, WITNESSES, EVENTS, BATCH = 4, 3, 400, 50
CLI = [sys.executable, "-c", "from xborder.cli.main import cli; cli()"]


def _event(proc: int, i: int) -> str:
    return json.dumps({
        "flow": f"proc-{proc}", "exporter": {"entity": "shop-de", "country": "DE"},
        "importer": {"entity": "cloud-us", "country": "US"}, "countries": {"from": "DE", "to": "US"},
        "datasets": [{"id": "customers", "sha256": f"{i:064x}"}], "individuals": i, "records": None,
        "time": "2026-11-02T09:05:00Z", "verdict": {"status": "compliant", "regimes": {"EU-GDPR": "permitted"}},
        "instruments": ["eu.adequacy"], "kb_version": "kb-1", "as_of": "2026-11-02",
    })


def _acked(output: str) -> list[int]:
    m = re.search(r"appended (\d+) entries \(indexes ([0-9., ]+)\)", output)
    assert m, output
    indexes = [i for span in m[2].split(", ") for i in range(int(span.split("..")[0]), int(span.split("..")[1]) + 1)]
    assert len(indexes) == int(m[1])
    return indexes


@pytest.fixture(params=["sqlite", "postgres"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "L.db")
    return f"{request.getfixturevalue('pg_url')}?prefix=c{uuid.uuid4().hex[:8]}_"


def test_parallel_appends_and_cosigns_are_acknowledged_exactly(ledger_url: str, tmp_path: Path) -> None:
    key = tmp_path / "log.key"
    subprocess.run([*CLI, "ledger", "init", ledger_url, "--origin", ORIGIN, "--key", str(key)], check=True,
                   capture_output=True)
    for w in range(WITNESSES):
        subprocess.run([*CLI, "ledger", "keygen", f"w{w}.example", "--witness", "--out", str(tmp_path / f"w{w}.key")],
                       check=True, capture_output=True)
    seed = "\n".join(_event(99, i) for i in range(10))
    subprocess.run([*CLI, "ledger", "append", ledger_url, "-"], input=seed, text=True, check=True, capture_output=True)
    subprocess.run([*CLI, "ledger", "checkpoint", ledger_url, "--key", str(key)], check=True, capture_output=True)

    procs = []
    for p in range(APPENDERS):
        events = tmp_path / f"events-{p}.jsonl"
        events.write_text("\n".join(_event(p, i) for i in range(EVENTS)) + "\n")
        procs.append(("append", p, subprocess.Popen([*CLI, "ledger", "append", ledger_url, str(events), "--batch",
                                                     str(BATCH)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                    text=True)))
    for w in range(WITNESSES):
        procs.append(("cosign", w, subprocess.Popen(
            [*CLI, "ledger", "cosign", ledger_url, "--witness-key", str(tmp_path / f"w{w}.key"), "--state",
             str(tmp_path / f"w{w}.state.json"), "--log-key", f"{key}.pub"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    acks: dict[int, list[int]] = {}
    for kind, n, proc in procs:
        out, errs = proc.communicate(timeout=300)
        assert proc.returncode == 0, (kind, n, errs)
        if kind == "append":
            acks[n] = _acked(out)

    with open_store(ledger_url) as store:
        stored: dict[int, list[int]] = {}
        for idx, _, data in store.iter_leaves():
            stored.setdefault(int(orjson.loads(data)["flow"].removeprefix("proc-")), []).append(idx)
        assert store.size() == 10 + APPENDERS * EVENTS
        for p in range(APPENDERS):
            assert acks[p] == stored[p], f"process {p} was told other indexes than it wrote"
        note = SignedNote.parse(store.checkpoint_at(10).note)  # type: ignore[union-attr]
        assert {s.name for s in note.signatures} == {ORIGIN, *(f"w{w}.example" for w in range(WITNESSES))}


def _cosign_at_once(url: str, seed: bytes, barrier: mp.synchronize.Barrier, note_text: str) -> None:
    key = SigningKey.generate(f"racer-{seed.hex()}.example", witness=True)
    note = SignedNote.parse(note_text)
    cosigned = note.with_signature(sign_note(note.body, key, timestamp=1)).text()
    with open_store(url) as store:
        barrier.wait()
        store.add_checkpoint(cosigned)


def test_simultaneous_cosignatures_are_all_kept(ledger_url: str, log_key: SigningKey) -> None:
    """The store-level race behind item 7, repeated: each round six witnesses add at once."""
    racers, rounds = 6, 4
    with open_store(ledger_url) as store:
        store.initialise(ORIGIN, log_key.verifier())
        ctx = mp.get_context("fork")
        for r in range(rounds):
            store.append([f"round {r} entry {i}".encode() for i in range(3)])
            note = sign_checkpoint(Checkpoint(ORIGIN, store.size(), store.root()), log_key)
            store.add_checkpoint(note)
            barrier = ctx.Barrier(racers)
            procs = [ctx.Process(target=_cosign_at_once, args=(ledger_url, bytes([r, i]), barrier, note))
                     for i in range(racers)]
            for p in procs:
                p.start()
            for p in procs:
                p.join(60)
                assert p.exitcode == 0
            kept = SignedNote.parse(store.checkpoint_at(store.size()).note).signatures  # type: ignore[union-attr]
            assert len(kept) == 1 + racers, f"round {r}: {len(kept) - 1} of {racers} cosignatures kept"
