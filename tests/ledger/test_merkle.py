"""The fast log against the independent RFC 6962 reference, on many sizes, plus corruptions."""

from __future__ import annotations

import hashlib
import random

import pytest
import rfc6962_reference as ref

from xborder.ledger.compact import CompactRange
from xborder.ledger.hashing import EMPTY_ROOT, leaf_hash, node_hash
from xborder.ledger.proof import consistency_ranges, inclusion_ranges, perfect_nodes
from xborder.ledger.storage import LedgerStore
from xborder.ledger.verify import ProofError, RootMismatchError, verify_consistency, verify_inclusion

N = 130


def _data(n: int, seed: int = 0) -> list[bytes]:
    rnd = random.Random(seed)
    return [f"entry-{i}-{rnd.random()}".encode() for i in range(n)]


@pytest.fixture
def filled(store: LedgerStore) -> tuple[LedgerStore, list[bytes]]:
    data = _data(N)
    for i in range(0, N, 9):  # uneven batches
        store.append(data[i : i + 9])
    return store, data


def test_hashing_prefixes_match_rfc() -> None:
    assert EMPTY_ROOT == hashlib.sha256(b"").digest()
    assert leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert node_hash(b"a" * 32, b"b" * 32) == hashlib.sha256(b"\x01" + b"a" * 32 + b"b" * 32).digest()


def test_known_vector_rfc6962_test_leaves() -> None:
    # The 8 leaves used by Certificate Transparency / transparency-dev tests; root published there.
    leaves = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243",
                                         "5051525354555657", "606162636465666768696a6b6c6d6e6f")]
    rng = CompactRange()
    sink: list[tuple[int, int, bytes]] = []
    for d in leaves:
        rng.append(leaf_hash(d), sink)
    assert rng.root().hex() == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    assert rng.root() == ref.mth(leaves)


def test_roots_all_sizes(filled: tuple[LedgerStore, list[bytes]]) -> None:
    store, data = filled
    assert store.root(0) == EMPTY_ROOT == ref.mth([])
    for n in range(1, N + 1):
        assert store.root(n) == ref.mth(data[:n]), n


def test_inclusion_proofs_all_sizes_and_indexes(filled: tuple[LedgerStore, list[bytes]]) -> None:
    store, data = filled
    for n in range(1, N + 1):
        root = ref.mth(data[:n])
        for m in range(n):
            p = store.inclusion_proof(m, n)
            assert list(p.audit_path) == ref.path(m, data[:n]), (m, n)
            assert p.root_hash == root and p.leaf_hash == leaf_hash(data[m])
            verify_inclusion(m, n, p.leaf_hash, p.audit_path, root)
            assert ref.verify_path(m, data[m], list(p.audit_path), n, root)


def test_consistency_proofs_all_sizes(filled: tuple[LedgerStore, list[bytes]]) -> None:
    store, data = filled
    for n in range(1, N + 1):
        for m in range(n + 1):
            p = store.consistency_proof(m, n)
            expected = ref.proof(m, data[:n]) if 0 < m < n else []
            assert list(p.proof) == expected, (m, n)
            verify_consistency(m, n, ref.mth(data[:m]), ref.mth(data[:n]), p.proof)


def _flip(h: bytes, bit: int = 0) -> bytes:
    return bytes([h[0] ^ (1 << bit)]) + h[1:]


