"""An independent RFC 6962 §2.1 Merkle tree, written from the RFC text, for cross-checks only.

Deliberately naive and recursive (exactly MTH, PATH, PROOF/SUBPROOF as printed in the
RFC) and sharing no code with `xborder.ledger`: if both agree on many sizes, the fast
implementation computes what any RFC 6962 tool computes.
"""

from __future__ import annotations

import hashlib


def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _k(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d: list[bytes]) -> bytes:
    n = len(d)
    if n == 0:
        return _h(b"")
    if n == 1:
        return _h(b"\x00" + d[0])
    k = _k(n)
    return _h(b"\x01" + mth(d[:k]) + mth(d[k:]))


def path(m: int, d: list[bytes]) -> list[bytes]:
    n = len(d)
    if n == 1:
        return []
    k = _k(n)
    if m < k:
        return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]


def proof(m: int, d: list[bytes]) -> list[bytes]:
    return subproof(m, d, True)


def subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if b else [mth(d)]
    k = _k(n)
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


def verify_path(m: int, leaf: bytes, audit: list[bytes], d_len: int, root: bytes) -> bool:
    """Recompute the root by re-walking the RFC's recursive split (independent of RFC 9162 §2.1.3.2)."""

    def walk(m: int, n: int, audit: list[bytes]) -> bytes | None:
        if n == 1:
            return _h(b"\x00" + leaf) if not audit else None
        if not audit:
            return None
        k = _k(n)
        sib, rest = audit[-1], audit[:-1]
        if m < k:
            left = walk(m, k, rest)
            return None if left is None else _h(b"\x01" + left + sib)
        right = walk(m - k, n - k, rest)
        return None if right is None else _h(b"\x01" + sib + right)

    return 0 <= m < d_len and walk(m, d_len, audit) == root
