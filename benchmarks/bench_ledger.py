"""Ledger benchmark: batched append throughput, inclusion-proof latency and verification at scale.

    python benchmarks/bench_ledger.py                  # 10,000,000-entry log (built once, cached)
    python benchmarks/bench_ledger.py --entries 100000 # quick run

The large log is cached under .bench/ (gitignored) and reused when it already holds the
requested number of entries. Appends are measured separately on a fresh, durable
(WAL + synchronous=FULL) SQLite ledger, with realistic transfer events in batches.
The last line is machine-readable:
    appends_per_s=<n> proof_ms=<p> verify_ms=<v> log_size=<s>
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson

from xborder.ledger.bundles import InclusionProof
from xborder.ledger.events import DatasetRef, Party, TransferEvent
from xborder.ledger.note import Checkpoint, SigningKey, sign_checkpoint
from xborder.ledger.offline import verify_inclusion_offline
from xborder.ledger.storage import LedgerStore, open_store
from xborder.ledger.witness import Policy, Witness

ORIGIN = "bench.example/xborder/ledger"
DESTS = ["US", "JP", "CH", "SG", "GB", "KR", "IN", "BR"]


def say(msg: str) -> None:
    print(msg, flush=True)


def make_event(i: int) -> TransferEvent:
    dest = DESTS[i % len(DESTS)]
    return TransferEvent(
        flow=f"flow-{i % 97}", exporter=Party("shop-de", "DE"), importer=Party(f"partner-{dest.lower()}", dest),
        origin_country="DE", destination_country=dest,
        datasets=(DatasetRef("customers", f"{i:064x}"),), individuals=1000 + i % 5000, records=i % 100000,
        time=dt.datetime(2026, 1 + i % 12, 1 + i % 28, tzinfo=dt.UTC),
        status="compliant", regimes={"EU-GDPR": "conditional"}, instruments=("eu.scc",),
        kb_version="kb-bench", as_of=dt.date(2026, 1, 1),
    )


def bulk_leaf(i: int) -> bytes:
    """The canonical bytes `make_event(i).canonical()` would give, built without the dataclass (fast)."""
    dest = DESTS[i % len(DESTS)]
    return orjson.dumps({
        "as_of": "2026-01-01", "countries": {"from": "DE", "to": dest},
        "datasets": [{"id": "customers", "sha256": f"{i:064x}"}],
        "exporter": {"country": "DE", "entity": "shop-de"},
        "flow": f"flow-{i % 97}", "importer": {"country": dest, "entity": f"partner-{dest.lower()}"},
        "individuals": 1000 + i % 5000, "instruments": ["eu.scc"], "kb_version": "kb-bench",
        "records": i % 100000, "time": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T00:00:00Z",
        "v": 1, "verdict": {"regimes": {"EU-GDPR": "conditional"}, "status": "compliant"},
    }, option=orjson.OPT_SORT_KEYS)


def build(path: Path, entries: int, key: SigningKey) -> LedgerStore:
    store = open_store(str(path), durable=False)
    if store.get_meta("origin") is None:
        store.initialise(ORIGIN, key.verifier())
    have = store.size()
    if have >= entries:
        say(f"reusing cached log {path} ({have:,} entries)")
        return store
    say(f"building {entries:,}-entry log at {path} (from {have:,}) ...")
    t0, batch = time.perf_counter(), 100_000
    for start in range(have, entries, batch):
        end = min(start + batch, entries)
        store.append([bulk_leaf(i) for i in range(start, end)])
        if (end // batch) % 10 == 0 or end == entries:
            rate = (end - have) / (time.perf_counter() - t0)
            say(f"  {end:>12,} entries  ({rate:,.0f}/s, {time.perf_counter() - t0:,.0f} s)")
    return store


def bench_appends(n: int, batch: int, key: SigningKey) -> float:
    events = [make_event(i) for i in range(n)]
    with tempfile.TemporaryDirectory(dir=".bench") as d, open_store(str(Path(d) / "a.db")) as s:
        s.initialise(ORIGIN, key.verifier())
        t0 = time.perf_counter()
        for i in range(0, n, batch):
            s.append(events[i : i + batch])
        elapsed = time.perf_counter() - t0
        assert s.size() == n
    return n / elapsed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, default=10_000_000, help="size of the proof log (default 10,000,000)")
    ap.add_argument("--appends", type=int, default=200_000, help="events appended for the throughput figure")
    ap.add_argument("--batch", type=int, default=10_000, help="append batch size")
    ap.add_argument("--proofs", type=int, default=2000, help="inclusion proofs timed")
    args = ap.parse_args(argv)
    Path(".bench").mkdir(exist_ok=True)
    key_path = Path(".bench/log.key")
    if key_path.exists():
        key = SigningKey.parse(key_path.read_text())
    else:
        key = SigningKey.generate(ORIGIN)
        key_path.write_text(key.encode())
    witness_key = SigningKey.generate("regulator.bench", witness=True)

    say(f"appending {args.appends:,} transfer events in batches of {args.batch:,} (SQLite, WAL, synchronous=FULL)")
    appends_per_s = bench_appends(args.appends, args.batch, key)
    say(f"  appends: {appends_per_s:,.0f}/s")

    store = build(Path(f".bench/ledger-{args.entries}.db"), args.entries, key)
    store.close()
    store = open_store(f".bench/ledger-{args.entries}.db")  # durable settings, fresh caches for timing
    size = store.size()
    size_bytes = Path(f".bench/ledger-{args.entries}.db").stat().st_size
    t0 = time.perf_counter()
    root = store.root()
    say(f"log: {size:,} entries, {size_bytes / 2**30:.2f} GiB; root {root.hex()} ({(time.perf_counter() - t0) * 1e3:.2f} ms)")
    note = sign_checkpoint(Checkpoint(ORIGIN, size, root), key)
    with tempfile.TemporaryDirectory(dir=".bench") as d:
        note = Witness(witness_key, Path(d) / "w.json").cosign(note, key.verifier(), ())
    policy = Policy(key.verifier(), (witness_key.verifier(),), 1)

    rnd = random.Random(9)
    indexes = [rnd.randrange(size) for _ in range(args.proofs)]
    proof_times: list[float] = []
    proofs: list[InclusionProof] = []
    for i in indexes:
        t = time.perf_counter()
        proofs.append(store.inclusion_proof(i, size))
        proof_times.append((time.perf_counter() - t) * 1e3)
    cons_times = []
    for _ in range(200):
        old = rnd.randrange(1, size)
        t = time.perf_counter()
        store.consistency_proof(old, size)
        cons_times.append((time.perf_counter() - t) * 1e3)
    verify_times = []
    for p, i in zip(proofs[:500], indexes[:500], strict=False):
        data = store.leaf(i)
        t = time.perf_counter()
        verify_inclusion_offline(p, note, policy, data)
        verify_times.append((time.perf_counter() - t) * 1e3)
    proof_ms, verify_ms = statistics.median(proof_times), statistics.median(verify_times)
    p99 = sorted(proof_times)[int(len(proof_times) * 0.99)]
    say(f"inclusion proof at {size:,}: median {proof_ms:.3f} ms, p99 {p99:.3f} ms, "
        f"{len(proofs[0].audit_path)} hashes")
    say(f"consistency proof at {size:,}: median {statistics.median(cons_times):.3f} ms")
    say(f"offline verification (checkpoint signature + 1-of-1 witness + leaf + path): median {verify_ms:.3f} ms")
    store.close()
    print(f"appends_per_s={appends_per_s:.0f} proof_ms={proof_ms:.3f} verify_ms={verify_ms:.3f} log_size={size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
