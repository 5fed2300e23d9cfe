"""An organisation's (or a zone regulator's) own rules, evaluated beside the statutes.

Each policy of a data map becomes a regime-like evaluator whose result sits in the flow's
results as `ORG-<policy id>` (jurisdiction key `ORG`), with its own verdict, requirements and
citations to the policy text, composed into the flow's status like any statute's
(docs/policies.md).
"""

from __future__ import annotations

from xborder.datamap.models import DataMap, TierPolicy
from xborder.policies.tiers import TierPolicyRegime
from xborder.rules.base import Regime


def policy_regimes(datamap: DataMap) -> list[Regime]:
    """One evaluator per policy of the map, in the map's order."""
    return [TierPolicyRegime(p) for p in datamap.policies if isinstance(p, TierPolicy)]


__all__ = ["TierPolicyRegime", "policy_regimes"]
