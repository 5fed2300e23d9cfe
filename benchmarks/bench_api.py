"""Decision API benchmark: `xborder serve` on PostgreSQL on loopback, 32 concurrent clients.

    python benchmarks/bench_api.py                      # 100,000 decide calls
    python benchmarks/bench_api.py --calls 10000        # quick run

Starts a throwaway PostgreSQL (tests/pg_server.py, with fsync on so commits are durable) and `xborder serve --workers N` on it; creates an organisation and a pipeline
token; sends seeded decide calls from 32 keep-alive connections, `record: true` on a share
of them. The in-process baseline is the library deciding the same transfers in the same run
(the service's decide core with totals in memory: the same engine, no HTTP and no
database), measured before and after the load and averaged, as the shared machine's load
moves. Afterwards every recorded decision is looked for in the ledger. It also prints the
CPU each call cost the server's workers, PostgreSQL and the clients themselves (all on the
same cores), how the clients' connections landed on the workers, and the closed-loop bound
(Little's law: mean latency = clients / rps).
The last line is machine-readable:
    rps=<n> p50_ms=<a> p99_ms=<b> errors=<e> inprocess_ratio=<r> lost=<l>
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

CATEGORY_SETS = [["user.name", "user.contact.email"], ["user.name", "user.contact.phone_number", "user.contact.address"],
                 ["user.behavior.purchase_history", "user.device.ip_address"]]
EXPORTERS = [("CN", "DE"), ("CN", "SG"), ("DE", "US"), ("DE", "IN"), ("SG", "JP"), ("IN", "US"), ("JP", "US"),
             ("KR", "US"), ("GB", "US"), ("BR", "US")]
SAFEGUARDS = {"CN": ["cn.notice", "cn.separate-consent", "cn.pipia", "cn.standard-contract"],
              "DE": ["eu.scc", "eu.tia"], "GB": ["uk.idta", "uk.tra"], "SG": ["sg.contract"],
              "JP": ["jp.consent"], "KR": ["kr.consent"], "IN": [], "BR": ["br.scc"]}


def say(msg: str) -> None:
    print(msg, flush=True)


def transfers(n: int, seed: int, record_share: float) -> list[dict[str, Any]]:
    """Seeded transfers: 200 exporters in 10 country pairs, 3 kinds of data, 1-500 people each."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        e = rng.randrange(200)
        src, dst = EXPORTERS[e % len(EXPORTERS)]
        t: dict[str, Any] = {
            "id": f"batch-{i}",
            "exporter": {"id": f"exporter-{e:03d}", "country": src},
            "importer": {"id": f"importer-{dst.lower()}", "country": dst},
            "categories": CATEGORY_SETS[rng.randrange(len(CATEGORY_SETS))],
            "subjects": [{"residence": src, "count": rng.randint(1, 500)}],
            "purpose": "essential.service",
            "safeguards": SAFEGUARDS.get(src, []),
            "as_of": "2026-06-01",
        }
        if rng.random() < 0.2:
            t["dataset"] = f"orders-{e:03d}"
        if rng.random() < record_share:
            t["record"] = True
        out.append(t)
    return out


def inprocess_rate(bodies: list[dict[str, Any]], seconds: float) -> float:
    """Decisions per second of the library alone on the same transfers (totals kept in memory)."""
    from xborder.kb import default_knowledge_base
    from xborder.service.decide import Transfer, decide, transfer_problems

    kb = default_knowledge_base()
    items: dict[tuple[str, int], dict[str, Any]] = {}
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for body in bodies[done % len(bodies):][:500]:
            t = Transfer.model_validate(body)
            assert not transfer_problems(t)
            earlier = items.setdefault((t.exporter.id, 2026), {})
            d = decide(t, earlier, kb, today=dt.date(2026, 6, 1))
            if d.allowed:
                earlier[d.key] = d.item
            d.answer_bytes(counted=d.allowed, leaf_index=None)
            done += 1
    return done / (time.perf_counter() - start)


recorded_latencies: list[float] = []


