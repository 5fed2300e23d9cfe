"""The right border of the tree (a compact range): what an append needs, nothing more.

Holding one perfect-subtree hash per set bit of the size lets an append compute the new
interior nodes (on average one per leaf) without reading the tree, and gives the root in
O(log n). Stores persist every node this produces so proofs can be served later.
"""

from __future__ import annotations

from collections.abc import Iterable

from xborder.ledger.hashing import EMPTY_ROOT, node_hash
from xborder.ledger.proof import NodeId, root_nodes


class CompactRange:
    """Perfect subtrees covering leaves [0, size), largest first."""

    __slots__ = ("_hashes", "_levels", "size")

    def __init__(self, size: int = 0, hashes: Iterable[bytes] = ()) -> None:
        self.size = size
        self._levels = [lvl for lvl, _ in root_nodes(size)]
        self._hashes = list(hashes)
        if len(self._hashes) != len(self._levels):
            raise ValueError(f"a range of size {size} needs {len(self._levels)} hashes")

    @staticmethod
    def nodes_for(size: int) -> list[NodeId]:
        """The node ids to load to rebuild the range of ``size`` from storage."""
        return root_nodes(size)

    def append(self, leaf_hash: bytes, out: list[tuple[int, int, bytes]]) -> None:
        """Add a leaf; append every interior node it completes to ``out`` as (level, idx, hash)."""
        index = self.size
        levels, hashes = self._levels, self._hashes
        h, level = leaf_hash, 0
        while levels and levels[-1] == level:
            levels.pop()
            h = node_hash(hashes.pop(), h)
            level += 1
            out.append((level, index >> level, h))
        levels.append(level)
        hashes.append(h)
        self.size = index + 1

    def root(self) -> bytes:
        """MTH of the leaves so far."""
        if not self._hashes:
            return EMPTY_ROOT
        acc = self._hashes[-1]
        for h in reversed(self._hashes[:-1]):
            acc = node_hash(h, acc)
        return acc

    def copy(self) -> CompactRange:
        c = CompactRange.__new__(CompactRange)
        c.size, c._levels, c._hashes = self.size, list(self._levels), list(self._hashes)
        return c
