"""`scan()`: open a source, run an engine over each table, collect a report."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from xborder.scanner import registry
from xborder.scanner.engines import Progress, no_progress
from xborder.scanner.errors import ScanError
from xborder.scanner.report import ScanReport
from xborder.scanner.sampling import SamplePlan
from xborder.scanner.sources import open_source

log = logging.getLogger("xborder.scanner")

ENGINES = ("embedded", "spark")


def scan(source: str, *, tables: Sequence[str] = (), plan: SamplePlan | None = None, engine: str = "embedded",
         only: Sequence[str] | None = None, progress: Progress = no_progress, skip_empty: bool = False,
         spark_master: str | None = None) -> ScanReport:
    """Scan SOURCE (a file, a folder, or a SQLAlchemy URL) and return the report.

    Raises ScanError for an unreadable source, a bad URL, an unknown table or an empty
    table (unless `skip_empty`); messages mask passwords and never quote values.
    """
    plan = plan or SamplePlan()
    if engine not in ENGINES:
        raise ScanError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    try:
        detectors = registry.detectors(tuple(only) if only else None)
    except KeyError as exc:
        raise ScanError(str(exc.args[0])) from None
    opened = open_source(source, tuple(tables))
    report = ScanReport(opened.display, engine, plan.describe())
    try:
        if engine == "spark":
            from xborder.scanner.engines import spark as spark_engine

            run = spark_engine.SparkRunner(master=spark_master)
            scan_one = run.scan_table
        else:
            from xborder.scanner.engines import embedded

            scan_one = embedded.scan_table
        for table in opened.tables:
            log.info("scanning %s", table.name)
            try:
                report.tables.append(scan_one(table, plan, detectors, progress))
            except ScanError as exc:
                if skip_empty and "is empty" in str(exc):
                    log.warning("%s", exc)
                    continue
                raise
    finally:
        opened.close()
    return report
