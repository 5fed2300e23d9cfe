"""Full-log audit: recompute every hash from the leaf data and compare with what is stored.

Proof serving trusts stored nodes for speed; this is the check that they deserve it. It
walks the leaves once in index order, rebuilds the tree with the same compact range as
appends, and names the first bad index: a leaf whose stored hash is not SHA-256(0x00 ||
data), an interior node that differs from its recomputation, a gap, a node beyond the
tree, or a checkpoint whose signature or root does not match the recomputed tree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from xborder.ledger.compact import CompactRange
from xborder.ledger.hashing import EMPTY_ROOT, leaf_hash
from xborder.ledger.note import NoteError, SignatureError, SignedNote, open_checkpoint, verify_signature
from xborder.ledger.storage.base import LedgerError, LedgerStore
from xborder.ledger.witness import Policy

MAX_PROBLEMS = 100


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding. ``index`` is the first leaf index it affects (the checkpoint size for checkpoints)."""

    kind: str  # leaf | node | gap | extra-node | checkpoint | witness | pinned
    index: int
    detail: str
    level: int | None = None
    node_index: int | None = None

    def describe(self) -> str:
        if self.kind == "node":
            span = 1 << (self.level or 0)
            return (f"node level {self.level} index {self.node_index} (leaves {self.index}.."
                    f"{self.index + span - 1}): {self.detail}")
        if self.kind == "checkpoint":
            return f"checkpoint at size {self.index}: {self.detail}"
        return f"{self.kind} {self.index}: {self.detail}"


def _within(inner: Problem, outer: Problem) -> bool:
    """Whether ``inner`` lies strictly below node problem ``outer`` in the tree."""
    if outer.kind != "node" or outer.level is None or inner.kind not in ("leaf", "node", "gap"):
        return False
    inner_level = inner.level if inner.kind == "node" and inner.level is not None else 0
    span = 1 << outer.level
    return inner_level < outer.level and outer.index <= inner.index < outer.index + span


