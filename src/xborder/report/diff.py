"""What changed between two assessments: two versions of a map, or one map at two dates.

Pure: `diff_assessments(before, after)` matches flows by id and, per flow, regimes by id, and
keeps only what differs (status, and per regime: whether it applies, the verdict, whether it
is satisfied, what is required and what is missing). The CLI (`xborder diff`) renders it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xborder.engine import Assessment, FlowAssessment
from xborder.rules.base import RegimeResult

SEVERITY = {"compliant": 0, "action_required": 1, "prohibited": 2}


def _regime_state(r: RegimeResult | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"applies": r.applies, "verdict": r.verdict.value, "satisfied": r.satisfied,
            "one_of": list(r.one_of), "obligations": list(r.obligations), "missing": list(r.missing)}


@dataclass(slots=True)
class RegimeChange:
    regime: str
    before: dict[str, Any] | None  # None: the regime said nothing about the flow on this side
    after: dict[str, Any] | None

    def as_dict(self) -> dict[str, Any]:
        return {"regime": self.regime, "before": self.before, "after": self.after}


@dataclass(slots=True)
class FlowChange:
    id: str
    route: str  # "sender (CC) → recipient (CC)" on the after side
    before: str  # status
    after: str
    regimes: list[RegimeChange] = field(default_factory=list)

    @property
    def direction(self) -> str:
        """worse | better | same (status unchanged, something in a regime changed)."""
        delta = SEVERITY[self.after] - SEVERITY[self.before]
        return "worse" if delta > 0 else "better" if delta < 0 else "same"

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "route": self.route, "status": {"before": self.before, "after": self.after},
                "direction": self.direction, "regimes": [r.as_dict() for r in self.regimes]}


@dataclass(slots=True)
class AssessmentDiff:
    before: Assessment
    after: Assessment
    added: list[FlowAssessment]
    removed: list[FlowAssessment]
    changed: list[FlowChange]
    unchanged: int

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def as_dict(self) -> dict[str, Any]:
        def side(a: Assessment) -> dict[str, Any]:
            return {k: v for k, v in a.header().items() if k != "xborder"}

        def flow(f: FlowAssessment) -> dict[str, Any]:
            return {"id": f.id, "route": route(f), "status": f.status}

        return {"xborder_diff": 1, "before": side(self.before), "after": side(self.after),
                "added": [flow(f) for f in self.added], "removed": [flow(f) for f in self.removed],
                "changed": [c.as_dict() for c in self.changed], "unchanged": self.unchanged}


def route(f: FlowAssessment) -> str:
    s, t = f.hop.sender, f.hop.recipient
    return f"{s.id} ({s.location_country}) → {t.id} ({t.location_country})"


def _regime_changes(before: FlowAssessment, after: FlowAssessment) -> list[RegimeChange]:
    old = {r.regime: r for r in before.regimes}
    new = {r.regime: r for r in after.regimes}
    out = []
    for regime in [*old, *(r for r in new if r not in old)]:
        a, b = _regime_state(old.get(regime)), _regime_state(new.get(regime))
        if a != b:
            out.append(RegimeChange(regime, a, b))
    return out


def diff_assessments(before: Assessment, after: Assessment) -> AssessmentDiff:
    old = {f.id: f for f in before.flows}
    new = {f.id: f for f in after.flows}
    changed, unchanged = [], 0
    for fid, b in new.items():
        a = old.get(fid)
        if a is None:
            continue
        regimes = _regime_changes(a, b)
        if regimes or a.status != b.status:
            changed.append(FlowChange(fid, route(b), a.status, b.status, regimes))
        else:
            unchanged += 1
    # the flows that got worse first: they are what a reviewer must look at
    changed.sort(key=lambda c: (-(SEVERITY[c.after] - SEVERITY[c.before]), c.id))
    return AssessmentDiff(
        before=before, after=after,
        added=[f for fid, f in new.items() if fid not in old],
        removed=[f for fid, f in old.items() if fid not in new],
        changed=changed, unchanged=unchanged)
