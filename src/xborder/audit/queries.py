"""The audit's queries, written once for both engines (DuckDB and Spark SQL), with the few
spellings that differ kept in a `Dialect`.

Tables the queries read: `events` (the log, columns normalised: `day`, the shape columns as
text with '' for empty, `subject`), `verdicts` (one row per shape and interval of unchanged
law, from the engine), `cn_keys` / `us_keys` (which verdict rows count towards which
threshold metric). `audited` is `events` joined to `verdicts`: one row per event, with the
verdict it ran under.
"""

from __future__ import annotations

from dataclasses import dataclass

from xborder.audit.schema import SHAPE_COLUMNS


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str
    add_year: str  # a date 12 calendar months later, `{}` the date expression
    year: str = "year({})"

    def plus_year(self, expr: str) -> str:
        return self.add_year.format(expr)


DUCKDB = Dialect("duckdb", "CAST({} + INTERVAL 12 MONTH AS DATE)")
SPARK = Dialect("spark", "add_months({}, 12)")


def shapes_sql() -> str:
    cols = ", ".join(SHAPE_COLUMNS)
    return (f"SELECT {cols}, min(day) AS first_day, max(day) AS last_day, count(*) AS events, "
            "sum(CASE WHEN day IS NULL THEN 1 ELSE 0 END) AS bad_time, "
            "sum(CASE WHEN subject IS NULL OR subject = '' THEN 1 ELSE 0 END) AS bad_subject "
            f"FROM events GROUP BY {cols}")


def audited_sql(extra: tuple[str, ...] = ()) -> str:
    """Each event with the verdict of its shape on its day (the join is on the shape's columns
    and the day falling in the verdict's interval)."""
    on = " AND ".join(f"e.{c} = v.{c}" for c in SHAPE_COLUMNS)
    more = "".join(f", e.{c}" for c in extra)
    return (f"SELECT v.vid, e.day, e.subject{more} FROM events e JOIN verdicts v ON {on} "
            "AND e.day >= v.valid_from AND e.day < v.valid_until")


def groups_sql() -> str:
    return "SELECT vid, count(*) AS events, min(day) AS first_day, max(day) AS last_day FROM audited GROUP BY vid"


def calendar_sql(d: Dialect) -> str:
    """Per exporter, class and year: how many subjects were first sent on each day (exact)."""
    y = d.year.format("a.day")
    return ("SELECT exporter, metric, y, first_day, count(*) AS new_subjects FROM ("
            f"SELECT k.exporter, k.metric, {y} AS y, a.subject, min(a.day) AS first_day "
            f"FROM audited a JOIN cn_keys k ON a.vid = k.vid GROUP BY k.exporter, k.metric, {y}, a.subject"
            ") t GROUP BY exporter, metric, y, first_day")


def calendar_approx_sql(d: Dialect) -> str:
    """Per exporter, class and year: the running distinct count on each day (HyperLogLog)."""
    y = d.year.format("a.day")
    return ("SELECT exporter, metric, y, day, max(c) AS running FROM ("
            "SELECT exporter, metric, y, day, approx_count_distinct(subject) OVER (PARTITION BY exporter, metric, y "
            "ORDER BY day RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS c FROM ("
            f"SELECT DISTINCT k.exporter, k.metric, {y} AS y, a.day, a.subject FROM audited a JOIN cn_keys k "
            "ON a.vid = k.vid) t) w GROUP BY exporter, metric, y, day")


def trailing_sql(d: Dialect) -> str:
    """Per exporter, foreign person and category: +1 on the day a subject enters the trailing
    12-month window (sent, not sent in the preceding 12 months), -1 on the day it leaves (12
    months after the last sending with no other in between). Exact."""
    return (
        "WITH sent AS (SELECT DISTINCT k.exporter, k.importer, k.metric, a.subject, a.day "
        "FROM audited a JOIN us_keys k ON a.vid = k.vid), "
        "linked AS (SELECT exporter, importer, metric, day, "
        "lag(day) OVER (PARTITION BY exporter, importer, metric, subject ORDER BY day) AS prev, "
        "lead(day) OVER (PARTITION BY exporter, importer, metric, subject ORDER BY day) AS nxt FROM sent), "
        "changes AS ("
        f"SELECT exporter, importer, metric, day, 1 AS delta FROM linked WHERE prev IS NULL OR day >= {d.plus_year('prev')} "
        f"UNION ALL SELECT exporter, importer, metric, {d.plus_year('day')} AS day, -1 AS delta FROM linked "
        f"WHERE nxt IS NULL OR nxt >= {d.plus_year('day')}) "
        "SELECT exporter, importer, metric, day, sum(delta) AS delta FROM changes GROUP BY exporter, importer, metric, day"
    )


def trailing_approx_sql(d: Dialect, preceding: str) -> str:
    """The same window with HyperLogLog: the distinct count over the 12 months up to each day
    a subject was sent (the count can only rise on such days)."""
    return ("SELECT exporter, importer, metric, day, max(c) AS running FROM ("
            "SELECT exporter, importer, metric, day, approx_count_distinct(subject) OVER (PARTITION BY exporter, "
            f"importer, metric ORDER BY day RANGE BETWEEN {preceding} PRECEDING AND CURRENT ROW) AS c FROM ("
            "SELECT DISTINCT k.exporter, k.importer, k.metric, a.day, a.subject FROM audited a JOIN us_keys k "
            "ON a.vid = k.vid) t) w GROUP BY exporter, importer, metric, day")
