"""The audit's queries, written once for both engines (DuckDB and Spark SQL), with the few
spellings that differ kept in a `Dialect`.

Tables the queries read: `events` (the log, columns normalised: `day`, the shape columns as
text with '' for empty, `shape_hash` a 64-bit hash of them, `subject`), `verdicts` (one row
per shape and interval of unchanged law, from the engine), `cn_keys` / `us_keys` (which
verdict rows count towards which counting series, `sid`), `series_names` (each series'
regime, exporter, counterpart and metric), `thresholds`. `audited` is `events` joined to
`verdicts`: one row per event, with the verdict it ran under; `running` the series.
Grouping is by small integers (`vid`, `sid`) and fixed-width subject keys, so the large
aggregations never hash strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from xborder.audit.schema import SHAPE_COLUMNS


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str
    add_year: str  # a date 12 calendar months later, `{}` the date expression
    subject_key: str = "{}"  # how a subject key is carried into the counting tables
    shape_hash: str = ""  # a 64-bit hash of the arguments `{}`
    shape_check: str = ""  # another hash, for the same arguments in reverse order
    year: str = "year({})"

    def plus_year(self, expr: str) -> str:
        return self.add_year.format(expr)


# DuckDB carries each subject key as its 128-bit MD5 number: fixed width, so aggregations over
# billions of keys stay small and fast; two keys would have to collide in 128 bits to be
# counted as one (for a billion distinct keys, a chance below 10^-20).
DUCKDB = Dialect("duckdb", "CAST({} + INTERVAL 12 MONTH AS DATE)", subject_key="md5_number({})",
                 shape_hash="CAST(hash({}) // 2 AS BIGINT)", shape_check="CAST(hash({}) // 2 AS BIGINT)")
SPARK = Dialect("spark", "add_months({}, 12)", shape_hash="xxhash64({})", shape_check="hash({})")


def shape_hash_sql(d: Dialect) -> str:
    return d.shape_hash.format(", ".join(SHAPE_COLUMNS))


def shape_check_sql(d: Dialect) -> str:
    """A second hash of the shape (its columns in the other order), to catch a collision of the first."""
    return d.shape_check.format(", ".join(reversed(SHAPE_COLUMNS)))


def shapes_sql() -> str:
    """The distinct hop shapes, by hash; a second, independent hash differing within a group
    would mean two shapes share the first (then the join falls back to the columns)."""
    cols = ", ".join(f"any_value({c}) AS {c}" for c in SHAPE_COLUMNS)
    return (f"SELECT {cols}, min(day) AS first_day, max(day) AS last_day, count(*) AS events, "
            "sum(CASE WHEN day IS NULL THEN 1 ELSE 0 END) AS bad_time, "
            "sum(CASE WHEN subject IS NULL OR subject = '' THEN 1 ELSE 0 END) AS bad_subject, "
            "shape_hash, min(shape_check) AS check_lo, max(shape_check) AS check_hi FROM events GROUP BY shape_hash")


def shapes_by_columns_sql() -> str:
    cols = ", ".join(SHAPE_COLUMNS)
    return (f"SELECT {cols}, min(day) AS first_day, max(day) AS last_day, count(*) AS events, 0, 0, "
            f"any_value(shape_hash), 0, 0 FROM events GROUP BY {cols}")


def verdict_join(by_hash: bool) -> str:
    """Each event with the verdict of its shape on its day."""
    on = "e.shape_hash = v.shape_hash" if by_hash else " AND ".join(f"e.{c} = v.{c}" for c in SHAPE_COLUMNS)
    return f"events e JOIN verdicts v ON {on} AND e.day >= v.valid_from AND e.day < v.valid_until"


def audited_sql(d: Dialect, by_hash: bool) -> str:
    return f"SELECT v.vid, e.day, {d.subject_key.format('e.subject')} AS subject FROM {verdict_join(by_hash)}"


def groups_sql() -> str:
    return "SELECT vid, count(*) AS events, min(day) AS first_day, max(day) AS last_day FROM audited GROUP BY vid"


def calendar_sql(d: Dialect) -> str:
    """Per series (exporter and class) and year: how many subjects were first sent each day (exact)."""
    y = d.year.format("a.day")
    return ("SELECT sid, y, first_day, count(*) AS new_subjects FROM ("
            f"SELECT k.sid, {y} AS y, a.subject, min(a.day) AS first_day "
            f"FROM audited a JOIN cn_keys k ON a.vid = k.vid GROUP BY k.sid, {y}, a.subject"
            ") t GROUP BY sid, y, first_day")


def calendar_approx_sql(d: Dialect) -> str:
    """Per series and year: the running distinct count on each day (HyperLogLog)."""
    y = d.year.format("a.day")
    return ("SELECT sid, y, day, max(c) AS running FROM ("
            "SELECT sid, y, day, approx_count_distinct(subject) OVER (PARTITION BY sid, y "
            "ORDER BY day RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS c FROM ("
            f"SELECT DISTINCT k.sid, {y} AS y, a.day, a.subject FROM audited a JOIN cn_keys k "
            "ON a.vid = k.vid) t) w GROUP BY sid, y, day")


def spans_sql() -> str:
    """Per series (exporter, foreign person, category) and subject: the first and last day sent."""
    return ("SELECT k.sid, a.subject, min(a.day) AS lo, max(a.day) AS hi "
            "FROM audited a JOIN us_keys k ON a.vid = k.vid GROUP BY k.sid, a.subject")


def long_spans_sql(d: Dialect) -> str:
    return f"SELECT count(*) FROM us_spans WHERE hi >= {d.plus_year('lo')}"


def trailing_sql(d: Dialect, walk: bool = True) -> str:
    """Per series: +1 on the day a subject enters the trailing 12-month window (sent, and not
    sent in the preceding 12 months), -1 on the day it leaves (12 months after a sending with
    none after it within 12 months). Exact. Reads `us_spans` (`spans_sql`).

    A subject whose sendings all fall within 12 months of its first (every subject of a log
    of one year) is one island: +1 on its first day, -1 twelve months after its last. Only
    the others are walked sending by sending (lag and lead per subject)."""
    islands = (f"SELECT sid, lo AS day, 1 AS delta FROM us_spans WHERE hi < {d.plus_year('lo')} "
               f"UNION ALL SELECT sid, {d.plus_year('hi')} AS day, -1 AS delta FROM us_spans "
               f"WHERE hi < {d.plus_year('lo')}")
    if not walk:  # no subject was sent over more than 12 months (`long_spans_sql` is 0)
        return f"SELECT sid, day, sum(delta) AS delta FROM ({islands}) changes GROUP BY sid, day"
    return (
        f"WITH long AS (SELECT sid, subject FROM us_spans WHERE hi >= {d.plus_year('lo')}), "
        "sent AS (SELECT DISTINCT k.sid, a.subject, a.day FROM audited a "
        "JOIN us_keys k ON a.vid = k.vid JOIN long l ON l.sid = k.sid AND l.subject = a.subject), "
        "linked AS (SELECT sid, day, lag(day) OVER (PARTITION BY sid, subject ORDER BY day) AS prev, "
        "lead(day) OVER (PARTITION BY sid, subject ORDER BY day) AS nxt FROM sent), "
        "changes AS ("
        f"SELECT sid, lo AS day, 1 AS delta FROM us_spans WHERE hi < {d.plus_year('lo')} "
        f"UNION ALL SELECT sid, {d.plus_year('hi')} AS day, -1 AS delta FROM us_spans WHERE hi < {d.plus_year('lo')} "
        f"UNION ALL SELECT sid, day, 1 AS delta FROM linked WHERE prev IS NULL OR day >= {d.plus_year('prev')} "
        f"UNION ALL SELECT sid, {d.plus_year('day')} AS day, -1 AS delta FROM linked "
        f"WHERE nxt IS NULL OR nxt >= {d.plus_year('day')}) "
        "SELECT sid, day, sum(delta) AS delta FROM changes GROUP BY sid, day"
    )


def trailing_approx_sql(d: Dialect, preceding: str) -> str:
    """The same window with HyperLogLog: the distinct count over the 12 months up to each day
    a subject was sent (the count can only rise on such days)."""
    return ("SELECT sid, day, max(c) AS running FROM ("
            "SELECT sid, day, approx_count_distinct(subject) OVER (PARTITION BY sid ORDER BY day "
            f"RANGE BETWEEN {preceding} PRECEDING AND CURRENT ROW) AS c FROM ("
            "SELECT DISTINCT k.sid, a.day, a.subject FROM audited a JOIN us_keys k "
            "ON a.vid = k.vid) t) w GROUP BY sid, day")


def running_sql(d: Dialect, approx: bool, approx_window: str, walk: bool = True) -> str:
    """Every counting series as rows (sid, y, day, running): the running distinct count after
    each day it changed (y: the calendar year, NULL for a trailing window)."""
    frame = "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
    if approx:
        cn = f"SELECT sid, y, day, running FROM ({calendar_approx_sql(d)}) c"
        us = f"SELECT sid, day, running FROM ({trailing_approx_sql(d, approx_window)}) u"
    else:
        cn = (f"SELECT sid, y, first_day AS day, sum(new_subjects) OVER (PARTITION BY sid, y ORDER BY first_day "
              f"{frame}) AS running FROM ({calendar_sql(d)}) c")
        us = (f"SELECT sid, day, sum(delta) OVER (PARTITION BY sid ORDER BY day {frame}) AS running "
              f"FROM ({trailing_sql(d, walk)}) u")
    return (f"SELECT sid, CAST(y AS INTEGER) AS y, day, CAST(running AS BIGINT) AS running FROM ({cn}) cn UNION ALL "
            f"SELECT sid, CAST(NULL AS INTEGER), day, CAST(running AS BIGINT) FROM ({us}) us")


SERIES_KEY = "n.regime, n.exporter, n.counterpart, n.metric, r.y"
NAMED = "running r JOIN series_names n ON r.sid = n.sid"


def summary_sql(last_day: str) -> str:
    """Per series: first day, peak, and the count on the log's last day (a trailing window's
    changes run on 12 months past it)."""
    return (f"SELECT {SERIES_KEY}, min(r.day) AS first_day, max(r.running) AS peak, "
            f"max_by(r.running, r.day) FILTER (WHERE r.day <= DATE '{last_day}') AS final FROM {NAMED} "
            f"GROUP BY {SERIES_KEY}")


def points_sql() -> str:
    return f"SELECT {SERIES_KEY}, r.day, r.running FROM {NAMED} ORDER BY {SERIES_KEY}, r.day"


def crossings_sql() -> str:
    """The first day each series' count crossed each threshold while it was in force."""
    return (f"SELECT {SERIES_KEY}, t.name, min(r.day) AS day, min_by(r.running, r.day) AS running FROM {NAMED} "
            "JOIN thresholds t ON n.regime = t.regime AND n.metric = t.metric AND r.day >= t.valid_from "
            "AND r.day < t.valid_until "
            "WHERE (t.at_least = 1 AND r.running >= t.value) OR (t.at_least = 0 AND r.running > t.value) "
            f"GROUP BY {SERIES_KEY}, t.name")


def count_on_sql(regime: str, metric: str, day: str, year: int | None) -> str:
    """Each series' count on a day (when a threshold came into force between changes)."""
    same_year = f" AND r.y = {int(year)}" if year is not None else " AND r.y IS NULL"
    return (f"SELECT {SERIES_KEY}, max_by(r.running, r.day) AS running FROM {NAMED} WHERE n.regime = '{regime}' "
            f"AND n.metric = '{metric}' AND r.day <= DATE '{day}'{same_year} GROUP BY {SERIES_KEY}")
