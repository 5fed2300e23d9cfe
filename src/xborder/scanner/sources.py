"""What can be scanned: files (CSV, JSON Lines, Parquet, Excel), folders of them, and
SQL databases reached through a SQLAlchemy URL (SQLite, PostgreSQL).

A source is opened into a list of tables; each table knows how to put its rows (all, or
a seeded sample) into a DuckDB table of trimmed strings, and into a Spark DataFrame.
Every message that names a database shows its URL with the password masked.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import logging
import random
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from xborder.scanner.errors import ScanError
from xborder.scanner.masking import mask_url, scrub
from xborder.scanner.sampling import SamplePlan

log = logging.getLogger("xborder.scanner")

FILE_FORMATS = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".parquet": "parquet", ".pq": "parquet",
    ".xlsx": "excel", ".xlsm": "excel",
}


def qident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def qstring(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class TableStats:
    rows: int
    sampled_rows: int
    columns: tuple[str, ...]
    distinct: dict[str, int | None]
    distinct_basis: str  # "estimate (HyperLogLog)" or "exact"
    notes: tuple[str, ...] = ()  # what the reader had to decide or skip (no values)


CSV_DELIMITERS = (",", ";", "\t", "|")
SNIFF_BYTES = 256 * 1024


@dataclass(frozen=True)
class CsvLayout:
    """How a CSV file is read: decided here, in Python, rather than by DuckDB's sniffer,
    which picks another delimiter when one row has an extra field (the whole file then
    reads as one column that matches nothing) and cannot tell a header row of values."""

    delimiter: str
    header: bool
    width: int  # fields in the first row


def csv_layout(path: Path) -> CsvLayout:
    """The delimiter most rows agree on, and whether the first row is a header: it is not
    when one of its cells is recognised as personal data (an email, a valid id number...),
    so a file without a header row never turns its first person into column names."""
    with path.open("rb") as fh:
        chunk = fh.read(SNIFF_BYTES)
    text = chunk.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = text.splitlines()
    if len(chunk) == SNIFF_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    sample = "\n".join(lines[:200])
    if path.suffix.lower() == ".tsv":
        delimiter = "\t"
    else:
        delimiter, best = ",", (0.0, 0)
        for candidate in CSV_DELIMITERS:
            counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=candidate) if r]
            if not counts:
                continue
            modal = max(set(counts), key=counts.count)
            score = (counts.count(modal) / len(counts), modal)
            if modal >= 2 and score > best:
                delimiter, best = candidate, score
    first = next((r for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r), [])
    return CsvLayout(delimiter, not any(looks_like_value(cell) for cell in first), len(first))


def looks_like_value(text: str, found: tuple[str, ...] = ()) -> str | None:
    """The key of a detector that recognises TEXT as a value rather than a column name.

    Only detectors with a checksum or a strict structure count on their own (an email, a
    card, a valid id number); a name-like or address-like word counts only where the
    column's own values are of that kind (`found`), since "金额" (amount) or "Max Amount"
    pass the name test but head columns of numbers."""
    from xborder.scanner.registry import DETECTORS

    value = text.strip()
    if not value:
        return None
    return next((d.key for d in DETECTORS
                 if (d.strength >= 0.9 or d.category in found) and not d.requires_context and d.matches(value)),
                None)


def safe_reason(exc: BaseException) -> str:
    """A reader's error, first line, without what it quotes of the file: DuckDB repeats
    the offending value ("Failed to cast value: \"+86 138...\"") or the whole line
    ("Original Line: ..."), which is personal data."""
    text = _first_line(exc)
    text = re.split(r"(?i)original line", text)[0]
    text = re.sub(r'"[^"]*"|\'[^\']*\'', "…", text)
    return text.strip(" :,") or type(exc).__name__


@dataclass
class FileTable:
    name: str
    path: Path
    fmt: str
    sheet: str | None = None
    _layout: CsvLayout | None = field(default=None, repr=False, compare=False)

    @property
    def layout(self) -> CsvLayout:
        if self._layout is None:
            self._layout = csv_layout(self.path)
        return self._layout

    def _relation(self, con: Any) -> str:
        p = qstring(str(self.path))
        if self.fmt == "csv":
            layout = self.layout
            names = "" if layout.header or not layout.width else \
                ", names=[" + ", ".join(qstring(f"column_{i + 1}") for i in range(layout.width)) + "]"
            # Malformed rows (a field too many or too few, bad UTF-8) are skipped and
            # recorded in `reject_errors` with their line numbers, not fatal.
            return (f"read_csv({p}, all_varchar=true, header={str(layout.header).lower()}, "
                    f"delim={qstring(layout.delimiter)}, store_rejects=true{names})")
        if self.fmt == "jsonl":
            # .json may be one array of records; .jsonl/.ndjson are one record per line
            fmt = "auto" if self.path.suffix.lower() == ".json" else "newline_delimited"
            # Every field as text: a field that turns from number to string after the
            # sniffer's sample must not make the file unreadable.
            keys = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_json({p}, format='{fmt}')").fetchall()]
            columns = ", ".join(f"{qstring(k)}: 'VARCHAR'" for k in keys)
            return f"read_json({p}, format='{fmt}', columns={{{columns}}})"
        return f"read_parquet({p})"

    def _notes(self, con: Any) -> tuple[str, ...]:
        if self.fmt != "csv":
            return ()
        notes = []
        if not self.layout.header:
            notes.append("no header row (its first row holds values): columns are numbered and the first row "
                         "is scanned as data")
        rejected = con.execute("SELECT DISTINCT line, error_type FROM reject_errors ORDER BY line").fetchall()
        if rejected:
            shown = ", ".join(f"{line} ({kind.lower()})" for line, kind in rejected[:10])
            more = f" and {len(rejected) - 10} more" if len(rejected) > 10 else ""
            notes.append(f"{len(rejected)} malformed row(s) skipped, at line {shown}{more}; the rest was scanned")
        return tuple(notes)

    def arrow(self) -> pa.Table:
        """Excel sheets are read with openpyxl (DuckDB's own reader needs an extension
        download): every cell as a string, the first row as the header."""
        from openpyxl import load_workbook

        try:
            book = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:
            raise ScanError(f"cannot read {self.path}: {type(exc).__name__}") from None
        sheet = book[self.sheet] if self.sheet else book.active
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return pa.table({})
        names = [str(h) if h is not None else f"column_{i + 1}" for i, h in enumerate(header)]
        data: list[list[str | None]] = [[] for _ in names]
        for row in rows:
            for i in range(len(names)):
                v = row[i] if i < len(row) else None
                data[i].append(None if v is None else (v.isoformat() if hasattr(v, "isoformat") else str(v)))
        book.close()
        return pa.table({n: pa.array(col, pa.string()) for n, col in zip(names, data)})

    def load(self, con: Any, plan: SamplePlan) -> TableStats:
        """Create DuckDB table `s` (trimmed strings, empty as NULL) and return the stats."""
        try:
            if self.fmt == "excel":
                con.register("src", self.arrow())
            else:
                con.execute(f"CREATE OR REPLACE TEMP VIEW src AS SELECT * FROM {self._relation(con)}")
            columns = tuple(r[0] for r in con.execute("DESCRIBE src").fetchall())
            try:
                stats = _load_duckdb(con, columns, plan, self.name)
            except ScanError:
                skipped = [n for n in self._notes(con) if "malformed" in n]
                if skipped:
                    raise ScanError(f"table {self.name!r} has no well-formed row: {skipped[0]}") from None
                raise
            notes = self._notes(con)
        except ScanError:
            raise
        except Exception as exc:
            raise ScanError(f"cannot read {self.path}: {safe_reason(exc)}") from None
        return TableStats(stats.rows, stats.sampled_rows, stats.columns, stats.distinct, stats.distinct_basis, notes)

    def spark_frame(self, spark: Any) -> Any:
        path = str(self.path)
        if self.fmt == "csv":
            layout = self.layout
            return spark.read.option("header", layout.header).option("inferSchema", False) \
                .option("sep", layout.delimiter).option("multiLine", True).option("escape", '"').csv(path)
        if self.fmt == "jsonl":
            return spark.read.json(path)
        if self.fmt == "parquet":
            return spark.read.parquet(path)
        return spark.createDataFrame(self.arrow().to_pandas())


# Values that stand for "no value" in exports (pandas' NaN, SQL NULL written out, form
# defaults): empty like '' for every count, so a column of phone numbers with gaps marked
# 'N/A' keeps the match rate of its real values. Compared case-folded, after trimming.
PLACEHOLDERS: tuple[str, ...] = ("n/a", "n.a.", "#n/a", "null", "none", "nil", "nan", "-", "--", "?",
                                 "unknown")
# Blanks that trim() (spaces only, in DuckDB and Spark alike) leaves: tabs, NBSP, ideographic space.
BLANK_PATTERN = "[ \t\r\n\u00a0\u3000]*"


def empty_as_null_sql(column: str) -> str:
    """DuckDB: the column as a trimmed string, NULL when empty, blank or a placeholder."""
    value = f"trim(CAST({column} AS VARCHAR))"
    words = ", ".join(qstring(w) for w in PLACEHOLDERS)
    return (f"CASE WHEN {value} = '' OR lower({value}) IN ({words}) "
            f"OR regexp_full_match({value}, {qstring(BLANK_PATTERN)}) THEN NULL ELSE {value} END")


def empty_as_null_spark(column: Any) -> Any:
    """The same on a Spark column (see empty_as_null_sql): both engines count alike."""
    from pyspark.sql import functions as F

    value = F.trim(column.cast("string"))
    empty = (value == "") | F.lower(value).isin(list(PLACEHOLDERS)) | value.rlike(f"^{BLANK_PATTERN}$")
    return F.when(empty, None).otherwise(value)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__


def _load_duckdb(con: Any, columns: tuple[str, ...], plan: SamplePlan, name: str) -> TableStats:
    if not columns:
        raise ScanError(f"table {name!r} has no columns: nothing to scan")
    casts = ", ".join(f"{empty_as_null_sql(qident(c))} AS {qident(c)}" for c in columns)
    distinct = ", ".join(f"approx_count_distinct({qident(c)})" for c in columns)
    if plan.full:
        con.execute(f"CREATE OR REPLACE TEMP TABLE s AS SELECT {casts} FROM src")
        row = con.execute(f"SELECT count(*), {distinct} FROM s").fetchone()
        rows = row[0]
        sampled = rows
    else:
        row = con.execute(f"SELECT count(*), {distinct} FROM (SELECT {casts} FROM src)").fetchone()
        rows = row[0]
        sampled = plan.rows_for(rows)
        clause = "" if sampled >= rows else f" USING SAMPLE reservoir({sampled} ROWS) REPEATABLE ({plan.seed})"
        con.execute(f"CREATE OR REPLACE TEMP TABLE s AS SELECT {casts} FROM src{clause}")
    if rows == 0:
        raise ScanError(f"table {name!r} is empty: nothing to scan")
    # HyperLogLog can overshoot on small tables; a column has at most `rows` values.
    distinct = {c: min(int(v), rows) for c, v in zip(columns, row[1:])}
    return TableStats(rows, sampled, columns, distinct, "estimate (HyperLogLog)")


@dataclass
class SqlTable:
    name: str
    engine: Any  # sqlalchemy Engine
    table: str
    schema: str | None = None
    display_url: str = ""

    def _selectable(self) -> Any:
        from sqlalchemy import MetaData, Table

        return Table(self.table, MetaData(), schema=self.schema, autoload_with=self.engine)

    def _sample_rows(self, plan: SamplePlan, table: Any, rows: int) -> tuple[list[str], list[tuple[Any, ...]]]:
        from sqlalchemy import select, text

        columns = [c.name for c in table.columns]
        want = plan.rows_for(rows)
        with self.engine.connect() as conn:
            if want >= rows:
                result = conn.execution_options(stream_results=True).execute(select(table))
                return columns, [tuple(r) for r in result]
            if self.engine.dialect.name == "postgresql":
                # Bernoulli sampling in the server, repeatable by seed; a little over the
                # target, then cut to it.
                percent = min(100.0, 100.0 * want / rows * 1.2 + 0.01)
                name = self.engine.dialect.identifier_preparer.format_table(table)
                stmt = text(f"SELECT * FROM {name} TABLESAMPLE BERNOULLI ({percent:.6f}) "
                            f"REPEATABLE ({plan.seed % 2_147_483_647}) LIMIT {want}")
                return columns, [tuple(r) for r in conn.execute(stmt)]
            # Elsewhere: one streamed pass with a seeded reservoir (Algorithm R).
            rng = random.Random(plan.seed)
            reservoir: list[tuple[Any, ...]] = []
            result = conn.execution_options(stream_results=True, yield_per=10_000).execute(select(table))
            for i, r in enumerate(result):
                if i < want:
                    reservoir.append(tuple(r))
                else:
                    j = rng.randint(0, i)
                    if j < want:
                        reservoir[j] = tuple(r)
            return columns, reservoir

    def arrow(self, plan: SamplePlan) -> tuple[pa.Table, int, dict[str, int | None]]:
        from sqlalchemy import Text, cast, distinct, func, select

        try:
            table = self._selectable()
            cols = list(table.columns)
            with self.engine.connect() as conn:
                # as text, so types without equality (json, arrays) can be counted too
                stmt = select(func.count(), *[func.count(distinct(cast(c, Text))) for c in cols]).select_from(table)
                stats = conn.execute(stmt).one()
            rows = int(stats[0])
            distinct = {c.name: int(v) for c, v in zip(cols, stats[1:])}
            columns, data = self._sample_rows(plan, table, rows)
        except ScanError:
            raise
        except Exception as exc:
            raise ScanError(f"cannot read table {self.name!r} from {self.display_url}: "
                            f"{scrub(safe_reason(exc), self.engine.url.password or '')}") from None
        arrays = {
            c: pa.array([None if r[i] is None else _text(r[i]) for r in data], pa.string())
            for i, c in enumerate(columns)
        }
        return pa.table(arrays) if arrays else pa.table({}), rows, distinct

    def load(self, con: Any, plan: SamplePlan) -> TableStats:
        table, rows, distinct = self.arrow(plan)
        if rows == 0:
            raise ScanError(f"table {self.name!r} is empty: nothing to scan")
        con.register("src_arrow", table)
        columns = tuple(table.column_names)
        casts = ", ".join(f"{empty_as_null_sql(qident(c))} AS {qident(c)}" for c in columns)
        con.execute(f"CREATE OR REPLACE TEMP TABLE s AS SELECT {casts} FROM src_arrow")
        con.unregister("src_arrow")
        return TableStats(rows, table.num_rows, columns, distinct, "exact")

    def spark_frame(self, spark: Any, plan: SamplePlan) -> tuple[Any, int, dict[str, int | None]]:
        table, rows, distinct = self.arrow(plan)
        return spark.createDataFrame(table.to_pandas()), rows, distinct


def _text(value: Any) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


Table = FileTable | SqlTable


@dataclass
class Source:
    display: str  # what reports show: a path, or a URL with the password masked
    tables: list[Table] = field(default_factory=list)
    engine: Any = None

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()


def is_url(source: str) -> bool:
    return "://" in source or source.startswith("sqlite:")


def open_source(source: str, tables: tuple[str, ...] = ()) -> Source:
    """Resolve SOURCE into tables, filtered by `tables` (names or glob patterns)."""
    opened = _open_url(source) if is_url(source) else _open_path(Path(source))
    if tables:
        kept = [t for t in opened.tables if any(fnmatch.fnmatchcase(t.name, p) or t.name.split(".")[-1] == p
                                                for p in tables)]
        if not kept:
            names = ", ".join(t.name for t in opened.tables) or "none"
            raise ScanError(f"no table of {opened.display} matches {', '.join(tables)} (tables: {names})")
        opened.tables = kept
    if not opened.tables:
        raise ScanError(f"{opened.display} holds no table to scan")
    return opened


def _open_path(path: Path) -> Source:
    if not path.exists():
        raise ScanError(f"no such file or folder: {path}")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FILE_FORMATS
                       and not any(part.startswith(".") for part in p.relative_to(path).parts))
        if not files:
            raise ScanError(f"{path} holds no CSV, JSON Lines, Parquet or Excel file")
        out = Source(str(path))
        for f in files:
            out.tables.extend(_file_tables(f, str(f.relative_to(path))))
        return out
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) \
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
        raise ScanError(f"{path} is {kind}, not a regular file; to scan a stream, pipe it to "
                        "`xborder scan -` (with --stdin-format)")
    if path.suffix.lower() not in FILE_FORMATS:
        raise ScanError(f"{path}: unsupported file type {path.suffix or '(none)'}; "
                        f"expected one of {', '.join(sorted(FILE_FORMATS))}")
    return Source(str(path), _file_tables(path, path.name))


def _file_tables(path: Path, name: str) -> list[Table]:
    fmt = FILE_FORMATS[path.suffix.lower()]
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise ScanError(f"cannot read {path}: {exc.strerror or type(exc).__name__}") from None
    if fmt != "excel":
        return [FileTable(name, path, fmt)]
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
        sheets = list(book.sheetnames)
        book.close()
    except Exception as exc:
        raise ScanError(f"cannot read {path}: not a readable Excel workbook ({type(exc).__name__})") from None
    if len(sheets) == 1:
        return [FileTable(name, path, fmt, sheets[0])]
    return [FileTable(f"{name}#{s}", path, fmt, s) for s in sheets]


def _open_url(url: str) -> Source:
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.engine import make_url

    shown = mask_url(url)
    try:
        parsed = make_url(url)
    except Exception:
        raise ScanError(f"not a valid database URL: {shown}") from None
    password = parsed.password or ""
    schema_filter = parsed.query.get("schema")
    parsed = parsed.difference_update_query(["schema"])
    if parsed.drivername == "postgresql":
        # SQLAlchemy's default PostgreSQL driver is psycopg2; xborder[postgres] installs psycopg 3
        try:
            import psycopg2  # noqa: F401
        except ImportError:
            parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:") and not Path(db).is_file():
            raise ScanError(f"no such SQLite database file: {db}")
    try:
        engine = create_engine(parsed)
        with engine.connect():
            pass
        inspector = inspect(engine)
        schemas = [schema_filter] if isinstance(schema_filter, str) else [None]
        names: list[tuple[str | None, str]] = []
        for schema in schemas:
            names.extend((schema, t) for t in inspector.get_table_names(schema=schema))
            names.extend((schema, v) for v in inspector.get_view_names(schema=schema))
    except ScanError:
        raise
    except Exception as exc:
        raise ScanError(f"cannot connect to {shown}: {scrub(_first_line(exc), password, url)}") from None
    src = Source(shown, engine=engine)
    for schema, name in sorted(names, key=lambda t: (t[0] or "", t[1])):
        label = f"{schema}.{name}" if schema else name
        src.tables.append(SqlTable(label, engine, name, schema, shown))
    return src


def iter_tables(source: Source) -> Iterator[Table]:
    yield from source.tables
