"""Benchmark: `xborder audit` on a seeded log of 20,000,000 transfer events over 1,000 exporters.

    .venv/bin/python benchmarks/bench_audit.py                          # 20M events; Spark on 2M of them
    .venv/bin/python benchmarks/bench_audit.py --events 2000000 --spark-events 0
    .venv/bin/python benchmarks/bench_audit.py --spark-events all       # Spark on the full log

The map has 500 Chinese exporters (orders to Singapore with the CN mechanisms, orders to a
US recipient without them, national ids to Germany) and 500 US exporters (health data to
Germany and Japan, financial data to a Chinese recipient), 3,000 flows. The log is written
by DuckDB straight into Parquet under .bench/audit/ (cached): a fifth of the events go to
20 large exporters, so their counts cross the CN and US thresholds; 1 % of events declare
their own safeguards (more hop shapes). Subjects are drawn from a pool per exporter.

Each audit runs in a child process, so its peak memory (ru_maxrss) is its own:
- embedded: `run_audit` with DuckDB (`--memory-limit`, default 3GB) on the full log;
  events_per_s = events / wall time of the whole audit (read, shapes, assessment, join,
  exact distinct counts, crossings);
- spark: the Spark engine (local[2]) and the embedded one on the first --spark-events
  events (a Parquet file of its own): spark_match compares their full results; the ratio
  of their throughputs on that log is printed.

The last line printed is:
    events_per_s=<n> peak_mb=<m> spark_match=<true|false>
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench" / "audit"
SEED = 0.13
MECHANISMS = "cn.standard-contract,cn.pipia,cn.notice,cn.separate-consent"


def write_map(path: Path, exporters: int) -> None:
    half = exporters // 2
    lines = ["xborder: 1", "name: audit benchmark", "entities:"]
    for i in range(half):
        lines.append(f"  - {{id: cn-exp-{i}, country: CN}}")
        lines.append(f"  - {{id: us-exp-{i}, country: US}}")
    lines += ["  - {id: sg-imp, country: SG}", "  - {id: de-imp, country: DE}", "  - {id: jp-imp, country: JP}",
              "  - {id: cn-imp, country: CN}", "  - {id: us-imp, country: US}", "datasets:"]
    for i in range(half):
        lines += [f"  - {{id: orders-{i}, categories: [user.name, user.contact.address], "
                  f"subjects: [{{residence: CN, count: 50000}}], collected_in: CN}}",
                  f"  - {{id: ids-{i}, categories: [user.name, user.government_id.national_identification_number], "
                  f"subjects: [{{residence: CN, count: 5000}}], collected_in: CN}}",
                  f"  - {{id: health-{i}, categories: [user.name, user.health_and_medical], "
                  f"subjects: [{{residence: US, count: 5000}}]}}",
                  f"  - {{id: fin-{i}, categories: [user.name, user.financial.bank_account], "
                  f"subjects: [{{residence: US, count: 5000}}]}}"]
    lines.append("flows:")
    for i in range(half):
        lines += [f"  - {{id: cn-{i}-sg, from: {{entity: cn-exp-{i}}}, to: {{entity: sg-imp, role: processor}}, "
                  f"datasets: [orders-{i}], purpose: essential.service, safeguards: [{MECHANISMS.replace(',', ', ')}]}}",
                  f"  - {{id: cn-{i}-us, from: {{entity: cn-exp-{i}}}, to: {{entity: us-imp}}, datasets: [orders-{i}], "
                  "purpose: analytics}",
                  f"  - {{id: cn-{i}-de, from: {{entity: cn-exp-{i}}}, to: {{entity: de-imp}}, datasets: [ids-{i}], "
                  f"purpose: essential.service, safeguards: [{MECHANISMS.replace(',', ', ')}]}}",
                  f"  - {{id: us-{i}-de, from: {{entity: us-exp-{i}}}, to: {{entity: de-imp, role: processor}}, "
                  f"datasets: [health-{i}], purpose: essential.service}}",
                  f"  - {{id: us-{i}-jp, from: {{entity: us-exp-{i}}}, to: {{entity: jp-imp}}, datasets: [health-{i}], "
                  "purpose: essential.service}",
                  f"  - {{id: us-{i}-cn, from: {{entity: us-exp-{i}}}, to: {{entity: cn-imp, role: processor}}, "
                  f"datasets: [fin-{i}], purpose: essential.service, transaction: vendor}}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_log(path: Path, events: int, exporters: int) -> None:
    import duckdb

    half = exporters // 2
    con = duckdb.connect()
    con.execute(f"SELECT setseed({SEED})")
    con.execute(f"""CREATE TABLE flows AS
        SELECT e, slot,
               CASE WHEN e < {half} THEN 'cn-exp-' || e ELSE 'us-exp-' || (e - {half}) END AS exporter,
               CASE WHEN e < {half} THEN ['sg-imp', 'us-imp', 'de-imp'][slot + 1]
                    ELSE ['de-imp', 'jp-imp', 'cn-imp'][slot + 1] END AS importer,
               CASE WHEN e < {half} THEN 'cn-' || e || '-' || ['sg', 'us', 'de'][slot + 1]
                    ELSE 'us-' || (e - {half}) || '-' || ['de', 'jp', 'cn'][slot + 1] END AS flow,
               CASE WHEN e < {half} THEN ['orders-', 'orders-', 'ids-'][slot + 1] || e
                    ELSE ['health-', 'health-', 'fin-'][slot + 1] || (e - {half}) END AS dataset
        FROM range({exporters}) a(e), range(3) b(slot)""")
    # A fifth of the events go to 20 large exporters (10 CN, 10 US), the rest spread evenly.
    con.execute(f"""COPY (
        WITH raw AS (
          SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4 FROM range({events}) t(i)),
        picked AS (
          SELECT i, r3, r4,
                 CASE WHEN r1 < 0.2 THEN (CASE WHEN r2 < 0.5 THEN CAST(floor(r2 * 20) AS INTEGER)
                                               ELSE {half} + CAST(floor((r2 - 0.5) * 20) AS INTEGER) END)
                      ELSE CAST(floor(r2 * {exporters}) AS INTEGER) END AS e,
                 CAST(floor(r3 * 3) AS INTEGER) AS slot FROM raw)
        SELECT TIMESTAMP '2026-01-01 00:00:00' + CAST(floor(r4 * 31536000) AS INTEGER) * INTERVAL 1 SECOND AS time,
               f.exporter, f.importer,
               CAST(hash(p.e, CAST(floor(((i * 2654435761) % 1000003) / 1000003.0 *
                    CASE WHEN p.e % {half} < 10 THEN 150000 ELSE 12000 END) AS INTEGER)) AS VARCHAR) AS subject,
               f.dataset, f.flow,
               CASE WHEN r3 * 1000 % 10 < 0.1 THEN '{MECHANISMS}' END AS safeguards
        FROM picked p JOIN flows f ON p.e = f.e AND p.slot = f.slot
    ) TO '{path}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 500000)""")


