"""PostgreSQL backend for servers: same rows, same algorithm, psycopg 3.

Appends take a transaction-scoped advisory lock so concurrent writers on several hosts
serialise, and bulk-load leaves and nodes with COPY (one round trip per batch). Commits
are durable under PostgreSQL's default ``synchronous_commit=on``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from xborder.ledger.proof import NodeId
from xborder.redact import redact_text, redact_url
from xborder.ledger.storage.base import LeafRow, LedgerError, LedgerStore, NodeRow, StoredCheckpoint

_LOCK_KEY = 0x78626F72646572  # "xborder"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS {p}meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS {p}leaves (idx BIGINT PRIMARY KEY, leaf_hash BYTEA NOT NULL, data BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS {p}nodes (
    level SMALLINT NOT NULL, idx BIGINT NOT NULL, hash BYTEA NOT NULL, PRIMARY KEY (level, idx)
);
CREATE TABLE IF NOT EXISTS {p}checkpoints (
    size BIGINT PRIMARY KEY, root BYTEA NOT NULL, note TEXT NOT NULL, created_at TEXT NOT NULL
);
"""


class PostgresStore(LedgerStore):
    """A ledger in a PostgreSQL database; ``table_prefix`` lets several logs share a schema."""

    def __init__(self, url: str, *, table_prefix: str = "ledger_") -> None:
        super().__init__()
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise LedgerError("PostgreSQL ledgers need psycopg: pip install 'xborder[postgres]'") from exc
        if not table_prefix.replace("_", "").isalnum():
            raise LedgerError(f"table prefix {table_prefix!r} must be alphanumeric")
        self.url = redact_url(url)  # shown in messages: never the password
        self._p = table_prefix
        try:
            self._db: Any = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
        except psycopg.Error as exc:
            raise LedgerError(f"cannot connect to {self.url}: {redact_text(str(exc).strip(), url)}") from None
        self._in_txn = False

    def close(self) -> None:
        self._db.close()

    def _q(self, sql: str) -> str:
        return sql.replace("{p}", self._p)

    def _create_schema(self) -> None:
        with self._write():
            self._db.execute(self._q(_SCHEMA))

    def _has_schema(self) -> bool:
        row = self._db.execute("SELECT to_regclass(%s)", (self._p + "meta",)).fetchone()
        return row[0] is not None

    def get_meta(self, key: str) -> str | None:
        if not self._has_schema():
            return None
        row = self._db.execute(self._q("SELECT value FROM {p}meta WHERE key=%s"), (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, items: dict[str, str]) -> None:
        with self._write(), self._db.cursor() as cur:
            cur.executemany(
                self._q("INSERT INTO {p}meta(key, value) VALUES (%s, %s) "
                        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"),
                list(items.items()),
            )

    def size(self) -> int:
        row = self._db.execute(self._q("SELECT MAX(idx) FROM {p}leaves")).fetchone()
        return 0 if row[0] is None else int(row[0]) + 1

    def leaf_count(self) -> int:
        return int(self._db.execute(self._q("SELECT COUNT(*) FROM {p}leaves")).fetchone()[0])

    @contextmanager
    def _write(self) -> Iterator[None]:
        if self._in_txn:
            yield
            return
        self._in_txn = True
        try:
            with self._db.transaction():
                self._db.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
                yield
        finally:
            self._in_txn = False

    def _insert(self, leaves: Sequence[LeafRow], nodes: Sequence[NodeRow]) -> None:
        with self._db.cursor() as cur:
            with cur.copy(self._q("COPY {p}leaves (idx, leaf_hash, data) FROM STDIN")) as copy:
                for row in leaves:
                    copy.write_row(row)
            if nodes:
                with cur.copy(self._q("COPY {p}nodes (level, idx, hash) FROM STDIN")) as copy:
                    for node in nodes:
                        copy.write_row(node)

    def read_nodes(self, ids: Sequence[NodeId]) -> dict[NodeId, bytes]:
        out: dict[NodeId, bytes] = {}
        leaf_ids = [i for lvl, i in ids if lvl == 0]
        inner = [(lvl, i) for lvl, i in ids if lvl > 0]
        if leaf_ids:
            rows = self._db.execute(
                self._q("SELECT idx, leaf_hash FROM {p}leaves WHERE idx = ANY(%s)"), (leaf_ids,)
            )
            out.update({(0, int(i)): bytes(h) for i, h in rows})
        if inner:
            rows = self._db.execute(
                self._q("SELECT n.level, n.idx, n.hash FROM {p}nodes n "
                        "JOIN unnest(%s::smallint[], %s::bigint[]) AS w(level, idx) "
                        "ON n.level = w.level AND n.idx = w.idx"),
                ([lvl for lvl, _ in inner], [i for _, i in inner]),
            )
            out.update({(int(lvl), int(i)): bytes(h) for lvl, i, h in rows})
        return out

    def iter_leaves(self, start: int = 0, end: int | None = None, chunk: int = 65536) -> Iterator[LeafRow]:
        stop = self.size() if end is None else end
        lo = start
        while lo < stop:
            hi = min(lo + chunk, stop)
            rows = self._db.execute(
                self._q("SELECT idx, leaf_hash, data FROM {p}leaves WHERE idx >= %s AND idx < %s ORDER BY idx"),
                (lo, hi),
            ).fetchall()
            for i, h, d in rows:
                yield int(i), bytes(h), bytes(d)
            lo = hi

    def nodes_between(self, level: int, lo: int, hi: int) -> dict[int, bytes]:
        rows = self._db.execute(
            self._q("SELECT idx, hash FROM {p}nodes WHERE level=%s AND idx >= %s AND idx < %s"), (level, lo, hi)
        )
        return {int(i): bytes(h) for i, h in rows}

    def max_node_index(self, level: int) -> int | None:
        row = self._db.execute(self._q("SELECT MAX(idx) FROM {p}nodes WHERE level=%s"), (level,)).fetchone()
        return None if row[0] is None else int(row[0])

    def node_levels(self) -> list[int]:
        rows = self._db.execute(self._q("SELECT DISTINCT level FROM {p}nodes ORDER BY level"))
        return [int(r[0]) for r in rows]

    def _put_checkpoint(self, cp: StoredCheckpoint) -> None:
        self._db.execute(
            self._q("INSERT INTO {p}checkpoints(size, root, note, created_at) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (size) DO UPDATE SET root = EXCLUDED.root, note = EXCLUDED.note"),
            (cp.size, cp.root, cp.note, cp.created_at),
        )

    def checkpoints(self) -> list[StoredCheckpoint]:
        if not self._has_schema():
            return []
        rows = self._db.execute(self._q("SELECT size, root, note, created_at FROM {p}checkpoints ORDER BY size"))
        return [StoredCheckpoint(int(s), bytes(r), str(n), str(c)) for s, r, n, c in rows]
