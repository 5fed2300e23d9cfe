"""The decisions both engines share: which detectors are worth validating for a column,
how values are validated, and what a column is found to hold.

An engine does the heavy, vectorised part (counting candidates with a regex over many
rows, in DuckDB or Spark) and hands this module counts; the per-value validation and the
decisions are the same Python for both, which is why the engines agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from xborder.scanner.detectors.base import Detector
from xborder.scanner.masking import mask_value

MAX_EXAMPLES = 2


@dataclass(frozen=True)
class Eligible:
    """A detector that may fire on a column, and whether the column name is context for it."""

    detector: Detector
    in_context: bool
    context_words: frozenset[str] = frozenset()  # the detector's context words the column name carries

    @property
    def threshold(self) -> float:
        d = self.detector
        return d.min_ratio_with_context if self.in_context else d.min_ratio


def eligible(detectors: Sequence[Detector], column: str) -> list[Eligible]:
    """Detectors that can fire on this column at all, given its name (negative context
    rules a detector out; a detector that requires context needs it)."""
    out = []
    for d in detectors:
        state = d.context_state(column)
        if state < 0 or (d.requires_context and state == 0):
            continue
        out.append(Eligible(d, state > 0, d.context_words(column) if state > 0 else frozenset()))
    return out


def _groups(checks: Sequence[Eligible]) -> dict[str, list[int]]:
    """Detectors grouped by category: a column of national ids from ten countries is
    one column of national ids, though no single country's detector reaches the bar."""
    groups: dict[str, list[int]] = {}
    for i, e in enumerate(checks):
        groups.setdefault(e.detector.category, []).append(i)
    return groups


def plausible(candidates: Sequence[Eligible], candidate_counts: Sequence[int], non_empty: int) -> list[Eligible]:
    """Detectors whose candidates could reach the threshold of their category: the only
    ones whose candidates need validating. Exact, not a heuristic: a category's matches
    never exceed the sum of its detectors' candidates."""
    if non_empty <= 0:
        return []
    keep: set[int] = set()
    for members in _groups(candidates).values():
        total = sum(candidate_counts[i] for i in members)
        bar = min(candidates[i].threshold for i in members) * non_empty
        if total > 0 and total >= bar:
            keep.update(i for i in members if candidate_counts[i] > 0)
    return [e for i, e in enumerate(candidates) if i in keep]


@dataclass
class Validation:
    """Per-value results folded into counts by bit mask (bit i: detector i validated)."""

    masks: Counter[int] = field(default_factory=Counter)
    examples: dict[int, list[str]] = field(default_factory=dict)
    flagged: Counter[int] = field(default_factory=Counter)  # detector index -> flagged matches

    def merge(self, other: Validation) -> Validation:
        self.masks.update(other.masks)
        self.flagged.update(other.flagged)
        for i, ex in other.examples.items():
            mine = self.examples.setdefault(i, [])
            mine[:] = sorted(set(mine) | set(ex))[:MAX_EXAMPLES]
        return self


def _keep_example(kept: list[str], value: str, detector_key: str) -> None:
    """Keep the smallest masked forms: the same examples whatever order rows come in,
    so reports are reproducible and both engines agree."""
    masked = mask_value(value, detector_key)
    if masked in kept or (len(kept) >= MAX_EXAMPLES and masked >= kept[-1]):
        return
    kept.append(masked)
    kept.sort()
    del kept[MAX_EXAMPLES:]


