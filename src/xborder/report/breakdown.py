"""Counts that let a reader triage a large map: per regime, per exporter, per recipient (vendor).

Pure: `breakdown(assessment)` returns plain dicts (the JSON `breakdown` field of
`assess --summary`, see docs/reports.md); the table, Markdown and HTML views print them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from xborder.engine import Assessment

STATUSES = ("compliant", "action_required", "prohibited")
TOP_MISSING = 5  # how many of the most often missing ids a regime's row names


def _by_party(assessment: Assessment, end: str) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for f in assessment.flows:
        party = getattr(f.hop, end)
        row = rows.setdefault(party.id, {"entity": party.id, "country": party.country, "flows": 0,
                                         **{s: 0 for s in STATUSES}})
        row["flows"] += 1
        row[f.status] += 1
    # the parties with the most flows needing work first, so the head of the list is the to-do list
    return sorted(rows.values(), key=lambda r: (-r["prohibited"], -r["action_required"], -r["flows"], r["entity"]))


def _by_regime(assessment: Assessment) -> list[dict[str, Any]]:
    applies: Counter[str] = Counter()
    unsatisfied: Counter[str] = Counter()
    verdicts: dict[str, Counter[str]] = defaultdict(Counter)
    missing: dict[str, Counter[str]] = defaultdict(Counter)
    for f in assessment.flows:
        for r in f.regimes:
            if not r.applies:
                continue
            applies[r.regime] += 1
            verdicts[r.regime][r.verdict.value] += 1
            if not r.satisfied:
                unsatisfied[r.regime] += 1
                missing[r.regime].update(r.missing)
    rows = [{"regime": reg, "applies": n, "satisfied": n - unsatisfied[reg], "unsatisfied": unsatisfied[reg],
             "verdicts": dict(sorted(verdicts[reg].items())),
             "most_missing": [{"id": m, "flows": c} for m, c in missing[reg].most_common(TOP_MISSING)]}
            for reg, n in applies.items()]
    return sorted(rows, key=lambda r: (-r["unsatisfied"], r["regime"]))


def breakdown(assessment: Assessment) -> dict[str, Any]:
    return {"by_regime": _by_regime(assessment), "by_exporter": _by_party(assessment, "sender"),
            "by_recipient": _by_party(assessment, "recipient")}
