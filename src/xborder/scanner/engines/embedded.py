"""The embedded engine: DuckDB counts candidates for every (column, detector) pair in one
vectorised pass (RE2 regexes, all cores), then only the distinct candidate values of
plausible detectors come to Python for checksum validation, each distinct value once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import duckdb

from xborder.scanner.detectors.base import Detector
from xborder.scanner.engines import Progress, no_progress
from xborder.scanner.evaluate import Eligible, Validation, decide, eligible, plausible, validate_values
from xborder.scanner.report import ColumnReport, TableReport, choose_subject_key, names_person_id
from xborder.scanner.sampling import SamplePlan, margin_of_error
from xborder.scanner.masking import mask_value
from xborder.scanner.sources import Table, looks_like_value, qident, qstring

BATCH = 50_000
UNIQUE_ID = "user.unique_id"  # fideslang: a unique identifier of a person


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
        reports = []
        for step, c in enumerate(columns, start=2):
            # Work on distinct values weighted by their counts: every regex and every
            # checksum runs once per distinct value, however often it repeats.
            con.execute(f"CREATE OR REPLACE TEMP TABLE d AS SELECT {qident(c)} AS v, count(*) AS n "
                        f"FROM s WHERE {qident(c)} IS NOT NULL GROUP BY 1")
            aggregates = ["coalesce(sum(n), 0)"] + [
                f"coalesce(sum(n) FILTER (WHERE regexp_full_match(v, {qstring(e.detector.pattern)})), 0)"
                for e in checks[c]
            ]
            counts = con.execute(f"SELECT {', '.join(aggregates)} FROM d").fetchone()
            non_empty = int(counts[0])
            cand = [int(x) for x in counts[1:]]
            todo = plausible(checks[c], cand, non_empty)
            todo_counts = [cand[checks[c].index(e)] for e in todo]
            validation = _validate_column(con, todo, todo_counts, non_empty)
            decision = decide(todo, validation, non_empty)
            population = non_empty if stats.sampled_rows >= stats.rows else \
                round(non_empty * stats.rows / max(stats.sampled_rows, 1))
            margin = margin_of_error(decision.matched, non_empty, population, plan.confidence)
            reports.append(ColumnReport(c, non_empty, stats.distinct.get(c), decision, margin))
            progress(table.name, step, total_steps)
        return finish_table(table.name, stats.rows, stats.sampled_rows, tuple(reports), detectors,
                            stats.distinct_basis, "embedded", stats.notes)
    finally:
        con.close()


def _validate_column(con: duckdb.DuckDBPyConnection, todo: list[Eligible], candidates: list[int],
                     non_empty: int) -> Validation:
    """Fetch the distinct candidate values of the plausible detectors (table `d`) in
    batches and validate them in Python."""
    if not todo:
        return Validation()
    where = " OR ".join(f"regexp_full_match(v, {qstring(e.detector.pattern)})" for e in todo)
    cursor = con.execute(f"SELECT v, n FROM d WHERE {where}")

    def rows():  # noqa: ANN202
        while batch := cursor.fetchmany(BATCH):
            yield from batch

    return validate_values(rows(), todo, candidates, non_empty)


def finish_table(name: str, rows: int, sampled_rows: int, reports: tuple[ColumnReport, ...],
                 detectors: Sequence[Detector], basis: str, engine: str, notes: tuple[str, ...] = ()) -> TableReport:
    reports, masked = mask_value_like_names(reports)
    if masked:
        notes = (*notes, f"{masked} column name(s) look like personal data (a header row of values?) and are "
                         "shown masked")
    ranks = {d.key: d.subject_key_rank for d in detectors}
    key = choose_subject_key(reports, ranks)
    reports = tuple(as_person_key(r) if r is key or (not r.categories and named_as_person_id(r)) else r
                    for r in reports)
    key = next((r for r in reports if key is not None and r.name == key.name), None)
    individuals = key.distinct if key is not None else None
    return TableReport(name, rows, sampled_rows, reports, key.name if key else None, individuals,
                       f"distinct values of {key.name!r}, {basis}" if key else "no identifying column found",
                       engine, notes)


def named_as_person_id(report: ColumnReport) -> bool:
    """A column named like a person's id (customer_id, 患者ID) whose values are mostly distinct."""
    return names_person_id(report.name) and report.sampled > 1 and (report.distinct or 0) >= 0.5 * report.sampled


def as_person_key(report: ColumnReport) -> ColumnReport:
    """An identifier of people (the table's person key, or a column named as one) is
    personal data under GDPR, not "nothing personal"."""
    if report.categories:
        return report
    return replace(report, decision=replace(report.decision, categories=(UNIQUE_ID,), matched=report.sampled,
                                            confidence=0.7))


def mask_value_like_names(reports: tuple[ColumnReport, ...]) -> tuple[tuple[ColumnReport, ...], int]:
    """Column names that detectors recognise as values (an email, a valid id number: the
    header row of a file that had none, or a JSON key made of data) are masked like the
    values they are, numbered so they stay apart."""
    out, masked = [], 0
    for i, r in enumerate(reports):
        key = looks_like_value(r.name, r.categories)
        if key is None:
            out.append(r)
            continue
        masked += 1
        out.append(replace(r, name=f"column_{i + 1} ({mask_value(r.name, key)})"))
    return tuple(out), masked
