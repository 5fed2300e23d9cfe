"""Remake docs/images/html-report.png: the example's HTML report in Chromium at 1,400 px.

    .venv/bin/python docs/images/make_html_report.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.html"
        subprocess.run([str(Path(sys.executable).parent / "xborder"), "assess", "examples/ecommerce.yaml",
                        "--format", "html", "-o", str(report)], check=True, cwd=ROOT)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(report.as_uri())
            page.wait_for_selector("body[data-ready='1']")
            page.click("tr.flow-row[data-id='orders-to-analytics']")  # one flow's reasoning open
            page.screenshot(path=str(ROOT / "docs" / "images" / "html-report.png"), full_page=True)
            browser.close()


if __name__ == "__main__":
    main()
