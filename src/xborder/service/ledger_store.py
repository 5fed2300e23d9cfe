"""The ledger inside the service's database, written in the caller's transaction.

`ServiceLedger` is the ledger's own Merkle-log algorithm (`LedgerStore`) over the
service's SQLAlchemy connection, so a decision and its ledger entry commit or roll back
together. On PostgreSQL it takes the same advisory lock as the ledger's PostgreSQL backend,
so it serialises with any other writer of the same tables.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection

from xborder.ledger.proof import NodeId
from xborder.ledger.storage.base import LeafRow, LedgerStore, NodeRow, StoredCheckpoint
from xborder.ledger.storage.postgres import _LOCK_KEY


class ServiceLedger(LedgerStore):
    def __init__(self, connection: Connection) -> None:
        super().__init__()
        self._c = connection
        self._pg = connection.dialect.name == "postgresql"
        self.url = "service database"

    def close(self) -> None:  # the connection belongs to the request
        pass

    def _create_schema(self) -> None:  # created by the migrations
        pass

    def get_meta(self, key: str) -> str | None:
        row = self._c.execute(text("SELECT value FROM ledger_meta WHERE key = :k"), {"k": key}).first()
        return None if row is None else str(row[0])

    def _set_meta(self, items: dict[str, str]) -> None:
        for key, value in items.items():
            self._c.execute(text("DELETE FROM ledger_meta WHERE key = :k"), {"k": key})
            self._c.execute(text("INSERT INTO ledger_meta (key, value) VALUES (:k, :v)"), {"k": key, "v": value})

    def size(self) -> int:
        row = self._c.execute(text("SELECT MAX(idx) FROM ledger_leaves")).first()
        return 0 if row is None or row[0] is None else int(row[0]) + 1

    def leaf_count(self) -> int:
        return int(self._c.execute(text("SELECT COUNT(*) FROM ledger_leaves")).scalar_one())

    @contextmanager
    def _write(self) -> Iterator[None]:
        # Inside the request's transaction: SQLite took its write lock at BEGIN IMMEDIATE.
        if self._pg:
            self._c.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        yield

    def _insert(self, leaves: Sequence[LeafRow], nodes: Sequence[NodeRow]) -> None:
        self._c.execute(text("INSERT INTO ledger_leaves (idx, leaf_hash, data) VALUES (:i, :h, :d)"),
                        [{"i": i, "h": h, "d": d} for i, h, d in leaves])
        if nodes:
            self._c.execute(text("INSERT INTO ledger_nodes (level, idx, hash) VALUES (:l, :i, :h)"),
                            [{"l": lvl, "i": i, "h": h} for lvl, i, h in nodes])

    def read_nodes(self, ids: Sequence[NodeId]) -> dict[NodeId, bytes]:
        out: dict[NodeId, bytes] = {}
        leaf_ids = [i for lvl, i in ids if lvl == 0]
        inner = [(lvl, i) for lvl, i in ids if lvl > 0]
        if leaf_ids:
            params = {f"i{n}": i for n, i in enumerate(leaf_ids)}
            rows = self._c.execute(text(f"SELECT idx, leaf_hash FROM ledger_leaves WHERE idx IN "
                                        f"({', '.join(':' + k for k in params)})"), params)
            out.update({(0, int(i)): bytes(h) for i, h in rows})
        if inner:
            params = {}
            terms = []
            for n, (lvl, i) in enumerate(inner):
                params[f"l{n}"], params[f"i{n}"] = lvl, i
                terms.append(f"(level = :l{n} AND idx = :i{n})")
            rows = self._c.execute(text(f"SELECT level, idx, hash FROM ledger_nodes WHERE {' OR '.join(terms)}"),
                                   params)
            out.update({(int(lvl), int(i)): bytes(h) for lvl, i, h in rows})
        return out

    def iter_leaves(self, start: int = 0, end: int | None = None, chunk: int = 65536) -> Iterator[LeafRow]:
        stop = self.size() if end is None else end
        lo = start
        while lo < stop:
            hi = min(lo + chunk, stop)
            rows = self._c.execute(text("SELECT idx, leaf_hash, data FROM ledger_leaves WHERE idx >= :lo AND "
                                        "idx < :hi ORDER BY idx"), {"lo": lo, "hi": hi}).all()
            for i, h, d in rows:
                yield int(i), bytes(h), bytes(d)
            lo = hi

    def nodes_between(self, level: int, lo: int, hi: int) -> dict[int, bytes]:
        rows = self._c.execute(text("SELECT idx, hash FROM ledger_nodes WHERE level = :l AND idx >= :lo AND "
                                    "idx < :hi"), {"l": level, "lo": lo, "hi": hi})
        return {int(i): bytes(h) for i, h in rows}

    def max_node_index(self, level: int) -> int | None:
        row = self._c.execute(text("SELECT MAX(idx) FROM ledger_nodes WHERE level = :l"), {"l": level}).first()
        return None if row is None or row[0] is None else int(row[0])

    def node_levels(self) -> list[int]:
        return [int(r[0]) for r in self._c.execute(text("SELECT DISTINCT level FROM ledger_nodes ORDER BY level"))]

    def _put_checkpoint(self, cp: StoredCheckpoint) -> None:
        self._c.execute(text("DELETE FROM ledger_checkpoints WHERE size = :s"), {"s": cp.size})
        self._c.execute(text("INSERT INTO ledger_checkpoints (size, root, note, created_at) VALUES "
                             "(:s, :r, :n, :c)"), {"s": cp.size, "r": cp.root, "n": cp.note, "c": cp.created_at})

    def checkpoints(self) -> list[StoredCheckpoint]:
        rows = self._c.execute(text("SELECT size, root, note, created_at FROM ledger_checkpoints ORDER BY size"))
        return [StoredCheckpoint(int(s), bytes(r), str(n), str(c)) for s, r, n, c in rows]
