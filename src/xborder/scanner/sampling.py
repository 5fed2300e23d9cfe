"""How many rows to read so a column's match rate is known to a stated precision.

Sample size for a proportion at confidence level c and margin ±e, worst case p = 0.5,
with the finite-population correction: n0 = z² · p(1-p) / e², n = n0 / (1 + (n0-1)/N).
At 95 % ± 1 % that is 9,604 rows for a large table. The detection thresholds are 30 % to
90 %, far from the margin, so a sample this size decides the same way as a full pass.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist


@dataclass(frozen=True)
class SamplePlan:
    """What to read of each table. `full` examines every row."""

    full: bool = False
    confidence: float = 0.95
    margin: float = 0.01
    seed: int = 20261122
    max_rows: int | None = None  # an explicit cap (`--sample-size`), overrides the formula

    def rows_for(self, population: int) -> int:
        if self.full or population <= 0:
            return population
        if self.max_rows is not None:
            return min(population, self.max_rows)
        n = sample_size(population, self.confidence, self.margin)
        # Past half the table a sample saves little and costs exactness: read it all.
        return population if n * 2 >= population else n

    def describe(self) -> dict[str, object]:
        if self.full:
            return {"mode": "full"}
        if self.max_rows is not None:
            return {"mode": "sample", "rows": self.max_rows, "seed": self.seed}
        return {"mode": "sample", "confidence": self.confidence, "margin": self.margin, "seed": self.seed}


def sample_size(population: int, confidence: float = 0.95, margin: float = 0.01) -> int:
    if not 0 < confidence < 1 or not 0 < margin < 1:
        raise ValueError("confidence and margin must be between 0 and 1")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    n0 = z * z * 0.25 / (margin * margin)
    return math.ceil(n0 / (1 + (n0 - 1) / population)) if population > 0 else 0


def margin_of_error(matched: int, sampled: int, population: int, confidence: float = 0.95) -> float:
    """Half-width of the normal-approximation interval for matched/sampled, with the
    finite-population correction (0 when the whole table was read)."""
    if sampled <= 0 or sampled >= population:
        return 0.0
    p = matched / sampled
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    fpc = math.sqrt((population - sampled) / max(population - 1, 1))
    return z * math.sqrt(max(p * (1 - p), 0.25 / sampled) / sampled) * fpc
