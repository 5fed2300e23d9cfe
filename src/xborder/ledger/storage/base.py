"""The storage interface: one Merkle-log algorithm over pluggable SQL backends.

Backends (SQLite, PostgreSQL) only move rows: leaves ``(idx, leaf_hash, data)``, perfect
subtree nodes ``(level, idx, hash)`` for level >= 1, metadata, and checkpoints. Everything
that decides what a hash is lives here and in the pure modules, so both backends produce
byte-identical trees. Storing every perfect node is what makes proofs O(log n) reads at
any size; a batch of appends adds its leaves and the nodes they complete in one
transaction, so a crash leaves either all of a batch or none of it.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from xborder.ledger.bundles import ConsistencyProof, InclusionProof
from xborder.ledger.compact import CompactRange
from xborder.ledger.events import TransferEvent
from xborder.ledger.hashing import EMPTY_ROOT, leaf_hash
from xborder.ledger.note import Checkpoint, NoteError, SignatureError, SignedNote, VerifierKey, open_checkpoint
from xborder.ledger.proof import NodeId, consistency_ranges, fold, inclusion_ranges, resolve, root_nodes

LeafRow = tuple[int, bytes, bytes]  # (index, leaf hash, leaf data)
NodeRow = tuple[int, int, bytes]  # (level, index, hash)


class LedgerError(Exception):
    """A ledger operation that cannot proceed (not initialised, bad index, bad checkpoint)."""


@dataclass(frozen=True, slots=True)
class StoredCheckpoint:
    size: int
    root: bytes
    note: str
    created_at: str


class LedgerStore(abc.ABC):
    """A transparency log on some SQL database; see `open_store` for URLs."""

    url: str

    def __init__(self) -> None:
        self._range: CompactRange | None = None

    # --- backend primitives -------------------------------------------------------------

    @abc.abstractmethod
    def close(self) -> None: ...

    @abc.abstractmethod
    def _create_schema(self) -> None: ...

    @abc.abstractmethod
    def get_meta(self, key: str) -> str | None: ...

    @abc.abstractmethod
    def _set_meta(self, items: dict[str, str]) -> None: ...

    @abc.abstractmethod
    def size(self) -> int:
        """Number of committed leaves."""

    @abc.abstractmethod
    @contextmanager
    def _write(self) -> Iterator[None]:
        """An exclusive write transaction: commits (durably) on exit, rolls back on error."""

    @abc.abstractmethod
    def _insert(self, leaves: Sequence[LeafRow], nodes: Sequence[NodeRow]) -> None: ...

    @abc.abstractmethod
    def read_nodes(self, ids: Sequence[NodeId]) -> dict[NodeId, bytes]:
        """Stored hashes of the given perfect nodes; level 0 reads leaf hashes."""

    @abc.abstractmethod
    def iter_leaves(self, start: int = 0, end: int | None = None, chunk: int = 65536) -> Iterator[LeafRow]:
        """Leaves in index order (gaps show as skipped indexes)."""

    @abc.abstractmethod
    def nodes_between(self, level: int, lo: int, hi: int) -> dict[int, bytes]:
        """Stored nodes of ``level`` (>= 1) with lo <= idx < hi."""

    @abc.abstractmethod
    def max_node_index(self, level: int) -> int | None: ...

    @abc.abstractmethod
    def node_levels(self) -> list[int]: ...

    @abc.abstractmethod
    def leaf_count(self) -> int:
        """COUNT(*) of leaves (differs from `size` only if rows were deleted)."""

    @abc.abstractmethod
    def _put_checkpoint(self, cp: StoredCheckpoint) -> None: ...

    @abc.abstractmethod
    def checkpoints(self) -> list[StoredCheckpoint]:
        """All stored checkpoints, by size."""

    # --- setup --------------------------------------------------------------------------

    def initialise(self, origin: str, log_key: VerifierKey) -> None:
        """Create the schema and pin the origin and log key; refuses to re-pin a different key."""
        self._create_schema()
        have = self.get_meta("log_key")
        if have is not None and have != log_key.encode():
            raise LedgerError("ledger already initialised with another log key")
        if log_key.name != origin:
            raise LedgerError(f"the log key is named {log_key.name!r}; the origin must match it")
        self._set_meta({"origin": origin, "log_key": log_key.encode(), "format": "xborder-ledger/1"})

    @property
    def origin(self) -> str:
        value = self.get_meta("origin")
        if value is None:
            raise LedgerError(f"{self.url} is not an initialised ledger (run `xborder ledger init`)")
        return value

    @property
    def log_key(self) -> VerifierKey:
        value = self.get_meta("log_key")
        if value is None:
            raise LedgerError(f"{self.url} is not an initialised ledger (run `xborder ledger init`)")
        return VerifierKey.parse(value)

    # --- appends ------------------------------------------------------------------------

    def _load_range(self, size: int) -> CompactRange:
        if self._range is not None and self._range.size == size:
            return self._range
        ids = CompactRange.nodes_for(size)
        got = self.read_nodes(ids)
        try:
            return CompactRange(size, [got[i] for i in ids])
        except KeyError as exc:
            raise LedgerError(f"stored node {exc.args[0]} is missing; run `xborder ledger verify`") from None

    def append(self, entries: Sequence[TransferEvent | bytes]) -> list[int]:
        """Append a batch atomically; returns the leaf indexes, acknowledged once this returns."""
        if not entries:
            return []
        _ = self.origin  # fail early on an uninitialised store
        datas = [e if isinstance(e, bytes) else e.canonical() for e in entries]
        with self._write():
            size = self.size()
            rng = self._load_range(size).copy()
            leaves: list[LeafRow] = []
            nodes: list[NodeRow] = []
            push, add = rng.append, leaves.append
            for i, data in enumerate(datas, size):
                h = leaf_hash(data)
                add((i, h, data))
                push(h, nodes)
            self._insert(leaves, nodes)
        self._range = rng
        return list(range(size, size + len(datas)))

    # --- reads and proofs ---------------------------------------------------------------

    def leaf(self, index: int) -> bytes:
        for _, _, data in self.iter_leaves(index, index + 1):
            return data
        raise LedgerError(f"no leaf {index} (size {self.size()})")

    def _check_size(self, size: int | None) -> int:
        current = self.size()
        if size is None:
            return current
        if not 0 <= size <= current:
            raise LedgerError(f"tree size {size} is outside 0..{current}")
        return size

    def root(self, size: int | None = None) -> bytes:
        """MTH of the first ``size`` leaves (default: all), from O(log n) stored nodes."""
        n = self._check_size(size)
        if n == 0:
            return EMPTY_ROOT
        ids = root_nodes(n)
        got = self.read_nodes(ids)
        try:
            return fold([got[i] for i in ids])
        except KeyError as exc:
            raise LedgerError(f"stored node {exc.args[0]} is missing; run `xborder ledger verify`") from None

    def inclusion_proof(self, index: int, size: int | None = None) -> InclusionProof:
        """Audit path of leaf ``index`` in the tree of ``size`` (default: current)."""
        n = self._check_size(size)
        if not 0 <= index < n:
            raise LedgerError(f"leaf index {index} is outside a tree of size {n}")
        ranges = inclusion_ranges(index, n)
        wanted = [(index, index + 1), *ranges, (0, n)]
        try:
            hashes = resolve(wanted, self.read_nodes)
        except LookupError as exc:
            raise LedgerError(f"{exc}; run `xborder ledger verify`") from None
        return InclusionProof(index, n, hashes[0], hashes[-1], tuple(hashes[1:-1]))

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> ConsistencyProof:
        """Proof that the tree of ``new_size`` (default: current) extends that of ``old_size``."""
        n = self._check_size(new_size)
        if not 0 <= old_size <= n:
            raise LedgerError(f"old size {old_size} is outside 0..{n}")
        ranges = consistency_ranges(old_size, n)
        wanted = list(ranges)
        if old_size:
            wanted.append((0, old_size))
        if n:
            wanted.append((0, n))
        try:
            hashes = resolve(wanted, self.read_nodes)
        except LookupError as exc:
            raise LedgerError(f"{exc}; run `xborder ledger verify`") from None
        new_root = hashes.pop() if n else EMPTY_ROOT
        old_root = hashes.pop() if old_size else EMPTY_ROOT
        return ConsistencyProof(old_size, n, old_root, new_root, tuple(hashes))

    # --- checkpoints --------------------------------------------------------------------

    def add_checkpoint(self, note_text: str) -> StoredCheckpoint:
        """Store a log-signed checkpoint (merging cosignatures into one of the same size).

        The checkpoint must verify under the pinned log key and match the stored tree, so
        the store never holds a checkpoint it could not prove against.
        """
        try:
            cp, note = open_checkpoint(note_text, self.log_key)
        except (NoteError, SignatureError) as exc:
            raise LedgerError(f"checkpoint rejected: {exc}") from exc
        # Read, merge and write under the store's write lock: two witnesses cosigning the
        # same checkpoint at once must both end up on it (no lost update).
        with self._write():
            if cp.root != self.root(cp.size):
                raise LedgerError(f"checkpoint root for size {cp.size} does not match the stored tree")
            existing = self.checkpoint_at(cp.size)
            created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            if existing is not None:
                merged = SignedNote.parse(existing.note)
                if merged.body != note.body:
                    merged = note
                else:
                    for sig in note.signatures:
                        merged = merged.with_signature(sig)
                note, created = merged, existing.created_at
            stored = StoredCheckpoint(cp.size, cp.root, note.text(), created)
            self._put_checkpoint(stored)
        return stored

    def latest_checkpoint(self) -> StoredCheckpoint | None:
        cps = self.checkpoints()
        return cps[-1] if cps else None

    def checkpoint_at(self, size: int) -> StoredCheckpoint | None:
        for cp in self.checkpoints():
            if cp.size == size:
                return cp
        return None

    def __enter__(self) -> LedgerStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parse_checkpoint_body(note_text: str) -> Checkpoint:
    """The checkpoint inside a note, without signature checks (for display)."""
    return Checkpoint.parse(SignedNote.parse(note_text).body)
