"""The Spark engine: the same detectors and decisions on PySpark, for tables that
outgrow one machine.

Candidate counting is one Spark aggregation (`rlike` with the detectors' portable
patterns, anchored); the distinct candidate values of plausible detectors are validated
on the executors by the same Python as the embedded engine (`evaluate.validate_values`),
and the per-partition counts are merged on the driver. `decide()` is shared, so both
engines reach the same column results from the same rows.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from xborder.scanner.detectors.base import Detector
from xborder.scanner.engines import Progress, no_progress
from xborder.scanner.engines.embedded import finish_table
from xborder.scanner.errors import ScanError
from xborder.scanner.evaluate import Eligible, Validation, decide, eligible, plausible, validate_values
from xborder.scanner.report import ColumnReport, TableReport
from xborder.scanner.sampling import SamplePlan, margin_of_error
from xborder.scanner.sources import FileTable, SqlTable, Table, empty_as_null_spark

log = logging.getLogger("xborder.scanner")


def _anchored(pattern: str) -> str:
    # `rlike` searches; the detectors' patterns are full matches. Inline flags such as
    # (?s) must stay at the very start for java.util.regex to apply them everywhere.
    flags = ""
    while pattern.startswith("(?") and len(pattern) > 3 and pattern[3] == ")":
        flags, pattern = flags + pattern[:4], pattern[4:]
    return f"{flags}^(?:{pattern})$"


def _validate_partition(rows: Iterator[Any], todo: Sequence[Eligible]) -> Iterator[Validation]:
    yield validate_values(((r[0], int(r[1])) for r in rows), todo)


class SparkRunner:
    """Holds one SparkSession for a scan (`local[2]` unless a master is given)."""

    def __init__(self, master: str | None = None) -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise ScanError("the Spark engine needs PySpark: pip install 'xborder[spark]'") from None
        # Executors must run this interpreter, where xborder and its detectors are installed.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        try:
            builder = SparkSession.builder.master(master or os.environ.get("XBORDER_SPARK_MASTER", "local[2]"))
            self.spark = (builder.appName("xborder-scan")
                          .config("spark.ui.enabled", "false")
                          .config("spark.sql.shuffle.partitions", "8")
                          .config("spark.ui.showConsoleProgress", "false")
                          .config("spark.driver.memory", os.environ.get("XBORDER_SPARK_DRIVER_MEMORY", "2g"))
                          .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                          .getOrCreate())
            self.spark.sparkContext.setLogLevel("ERROR")
        except Exception as exc:
            raise ScanError(f"cannot start Spark: {str(exc).splitlines()[0][:300]}") from None

    def scan_table(self, table: Table, plan: SamplePlan, detectors: Sequence[Detector],
                   progress: Progress = no_progress) -> TableReport:
        from pyspark.sql import functions as F

        progress(table.name, 0, 1)
        if isinstance(table, SqlTable):
            frame, rows, distinct = table.spark_frame(self.spark, plan)
            basis = "exact"
            sampled_already = True
        else:
            assert isinstance(table, FileTable)
            try:
                frame = table.spark_frame(self.spark)
            except Exception as exc:
                raise ScanError(f"cannot read {table.path}: {str(exc).splitlines()[0][:300]}") from None
            rows, distinct, basis, sampled_already = -1, {}, "estimate (HyperLogLog++)", False
        columns = tuple(frame.columns)
        if not columns:
            raise ScanError(f"table {table.name!r} has no columns: nothing to scan")
        clean = frame.select([empty_as_null_spark(F.col(f"`{c}`")).alias(c) for c in columns])
        if not sampled_already:
            stats = clean.agg(F.count(F.lit(1)), *[F.approx_count_distinct(F.col(f"`{c}`")) for c in columns]).first()
            rows = int(stats[0])
            distinct = {c: min(int(v), rows) for c, v in zip(columns, stats[1:])}
        if rows == 0:
            raise ScanError(f"table {table.name!r} is empty: nothing to scan")
        if sampled_already:
            sample, sampled_rows = clean, clean.count()
        else:
            want = plan.rows_for(rows)
            if want >= rows:
                sample, sampled_rows = clean, rows
            else:
                sample = clean.sample(False, min(1.0, want / rows * 1.1), seed=plan.seed).limit(want)
                sample = sample.cache()
                sampled_rows = sample.count()
        total_steps = len(columns) + 1
        progress(table.name, 1, total_steps)
        checks = {c: eligible(detectors, c) for c in columns}
        aggs = []
        for c in columns:
            col = F.col(f"`{c}`")
            aggs.append(F.count(col))
            for e in checks[c]:
                aggs.append(F.sum(F.when(col.rlike(_anchored(e.detector.pattern)), 1).otherwise(0)))
        counts = sample.agg(*aggs).first()
        pos = 0
        reports = []
        for step, c in enumerate(columns, start=2):
            non_empty = int(counts[pos] or 0)
            cand = [int(x or 0) for x in counts[pos + 1: pos + 1 + len(checks[c])]]
            pos += 1 + len(checks[c])
            todo = plausible(checks[c], cand, non_empty)
            validation = Validation()
            if todo:
                col = F.col(f"`{c}`")
                cond = None
                for e in todo:
                    term = col.rlike(_anchored(e.detector.pattern))
                    cond = term if cond is None else (cond | term)
                grouped = sample.where(cond).groupBy(col).count()
                parts = grouped.rdd.mapPartitions(lambda it, todo=todo: _validate_partition(it, todo)).collect()
                for part in parts:
                    validation.merge(part)
            decision = decide(todo, validation, non_empty)
            population = non_empty if sampled_rows >= rows else round(non_empty * rows / max(sampled_rows, 1))
            margin = margin_of_error(decision.matched, non_empty, population, plan.confidence)
            reports.append(ColumnReport(c, non_empty, distinct.get(c), decision, margin))
            progress(table.name, step, total_steps)
        if not sampled_already and sampled_rows < rows:
            sample.unpersist()
        return finish_table(table.name, rows, sampled_rows, tuple(reports), detectors, basis, "spark")

    def stop(self) -> None:
        self.spark.stop()