def child(engine: str, log: Path, map_path: Path, memory_limit: str) -> None:
    """Run one audit and print its figures and result as JSON (run in its own process)."""
    from xborder.audit import locate, run_audit
    from xborder.datamap import load_map

    datamap = load_map(map_path)
    t0 = time.perf_counter()
    if engine == "spark":
        from xborder.audit.spark import SparkEngine

        runner = SparkEngine(stop_on_close=True)
        t0 = time.perf_counter()  # the session's start-up is not the audit's work
    else:
        from xborder.audit.embedded import EmbeddedEngine

        runner = EmbeddedEngine(memory_limit=memory_limit)
    try:
        result = run_audit(runner, locate(str(log)), datamap)
    finally:
        runner.close()
    seconds = time.perf_counter() - t0
    d = result.as_dict()
    d["audit"].pop("engine")
    print(json.dumps({"seconds": seconds, "events": result.events,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "shapes": len({g.verdict.shape for g in result.groups}), "verdicts": len(result.groups),
                      "crossings": len(result.crossings), "result": d}))


def run_child(engine: str, log: Path, map_path: Path, memory_limit: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", engine, str(log), str(map_path), memory_limit],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-4000:])
        raise SystemExit(f"the {engine} audit failed (exit {out.returncode})")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=20_000_000)
    parser.add_argument("--exporters", type=int, default=1000)
    parser.add_argument("--spark-events", default="2000000", help="events Spark audits: a number, 'all' or 0")
    parser.add_argument("--memory-limit", default="3GB")
    parser.add_argument("--child", nargs=4, metavar=("ENGINE", "LOG", "MAP", "MEMORY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child[:3], args.child[3])
        return 0
    CACHE.mkdir(parents=True, exist_ok=True)
    map_path = CACHE / f"map-{args.exporters}.yaml"
    write_map(map_path, args.exporters)
    log = CACHE / f"events-{args.events}-{args.exporters}.parquet"
    if not log.exists():
        t = time.perf_counter()
        write_log(log, args.events, args.exporters)
        print(f"generated {log.relative_to(ROOT)} ({log.stat().st_size / 1e6:.0f} MB) in "
              f"{time.perf_counter() - t:.1f} s", flush=True)
    big = run_child("embedded", log, map_path, args.memory_limit)
    rate = big["events"] / big["seconds"]
    print(f"embedded: {big['events']:,} events in {big['seconds']:.1f} s = {rate:,.0f} events/s; peak "
          f"{big['peak_mb']:.0f} MB (memory limit {args.memory_limit}); {big['shapes']} hop shapes, "
          f"{big['verdicts']} verdict intervals, {big['crossings']} threshold crossings", flush=True)
    match = "false"
    spark_n = args.events if args.spark_events == "all" else int(args.spark_events)
    if spark_n:
        sub = log
        if spark_n < args.events:
            import duckdb

            sub = CACHE / f"events-{spark_n}-of-{args.events}-{args.exporters}.parquet"
            if not sub.exists():
                duckdb.connect().execute(f"COPY (SELECT * FROM read_parquet('{log}') LIMIT {spark_n}) TO '{sub}' "
                                         "(FORMAT parquet, COMPRESSION zstd)")
        small = big if sub == log else run_child("embedded", sub, map_path, args.memory_limit)
        spark = run_child("spark", sub, map_path, args.memory_limit)
        same = small["result"] == spark["result"]
        match = "true" if same else "false"
        e_rate, s_rate = small["events"] / small["seconds"], spark["events"] / spark["seconds"]
        which = "the full log" if sub == log else f"the first {spark_n:,} events of the log (a subset: the full " \
                                                  "log on Spark local[2] takes too long on this shared machine)"
        print(f"spark (local[2]) on {which}: {s_rate:,.0f} events/s against embedded {e_rate:,.0f} events/s on the "
              f"same events: Spark/embedded throughput ratio {s_rate / e_rate:.3f}; results "
              f"{'identical' if same else 'DIFFERENT'}", flush=True)
    print(f"events_per_s={rate:.0f} peak_mb={big['peak_mb']:.0f} spark_match={match}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
