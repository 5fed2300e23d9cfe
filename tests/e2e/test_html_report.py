"""The HTML report in a real browser (Debian's Chromium driven by Playwright).
Render time: navigation until the first page of flows is painted, the best of up to three loads.

Issue 7 item 15: a 10,000-flow report stays under 5 MB and renders in under 3 s; a 300-flow
map is not blank; search and filters narrow the list; the page fetches nothing.
`.ci/run` installs chromium; only where it is absent are these tests skipped.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from benchmarks.mapgen import generate

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium; .ci/run does it)")
XBORDER = str(Path(sys.executable).parent / "xborder")
MAX_BYTES = 5_000_000
MAX_SECONDS = 3.0


def _report(tmp: Path, flows: int) -> Path:
    mapfile = tmp / f"map{flows}.json"
    mapfile.write_bytes(orjson.dumps(generate(entities=max(50, flows // 10), datasets=max(20, flows // 5), flows=flows)))
    out = tmp / f"report{flows}.html"
    proc = subprocess.run([XBORDER, "assess", str(mapfile), "--format", "html", "-o", str(out)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def _open(browser, path: Path):  # type: ignore[no-untyped-def]
    """Open the report; returns (page, seconds until the first page of flows is painted, requests)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    seconds = time.perf_counter() - start
    assert not errors, errors
    return page, seconds, requests


@pytest.fixture(scope="module")
def big(tmp_path_factory, browser):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("html")
    warm, _, _ = _open(browser, _report(tmp, 20))  # start the browser's renderer: time the report, not Chromium
    warm.close()
    path = _report(tmp, 10_000)
    page, seconds, requests = _open(browser, path)
    yield path, page, seconds, requests
    page.close()


def test_10000_flows_under_5_mb_and_3_seconds(big, browser) -> None:  # type: ignore[no-untyped-def]
    path, page, seconds, _ = big
    size = path.stat().st_size
    # best of three loads: the machine is shared, and another process's burst is not the page's time
    for _ in range(2):
        if seconds < MAX_SECONDS:
            break
        again, more, _ = _open(browser, path)
        again.close()
        seconds = min(seconds, more)
    print(f"html_bytes={size} render_s={seconds:.2f}")
    assert size < MAX_BYTES, f"{size:,} bytes"
    assert seconds < MAX_SECONDS, f"rendered in {seconds:.2f} s"
    assert page.locator("tr.flow-row").count() == 50  # one page drawn, not 10,000 rows
    assert page.text_content("#count") == "10000 of 10000 flows"


def test_page_fetches_nothing(big) -> None:  # type: ignore[no-untyped-def]
    path, _, _, requests = big
    assert requests == [path.as_uri()]


def test_search_and_filters_narrow_the_list(big) -> None:  # type: ignore[no-untyped-def]
    path, page, _, _ = big
    data = orjson.loads(page.text_content("#data"))
    prohibited = [f[0] for f in data["flows"] if f[1] == "prohibited"]
    page.select_option("#f-status", "prohibited")
    assert page.text_content("#count") == f"{len(prohibited)} of 10000 flows"
    assert {r.get_attribute("data-id") for r in page.locator("tr.flow-row").all()} == set(prohibited[:50])
    page.select_option("#f-status", "")
    page.select_option("#f-country", "JP")
    jp = [f for f in data["flows"] if "JP" in (f[3], f[5])]
    assert page.text_content("#count") == f"{len(jp)} of 10000 flows"
    page.select_option("#f-country", "")
    target = data["flows"][1234][0]
    page.fill("#q", target)
    expected = sum(target in " ".join([f[0], f[2], f[4], *f[6]]) for f in data["flows"])
    page.wait_for_function("n => document.querySelector('#count').textContent.startsWith(n + ' of')", arg=expected)
    page.click(f"tr.flow-row[data-id='{target}']")
    detail = page.text_content("tr.detail")
    assert "Declared safeguards" in detail and "{exporter}" not in detail
    regime = data["results"][data["flows"][1234][8][0]]["g"]
    assert regime in detail


def test_clicking_an_edge_lists_the_flows_of_that_country_pair(big) -> None:  # type: ignore[no-untyped-def]
    _, page, _, _ = big
    page.fill("#q", "")
    page.select_option("#f-status", "")
    edge = page.locator("g.edge").last  # drawn last: the worst and busiest
    a, b = edge.get_attribute("data-from"), edge.get_attribute("data-to")
    edge.dispatch_event("click")
    data = orjson.loads(page.text_content("#data"))
    n = sum(1 for f in data["flows"] if (f[3], f[5]) == (a, b))
    assert page.text_content("#count") == f"{n} of 10000 flows"


def test_300_flow_map_is_not_blank(tmp_path, browser) -> None:  # type: ignore[no-untyped-def]
    page, _, _ = _open(browser, _report(tmp_path, 300))
    svg = page.locator("svg.map").bounding_box()
    assert svg and svg["height"] < 1600, svg  # the whole map fits about two screens, not 10,000 px
    countries = page.locator("g.country").all()
    assert len(countries) >= 10
    for c in countries:  # every country is drawn inside the map, none piled off to one side
        box = c.bounding_box()
        assert box and svg["x"] <= box["x"] <= svg["x"] + svg["width"] and svg["y"] <= box["y"] <= svg["y"] + svg["height"]
    assert page.locator("g.edge").count() > 0
