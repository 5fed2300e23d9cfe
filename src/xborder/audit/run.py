"""One audit: a log of transfer events checked against the law, hop shape by hop shape,
and the people it moved counted the way the law counts them.

Steps (each engine runs the same queries, `queries.py`):
1. read the log's columns and check them against the schema (`schema.py`);
2. list its distinct hop shapes with the days each ran;
3. assess each shape once per interval of unchanged law with the engine (`shapes.py`);
4. join every event to the verdict of its shape on its day;
5. count distinct subjects per exporter and calendar year (CN) and per exporter, foreign
   person and trailing 12 months (US), and find the day each threshold was crossed.
Pure: progress goes to a callback; nothing is printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from xborder.audit.ledger_link import check_ledger
from xborder.audit.counting import Crossing, Series, SeriesKey, running_points
from xborder.audit.ledger_link import check_ledger
from xborder.audit.queries import (
    Dialect,
    audited_sql,
    count_on_sql,
    crossings_sql,
    groups_sql,
    long_spans_sql,
    points_sql,
    running_sql,
    shapes_by_columns_sql,
    shapes_sql,
    spans_sql,
    summary_sql,
    verdict_join,
)
from xborder.audit.schema import BY_NAME, SHAPE_COLUMNS, EventSchemaError
from xborder.audit.shapes import Shape, ShapeVerdict, assess_shapes
from xborder.audit.source import LogSource
from xborder.audit.thresholds import Threshold, cn_thresholds, us_thresholds
from xborder.datamap.models import DataMap
from xborder.kb import KnowledgeBase, OutOfRange, default_knowledge_base
from xborder.ledger.storage import LedgerStore

Progress = Callable[[str, int, int], None]  # (stage, done, total)
SEVERITY = {"compliant": 0, "action_required": 1, "prohibited": 2}

# Relative standard error of the HyperLogLog estimates, per engine (docs/audit.md says where
# each comes from); stated with every approximate count.
APPROX_ERROR = {"embedded": "DuckDB approx_count_distinct, HyperLogLog with 2^10 registers: relative standard "
                            "error about 3.3 % (1.04/sqrt(1024))",
                "spark": "Spark approx_count_distinct, HyperLogLog++ at its default relative standard deviation "
                         "of 5 %"}


def no_progress(stage: str, done: int, total: int) -> None:
    return None


class QueryEngine(Protocol):
    name: str
    dialect: Dialect
    approx_window: str

    def open(self, src: LogSource) -> dict[str, str]: ...
    def rows(self, sql: str) -> list[tuple[Any, ...]]: ...
    def register(self, name: str, table: pa.Table) -> None: ...
    def materialise(self, name: str, sql: str) -> None: ...
    def write_events(self, sql: str, path: Path) -> int: ...
    def close(self) -> None: ...


@dataclass(slots=True)
class VerdictGroup:
    """The events of one shape that ran over one interval of unchanged law."""

    verdict: ShapeVerdict
    events: int
    first_day: dt.date
    last_day: dt.date

    def as_dict(self) -> dict[str, Any]:
        v, s = self.verdict, self.verdict.shape
        return {
            "flow": s.flow or (v.flow_id if not v.flow_id.startswith("audit.") else None),
            "shape": {c: getattr(s, c) or None for c in SHAPE_COLUMNS},
            "law_from": v.valid_from.isoformat(), "law_until": v.valid_until.isoformat(),
            "status": v.status, "regimes": v.regimes, "missing": list(v.missing),
            "events": self.events, "first_day": self.first_day.isoformat(), "last_day": self.last_day.isoformat(),
        }


@dataclass(slots=True)
class AuditResult:
    source: str
    engine: str
    approx: bool
    kb_version: str
    events: int
    first_day: dt.date | None
    last_day: dt.date | None
    groups: list[VerdictGroup]
    series: list[Series]
    thresholds: list[Threshold]
    crossings: list[Crossing]
    notes: list[str] = field(default_factory=list)
    ledger: dict[str, Any] | None = None
    events_file: dict[str, Any] | None = None

    def by_status(self) -> dict[str, int]:
        out = dict.fromkeys(SEVERITY, 0)
        for g in self.groups:
            out[g.verdict.status] += g.events
        return out

    def failing(self, level: str) -> list[VerdictGroup]:
        return [g for g in self.groups if SEVERITY[g.verdict.status] >= SEVERITY[level]]

    def counts(self) -> list[dict[str, Any]]:
        out = []
        for s in self.series:
            k = s.key
            out.append({"regime": k.regime, "exporter": k.exporter, "counterpart": k.counterpart or None,
                        "metric": k.metric, "year": k.year, "window": "calendar-year" if k.year else
                        "trailing-12-months", "final": s.final, "peak": s.peak,
                        "first_day": s.first_day.isoformat()})
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "xborder": 1,
            "audit": {"source": self.source, "engine": self.engine, "kb_version": self.kb_version,
                      "first_day": self.first_day.isoformat() if self.first_day else None,
                      "last_day": self.last_day.isoformat() if self.last_day else None,
                      "distinct_counts": ("approximate: " + APPROX_ERROR[self.engine]) if self.approx else "exact"},
            "events": self.events,
            "summary": self.by_status(),
            "not_compliant": [g.as_dict() for g in self.groups if g.verdict.status != "compliant"],
            "verdicts": [g.as_dict() for g in self.groups],
            "counts": self.counts(),
            "crossings": [c.as_dict() for c in self.crossings],
            "thresholds": [t.as_dict() for t in self.thresholds],
            "notes": self.notes,
            "ledger": self.ledger,
            "events_file": self.events_file,
        }


def _verdict_tables(verdicts: list[ShapeVerdict], hashes: dict[Shape, int]
                    ) -> tuple[pa.Table, pa.Table, pa.Table, pa.Table]:
    """The verdicts; which of them count towards which series (`sid`); the series' names."""
    cols: dict[str, list[Any]] = {c: [] for c in ("vid", "shape_hash", *SHAPE_COLUMNS, "valid_from", "valid_until",
                                                   "status", "flow_id", "missing")}
    sids: dict[tuple[str, str, str, str], int] = {}
    cn: dict[str, list[int]] = {"vid": [], "sid": []}
    us: dict[str, list[int]] = {"vid": [], "sid": []}

    def sid(name: tuple[str, str, str, str]) -> int:
        return sids.setdefault(name, len(sids))

    for v in verdicts:
        cols["vid"].append(v.vid)
        cols["shape_hash"].append(hashes[v.shape])
        for c in SHAPE_COLUMNS:
            cols[c].append(getattr(v.shape, c))
        cols["valid_from"].append(v.valid_from)
        cols["valid_until"].append(v.valid_until)
        cols["status"].append(v.status)
        cols["flow_id"].append(v.flow_id)
        cols["missing"].append(",".join(v.missing))
        for metric in v.cn_classes:
            cn["vid"].append(v.vid)
            cn["sid"].append(sid(("CN-PIPL", v.shape.exporter, "", metric)))
        for metric in v.us_categories:
            us["vid"].append(v.vid)
            us["sid"].append(sid(("US-DSP", v.shape.exporter, v.shape.importer, metric)))
    types = {"vid": pa.int64(), "shape_hash": pa.int64(), "valid_from": pa.date32(), "valid_until": pa.date32()}
    table = pa.table({k: pa.array(v, type=types.get(k, pa.string())) for k, v in cols.items()})
    keys = pa.schema([("vid", pa.int64()), ("sid", pa.int64())])
    names = list(sids)
    series_names = pa.table({
        "sid": pa.array([sids[n] for n in names], pa.int64()),
        **{field: pa.array([n[i] for n in names], pa.string())
           for i, field in enumerate(("regime", "exporter", "counterpart", "metric"))},
    })
    return table, pa.table(cn, schema=keys), pa.table(us, schema=keys), series_names


