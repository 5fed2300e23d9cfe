"""The thresholds an exporter's count of people is held against, read from the knowledge base.

- CN (CAC Provisions 2024 Arts 5(4), 7, 8; fact `cn.thresholds`): people whose personal
  information an exporter provided abroad since 1 January of the current year; non-sensitive
  and sensitive personal information counted apart. Chinese "以上" (or more) includes the
  number itself, so a threshold is reached when the count is at least its value.
- US (28 CFR 202.205; fact `us.dsp.categories`): U.S. persons whose data of one category a
  U.S. person gave the same foreign person "at any point in the preceding 12 months"; bulk
  means more than the threshold.

No number is written here: each comes from the fact in force on the day it is compared on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xborder.kb import Citation, KnowledgeBase

CN_FACT = "cn.thresholds"
US_FACT = "us.dsp.categories"

# The CN fact's value keys, per class of personal information, and what reaching each means.
CN_LIMITS: tuple[tuple[str, str, str], ...] = (
    ("general", "exempt_below", "the below-threshold exemption no longer applies (standard contract or certification)"),
    ("general", "assessment_from", "a security assessment is needed"),
    ("sensitive", "sensitive_assessment_from", "a security assessment is needed"),
)


@dataclass(frozen=True, slots=True)
class Threshold:
    regime: str  # CN-PIPL | US-DSP
    metric: str  # CN: general | sensitive; US: the DSP category
    name: str  # the fact's key for it (CN) or the category (US)
    value: int
    comparison: str  # at-least | more-than
    window: str  # calendar-year | trailing-12-months
    valid_from: dt.date
    valid_until: dt.date | None  # exclusive
    meaning: str
    cite: Citation

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)

    def crossed(self, count: int) -> bool:
        return count >= self.value if self.comparison == "at-least" else count > self.value

    def as_dict(self) -> dict[str, object]:
        return {"regime": self.regime, "metric": self.metric, "name": self.name, "value": self.value,
                "comparison": self.comparison, "window": self.window, "valid_from": self.valid_from.isoformat(),
                "valid_until": self.valid_until.isoformat() if self.valid_until else None,
                "meaning": self.meaning, "citation": self.cite.as_dict()}


def cn_thresholds(kb: KnowledgeBase, first: dt.date, last: dt.date) -> tuple[list[Threshold], list[str]]:
    """CN thresholds in force on any day of first..last, and notes on periods not counted."""
    fact = kb.fact(CN_FACT)
    out: list[Threshold] = []
    notes: list[str] = []
    periods = list(fact.values)
    for i, p in enumerate(periods):
        until = periods[i + 1].from_ if i + 1 < len(periods) else None
        if (until is not None and until <= first) or p.from_ > last or not p.value:
            continue
        if p.value.get("window") != "current-year":
            notes.append(f"{CN_FACT} from {p.from_}: counts run {p.value.get('window')}; only calendar-year "
                         "windows are counted by the audit, so crossings in this period are not reported")
            continue
        cite = kb.cite(CN_FACT, p)
        for metric, key, meaning in CN_LIMITS:
            value = p.value.get(key)
            if value is not None:
                out.append(Threshold("CN-PIPL", metric, key, int(value), "at-least", "calendar-year",
                                     p.from_, until, meaning, cite))
    return out, notes


def us_thresholds(kb: KnowledgeBase, first: dt.date, last: dt.date) -> list[Threshold]:
    fact = kb.fact(US_FACT)
    out: list[Threshold] = []
    for m in fact.members:
        if m.from_ > last or (m.until is not None and m.until <= first):
            continue
        a = m.attributes
        comparison = "more-than" if a.get("comparison", "more-than") == "more-than" else "at-least"
        out.append(Threshold("US-DSP", m.key, m.key, int(a["threshold"]), comparison, "trailing-12-months",
                             m.from_, m.until, f"bulk {m.key} ({a.get('threshold_unit', 'U.S. persons')})",
                             kb.cite(US_FACT, m, article=a.get("article"))))
    return out
