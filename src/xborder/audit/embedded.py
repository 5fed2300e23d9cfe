"""The embedded engine: DuckDB over the log's files, streaming, in bounded memory.

DuckDB reads Parquet, CSV and JSON Lines in parallel without loading them; joins and
aggregations spill to a temporary folder past `memory_limit`, so a log larger than memory is
audited in the memory given.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from xborder.audit.queries import DUCKDB, shape_check_sql, shape_hash_sql
from xborder.audit.schema import COLUMNS, REQUIRED, EventSchemaError
from xborder.audit.source import LogSource

# The trailing window of the approximate US count: the 12 months up to and including the day.
APPROX_WINDOW = "INTERVAL 12 MONTH - INTERVAL 1 DAY"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class EmbeddedEngine:
    name = "embedded"
    dialect = DUCKDB
    approx_window = APPROX_WINDOW

    def __init__(self, memory_limit: str = "2GB", threads: int | None = None, temp_dir: str | None = None) -> None:
        self.con = duckdb.connect()  # without the ICU extension, time zones are UTC
        self._tmp = tempfile.TemporaryDirectory(prefix="xborder-audit-", dir=temp_dir)
        self.con.execute(f"SET memory_limit = {_quote(memory_limit)}")
        self.con.execute(f"SET temp_directory = {_quote(self._tmp.name)}")
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute(f"SET threads = {int(threads or os.cpu_count() or 1)}")

    def close(self) -> None:
        self.con.close()
        self._tmp.cleanup()

    # -- the log ------------------------------------------------------------------------------
    def _relation(self, src: LogSource) -> str:
        files = "[" + ", ".join(_quote(str(p)) for p in src.files) + "]"
        if src.format == "parquet":
            return f"read_parquet({files}, union_by_name = true)"
        if src.format == "csv":
            return f"read_csv({files}, header = true, all_varchar = true, union_by_name = true)"
        if src.format == "json":
            return f"read_json({files}, format = 'newline_delimited', union_by_name = true)"
        self.con.execute(f"ATTACH {_quote(str(src.files[0]))} AS log (READ_ONLY)")
        return f"log.{_ident(src.table or '')}"

    def open(self, src: LogSource) -> dict[str, str]:
        """Define the normalised `events` view; returns the log's columns and their types."""
        relation = self._relation(src)
        try:
            described = self.con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
        except duckdb.Error as exc:
            raise EventSchemaError(f"{src.name}: cannot be read: {str(exc).splitlines()[0][:300]}") from None
        types = {str(name): str(kind) for name, kind, *_ in described}
        missing = [c for c in REQUIRED if c not in types]
        if missing:
            raise EventSchemaError(f"{src.name}: missing column(s) {', '.join(repr(c) for c in missing)} "
                                   f"(columns found: {', '.join(sorted(types)) or 'none'})")
        if not any(c in types for c in ("dataset", "flow", "categories")):
            raise EventSchemaError(f"{src.name}: missing column 'dataset' (or 'flow' or 'categories'): the data "
                                   "each event carried must be named")
        for name in ("dataset", "categories", "safeguards"):
            if name in types and types[name].startswith("STRUCT"):
                raise EventSchemaError(f"{src.name}: column {name!r} must be text or a list of ids, not {types[name]}")
        hashes = f"{shape_hash_sql(self.dialect)} AS shape_hash, {shape_check_sql(self.dialect)} AS shape_check"
        self.con.execute(f"CREATE VIEW events AS SELECT *, {hashes} FROM "
                         f"(SELECT {', '.join(self._select(types))} FROM {relation}) normalised")
        return types

    @staticmethod
    def _select(types: dict[str, str]) -> list[str]:
        out = ["CAST(TRY_CAST(time AS TIMESTAMPTZ) AS DATE) AS day", "time"]
        for c in COLUMNS:
            if c.name == "time":
                continue
            if c.name not in types:
                out.append(f"CAST(NULL AS VARCHAR) AS {c.name}" if c.name in ("event_id",) else f"'' AS {c.name}")
                continue
            kind = types[c.name]
            if c.name == "subject":
                out.append("subject" if kind == "VARCHAR" else "CAST(subject AS VARCHAR) AS subject")
            elif c.name == "event_id":
                out.append("CAST(event_id AS VARCHAR) AS event_id")
            elif kind.endswith("[]"):
                out.append(f"coalesce(array_to_string({c.name}, ','), '') AS {c.name}")
            elif kind == "VARCHAR":
                out.append(f"coalesce(trim({c.name}), '') AS {c.name}")
            else:
                out.append(f"coalesce(CAST({c.name} AS VARCHAR), '') AS {c.name}")
        return out

    # -- queries --------------------------------------------------------------------------------
    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def register(self, name: str, table: pa.Table) -> None:
        self.con.register(f"{name}_arrow", table)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
        self.con.unregister(f"{name}_arrow")

    def materialise(self, name: str, sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def write_events(self, sql: str, path: Path) -> int:
        self.con.execute(f"COPY ({sql}) TO {_quote(str(path))} (FORMAT parquet, COMPRESSION zstd)")
        return int(self.con.execute(f"SELECT count(*) FROM read_parquet({_quote(str(path))})").fetchone()[0])