FAR = dt.date(9999, 12, 31)  # "still in force" in the thresholds table
POINTS_KEPT = 200_000  # series points fetched by default up to this many (the picture needs them)


def _threshold_table(thresholds: list[Threshold]) -> pa.Table:
    return pa.table({
        "regime": pa.array([t.regime for t in thresholds], pa.string()),
        "metric": pa.array([t.metric for t in thresholds], pa.string()),
        "name": pa.array([t.name for t in thresholds], pa.string()),
        "value": pa.array([t.value for t in thresholds], pa.int64()),
        "at_least": pa.array([1 if t.comparison == "at-least" else 0 for t in thresholds], pa.int64()),
        "valid_from": pa.array([t.valid_from for t in thresholds], pa.date32()),
        "valid_until": pa.array([t.valid_until or FAR for t in thresholds], pa.date32()),
    })


def _series_and_crossings(engine: QueryEngine, thresholds: list[Threshold], first: dt.date, last: dt.date,
                          keep_points: bool | None) -> tuple[list[Series], list[Crossing]]:
    def key(row: tuple[Any, ...]) -> SeriesKey:
        regime, exporter, counterpart, metric, year = row[:5]
        return SeriesKey(regime, exporter, counterpart or "", metric, None if year is None else int(year))

    summary = engine.rows(summary_sql(last.isoformat()))
    series = {key(r): Series(key(r), r[5], int(r[7] or 0), int(r[6])) for r in summary}
    if keep_points or (keep_points is None and len(series) * 400 < POINTS_KEPT):
        for k, (days, counts) in running_points(engine.rows(points_sql())).items():
            series[k].days, series[k].counts = days, counts
    found: dict[tuple[SeriesKey, str], Crossing] = {}

    def offer(k: SeriesKey, t: Threshold, day: dt.date, count: int) -> None:
        if (k, t.name) not in found or day < found[(k, t.name)].day:
            found[(k, t.name)] = Crossing(k, t, day, count)

    for row in engine.rows(crossings_sql()):
        k, name, day, count = key(row), row[5], row[6], int(row[7])
        t = next(t for t in thresholds if (t.regime, t.metric, t.name) == (k.regime, k.metric, name)
                 and t.in_force(day))
        offer(k, t, day, count)
    # A threshold that came into force while the counts stood still is checked on that day.
    for t in thresholds:
        if first < t.valid_from <= last:
            year = t.valid_from.year if t.window == "calendar-year" else None
            for row in engine.rows(count_on_sql(t.regime, t.metric, t.valid_from.isoformat(), year)):
                if t.crossed(int(row[5])):
                    offer(key(row), t, t.valid_from, int(row[5]))
    ordered = sorted(series.values(), key=lambda s: (s.key.regime, s.key.exporter, s.key.counterpart, s.key.metric,
                                                     s.key.year or 0))
    return ordered, sorted(found.values(), key=lambda c: (c.day, c.series.exporter, c.threshold.name))


