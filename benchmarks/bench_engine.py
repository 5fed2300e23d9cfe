"""Engine benchmark: load, assess and write JSON for a seeded synthetic map, end to end.

    python benchmarks/bench_engine.py            # 10k entities, 2k datasets, 100k flows, 44 countries
    python benchmarks/bench_engine.py --flows 20000

Each size runs in a fresh process; assessment and JSON output use every core (`--jobs`), as
`xborder assess --format json` does. Time and memory are measured in separate runs of the
full size: sampling the process tree's memory every 100 ms walks its page tables and slows
the run it watches (by about 0.4 s here), so the timed runs are not sampled and a third run,
identical but untimed, gives the peak. Prints the figures of a 10k-flow and the full run,
their time ratio (linear growth means about 10x), the peak, and last:
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
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def one_run(entities: int, datasets: int, flows: int, fmt: str, jobs: int, sample: bool) -> dict[str, float]:
    """Generate the map file (not timed), then time load + assess + JSON out."""
    from benchmarks.mapgen import generate
    from xborder.datamap import load_map
    from xborder.engine.assess import prepare_assessment
    from xborder.engine.parallel import write_json_parallel

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
        sampler = MemorySampler()
        if sample:
            sampler.start()
        t0 = time.perf_counter()
        datamap = load_map(path)
        t1 = time.perf_counter()
        prepared = prepare_assessment(datamap)
        t2 = time.perf_counter()
        with open(out, "wb") as fh:
            statuses = write_json_parallel(prepared, fh, jobs)
        t3 = time.perf_counter()
        size = out.stat().st_size
        if sample:
            sampler.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"flows": flows, "load_s": t1 - t0, "prepare_s": t2 - t1, "assess_json_s": t3 - t2,
            "total_s": t3 - t0, "peak_mb": max(sampler.peak_mb, rss_kb / 1024), "json_mb": size / 1e6,
            "jobs": jobs, "statuses": statuses}


class MemorySampler(threading.Thread):
    """Samples the proportional set size (PSS) of this process and its workers every 100 ms.

    PSS charges each shared page to the processes sharing it in proportion, so the sum is
    the physical memory the whole process tree uses; summing RSS would count the pages
    the forked workers share with the parent twice. Read from /proc/PID/smaps_rollup, which
    the kernel keeps cheap (full smaps would slow the measured processes down)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self._stop_event = threading.Event()

    @staticmethod
    def _pss_kb(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    @staticmethod
    def _children(pid: int) -> list[int]:
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as fh:
                return [int(x) for x in fh.read().split()]
        except OSError:
            return []

    def run(self) -> None:
        me = os.getpid()
        while not self._stop_event.is_set():
            total = sum(self._pss_kb(pid) for pid in [me, *self._children(me)])
            self.peak_mb = max(self.peak_mb, total / 1024)
            self._stop_event.wait(0.1)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entities", type=int, default=10_000)
    ap.add_argument("--datasets", type=int, default=2_000)
    ap.add_argument("--flows", type=int, default=100_000)
    ap.add_argument("--format", choices=["yaml", "json"], default="yaml", help="map file format")
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (default: every core)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--sample", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        from xborder.engine.parallel import default_jobs

        print(json.dumps(one_run(args.entities, args.datasets, args.flows, args.format, args.jobs or default_jobs(),
                                 args.sample)))
        return

    def child(flows: int, sample: bool) -> dict[str, Any]:
        cmd = [sys.executable, __file__, "--child", "--entities", str(args.entities), "--datasets",
               str(args.datasets), "--flows", str(flows), "--format", args.format, "--jobs", str(args.jobs)]
        proc = subprocess.run(cmd + (["--sample"] if sample else []), capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": "0"})
        if proc.returncode != 0:
            sys.exit(proc.stderr)
        return json.loads(proc.stdout.strip().splitlines()[-1])

    results = []
    for flows in (max(1, args.flows // 10), args.flows):
        r = child(flows, sample=False)
        results.append(r)
        print(f"{r['flows']:>7} flows ({args.format}, {r['jobs']} jobs): load {r['load_s']:.2f}s  "
              f"hops+prepare {r['prepare_s']:.2f}s  assess+json {r['assess_json_s']:.2f}s  total {r['total_s']:.2f}s"
              f"  -> {r['flows'] / r['total_s']:,.0f} flows/s  output {r['json_mb']:.0f} MB  {r['statuses']}")
    ratio = results[1]["total_s"] / results[0]["total_s"]
    print(f"time ratio {results[1]['flows']}/{results[0]['flows']} flows: {ratio:.1f}x (linear = 10x; target <= 12x)")
    big = results[1]
    peak = child(args.flows, sample=True)["peak_mb"]
    print(f"peak memory of the {args.flows}-flow run, this process and its workers (PSS): {peak:.0f} MB "
          "(target < 2 GB)")
    print(f"flows_per_s={big['flows'] / big['total_s']:.0f} peak_mb={peak:.0f}")


if __name__ == "__main__":
    main()
