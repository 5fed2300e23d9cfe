"""Offline proof verification, RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency).

Needs nothing but the proof and the trusted root(s): a regulator or partner can run it on
their own machine against a witnessed checkpoint. Failures raise typed errors so callers
can tell a malformed proof from a root that does not match.
"""

from __future__ import annotations

from collections.abc import Sequence

from xborder.ledger.hashing import HASH_SIZE, node_hash


class ProofError(ValueError):
    """The proof is malformed for the claimed sizes/indexes (wrong length, bad bounds)."""


class RootMismatchError(ProofError):
    """The proof is well-formed but leads to a root other than the trusted one."""

    def __init__(self, expected: bytes, computed: bytes, what: str = "root") -> None:
        self.expected = expected
        self.computed = computed
        super().__init__(f"{what} mismatch: expected {expected.hex()}, computed {computed.hex()}")


def _check_hashes(hashes: Sequence[bytes]) -> None:
    for h in hashes:
        if len(h) != HASH_SIZE:
            raise ProofError(f"proof element has {len(h)} bytes, expected {HASH_SIZE}")


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root that ``proof`` implies for ``leaf`` (a leaf *hash*) at ``index`` in ``size``."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    _check_hashes([leaf, *proof])
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof is too short")
    return r


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> None:
    """Raise unless ``leaf`` is at ``index`` of the tree of ``size`` with ``root``."""
    computed = root_from_inclusion_proof(index, size, leaf, proof)
    if computed != root:
        raise RootMismatchError(root, computed)


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """Raise unless the tree (new_size, new_root) extends (old_size, old_root)."""
    if not 0 <= old_size <= new_size:
        raise ProofError(f"old size {old_size} is larger than new size {new_size}")
    _check_hashes([old_root, new_root, *proof])
    if old_size == new_size:
        if proof:
            raise ProofError("proof between equal sizes must be empty")
        if old_root != new_root:
            # the old root is the trusted record (a witness's state): it is what was expected
            raise RootMismatchError(old_root, new_root)
        return
    if old_size == 0:
        if proof:
            raise ProofError("proof from the empty tree must be empty")
        return
    if not proof:
        raise ProofError("consistency proof is empty")
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is too long")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof is too short")
    if fr != old_root:
        raise RootMismatchError(old_root, fr, "old root")
    if sr != new_root:
        raise RootMismatchError(new_root, sr, "new root")
