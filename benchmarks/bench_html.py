"""HTML report benchmark: size of a 10,000-flow report and its render time in Chromium.

    python benchmarks/bench_html.py               # 10,000 flows (issue 7: < 5 MB, < 3 s)
    python benchmarks/bench_html.py --flows 50000

Generates a seeded map (benchmarks/mapgen.py), writes the report with `xborder assess
--format html`, then opens it three times in Debian's chromium (Playwright, the system
binary) and times navigation until the first page of flows is painted. Prints last:
    html_bytes=<n> html_mb=<m> render_s=<median of 3> write_s=<s>
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from benchmarks.mapgen import generate
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("--flows", type=int, default=10_000)
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("chromium is not installed: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as tmp:
        mapfile, out = Path(tmp) / "map.json", Path(tmp) / "report.html"
        mapfile.write_bytes(orjson.dumps(generate(entities=max(50, args.flows // 10),
                                                  datasets=max(20, args.flows // 5), flows=args.flows)))
        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "xborder"), "assess", str(mapfile), "--format", "html",
                        "-o", str(out)], check=True)
        write_s = time.perf_counter() - start
        times = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for _ in range(3):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                start = time.perf_counter()
                page.goto(out.as_uri())
                page.wait_for_selector("body[data-ready='1']", timeout=120_000)
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                times.append(time.perf_counter() - start)
                page.close()
            browser.close()
        size = out.stat().st_size
        print(f"flows={args.flows} renders_s={', '.join(f'{t:.2f}' for t in times)}")
        print(f"html_bytes={size} html_mb={size / 1e6:.2f} render_s={statistics.median(times):.2f} write_s={write_s:.2f}")


if __name__ == "__main__":
    main()
