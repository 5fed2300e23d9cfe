"""Running counts of distinct people and the day each threshold is crossed.

The query engines reduce the log to series (`queries.running_sql`): per counting key
(exporter, and for the US rule the foreign person too, the class or category of data, the
window) the days on which the running count of distinct subjects changes and its value
after that day; the crossing days are found by the same engine (`queries.crossings_sql`).

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
from typing import Any
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
    """One counting series: its summary, and its points when they were fetched."""

    key: SeriesKey
    first_day: dt.date
    final: int  # the count on the log's last day
    peak: int
    days: list[dt.date] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)  # running count after each day's changes

    def count_on(self, day: dt.date) -> int:
        i = bisect.bisect_right(self.days, day)
        return self.counts[i - 1] if i else 0


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


def running_points(rows: Iterable[tuple[Any, ...]]) -> dict[SeriesKey, tuple[list[dt.date], list[int]]]:
    """(regime, exporter, counterpart, metric, y, day, running) rows, ordered by key and day."""
    out: dict[SeriesKey, tuple[list[dt.date], list[int]]] = {}
    for regime, exporter, counterpart, metric, year, day, running in rows:
        key = SeriesKey(regime, exporter, counterpart or "", metric, None if year is None else int(year))
        days, counts = out.setdefault(key, ([], []))
        days.append(day)
        counts.append(int(running))
    return out
