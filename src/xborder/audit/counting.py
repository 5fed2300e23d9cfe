"""Running counts of distinct people and the day each threshold is crossed.

The query engines reduce the log to small series: per counting key (exporter, and for the
US rule the foreign person too, the class or category of data, the window) the days on which
the running count of distinct subjects changes and its value after that day. This module,
shared by both engines, walks those series against the thresholds in force on each day.

- Calendar year (CN): a subject counts from the first day in the year the exporter sent
  their data abroad; the count only grows until 31 December.
- Trailing 12 months (US): a subject counts on day D when sent on some day in
  (D - 12 months, D]; the count grows when one is sent who was not sent in the preceding
  12 months and falls 12 months after the last sending.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from xborder.audit.thresholds import Threshold


@dataclass(frozen=True, slots=True)
class SeriesKey:
    regime: str  # CN-PIPL | US-DSP
    exporter: str
    counterpart: str  # US: the foreign person (importer); CN: "" (all recipients)
    metric: str  # CN: general | sensitive; US: DSP category
    year: int | None  # CN: the calendar year; US: None (a trailing window)


@dataclass(slots=True)
class Series:
    key: SeriesKey
    days: list[dt.date] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)  # running count after each day's changes

    def count_on(self, day: dt.date) -> int:
        i = bisect.bisect_right(self.days, day)
        return self.counts[i - 1] if i else 0

    @property
    def final(self) -> int:
        return self.counts[-1] if self.counts else 0

    @property
    def peak(self) -> int:
        return max(self.counts, default=0)


@dataclass(frozen=True, slots=True)
class Crossing:
    series: SeriesKey
    threshold: Threshold
    day: dt.date
    count: int  # the running count on that day

    def as_dict(self) -> dict[str, object]:
        k, t = self.series, self.threshold
        return {"regime": k.regime, "exporter": k.exporter, "counterpart": k.counterpart or None,
                "metric": k.metric, "year": k.year, "threshold": t.name, "value": t.value,
                "comparison": t.comparison, "window": t.window, "day": self.day.isoformat(),
                "count": self.count, "meaning": t.meaning, "citation": t.cite.as_dict()}


def calendar_series(rows: Iterable[tuple[str, str, int, dt.date, int]], regime: str) -> list[Series]:
    """(exporter, metric, year, first_day, new_subjects) rows into cumulative yearly series."""
    by_key: dict[SeriesKey, Series] = {}
    for exporter, metric, year, day, new in sorted(rows, key=lambda r: (r[0], r[1], r[2], r[3])):
        key = SeriesKey(regime, exporter, "", metric, int(year))
        s = by_key.get(key)
        if s is None:
            s = by_key[key] = Series(key)
        s.days.append(day)
        s.counts.append((s.counts[-1] if s.counts else 0) + int(new))
    return list(by_key.values())


def trailing_series(rows: Iterable[tuple[str, str, str, dt.date, int]], regime: str) -> list[Series]:
    """(exporter, counterpart, metric, day, delta) rows (+1 when a subject enters the window,
    -1 when it leaves) into running-count series."""
    by_key: dict[SeriesKey, Series] = {}
    for exporter, counterpart, metric, day, delta in sorted(rows, key=lambda r: (r[0], r[1], r[2], r[3])):
        key = SeriesKey(regime, exporter, counterpart, metric, None)
        s = by_key.get(key)
        if s is None:
            s = by_key[key] = Series(key)
        if s.days and s.days[-1] == day:
            s.counts[-1] += int(delta)
        else:
            s.days.append(day)
            s.counts.append((s.counts[-1] if s.counts else 0) + int(delta))
    return list(by_key.values())


def crossings(series: Iterable[Series], thresholds: list[Threshold]) -> list[Crossing]:
    """For each series and each threshold of its metric, the first day the count crossed it
    while that threshold was in force (checked on every day the count changed and on the
    day each threshold came into force)."""
    by_metric: dict[tuple[str, str], list[Threshold]] = {}
    for t in thresholds:
        by_metric.setdefault((t.regime, t.metric), []).append(t)
    out: list[Crossing] = []
    for s in series:
        if not s.days:
            continue
        first, last = s.days[0], s.days[-1]
        if s.key.year is not None:  # a calendar-year series holds until 31 December
            last = dt.date(s.key.year, 12, 31)
        found: dict[str, Crossing] = {}
        for t in sorted(by_metric.get((s.key.regime, s.key.metric), []), key=lambda t: t.valid_from):
            checks = [d for d in s.days if t.in_force(d)]
            if first < t.valid_from <= last:
                bisect.insort(checks, t.valid_from)
            for d in checks:
                n = s.count_on(d)
                if t.crossed(n):
                    if t.name not in found or d < found[t.name].day:
                        found[t.name] = Crossing(s.key, t, d, n)
                    break
        out.extend(sorted(found.values(), key=lambda c: c.day))
    return out