def test_corrupted_inclusion_proofs_fail(filled: tuple[LedgerStore, list[bytes]]) -> None:
    store, data = filled
    rnd = random.Random(7)
    for n in (1, 2, 3, 7, 8, 9, 31, 64, 65, 100, 130):
        root = ref.mth(data[:n])
        for m in sorted({0, n - 1, rnd.randrange(n)}):
            p = store.inclusion_proof(m, n)
            path = list(p.audit_path)
            variants: list[tuple[int, int, bytes, list[bytes], bytes]] = [
                (m, n, _flip(p.leaf_hash), path, root),
                (m, n, p.leaf_hash, path, _flip(root)),
                (m, n, p.leaf_hash, path + [root], root),
            ]
            for i in range(len(path)):
                variants.append((m, n, p.leaf_hash, path[:i] + [_flip(path[i], i % 8)] + path[i + 1 :], root))
            if path:
                variants.append((m, n, p.leaf_hash, path[:-1], root))
                variants.append((m, n, p.leaf_hash, path[::-1], root) if len(path) > 1 and path[0] != path[-1]
                                else (m, n, p.leaf_hash, path[1:], root))
            if n > 1:
                variants.append(((m + 1) % n, n, p.leaf_hash, path, root))
            # (A proof for size n can also fit size n+1 when both trees share the path's shape --
            # RFC 9162 binds the size through the signed checkpoint, so size is not varied here.)
            for args in variants:
                with pytest.raises(ProofError):
                    verify_inclusion(*args)
                assert not ref.verify_path(args[0], data[m], args[3], args[1], args[4]) or args[2] != p.leaf_hash


def test_corrupted_consistency_proofs_fail(filled: tuple[LedgerStore, list[bytes]]) -> None:
    store, data = filled
    for m, n in [(1, 2), (1, 8), (3, 7), (4, 8), (5, 130), (64, 65), (100, 130), (127, 128)]:
        p = store.consistency_proof(m, n)
        old, new, proof = p.old_root, p.new_root, list(p.proof)
        bad = [(old, _flip(new), proof), (_flip(old), new, proof), (old, new, proof[:-1]),
               (old, new, proof + [new])]
        bad += [(old, new, proof[:i] + [_flip(proof[i])] + proof[i + 1 :]) for i in range(len(proof))]
        for o, nw, pr in bad:
            with pytest.raises(ProofError):
                verify_consistency(m, n, o, nw, pr)
        with pytest.raises(ProofError):
            verify_consistency(m + 1, n, old, new, proof) if m + 1 < n else verify_consistency(m, n - 1, old, new, proof)
    with pytest.raises(RootMismatchError):
        verify_consistency(5, 5, b"a" * 32, b"b" * 32, [])
    with pytest.raises(ProofError):
        verify_consistency(6, 5, b"a" * 32, b"a" * 32, [])


def test_random_larger_sizes(store: LedgerStore) -> None:
    rnd = random.Random(2026)
    data = _data(5000, seed=3)
    store.append(data[:2500])
    store.append(data[2500:])
    for n in [rnd.randrange(131, 5001) for _ in range(6)] + [4096, 4097, 5000]:
        root = ref.mth(data[:n])
        assert store.root(n) == root
        for m in [0, n - 1, *(rnd.randrange(n) for _ in range(4))]:
            p = store.inclusion_proof(m, n)
            assert list(p.audit_path) == ref.path(m, data[:n])
            verify_inclusion(m, n, leaf_hash(data[m]), p.audit_path, root)
        for m in [1, n - 1, rnd.randrange(1, n)]:
            c = store.consistency_proof(m, n)
            assert list(c.proof) == ref.proof(m, data[:n])
            verify_consistency(m, n, ref.mth(data[:m]), root, c.proof)


def test_planner_ranges_are_aligned_and_logarithmic() -> None:
    for n in (1, 2, 3, 1000, 10_000_000, 2**40 + 12345):
        for m in {0, n // 3, n - 1}:
            ranges = inclusion_ranges(m, n)
            assert len(ranges) <= n.bit_length()
            nodes = [x for s, e in ranges for x in perfect_nodes(s, e)]
            assert len(nodes) <= 2 * n.bit_length()
        if n > 1:
            assert len(consistency_ranges(n // 2 + 1, n)) <= 2 * n.bit_length()


def test_bad_requests(filled: tuple[LedgerStore, list[bytes]]) -> None:
    from xborder.ledger.storage import LedgerError

    store, _ = filled
    for bad in [lambda: store.inclusion_proof(N), lambda: store.inclusion_proof(0, N + 1),
                lambda: store.consistency_proof(5, 4), lambda: store.root(N + 1)]:
        with pytest.raises(LedgerError):
            bad()
