"""Engine benchmark: load, assess and write JSON for a seeded synthetic map, end to end.

    python benchmarks/bench_engine.py            # 10k entities, 2k datasets, 100k flows, 40 countries
    python benchmarks/bench_engine.py --flows 20000

Each size runs in a fresh process (so peak memory is that run's own). Prints the figures
of a 10k-flow and the full run, their time ratio (linear growth means about 10x), and last:
    flows_per_s=<n> peak_mb=<m>
Targets (issue 2): >= 20,000 flows/s, < 2 GB, 100k run <= 12x the 10k run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def one_run(entities: int, datasets: int, flows: int, fmt: str) -> dict[str, float]:
    """Generate the map file (not timed), then time load + assess + JSON out."""
    from benchmarks.mapgen import generate
    from xborder.datamap import load_map
    from xborder.engine import assess_map
    from xborder.report.json_out import write_json

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"map.{fmt}"
        data = generate(entities, datasets, flows)
        if fmt == "json":
            path.write_text(json.dumps(data))
        else:
            import yaml

            path.write_text(yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False))
        del data
        out = Path(tmp) / "assessment.json"
        t0 = time.perf_counter()
        datamap = load_map(path)
        t1 = time.perf_counter()
        assessment = assess_map(datamap)
        t2 = time.perf_counter()
        with open(out, "wb") as fh:
            write_json(assessment, fh)
        t3 = time.perf_counter()
        size = out.stat().st_size
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"flows": flows, "load_s": t1 - t0, "assess_s": t2 - t1, "write_s": t3 - t2, "total_s": t3 - t0,
            "peak_mb": peak_kb / 1024, "json_mb": size / 1e6,
            "statuses": assessment.summary()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entities", type=int, default=10_000)
    ap.add_argument("--datasets", type=int, default=2_000)
    ap.add_argument("--flows", type=int, default=100_000)
    ap.add_argument("--format", choices=["yaml", "json"], default="yaml", help="map file format")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(one_run(args.entities, args.datasets, args.flows, args.format)))
        return
    results = []
    small = max(1, args.flows // 10)
    for flows in (small, args.flows):
        cmd = [sys.executable, __file__, "--child", "--entities", str(args.entities), "--datasets",
               str(args.datasets), "--flows", str(flows), "--format", args.format]
        proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
        if proc.returncode != 0:
            sys.exit(proc.stderr)
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"{r['flows']:>7} flows ({args.format}): load {r['load_s']:.2f}s  assess {r['assess_s']:.2f}s  "
              f"json {r['write_s']:.2f}s  total {r['total_s']:.2f}s  -> {r['flows'] / r['total_s']:,.0f} flows/s  "
              f"peak {r['peak_mb']:.0f} MB  output {r['json_mb']:.0f} MB  {r['statuses']}")
    ratio = results[1]["total_s"] / results[0]["total_s"]
    print(f"time ratio {results[1]['flows']}/{results[0]['flows']} flows: {ratio:.1f}x (linear = 10x; target <= 12x)")
    big = results[1]
    print(f"flows_per_s={big['flows'] / big['total_s']:.0f} peak_mb={big['peak_mb']:.0f}")


if __name__ == "__main__":
    main()