def run_audit(
    engine: QueryEngine,
    source: LogSource,
    datamap: DataMap,
    *,
    approx: bool = False,
    kb: KnowledgeBase | None = None,
    events_out: Path | None = None,
    events_out_all: bool = False,
    ledger: LedgerStore | None = None,
    keep_points: bool | None = None,
    progress: Progress = no_progress,
) -> AuditResult:
    kb = kb or default_knowledge_base()
    progress("reading the log", 0, 1)
    log_columns = engine.open(source)
    raw = engine.rows(shapes_sql())
    progress("reading the log", 1, 1)
    n = len(SHAPE_COLUMNS)
    bad_time = sum(int(r[n + 3] or 0) for r in raw)
    bad_subject = sum(int(r[n + 4] or 0) for r in raw)
    if bad_time:
        raise EventSchemaError(f"{source.name}: column 'time': {bad_time} row(s) hold no timestamp or date")
    if bad_subject:
        raise EventSchemaError(f"{source.name}: column 'subject': {bad_subject} row(s) have no subject key")
    # Two shapes with one hash would show as a group whose columns differ: then join on the columns.
    by_hash = all(r[n + 6] == r[n + 7] for r in raw)
    if not by_hash:
        raw = engine.rows(shapes_by_columns_sql())
    raw = sorted(raw, key=lambda r: tuple(r[:n]))  # the same shape order (and synthetic flow ids) on every engine
    shapes = [(Shape(*r[:n]), r[n], r[n + 1]) for r in raw]
    hashes = {Shape(*r[:n]): int(r[n + 5]) for r in raw}
    total = sum(int(r[n + 2]) for r in raw)
    first = min((s[1] for s in shapes), default=None)
    last = max((s[2] for s in shapes), default=None)
    if first is not None and first < kb.EARLIEST:
        raise OutOfRange(f"{source.name}: events from {first}: the knowledge base covers the law from "
                         f"{kb.EARLIEST} on")
    verdicts = assess_shapes(datamap, shapes, kb, source.name,
                             progress=lambda d, n: progress("assessing hop shapes", d, n))
    table, cn_keys, us_keys, series_names = _verdict_tables(verdicts, hashes)
    engine.register("verdicts", table)
    engine.register("cn_keys", cn_keys)
    engine.register("us_keys", us_keys)
    engine.register("series_names", series_names)
    progress("joining events to verdicts", 0, 1)
    engine.materialise("audited", audited_sql(engine.dialect, by_hash))
    by_vid = {v.vid: v for v in verdicts}
    groups = [VerdictGroup(by_vid[int(vid)], int(events), lo, hi) for vid, events, lo, hi in engine.rows(groups_sql())]
    groups.sort(key=lambda g: (-SEVERITY[g.verdict.status], g.verdict.shape.exporter, g.verdict.flow_id,
                               g.verdict.shape.key(), g.verdict.valid_from))
    progress("joining events to verdicts", 1, 1)

    notes: list[str] = []
    thresholds: list[Threshold] = []
    series: list[Series] = []
    found: list[Crossing] = []
    if first is not None and last is not None:
        cn, cn_notes = cn_thresholds(kb, first, last)
        notes += cn_notes
        thresholds = cn + us_thresholds(kb, first, last)
        progress("counting distinct subjects", 0, 3)
        walk = False
        if not approx:
            engine.materialise("us_spans", spans_sql())
            walk = int(engine.rows(long_spans_sql(engine.dialect))[0][0]) > 0
        engine.materialise("running", running_sql(engine.dialect, approx, engine.approx_window, walk))
        progress("counting distinct subjects", 1, 3)
        engine.register("thresholds", _threshold_table(thresholds))
        series, found = _series_and_crossings(engine, thresholds, first, last, keep_points)
        progress("counting distinct subjects", 3, 3)
    result = AuditResult(source.name, engine.name, approx, kb.version, total, first, last, groups, series,
                         thresholds, found, notes)
    if ledger is not None:
        progress("checking the ledger", 0, 1)
        runs = []
        for vid, day, n in engine.rows("SELECT vid, day, count(*) FROM audited GROUP BY vid, day"):
            v = by_vid[int(vid)]
            flow = v.shape.flow or (None if v.flow_id.startswith("audit.") else v.flow_id)
            runs.append((flow, v.shape.exporter, v.shape.importer, v.from_country, v.to_country, day, int(n)))
        result.ledger = check_ledger(ledger, runs).as_dict()
        progress("checking the ledger", 1, 1)
    if events_out is not None:
        progress("writing events", 0, 1)
        where = "" if events_out_all else " WHERE v.status <> 'compliant'"
        columns = ", ".join(f"e.{c}" for c in BY_NAME if c == "time" or c in log_columns or c in SHAPE_COLUMNS)
        sql = (f"SELECT {columns}, v.status, v.flow_id AS audited_flow, v.missing, v.valid_from AS law_from, "
               f"v.valid_until AS law_until FROM {verdict_join(by_hash)}{where}")
        written = engine.write_events(sql, events_out)
        result.events_file = {"rows": written, "which": "all" if events_out_all else "not compliant"}
        progress("writing events", 1, 1)
    return result
