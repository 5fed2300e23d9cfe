"""Where an event log is: a file or folder of Parquet, CSV or JSON Lines, or a table of a
DuckDB database (`PATH.duckdb --table NAME`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xborder.audit.schema import EventSchemaError

FORMATS = {".parquet": "parquet", ".csv": "csv", ".jsonl": "json", ".ndjson": "json", ".json": "json"}
DATABASES = {".duckdb", ".db"}


@dataclass(frozen=True, slots=True)
class LogSource:
    name: str  # as the user gave it, for messages
    format: str  # parquet | csv | json | duckdb
    files: tuple[Path, ...]
    table: str | None = None


def locate(source: str, table: str | None = None) -> LogSource:
    path = Path(source)
    if not path.exists():
        raise EventSchemaError(f"{source}: no such file or folder")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS
                       and not p.name.startswith((".", "_")))
        if not files:
            raise EventSchemaError(f"{source}: the folder holds no .parquet, .csv or .jsonl file")
        kinds = {FORMATS[p.suffix.lower()] for p in files}
        if len(kinds) > 1:
            raise EventSchemaError(f"{source}: the folder mixes formats ({', '.join(sorted(kinds))}); "
                                   "give one folder per format")
        return LogSource(source, kinds.pop(), tuple(files))
    suffix = path.suffix.lower()
    if suffix in DATABASES:
        if not table:
            raise EventSchemaError(f"{source}: a database: name the table of events with --table")
        return LogSource(source, "duckdb", (path,), table)
    if suffix not in FORMATS:
        raise EventSchemaError(f"{source}: unknown kind of file (expected .parquet, .csv, .jsonl or a DuckDB "
                               "database with --table)")
    return LogSource(source, FORMATS[suffix], (path,))
