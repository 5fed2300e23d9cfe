"""The embedded engine: DuckDB counts candidates for every (column, detector) pair in one
vectorised pass (RE2 regexes, all cores), then only the distinct candidate values of
plausible detectors come to Python for checksum validation, each distinct value once.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from xborder.scanner.detectors.base import Detector
from xborder.scanner.engines import Progress, no_progress
from xborder.scanner.evaluate import Eligible, decide, eligible, plausible, validate_values
from xborder.scanner.report import ColumnReport, TableReport, choose_subject_key
from xborder.scanner.sampling import SamplePlan, margin_of_error
from xborder.scanner.sources import Table, qident, qstring

BATCH = 50_000


def scan_table(table: Table, plan: SamplePlan, detectors: Sequence[Detector],
               progress: Progress = no_progress, threads: int | None = None) -> TableReport:
    con = duckdb.connect()
    try:
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        progress(table.name, 0, 1)
        stats = table.load(con, plan)
        columns = stats.columns
        total_steps = len(columns) + 1
        progress(table.name, 1, total_steps)
        checks = {c: eligible(detectors, c) for c in columns}
        aggregates = []
        for c in columns:
            aggregates.append(f"count({qident(c)})")
            for e in checks[c]:
                aggregates.append(f"count(*) FILTER (WHERE regexp_full_match({qident(c)}, {qstring(e.detector.pattern)}))")
        counts = con.execute(f"SELECT {', '.join(aggregates)} FROM s").fetchone()
        pos = 0
        reports = []
        for step, c in enumerate(columns, start=2):
            non_empty = int(counts[pos])
            cand = [int(x) for x in counts[pos + 1: pos + 1 + len(checks[c])]]
            pos += 1 + len(checks[c])
            todo = plausible(checks[c], cand, non_empty)
            validation = _validate_column(con, c, todo)
            decision = decide(todo, validation, non_empty)
            margin = margin_of_error(decision.matched, non_empty, non_empty if plan.full else
                                     max(non_empty, round(non_empty * stats.rows / max(stats.sampled_rows, 1))),
                                     plan.confidence)
            reports.append(ColumnReport(c, non_empty, stats.distinct.get(c), decision, margin))
            progress(table.name, step, total_steps)
        return finish_table(table.name, stats.rows, stats.sampled_rows, tuple(reports), detectors,
                            stats.distinct_basis, "embedded")
    finally:
        con.close()


def _validate_column(con: duckdb.DuckDBPyConnection, column: str, todo: list[Eligible]):  # noqa: ANN202
    from xborder.scanner.evaluate import Validation

    out = Validation()
    if not todo:
        return out
    where = " OR ".join(f"regexp_full_match({qident(column)}, {qstring(e.detector.pattern)})" for e in todo)
    cursor = con.execute(f"SELECT {qident(column)}, count(*) FROM s WHERE {where} GROUP BY 1")
    while batch := cursor.fetchmany(BATCH):
        out.merge(validate_values(batch, todo))
    return out


def finish_table(name: str, rows: int, sampled_rows: int, reports: tuple[ColumnReport, ...],
                 detectors: Sequence[Detector], basis: str, engine: str) -> TableReport:
    ranks = {d.key: d.subject_key_rank for d in detectors}
    key = choose_subject_key(reports, ranks)
    individuals = key.distinct if key is not None else None
    return TableReport(name, rows, sampled_rows, reports, key.name if key else None, individuals,
                       f"distinct values of {key.name!r}, {basis}" if key else "no identifying column found",
                       engine)