@dataclass(slots=True)
class AuditReport:
    size: int
    root: bytes
    leaves_checked: int = 0
    nodes_checked: int = 0
    checkpoints_checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def first_bad(self) -> Problem | None:
        tree = [p for p in self.problems if p.kind in ("leaf", "node", "gap", "extra-node")]
        # A rewritten leaf makes every ancestor differ from its recomputation: the culprit
        # is the lowest bad node, so drop nodes with a bad descendant (or leaf) in their span.
        causes = [p for p in tree if not any(_within(q, p) for q in tree if q is not p)]
        pool = causes or tree or self.problems
        return min(pool, key=lambda p: (p.index, p.level or 0)) if pool else None

    def add(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


def audit(
    store: LedgerStore,
    *,
    policy: Policy | None = None,
    chunk: int = 65536,
    progress: Callable[[int], None] | None = None,
    pinned: Sequence[Pin] = (),
) -> AuditReport:
    """Recompute the whole log from its leaves; ``progress`` gets the leaves done so far.

    ``pinned`` are tree heads the verifier holds from outside the log (a checkpoint note,
    a witness's state): the log must still reach each one's size with the same root, so
    a log cut back below what someone saw fails here even with its checkpoints deleted.
    """
    size = store.size()
    report = AuditReport(size=size, root=EMPTY_ROOT)
    stored_cps = store.checkpoints()
    want_roots = {cp.size for cp in stored_cps} | {p.size for p in pinned}
    roots: dict[int, bytes] = {0: EMPTY_ROOT}
    rng = CompactRange()
    true_rng: CompactRange | None = None
    pending: list[tuple[int, int, bytes]] = []
    scratch: list[tuple[int, int, bytes]] = []
    expected = 0

    def flush() -> None:
        by_level: dict[int, dict[int, bytes]] = {}
        for level, idx, h in pending:
            by_level.setdefault(level, {})[idx] = h
        found: list[Problem] = []
        for level, computed in by_level.items():
            stored = store.nodes_between(level, min(computed), max(computed) + 1)
            for idx, h in computed.items():
                report.nodes_checked += 1
                got = stored.get(idx)
                if got != h:
                    what = "missing" if got is None else f"stored {got.hex()[:16]}.., recomputed {h.hex()[:16]}.."
                    found.append(Problem("node", idx << level, what, level, idx))
        for p in sorted(found, key=lambda p: (p.index, p.level or 0)):
            report.add(p)
        pending.clear()

    for idx, stored_hash, data in store.iter_leaves(0, size, chunk):
        if idx != expected:
            report.add(Problem("gap", expected, f"leaves {expected}..{idx - 1} are missing"))
            break
        h = leaf_hash(data)
        if h != stored_hash:
            report.add(Problem("leaf", idx, "stored leaf hash is not SHA-256(0x00 || data)"))
            if true_rng is None:
                true_rng = rng.copy()
        # Nodes are checked against the *stored* leaf hashes, so a bad leaf is named once
        # rather than through all its ancestors; roots come from the data itself.
        rng.append(stored_hash, pending)
        if true_rng is not None:
            true_rng.append(h, scratch)
            scratch.clear()
        expected = idx + 1
        if expected in want_roots:
            roots[expected] = (true_rng or rng).root()
        if len(pending) >= chunk:
            flush()
            if progress:
                progress(expected)
    flush()
    if progress:
        progress(expected)
    report.leaves_checked = expected
    if expected < size and not any(p.kind == "gap" for p in report.problems):
        report.add(Problem("gap", expected, f"leaves {expected}..{size - 1} are missing"))
    report.root = (true_rng or rng).root()

    for level in store.node_levels():
        top = store.max_node_index(level)
        limit = size >> level
        if top is not None and top >= limit:
            report.add(Problem("extra-node", limit << level, f"node level {level} index {top} lies beyond the tree"))

    _check_missing_tail(report, size, [(cp.size, "the stored checkpoint") for cp in stored_cps]
                        + [(p.size, p.source) for p in pinned])
    _check_checkpoints(store, report, roots, policy)
    for pin in pinned:
        recomputed = roots.get(pin.size)
        if recomputed is not None and recomputed != pin.root:
            report.add(Problem("pinned", pin.size, f"{pin.source} has root {pin.root.hex()} at size {pin.size}, "
                                                   f"the log recomputes {recomputed.hex()}"))
    return report


def _check_missing_tail(report: AuditReport, size: int, heads: list[tuple[int, str]]) -> None:
    """Leaves a signed or pinned tree head covers but the log no longer holds.

    The size is the highest stored index + 1, so deleting the last leaves shrinks it
    silently; the checkpoints (or the verifier's pins) are what still remember them.
    """
    beyond = [(n, what) for n, what in heads if n > size]
    if beyond:
        top, what = max(beyond)
        report.add(Problem("gap", size, f"leaves {size}..{top - 1} are missing: the log holds {size} "
                                        f"leaves, {what} covers {top}"))


@dataclass(frozen=True, slots=True)
class Pin:
    """A tree head held outside the log (``source`` names it in messages)."""

    size: int
    root: bytes
    source: str


def _check_checkpoints(
    store: LedgerStore, report: AuditReport, roots: dict[int, bytes], policy: Policy | None
) -> None:
    try:
        log_key = store.log_key
    except (LedgerError, NoteError) as exc:
        report.add(Problem("checkpoint", 0, f"log key unreadable: {exc}"))
        return
    cps = store.checkpoints()
    for cp in cps:
        report.checkpoints_checked += 1
        try:
            parsed, note = open_checkpoint(cp.note, log_key)
        except (NoteError, SignatureError) as exc:
            report.add(Problem("checkpoint", cp.size, f"signature check failed: {exc}"))
            continue
        if parsed.size != cp.size or parsed.root != cp.root:
            report.add(Problem("checkpoint", cp.size, "stored size/root columns differ from the signed note"))
        recomputed = roots.get(parsed.size)
        if recomputed is None:
            report.add(Problem("checkpoint", parsed.size, "signed for a size the log does not reach"))
        elif recomputed != parsed.root:
            report.add(Problem("checkpoint", parsed.size,
                               f"signed root {parsed.root.hex()} differs from recomputed {recomputed.hex()}"))
        if policy is not None:
            for w in policy.witnesses:
                sig = note.find(w)
                if sig is None:
                    continue
                try:
                    verify_signature(note.body, sig, w)
                except SignatureError as exc:
                    report.add(Problem("witness", parsed.size, str(exc)))
    if policy is not None and cps:
        try:
            policy.verify(cps[-1].note)
        except (NoteError, SignatureError) as exc:
            report.add(Problem("witness", cps[-1].size, str(exc)))


def describe_note(note_text: str) -> list[str]:
    """Signer names on a stored note (for display)."""
    return [s.name for s in SignedNote.parse(note_text).signatures]
