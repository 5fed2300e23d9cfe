"""Proof planning: which subtree hashes make up a root, an inclusion or a consistency proof.

Planning is separate from storage (as in transparency-dev/merkle's `proof` package): the
planner names half-open leaf ranges ``[start, end)`` following RFC 9162 §2.1.3.1 (PATH)
and §2.1.4.1 (SUBPROOF); a store then resolves each range from the *perfect* subtree
nodes it keeps. Every range the RFC produces is aligned (its start is a multiple of the
largest power of two not exceeding its size), so it decomposes into at most log2(n)
stored nodes, and a whole proof needs O(log n) node reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from xborder.ledger.hashing import largest_power_of_two_below, node_hash

Range = tuple[int, int]
NodeId = tuple[int, int]  # (level, index): covers leaves [index << level, (index + 1) << level)


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """Ranges whose hashes form PATH(index, D[0:size]), leaf-side first (RFC 9162 order)."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    out: list[Range] = []
    start, end = 0, size
    while end - start > 1:
        k = largest_power_of_two_below(end - start)
        if index - start < k:
            out.append((start + k, end))
            end = start + k
        else:
            out.append((start, start + k))
            start += k
    out.reverse()
    return out


def consistency_ranges(old_size: int, new_size: int) -> list[Range]:
    """Ranges whose hashes form PROOF(old_size, D[0:new_size]) (RFC 9162 §2.1.4.1)."""
    if not 0 <= old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to {new_size}")
    if old_size == 0 or old_size == new_size:
        return []
    out: list[Range] = []
    start, end, m, complete = 0, new_size, old_size, True
    while True:
        n = end - start
        if m == n:
            if not complete:
                out.append((start, end))
            break
        k = largest_power_of_two_below(n)
        if m <= k:
            out.append((start + k, end))
            end = start + k
        else:
            out.append((start, start + k))
            start += k
            m -= k
            complete = False
    out.reverse()
    return out


def perfect_nodes(start: int, end: int) -> list[NodeId]:
    """Decompose an aligned range into perfect subtrees, left to right (decreasing size)."""
    if start >= end:
        raise ValueError(f"empty range [{start}, {end})")
    out: list[NodeId] = []
    while True:
        n = end - start
        if n & (n - 1) == 0:
            level = n.bit_length() - 1
            if start % n:
                raise ValueError(f"range [{start}, {end}) is not aligned")
            out.append((level, start >> level))
            return out
        k = largest_power_of_two_below(n)
        level = k.bit_length() - 1
        if start % k:
            raise ValueError(f"range [{start}, {end}) is not aligned")
        out.append((level, start >> level))
        start += k


def root_nodes(size: int) -> list[NodeId]:
    """The perfect subtrees whose fold is MTH(D[0:size])."""
    return perfect_nodes(0, size) if size else []


def fold(hashes: Sequence[bytes]) -> bytes:
    """Hash of a range from its perfect subtrees, left to right: right-to-left fold."""
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = node_hash(h, acc)
    return acc


def resolve(ranges: Sequence[Range], read: Callable[[Sequence[NodeId]], Mapping[NodeId, bytes]]) -> list[bytes]:
    """Hashes of ``ranges``, fetching all needed perfect nodes with one ``read`` call."""
    plans = [perfect_nodes(s, e) for s, e in ranges]
    wanted = sorted({n for plan in plans for n in plan})
    got = read(wanted)
    missing = [n for n in wanted if n not in got]
    if missing:
        level, idx = missing[0]
        raise LookupError(f"stored node level {level} index {idx} is missing")
    return [fold([got[n] for n in plan]) for plan in plans]
