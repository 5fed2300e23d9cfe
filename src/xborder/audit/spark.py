"""The Spark engine: the same queries on PySpark, for logs that outgrow one machine.

The session is the scanner's (`xborder.scanner.engines.spark.SparkRunner`: `local[2]` unless
XBORDER_SPARK_MASTER names a cluster), with the session time zone set to UTC so an event's
day is its UTC day as in the embedded engine. The verdict tables are small and broadcast;
the joined events are persisted (memory, then disk) for the counting queries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from xborder.audit.queries import SPARK, shape_check_sql, shape_hash_sql
from xborder.audit.schema import COLUMNS, REQUIRED, EventSchemaError
from xborder.audit.source import LogSource

# Range frames over dates count days: the approximate trailing window is 365 days, the
# exact one 12 calendar months (docs/audit.md).
APPROX_WINDOW = "364"


class SparkEngine:
    name = "spark"
    dialect = SPARK
    approx_window = APPROX_WINDOW

    def __init__(self, master: str | None = None, *, stop_on_close: bool = False) -> None:
        from xborder.scanner.engines.spark import SparkRunner

        self.spark = SparkRunner(master).spark
        self.spark.conf.set("spark.sql.session.timeZone", "UTC")
        self._persisted: list[Any] = []
        self._stop = stop_on_close  # the CLI owns its process; tests share one session

    def close(self) -> None:
        for frame in self._persisted:
            frame.unpersist(blocking=True)
        for name in ("events", "verdicts", "cn_keys", "us_keys", "audited"):
            self.spark.catalog.dropTempView(name)
        if self._stop:
            self.spark.stop()

    def open(self, src: LogSource) -> dict[str, str]:
        read = self.spark.read
        files = [str(p) for p in src.files]
        try:
            if src.format == "parquet":
                frame = read.option("mergeSchema", "true").parquet(*files)
            elif src.format == "csv":
                frame = read.option("header", "true").csv(files)
            elif src.format == "json":
                frame = read.json(files)
            else:
                raise EventSchemaError(f"{src.name}: the Spark engine reads files (Parquet, CSV, JSON Lines), "
                                       "not a DuckDB database")
        except EventSchemaError:
            raise
        except Exception as exc:
            raise EventSchemaError(f"{src.name}: cannot be read: {str(exc).splitlines()[0][:300]}") from None
        types = {f.name: f.dataType.simpleString() for f in frame.schema.fields}
        missing = [c for c in REQUIRED if c not in types]
        if missing:
            raise EventSchemaError(f"{src.name}: missing column(s) {', '.join(repr(c) for c in missing)} "
                                   f"(columns found: {', '.join(sorted(types)) or 'none'})")
        if not any(c in types for c in ("dataset", "flow", "categories")):
            raise EventSchemaError(f"{src.name}: missing column 'dataset' (or 'flow' or 'categories'): the data "
                                   "each event carried must be named")
        frame.createOrReplaceTempView("raw_events")
        hashes = f"{shape_hash_sql(self.dialect)} AS shape_hash, {shape_check_sql(self.dialect)} AS shape_check"
        self.spark.sql(f"SELECT *, {hashes} FROM (SELECT {', '.join(self._select(types))} FROM raw_events) "
                       "normalised").createOrReplaceTempView("events")
        return types

    @staticmethod
    def _select(types: dict[str, str]) -> list[str]:
        time = "time" if types["time"] in ("timestamp", "date", "timestamp_ntz") else "try_cast(time AS TIMESTAMP)"
        out = [f"CAST({time} AS DATE) AS day", "time"]
        for c in COLUMNS:
            if c.name == "time":
                continue
            if c.name not in types:
                out.append(f"CAST(NULL AS STRING) AS {c.name}" if c.name == "event_id" else f"'' AS {c.name}")
                continue
            kind = types[c.name]
            if c.name in ("subject", "event_id"):
                out.append(c.name if kind == "string" else f"CAST({c.name} AS STRING) AS {c.name}")
            elif kind.startswith("array"):
                out.append(f"coalesce(concat_ws(',', {c.name}), '') AS {c.name}")
            elif kind == "string":
                out.append(f"coalesce(trim({c.name}), '') AS {c.name}")
            else:
                out.append(f"coalesce(CAST({c.name} AS STRING), '') AS {c.name}")
        return out

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.spark.sql(sql).collect()]

    def register(self, name: str, table: pa.Table) -> None:
        from pyspark.sql import types as T

        kinds = {pa.int64(): T.LongType(), pa.string(): T.StringType(), pa.date32(): T.DateType()}
        schema = T.StructType([T.StructField(f.name, kinds[f.type], True) for f in table.schema])
        rows = [tuple(r.values()) for r in table.to_pylist()]
        self.spark.createDataFrame(rows, schema).createOrReplaceTempView(name)

    def materialise(self, name: str, sql: str) -> None:
        from pyspark import StorageLevel

        frame = self.spark.sql(sql).persist(StorageLevel.MEMORY_AND_DISK)
        self._persisted.append(frame)
        frame.createOrReplaceTempView(name)

    def write_events(self, sql: str, path: Path) -> int:
        """One Parquet file (as the embedded engine writes), streamed from the executors."""
        frame = self.spark.sql(sql)
        writer = None
        n = 0
        batch: list[dict[str, Any]] = []
        try:
            for row in frame.toLocalIterator():
                batch.append(row.asDict())
                if len(batch) >= 65536:
                    writer = _flush(batch, path, writer)
                    n += len(batch)
                    batch = []
            if batch or writer is None:
                writer = _flush(batch, path, writer, frame)
                n += len(batch)
        finally:
            if writer is not None:
                writer.close()
        return n


def _flush(batch: list[dict[str, Any]], path: Path, writer: Any, frame: Any = None) -> Any:
    if not batch and frame is not None:  # no rows: still a file with the columns
        table = pa.table({f.name: pa.array([], type=pa.string()) for f in frame.schema.fields})
    else:
        table = pa.Table.from_pylist(batch)
    if writer is None:
        writer = pq.ParquetWriter(str(path), table.schema, compression="zstd")
    writer.write_table(table.cast(writer.schema) if table.schema != writer.schema else table)
    return writer
