"""RFC 6962 / RFC 9162 hashing: SHA-256 with domain-separation prefixes.

The 0x00 (leaf) and 0x01 (interior node) prefixes make a leaf impossible to pass off as a
node (second-preimage resistance), and keeping them exactly as the RFC says lets any third
party recompute our roots with stock tools (e.g. transparency-dev/merkle, Trillian).
"""

from __future__ import annotations

import hashlib

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
HASH_SIZE = 32

#: MTH({}) = SHA-256() -- the root of the empty tree (RFC 9162 §2.1.1).
EMPTY_ROOT: bytes = hashlib.sha256(b"").digest()

_sha256 = hashlib.sha256


def leaf_hash(data: bytes) -> bytes:
    """MTH({d}) = SHA-256(0x00 || d)."""
    return _sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Interior node: SHA-256(0x01 || left || right)."""
    return _sha256(NODE_PREFIX + left + right).digest()


def largest_power_of_two_below(n: int) -> int:
    """k with k < n <= 2k: the RFC's split point for a tree of n > 1 leaves."""
    if n < 2:
        raise ValueError("split needs n >= 2")
    return 1 << ((n - 1).bit_length() - 1)
