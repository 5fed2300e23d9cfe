"""Conflicts between regimes on the same hop.

A conflict is a pair of regimes whose demands cannot both be met by anything the parties
can put in place: one forbids what the other requires, or both require the data to stay
in different countries. An organisation's policy (`ORG-…`) that forbids what a statute
requires is a `policy-vs-statute` conflict: the statute wins, and the policy needs changing. Cumulative requirements (an EU SCC *and* a CN standard contract)
are not conflicts: both can be signed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xborder.engine.hop import Hop
from xborder.rules.base import RegimeResult, Verdict

# Obligations that pin the data (or its primary copy) to the regime's own territory.
LOCALIZATION_OBLIGATIONS = frozenset({"ru.localization", "cn.domestic-storage", "in.rbi.local-storage"})

# Exemptions that exist because a law *requires* the transfer to happen.
TRANSFER_MANDATES = frozenset({
    "eu.derogation.legal-claims", "eu.derogation.public-interest", "kr.statute-or-treaty",
    "cn.exemption.legal-obligation",
})


POLICY = "ORG"  # the jurisdiction key of an organisation's policy (xborder.policies)
POLICY_VS_STATUTE = "policy-vs-statute"


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: str  # localization-vs-localization | prohibition-vs-mandate | policy-vs-statute
    regimes: tuple[str, str]
    description: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "regimes": list(self.regimes), "description": self.description}


def find_conflicts(hop: Hop, results: Sequence[RegimeResult]) -> list[Conflict]:
    conflicts: list[Conflict] = []
    applicable = [r for r in results if r.applies]
    if len(applicable) < 2:  # every conflict is between two regimes
        return conflicts
    pinned = [(r, o) for r in applicable for o in r.obligations if o in LOCALIZATION_OBLIGATIONS]
    for i, (a, oa) in enumerate(pinned):
        for b, ob in pinned[i + 1:]:
            if a.jurisdiction != b.jurisdiction:
                conflicts.append(Conflict(
                    "localization-vs-localization", (a.regime, b.regime),
                    f"{a.regime} requires {oa} in {a.jurisdiction} while {b.regime} requires {ob} "
                    f"in {b.jurisdiction}: the primary copy cannot sit in both.",
                ))
    prohibiting = [r for r in applicable if r.verdict is Verdict.PROHIBITED]
    mandating = [r for r in applicable if TRANSFER_MANDATES.intersection(r.exemptions)]
    for p in prohibiting:
        for m in mandating:
            if m.regime != p.regime:
                grounds = ", ".join(sorted(TRANSFER_MANDATES.intersection(m.exemptions)))
                kind = POLICY_VS_STATUTE if p.jurisdiction == POLICY else "prohibition-vs-mandate"
                conflicts.append(Conflict(
                    kind, (p.regime, m.regime),
                    f"{p.regime} prohibits this transfer while {m.regime} treats it as required ({grounds}).",
                ))
    return conflicts
