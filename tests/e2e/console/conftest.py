"""The console in Debian's Chromium (Playwright, the Python package): one `xborder serve` and
one browser for the whole session, the bundled example organisation seeded through the API.
`.ci/run` installs chromium; only where it is absent are these tests skipped."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("playwright")

import httpx  # noqa: E402

from tests.e2e.console.seed import Seeded, record_transfer, seed  # noqa: E402
from tests.service.server import RunningServer, serve  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
IMAGES = ROOT / "docs" / "images"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if CHROMIUM is None:
        skip = pytest.mark.skip(reason="chromium is not installed (apt-get install -y chromium; .ci/run does it)")
        for item in items:
            if "e2e/console" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    work = tmp_path_factory.mktemp("console")
    with serve(str(work / "service.db"), work, workers=1, extra=("--rate-limit", "0")) as running:
        yield running


@pytest.fixture(scope="session")
def seeded(server: RunningServer) -> Seeded:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        found = seed(client, server.admin_token)
        record_transfer(client, found.editor, server.admin_token)
        return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def sign_in(browser: Any, server: RunningServer, token: str, **options: Any) -> Any:
    """A browser context signed in through the sign-in form."""
    context = browser.new_context(base_url=server.url, viewport={"width": 1360, "height": 900}, accept_downloads=True,
                                  locale="en-GB", **options)
    page = context.new_page()
    page.goto("/console/signin")
    page.fill("#token", token)
    page.click("button[type=submit]")
    page.wait_for_url("**/console/")
    page.close()
    return context


@pytest.fixture(scope="session")
def editor(browser: Any, server: RunningServer, seeded: Seeded) -> Iterator[Any]:
    context = sign_in(browser, server, seeded.editor)
    yield context
    context.close()


@pytest.fixture(scope="session")
def regulator(browser: Any, server: RunningServer, seeded: Seeded) -> Iterator[Any]:
    context = sign_in(browser, server, seeded.regulator)
    yield context
    context.close()


@pytest.fixture(scope="session")
def axe_check(browser: Any, server: RunningServer) -> Any:
    """Run axe-core on a URL as the given context's user; return serious and critical violations.
    axe is injected as a script, so it runs in its own context that bypasses the page's CSP
    (the pages themselves are tested under their CSP)."""

    def check(context: Any, url: str) -> list[dict[str, Any]]:
        probe = browser.new_context(base_url=server.url, storage_state=context.storage_state(), bypass_csp=True,
                                    viewport={"width": 1360, "height": 900})
        page = probe.new_page()
        page.goto(url)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        probe.close()
        return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                 "nodes": [n["target"] for n in v["nodes"]][:5]}
                for v in result["violations"] if v["impact"] in ("serious", "critical")]

    return check
