"""Ledger storage: SQLite by default, PostgreSQL for servers, one interface.

URLs: a plain path or ``sqlite:///path/to/ledger.db`` opens SQLite; ``postgresql://user@host/db``
(or ``postgresql+psycopg://``) opens PostgreSQL. A ``?prefix=name_`` query on a PostgreSQL
URL keeps several ledgers in one database.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit, urlunsplit

from xborder.ledger.storage.base import LedgerError, LedgerStore, StoredCheckpoint
from xborder.ledger.storage.sqlite import SQLiteStore


def open_store(url: str, *, durable: bool = True) -> LedgerStore:
    """Open the ledger at ``url`` (see module docs); the schema is created by `initialise`."""
    if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        from xborder.ledger.storage.postgres import PostgresStore

        parts = urlsplit(url)
        query = parse_qs(parts.query)
        prefix = query.pop("prefix", ["ledger_"])[0]
        rest = "&".join(f"{k}={v[0]}" for k, v in query.items())
        clean = urlunsplit(("postgresql", parts.netloc, parts.path, rest, parts.fragment))
        return PostgresStore(clean, table_prefix=prefix)
    path = url.removeprefix("sqlite:///")
    return SQLiteStore(path, durable=durable)


__all__ = ["LedgerError", "LedgerStore", "SQLiteStore", "StoredCheckpoint", "open_store"]
