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
    12-month window (sent, and not sent in the preceding 12 months), -1 on the day it leaves
    (12 months after a sending with none after it within 12 months). Exact.

    A subject whose sendings all fall within 12 months of its first (every subject of a log
    of one year) is one island: +1 on its first day, -1 twelve months after its last. Only
    the others are walked sending by sending (lag and lead per subject)."""
    key = "exporter, importer, metric"
    on = "l.exporter = k.exporter AND l.importer = k.importer AND l.metric = k.metric AND l.subject = a.subject"
    return (
        f"WITH spans AS (SELECT k.exporter, k.importer, k.metric, a.subject, min(a.day) AS lo, max(a.day) AS hi "
        f"FROM audited a JOIN us_keys k ON a.vid = k.vid GROUP BY k.exporter, k.importer, k.metric, a.subject), "
        f"long AS (SELECT {key}, subject FROM spans WHERE hi >= {d.plus_year('lo')}), "
        f"sent AS (SELECT DISTINCT k.exporter, k.importer, k.metric, a.subject, a.day FROM audited a "
        f"JOIN us_keys k ON a.vid = k.vid JOIN long l ON {on}), "
        f"linked AS (SELECT {key}, day, "
        f"lag(day) OVER (PARTITION BY {key}, subject ORDER BY day) AS prev, "
        f"lead(day) OVER (PARTITION BY {key}, subject ORDER BY day) AS nxt FROM sent), "
        f"changes AS ("
        f"SELECT {key}, lo AS day, 1 AS delta FROM spans WHERE hi < {d.plus_year('lo')} "
        f"UNION ALL SELECT {key}, {d.plus_year('hi')} AS day, -1 AS delta FROM spans WHERE hi < {d.plus_year('lo')} "
        f"UNION ALL SELECT {key}, day, 1 AS delta FROM linked WHERE prev IS NULL OR day >= {d.plus_year('prev')} "
        f"UNION ALL SELECT {key}, {d.plus_year('day')} AS day, -1 AS delta FROM linked "
        f"WHERE nxt IS NULL OR nxt >= {d.plus_year('day')}) "
        f"SELECT {key}, day, sum(delta) AS delta FROM changes GROUP BY {key}, day"
    )


def trailing_approx_sql(d: Dialect, preceding: str) -> str:
    """The same window with HyperLogLog: the distinct count over the 12 months up to each day
    a subject was sent (the count can only rise on such days)."""
    return ("SELECT exporter, importer, metric, day, max(c) AS running FROM ("
            "SELECT exporter, importer, metric, day, approx_count_distinct(subject) OVER (PARTITION BY exporter, "
            f"importer, metric ORDER BY day RANGE BETWEEN {preceding} PRECEDING AND CURRENT ROW) AS c FROM ("
            "SELECT DISTINCT k.exporter, k.importer, k.metric, a.day, a.subject FROM audited a JOIN us_keys k "
            "ON a.vid = k.vid) t) w GROUP BY exporter, importer, metric, day")


def running_sql(d: Dialect, approx: bool, approx_window: str) -> str:
    """Every counting series as rows (regime, exporter, counterpart, metric, y, day, running):
    the running distinct count after each day it changed."""
    frame = "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
    if approx:
        cn = f"SELECT exporter, metric, y, day, running FROM ({calendar_approx_sql(d)}) c"
        us = f"SELECT exporter, importer, metric, day, running FROM ({trailing_approx_sql(d, approx_window)}) u"
    else:
        cn = (f"SELECT exporter, metric, y, first_day AS day, sum(new_subjects) OVER (PARTITION BY exporter, metric, y "
              f"ORDER BY first_day {frame}) AS running FROM ({calendar_sql(d)}) c")
        us = (f"SELECT exporter, importer, metric, day, sum(delta) OVER (PARTITION BY exporter, importer, metric "
              f"ORDER BY day {frame}) AS running FROM ({trailing_sql(d)}) u")
    return (f"SELECT 'CN-PIPL' AS regime, exporter, '' AS counterpart, metric, CAST(y AS INTEGER) AS y, day, "
            f"CAST(running AS BIGINT) AS running FROM ({cn}) cn UNION ALL "
            f"SELECT 'US-DSP', exporter, importer, metric, CAST(NULL AS INTEGER), day, CAST(running AS BIGINT) "
            f"FROM ({us}) us")


SERIES_KEY = "regime, exporter, counterpart, metric, y"


def summary_sql(last_day: str) -> str:
    """Per series: first day, peak, and the count on the log's last day (a trailing window's
    changes run on 12 months past it)."""
    return (f"SELECT {SERIES_KEY}, min(day) AS first_day, max(running) AS peak, "
            f"max_by(running, day) FILTER (WHERE day <= DATE '{last_day}') AS final FROM running "
            f"GROUP BY {SERIES_KEY}")


def crossings_sql() -> str:
    """The first day each series' count crossed each threshold while it was in force."""
    return (f"SELECT r.regime, r.exporter, r.counterpart, r.metric, r.y, t.name, min(r.day) AS day, "
            "min_by(r.running, r.day) AS running FROM running r JOIN thresholds t ON r.regime = t.regime "
            "AND r.metric = t.metric AND r.day >= t.valid_from AND r.day < t.valid_until "
            "WHERE (t.at_least = 1 AND r.running >= t.value) OR (t.at_least = 0 AND r.running > t.value) "
            "GROUP BY r.regime, r.exporter, r.counterpart, r.metric, r.y, t.name")


def count_on_sql(regime: str, metric: str, day: str, year: int | None) -> str:
    """Each series' count on a day (when a threshold came into force between changes)."""
    same_year = f" AND y = {int(year)}" if year is not None else " AND y IS NULL"
    return (f"SELECT {SERIES_KEY}, max_by(running, day) AS running FROM running WHERE regime = '{regime}' "
            f"AND metric = '{metric}' AND day <= DATE '{day}'{same_year} GROUP BY {SERIES_KEY}")
