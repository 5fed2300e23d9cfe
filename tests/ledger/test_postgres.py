"""The PostgreSQL backend for real (a throwaway server is started where binaries exist)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
import rfc6962_reference as ref
from conftest import ORIGIN

from xborder.ledger.audit import audit
from xborder.ledger.note import Checkpoint, SigningKey, sign_checkpoint
from xborder.ledger.storage import LedgerStore, open_store

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_store(pg_url: str, log_key: SigningKey) -> Iterator[tuple[str, LedgerStore]]:
    url = f"{pg_url}?prefix=t{uuid.uuid4().hex[:10]}_"
    s = open_store(url)
    s.initialise(ORIGIN, log_key.verifier())
    yield url, s
    s.close()


def test_postgres_matches_reference_and_sqlite(pg_store: tuple[str, LedgerStore], store: LedgerStore) -> None:
    _, pg = pg_store
    data = [f"pg-{i}".encode() for i in range(70)]
    for i in range(0, 70, 11):
        pg.append(data[i : i + 11])
        store.append(data[i : i + 11])
    for n in range(1, 71):
        assert pg.root(n) == ref.mth(data[:n]) == store.root(n)
        for m in range(0, n, 7):
            p = pg.inclusion_proof(m, n)
            assert list(p.audit_path) == ref.path(m, data[:n])
            p.verify()
        for m in range(1, n, 5):
            c = pg.consistency_proof(m, n)
            assert list(c.proof) == ref.proof(m, data[:n])
            c.verify()


def test_postgres_checkpoints_and_tamper_detection(pg_store: tuple[str, LedgerStore], log_key: SigningKey) -> None:
    url, pg = pg_store
    pg.append([f"x{i}".encode() for i in range(40)])
    pg.add_checkpoint(sign_checkpoint(Checkpoint(ORIGIN, 40, pg.root()), log_key))
    assert audit(pg).ok and pg.latest_checkpoint().size == 40  # type: ignore[union-attr]
    prefix = url.split("prefix=")[1]
    pg._db.execute(f"UPDATE {prefix}leaves SET data = %s WHERE idx = 13", (b"forged",))  # type: ignore[attr-defined]
    r = audit(pg)
    assert r.first_bad is not None and (r.first_bad.kind, r.first_bad.index) == ("leaf", 13)


def test_postgres_concurrent_writers_serialise(pg_store: tuple[str, LedgerStore]) -> None:
    url, pg = pg_store
    errors: list[BaseException] = []

    def writer(tag: str) -> None:
        try:
            with open_store(url) as s:
                for b in range(10):
                    s.append([f"{tag}-{b}-{i}".encode() for i in range(25)])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(t,)) for t in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert pg.size() == 500 and pg.leaf_count() == 500
    assert audit(pg).ok


def test_postgres_failed_batch_is_rolled_back(pg_store: tuple[str, LedgerStore]) -> None:
    _, pg = pg_store
    pg.append([b"a", b"b"])
    with pytest.raises(Exception):
        pg.append([b"c", "not bytes"])  # type: ignore[list-item]
    assert pg.size() == 2 and audit(pg).ok
    pg.append([b"c"])
    assert pg.size() == 3 and audit(pg).ok
