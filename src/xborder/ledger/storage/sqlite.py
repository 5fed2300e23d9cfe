"""SQLite backend: the default, one file, WAL journal and ``synchronous=FULL``.

WAL lets readers (proof serving, reports) run while a writer appends; FULL makes every
commit durable before `append` returns, which is what "acknowledged" means. Writers take
``BEGIN IMMEDIATE`` so two processes appending to one file serialise instead of forking
the tree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from xborder.ledger.proof import NodeId
from xborder.ledger.storage.base import LeafRow, LedgerStore, NodeRow, StoredCheckpoint

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS leaves (idx INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (
    level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
    PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (
    size INTEGER PRIMARY KEY, root BLOB NOT NULL, note TEXT NOT NULL, created_at TEXT NOT NULL
);
"""


def _b(value: object) -> bytes:
    """Bytes from a column: an edited row can come back as TEXT (e.g. after SQL replace())."""
    if isinstance(value, bytes):
        return value
    return value.encode() if isinstance(value, str) else str(value).encode()


class SQLiteStore(LedgerStore):
    def __init__(self, path: str | Path, *, durable: bool = True) -> None:
        """Open ``path``; ``durable=False`` (NORMAL sync) is only for building throwaway logs."""
        super().__init__()
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        self._db = sqlite3.connect(str(self.path), isolation_level=None, timeout=60.0)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        self._db.execute("PRAGMA cache_size=-65536")
        self._in_txn = False

    def close(self) -> None:
        self._db.close()

    def _create_schema(self) -> None:
        self._db.executescript(_SCHEMA)

    def _has_schema(self) -> bool:
        row = self._db.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone()
        return row is not None

    def get_meta(self, key: str) -> str | None:
        if not self._has_schema():
            return None
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, items: dict[str, str]) -> None:
        with self._write():
            self._db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", items.items())

    def size(self) -> int:
        row = self._db.execute("SELECT MAX(idx) FROM leaves").fetchone()
        return 0 if row[0] is None else int(row[0]) + 1

    def leaf_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM leaves").fetchone()[0])

    @contextmanager
    def _write(self) -> Iterator[None]:
        if self._in_txn:
            yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._in_txn = True
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._in_txn = False

    def _insert(self, leaves: Sequence[LeafRow], nodes: Sequence[NodeRow]) -> None:
        self._db.executemany("INSERT INTO leaves(idx, leaf_hash, data) VALUES (?, ?, ?)", leaves)
        self._db.executemany("INSERT INTO nodes(level, idx, hash) VALUES (?, ?, ?)", nodes)

    def read_nodes(self, ids: Sequence[NodeId]) -> dict[NodeId, bytes]:
        out: dict[NodeId, bytes] = {}
        ex = self._db.execute
        for level, idx in ids:
            if level == 0:
                row = ex("SELECT leaf_hash FROM leaves WHERE idx=?", (idx,)).fetchone()
            else:
                row = ex("SELECT hash FROM nodes WHERE level=? AND idx=?", (level, idx)).fetchone()
            if row is not None:
                out[(level, idx)] = _b(row[0])
        return out

    def iter_leaves(self, start: int = 0, end: int | None = None, chunk: int = 65536) -> Iterator[LeafRow]:
        stop = self.size() if end is None else end
        lo = start
        while lo < stop:
            hi = min(lo + chunk, stop)
            rows = self._db.execute(
                "SELECT idx, leaf_hash, data FROM leaves WHERE idx >= ? AND idx < ? ORDER BY idx", (lo, hi)
            ).fetchall()
            for i, h, d in rows:
                yield i, _b(h), _b(d)
            lo = hi

    def nodes_between(self, level: int, lo: int, hi: int) -> dict[int, bytes]:
        rows = self._db.execute(
            "SELECT idx, hash FROM nodes WHERE level=? AND idx >= ? AND idx < ?", (level, lo, hi)
        )
        return {int(i): _b(h) for i, h in rows}

    def max_node_index(self, level: int) -> int | None:
        row = self._db.execute("SELECT MAX(idx) FROM nodes WHERE level=?", (level,)).fetchone()
        return None if row[0] is None else int(row[0])

    def node_levels(self) -> list[int]:
        levels: list[int] = []
        row = self._db.execute("SELECT MIN(level) FROM nodes").fetchone()
        while row[0] is not None:
            levels.append(int(row[0]))
            row = self._db.execute("SELECT MIN(level) FROM nodes WHERE level > ?", (row[0],)).fetchone()
        return levels

    def _put_checkpoint(self, cp: StoredCheckpoint) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO checkpoints(size, root, note, created_at) VALUES (?, ?, ?, ?)",
            (cp.size, cp.root, cp.note, cp.created_at),
        )

    def checkpoints(self) -> list[StoredCheckpoint]:
        if not self._has_schema():
            return []
        rows = self._db.execute("SELECT size, root, note, created_at FROM checkpoints ORDER BY size")
        return [StoredCheckpoint(int(s), bytes(r), str(n), str(c)) for s, r, n, c in rows]
