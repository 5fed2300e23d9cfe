"""Tampering with any stored leaf, node or checkpoint is detected, naming the first bad index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import ORIGIN

from xborder.ledger.audit import audit
from xborder.ledger.hashing import leaf_hash
from xborder.ledger.note import Checkpoint, SigningKey, sign_checkpoint
from xborder.ledger.storage import LedgerStore, open_store

SIZE = 300


@pytest.fixture
def ledger(tmp_path: Path, log_key: SigningKey) -> tuple[Path, SigningKey]:
    path = tmp_path / "l.db"
    with open_store(str(path)) as s:
        s.initialise(ORIGIN, log_key.verifier())
        s.append([f"leaf {i}".encode() for i in range(200)])
        s.add_checkpoint(sign_checkpoint(Checkpoint(ORIGIN, 200, s.root(200)), log_key))
        s.append([f"leaf {i}".encode() for i in range(200, SIZE)])
        s.add_checkpoint(sign_checkpoint(Checkpoint(ORIGIN, SIZE, s.root()), log_key))
    return path, log_key


def _sql(path: Path, sql: str, *args: object) -> None:
    db = sqlite3.connect(path)
    with db:
        db.execute(sql, args)
    db.close()


def _audit(path: Path):  # type: ignore[no-untyped-def]
    with open_store(str(path)) as s:
        return audit(s, chunk=64)


def test_clean_log_verifies(ledger: tuple[Path, SigningKey]) -> None:
    r = _audit(ledger[0])
    assert r.ok and r.leaves_checked == SIZE and r.checkpoints_checked == 2 and r.nodes_checked >= SIZE - 10


@pytest.mark.parametrize("index", [0, 1, 137, 199, 255, 298, 299])
def test_changed_leaf_data_names_leaf(ledger: tuple[Path, SigningKey], index: int) -> None:
    _sql(ledger[0], "UPDATE leaves SET data=? WHERE idx=?", b"forged", index)
    r = _audit(ledger[0])
    assert not r.ok
    assert r.first_bad is not None and (r.first_bad.kind, r.first_bad.index) == ("leaf", index)


def test_rewritten_leaf_and_hash_names_covering_node_and_checkpoints(ledger: tuple[Path, SigningKey]) -> None:
    path = ledger[0]
    _sql(path, "UPDATE leaves SET data=?, leaf_hash=? WHERE idx=42", b"forged", leaf_hash(b"forged"))
    r = _audit(path)
    first = r.first_bad
    assert first is not None and first.kind == "node" and first.level == 1 and first.node_index == 21
    assert first.index == 42
    assert {p.index for p in r.problems if p.kind == "checkpoint"} == {200, SIZE}


def test_fully_recomputed_forgery_caught_by_signed_checkpoint(ledger: tuple[Path, SigningKey]) -> None:
    """An attacker who rewrites a leaf *and* every node still cannot re-sign the checkpoint."""
    path, key = ledger
    with open_store(str(path)) as s:
        rows = [(i, d) for i, _, d in s.iter_leaves()]
    forged = tmp = path.with_name("forged.db")
    with open_store(str(tmp)) as f:
        f.initialise(ORIGIN, key.verifier())
        f.append([b"forged" if i == 10 else d for i, d in rows])
    db = sqlite3.connect(forged)
    db.execute("ATTACH DATABASE ? AS orig", (str(path),))
    with db:
        db.execute("INSERT INTO checkpoints SELECT * FROM orig.checkpoints")
    db.close()
    r = _audit(forged)
    assert [p.kind for p in r.problems] == ["checkpoint", "checkpoint"]
    assert r.first_bad is not None and r.first_bad.index == 200


@pytest.mark.parametrize(("level", "idx"), [(1, 0), (3, 17), (7, 1), (5, 8)])
def test_changed_node_names_node(ledger: tuple[Path, SigningKey], level: int, idx: int) -> None:
    _sql(ledger[0], "UPDATE nodes SET hash=? WHERE level=? AND idx=?", b"\x00" * 32, level, idx)
    r = _audit(ledger[0])
    first = r.first_bad
    assert first is not None and (first.kind, first.level, first.node_index) == ("node", level, idx)
    assert first.index == idx << level


def test_deleted_node_and_leaf(ledger: tuple[Path, SigningKey]) -> None:
    path = ledger[0]
    _sql(path, "DELETE FROM nodes WHERE level=2 AND idx=30")
    r = _audit(path)
    assert r.first_bad is not None and r.first_bad.kind == "node" and "missing" in r.first_bad.detail
    _sql(path, "DELETE FROM leaves WHERE idx=77")
    r = _audit(path)
    assert r.first_bad is not None and (r.first_bad.kind, r.first_bad.index) == ("gap", 77)


def test_truncated_log_caught_by_checkpoint(ledger: tuple[Path, SigningKey]) -> None:
    path = ledger[0]
    _sql(path, "DELETE FROM leaves WHERE idx >= 250")
    r = _audit(path)
    assert not r.ok
    assert any(p.kind == "checkpoint" and p.index == SIZE for p in r.problems)
    assert any(p.kind == "extra-node" for p in r.problems)


def test_checkpoint_tampering(ledger: tuple[Path, SigningKey]) -> None:
    path, key = ledger
    with open_store(str(path)) as s:
        note = s.checkpoint_at(200).note  # type: ignore[union-attr]
    _sql(path, "UPDATE checkpoints SET note=? WHERE size=200", note.replace("\n200\n", "\n199\n"))
    r = _audit(path)
    assert r.first_bad is not None and r.first_bad.kind == "checkpoint" and r.first_bad.index == 200
    assert "signature" in r.first_bad.detail
    # a validly signed checkpoint whose root is not the tree's
    bad = sign_checkpoint(Checkpoint(ORIGIN, SIZE, b"\x01" * 32), key)
    _sql(path, "UPDATE checkpoints SET note=? WHERE size=200", note)
    _sql(path, "UPDATE checkpoints SET note=? WHERE size=?", bad, SIZE)
    r = _audit(path)
    assert [(p.kind, p.index) for p in r.problems] == [("checkpoint", SIZE), ("checkpoint", SIZE)]


def test_store_refuses_checkpoint_that_does_not_match(store: LedgerStore, log_key: SigningKey) -> None:
    from xborder.ledger.storage import LedgerError

    store.append([b"a"])
    with pytest.raises(LedgerError, match="does not match"):
        store.add_checkpoint(sign_checkpoint(Checkpoint(ORIGIN, 1, b"\x01" * 32), log_key))
    with pytest.raises(LedgerError, match="rejected"):
        store.add_checkpoint(sign_checkpoint(Checkpoint(ORIGIN, 1, store.root()), SigningKey.generate(ORIGIN)))