def validate_values(rows: Iterable[tuple[str, int]], checks: Sequence[Eligible],
                    candidates: Sequence[int] | None = None, non_empty: int = 0) -> Validation:
    """Validate (value, count) pairs against the plausible detectors.

    With `candidates` (each detector's candidate count over the column) and `non_empty`,
    a category is dropped as soon as its matches so far plus its remaining candidates
    can no longer reach its threshold. That cannot change a decision (an accepted
    category is never dropped), and it spares validating, say, every email as a postal
    address.
    """
    out = Validation()
    groups = list(_groups(checks).values())
    alive = list(range(len(checks)))
    remaining = list(candidates) if candidates is not None else None
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    bars = [min(checks[i].threshold for i in members) * non_empty for members in groups]
    matched = [0] * len(groups)
    # Upper bound of what each group can still match: its members' remaining candidates.
    left = [sum(remaining[i] for i in members) for members in groups] if remaining is not None else []
    for value, count in rows:
        mask = 0
        hit_groups: set[int] = set()
        for i in alive:
            d = checks[i].detector
            if remaining is not None:
                if not d.is_candidate(value):
                    continue
                remaining[i] -= count
                left[group_of[i]] -= count
            if d.matches(value, checks[i].in_context):
                mask |= 1 << i
                hit_groups.add(group_of[i])
                if d.flag is not None and d.flag(value):
                    out.flagged[i] += count
                _keep_example(out.examples.setdefault(i, []), value, d.key)
        if mask:
            out.masks[mask] += count
        if remaining is None:
            continue
        for g in hit_groups:
            matched[g] += count
        dead = {group_of[i] for i in alive if matched[group_of[i]] + left[group_of[i]] < bars[group_of[i]]}
        if dead:
            alive = [i for i in alive if group_of[i] not in dead]
            if not alive:
                break
    return out


@dataclass(frozen=True)
class Finding:
    detector: str
    label: str
    category: str
    matched: int
    ratio: float
    confidence: float
    in_context: bool
    examples: tuple[str, ...]
    flags: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class ColumnDecision:
    findings: tuple[Finding, ...]  # accepted detectors, best first
    categories: tuple[str, ...]
    matched: int  # values matching any accepted detector
    confidence: float


def _named(checks: Sequence[Eligible], members: list[int], owns: dict[int, int], matched: int) -> set[int] | None:
    """The members the column's name names specifically (a word only they carry, such as
    "マイナンバー" beside the generic "id number"), when they validate most values."""
    context = [i for i in members if checks[i].in_context]
    if not context:
        return None
    shared = frozenset.intersection(*(checks[i].context_words for i in context))
    specific = {i for i in context if checks[i].context_words - shared} or set(context)
    if any(owns[i] >= 0.5 * matched for i in specific):
        return specific
    return None


def decide(checks: Sequence[Eligible], validation: Validation, non_empty: int) -> ColumnDecision:
    """Accept each category whose validated share (any of its detectors) reaches the
    lowest threshold among them; report the detectors that contributed."""
    findings: list[Finding] = []
    accepted_bits = 0
    categories: list[tuple[int, str, float]] = []
    for category, members in _groups(checks).items():
        bits = 0
        for i in members:
            bits |= 1 << i
        matched = sum(c for m, c in validation.masks.items() if m & bits)
        if non_empty <= 0 or matched == 0 or matched / non_empty < min(checks[i].threshold for i in members):
            continue
        accepted_bits |= bits
        best = 0.0
        owns = {i: sum(c for m, c in validation.masks.items() if m >> i & 1) for i in members}
        # Checksums of several countries can accept the same number: where the column's
        # name names one of them (Steuer-ID, マイナンバー) and it validates most values,
        # that one is the finding, not every country whose checksum happens to agree.
        shown = _named(checks, members, owns, matched)
        for i in members:
            e = checks[i]
            own = owns[i]
            if own == 0 or own < 0.01 * matched or (shown is not None and i not in shown):
                continue
            d = e.detector
            ratio = matched / non_empty  # the category's share: what the confidence is about
            confidence = round(min(0.99, ratio * d.strength + (0.15 if e.in_context else 0.0)), 2)
            best = max(best, confidence)
            flags = ((d.flag_name, validation.flagged.get(i, 0)),) if d.flag is not None else ()
            findings.append(Finding(d.key, d.label, d.category, own, round(own / non_empty, 4), confidence,
                                    e.in_context, tuple(validation.examples.get(i, ())), flags))
        categories.append((matched, category, best))
    categories.sort(key=lambda t: (-t[0], t[1]))
    findings.sort(key=lambda f: (-f.matched, f.detector))
    union = sum(c for m, c in validation.masks.items() if m & accepted_bits)
    best = max((c for _, _, c in categories), default=0.0)
    return ColumnDecision(tuple(findings), tuple(c for _, c, _ in categories), union, best)