async def client(host: str, port: int, token: str, queue: list[bytes], latencies: list[float],
                 answers: list[bytes], errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    head = (f"POST /v1/decide HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\nContent-Length: ").encode()
    try:
        while queue:
            body = queue.pop()
            started = time.perf_counter()
            writer.write(head + str(len(body)).encode() + b"\r\n\r\n" + body)
            status_line = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            payload = await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if b'"record":true' in body:
                recorded_latencies.append(latencies[-1])
            if b" 200 " not in status_line:
                errors.append(status_line.decode(errors="replace").strip() + " " + payload[:200].decode(errors="replace"))
            elif b'"ledger":{' in payload[:2000]:
                answers.append(payload)
    except (OSError, asyncio.IncompleteReadError) as exc:
        errors.append(f"connection: {type(exc).__name__}")
    finally:
        writer.close()


def cpu_seconds(processes: list[Any], children: bool = True) -> float:
    """User + system CPU seconds of these processes (and their live children) (psutil)."""
    import psutil

    total = 0.0
    seen: set[int] = set()
    for root in processes:
        try:
            tree = [root, *(root.children(recursive=True) if children else [])]
        except psutil.NoSuchProcess:
            continue
        for proc in tree:
            if proc.pid in seen:
                continue
            seen.add(proc.pid)
            try:
                t = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += t.user + t.system
    return total


def postmaster(data_directory: str) -> Any:
    """The PostgreSQL server process of this data directory (its children are the backends)."""
    import psutil

    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info["cmdline"] or []
        if cmd and cmd[0].endswith("postgres") and data_directory in cmd:
            return proc
    return None


def connections_per_worker(server_pid: int, port: int) -> list[int]:
    """How many of the clients' connections each worker process holds (largest first)."""
    import psutil

    counts = []
    for worker in psutil.Process(server_pid).children(recursive=True):
        try:
            if "resource_tracker" in " ".join(worker.cmdline()):
                continue  # multiprocessing's helper, not a worker
            conns = worker.net_connections(kind="tcp")
        except psutil.Error:
            continue
        counts.append(sum(1 for c in conns if c.status == psutil.CONN_ESTABLISHED and c.laddr and c.laddr.port == port))
    return sorted(counts, reverse=True)


async def load(host: str, port: int, token: str, bodies: list[bytes], clients: int, ramp: float = 0.0,
               spread: list[list[int]] | None = None, server_pid: int | None = None
               ) -> tuple[float, list[float], list[bytes], list[str]]:
    """Send `bodies` from `clients` keep-alive connections, opened `ramp` seconds apart."""
    queue = list(reversed(bodies))
    latencies: list[float] = []
    answers: list[bytes] = []
    errors: list[str] = []
    started = time.perf_counter()
    tasks = []
    for _ in range(clients):
        tasks.append(asyncio.create_task(client(host, port, token, queue, latencies, answers, errors)))
        if ramp:
            await asyncio.sleep(ramp)
    if spread is not None and server_pid is not None:
        await asyncio.sleep(0.5)
        spread.append(connections_per_worker(server_pid, port))
    await asyncio.gather(*tasks)
    return time.perf_counter() - started, latencies, answers, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calls", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                    help="uvicorn worker processes (default: one per core; with a socket each, more only contend)")
    ap.add_argument("--threads", type=int, default=None, help="requests each worker runs at once (xborder serve --threads)")
    ap.add_argument("--ramp", type=float, default=0.0, help="seconds between opening one client's connection and the next")
    ap.add_argument("--baseline-seconds", type=float, default=5.0, help="length of each in-process measurement")
    ap.add_argument("--record-share", type=float, default=0.1, help="share of calls with record: true")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)

    import httpx
    import psycopg

    from pg_server import throwaway_postgres
    from service.server import serve

    bodies = transfers(args.calls, args.seed, args.record_share)
    say(f"{args.calls:,} seeded transfers from 200 exporters; record: true on {args.record_share:.0%}")
    say("in-process baseline: the library deciding the same transfers (5 s now, 5 s after the load)")
    before = inprocess_rate(bodies, args.baseline_seconds)
    say(f"  {before:,.0f} decisions/s in one process")

    with tempfile.TemporaryDirectory(prefix="xborder-bench-api-") as tmp, throwaway_postgres(durable=os.environ.get("BENCH_FSYNC", "on") == "on", max_connections=200) as pg_url:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            fsync = conn.execute("SHOW fsync").fetchone()[0]
            data_directory = conn.execute("SHOW data_directory").fetchone()[0]
        say(f"PostgreSQL on loopback (fsync={fsync}, synchronous_commit=on); {args.workers} uvicorn workers")
        with serve(pg_url, Path(tmp), workers=args.workers, extra=("--rate-limit", "0", *(("--threads", str(args.threads)) if args.threads else ()))) as server:
            admin = {"Authorization": f"Bearer {server.admin_token}"}
            httpx.post(server.url + "/v1/orgs", headers=admin, json={"id": "bench", "name": "Bench"}).raise_for_status()
            r = httpx.post(server.url + "/v1/accounts", headers=admin, json={
                "name": "pipeline", "memberships": [{"org": "bench", "roles": ["editor", "auditor"]}]})
            r.raise_for_status()
            token = r.json()["token"]
            port = int(server.url.rsplit(":", 1)[1])
            payloads = [orjson.dumps(b) for b in bodies]
            warm = [orjson.dumps({**b, "dry_run": True, "record": False}) for b in bodies[:2000]]
            asyncio.run(load("127.0.0.1", port, token, warm, args.clients))
            say(f"sending {args.calls:,} decide calls from {args.clients} clients")
            import psutil

            pg = postmaster(data_directory)
            parts = {"server": [psutil.Process(server.process.pid)], "postgres": [pg] if pg else [],
                     "clients": [psutil.Process()]}
            # the bench process's own time only (the server is its child)
            cpu_before = {name: cpu_seconds(procs, name != "clients") for name, procs in parts.items()}
            spread: list[list[int]] = []
            elapsed, latencies, recorded, errors = asyncio.run(load("127.0.0.1", port, token, payloads, args.clients,
                                                                    args.ramp, spread, server.process.pid))
            cpu = {name: cpu_seconds(procs, name != "clients") - cpu_before[name] for name, procs in parts.items()}
        with psycopg.connect(pg_url) as conn:
            # the database of the service is the server's default one
            indexes = [orjson.loads(a)["ledger"]["leaf_index"] for a in recorded]
            have = {int(i) for (i,) in conn.execute("SELECT idx FROM ledger_leaves")}
            owned = {int(i) for (i,) in conn.execute("SELECT leaf_index FROM ledger_entries")}
            totals = conn.execute("SELECT SUM(decisions) FROM exporter_years").fetchone()[0] or 0
        lost = sum(1 for i in indexes if i not in have or i not in owned)
        from xborder.ledger.storage import open_store

        with open_store(pg_url) as store:  # the ledger's own PostgreSQL backend reads the service's log
            root_ok = store.size() == len(have)
    after = inprocess_rate(bodies, args.baseline_seconds)
    # the machine's load moves during a run: the baseline is the mean of the two measurements
    baseline = (before + after) / 2
    say(f"  in-process after the load: {after:,.0f} decisions/s; baseline {baseline:,.0f}/s")
    rps = len(latencies) / elapsed
    lat = sorted(latencies)
    p50 = statistics.median(lat) * 1000
    p99 = lat[int(len(lat) * 0.99) - 1] * 1000
    say(f"  {len(latencies):,} answers in {elapsed:.1f} s; {len(indexes):,} recorded; counted decisions {totals:,}; "
        f"ledger size matches: {root_ok}")
    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[max(0, int(len(ordered) * q) - 1)] * 1000 if ordered else 0.0

    say(f"  latency ms: p90 {pct(latencies, 0.9):.1f}, p95 {pct(latencies, 0.95):.1f}, p99.9 {pct(latencies, 0.999):.1f}; "
        f"with record: true p50 {pct(recorded_latencies, 0.5):.1f}, p99 {pct(recorded_latencies, 0.99):.1f}")
    say(f"  the clients' connections per worker: {spread[0] if spread else '?'}")
    n = max(1, len(latencies))
    say("  CPU per call (ms): " + ", ".join(f"{name} {seconds * 1000 / n:.2f}" for name, seconds in cpu.items())
        + f"; all {sum(cpu.values()) * 1000 / n:.2f} ms (of {os.cpu_count()} cores: at most "
          f"{os.cpu_count() / max(1e-9, sum(cpu.values()) / n):,.0f} calls/s if nothing else ran)")
    for e in errors[:5]:
        say(f"  error: {e}")
    # Little's law for closed-loop clients: each of the 32 waits for its answer before the next
    # call, so the mean latency is clients / rps whatever the server does with its time
    say(f"  closed loop: mean latency {statistics.fmean(latencies) * 1000:.1f} ms = {args.clients} clients / {rps:,.0f} rps "
        f"({args.clients / rps * 1000:.1f} ms); a p99 under 25 ms needs a mean well under 25 ms, so over "
        f"{args.clients / 0.025:,.0f} rps, at most {os.cpu_count() * 1000 / (args.clients / 0.025):.2f} ms of CPU per call "
        f"on {os.cpu_count()} cores (measured above)")
    print(f"rps={rps:.0f} p50_ms={p50:.2f} p99_ms={p99:.2f} errors={len(errors)} "
          f"inprocess_ratio={rps / baseline:.2f} lost={lost}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
