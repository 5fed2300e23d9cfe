"""The scan report: what each column holds, per table, with sensitivity tiers.

`to_dict()` is the stable JSON form: {"tables": [{"name", "rows", "individuals",
"columns": [{"name", "categories", "confidence", "sampled", "matched", "distinct"}]}]};
every other field is an addition. No raw value ever enters a report: examples are masked
when they are collected (`evaluate.validate_values`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from xborder.scanner.evaluate import ColumnDecision

log = logging.getLogger("xborder.scanner")

SUBJECT_ID_WORDS = ("user id", "userid", "uid", "customer id", "customer no", "member id", "client id", "account id",
                    "person id", "patient id", "employee id", "用户id", "用户编号", "会员", "客户编号", "kunden", "患者id", "患者番号",
                    "顧客id", "会員番号", "회원", "환자",
                    "kundennummer", "client", "会員", "고객", "id клиента")


def names_person_id(column_name: str) -> bool:
    """Whether a column's name is one of SUBJECT_ID_WORDS, matched as detectors match
    context words: a short Latin word ("uid") only as a whole token, so build_id, guid,
    uuid or liquidity are not taken for a person's id."""
    from xborder.scanner.detectors.base import _mentions, normalise_name

    return _mentions(normalise_name(column_name), SUBJECT_ID_WORDS)


@dataclass(frozen=True)
class ColumnReport:
    name: str
    sampled: int  # non-empty values examined
    distinct: int | None  # distinct values in the whole column (estimate for files)
    decision: ColumnDecision
    margin: float  # ± on matched/sampled at the plan's confidence (0 when read in full)

    @property
    def categories(self) -> tuple[str, ...]:
        return self.decision.categories

    def to_dict(self, on: dt.date | None = None) -> dict[str, Any]:
        d = self.decision
        return {
            "name": self.name,
            "categories": list(d.categories),
            "confidence": d.confidence,
            "sampled": self.sampled,
            "matched": d.matched,
            "distinct": self.distinct,
            "match_margin": round(self.margin, 4),
            "detectors": [
                {"detector": f.detector, "label": f.label, "category": f.category, "matched": f.matched,
                 "ratio": f.ratio, "confidence": f.confidence, "context": f.in_context,
                 "examples": list(f.examples), **({"flags": dict(f.flags)} if f.flags else {})}
                for f in d.findings
            ],
            "sensitivity": {c: tiers(c, on, self.minors) for c in d.categories},
        }

    @property
    def minors(self) -> bool:
        """Dates of birth of children under 14 were found in this column (PIPL Art 28(1))."""
        return any(dict(f.flags).get("under_14", 0) for f in self.decision.findings)


@dataclass(frozen=True)
class TableReport:
    name: str
    rows: int
    sampled_rows: int
    columns: tuple[ColumnReport, ...]
    subject_key: str | None
    individuals: int | None
    individuals_basis: str
    engine: str
    notes: tuple[str, ...] = ()  # what reading the table had to decide or skip; never a value

    @property
    def under_14(self) -> int:
        """Matched dates of birth of children under 14, in the rows examined."""
        return max((dict(f.flags).get("under_14", 0) for c in self.columns for f in c.decision.findings), default=0)

    @property
    def categories(self) -> tuple[str, ...]:
        out: list[str] = []
        for c in self.columns:
            out.extend(x for x in c.categories if x not in out)
        return tuple(out)

    def to_dict(self, on: dt.date | None = None) -> dict[str, Any]:
        return {
            "name": self.name,
            "rows": self.rows,
            "individuals": self.individuals,
            "individuals_basis": self.individuals_basis,
            "subject_key": self.subject_key,
            "sampled_rows": self.sampled_rows,
            "minors_under_14": self.under_14,
            "categories": list(self.categories),
            "sensitivity": summary_tiers(self.categories, on, minors=self.under_14 > 0),
            "columns": [c.to_dict(on) for c in self.columns],
            **({"notes": list(self.notes)} if self.notes else {}),
        }


@dataclass
class ScanReport:
    source: str  # credentials masked
    engine: str
    sampling: dict[str, object]
    tables: list[TableReport] = field(default_factory=list)
    as_of: dt.date = field(default_factory=dt.date.today)

    def to_dict(self) -> dict[str, Any]:
        tables = [t.to_dict(self.as_of) for t in self.tables]
        out: dict[str, Any] = {
            "xborder_scan": 1,
            "source": self.source,
            "engine": self.engine,
            "as_of": self.as_of.isoformat(),
            "sampling": self.sampling,
            "tables": tables,
        }
        if _WARNED:
            out["notes"] = sorted(_WARNED)
        return out


REGIMES = ("CN-PIPL", "EU-GDPR", "US-DSP")


@cache
def tiers(category: str, on: dt.date | None = None, minors: bool = False) -> dict[str, str | None]:
    """Sensitivity of a category per regime, from `xborder.classification` (the
    knowledge base). A regime whose knowledge is not loaded yet reads None (unknown)
    rather than guessed."""
    try:
        from xborder.classification import sensitivity

        return dict(sensitivity(category, on, minors=minors))
    except Exception as exc:  # a knowledge base still being written must not stop a scan
        _warn_once(f"sensitivity tiers unknown (knowledge base not readable: {str(exc).splitlines()[0][:200]})")
        return {regime: None for regime in REGIMES}


_WARNED: set[str] = set()


def _warn_once(message: str) -> None:
    if message not in _WARNED:
        _WARNED.add(message)
        log.warning("%s", message)


def summary_tiers(categories: tuple[str, ...], on: dt.date | None = None,
                  minors: bool = False) -> dict[str, list[str]]:
    """Per regime, the categories of a table that are sensitive (CN; all of a child's under 14,
    PIPL Art 28(1)), special or criminal (EU), or in a bulk US category, with the tier."""
    out: dict[str, list[str]] = {r: [] for r in REGIMES}
    for c in categories:
        t = tiers(c, on, minors)
        if t.get("CN-PIPL") == "sensitive":
            out["CN-PIPL"].append(c)
        if t.get("EU-GDPR") in ("art9", "art10"):
            out["EU-GDPR"].append(f"{c} ({t['EU-GDPR']})")
        if t.get("US-DSP"):
            out["US-DSP"].append(f"{c} ({t['US-DSP']})")
    return out


def choose_subject_key(columns: tuple[ColumnReport, ...], ranks: dict[str, int]) -> ColumnReport | None:
    """The column most likely to identify a person: the best identifier kind found
    (national id > passport > email > phone > card ...), or a column named like a user id
    whose values are mostly distinct; ties go to the column with more distinct values."""
    best: tuple[int, int] | None = None
    chosen = None
    for c in columns:
        rank = max((ranks.get(f.detector, 0) for f in c.decision.findings), default=0)
        if rank == 0 and names_person_id(c.name) and c.sampled and (c.distinct or 0) > 0:
            rank = 75
        if rank <= 0:
            continue
        key = (rank, c.distinct or 0)
        if best is None or key > best:
            best, chosen = key, c
    return chosen
