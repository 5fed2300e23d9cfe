"""Signing in to the console through an OpenID provider, in Chromium: the provider on
127.0.0.1 and the console on localhost, two sites, so the redirect back is the cross-site
navigation real deployments see (a Strict session cookie set on it must still work)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.service.fake_idp import FakeProvider, running_provider
from tests.service.server import RunningServer, serve


@pytest.fixture(scope="module")
def idp() -> Iterator[FakeProvider]:
    with running_provider() as provider:
        yield provider


@pytest.fixture(scope="module")
def oidc_server(idp: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    work: Path = tmp_path_factory.mktemp("oidc")
    before = os.environ.get("XBORDER_OIDC_CLIENT_SECRET")
    os.environ["XBORDER_OIDC_CLIENT_SECRET"] = idp.client_secret
    try:
        with serve(str(work / "service.db"), work, workers=1,
                   extra=("--rate-limit", "0", "--oidc-issuer", idp.issuer, "--oidc-client-id", idp.client_id)) as running:
            auth = {"Authorization": f"Bearer {running.admin_token}"}
            httpx.post(running.url + "/v1/orgs", headers=auth, json={"id": "acme", "name": "Acme"}).raise_for_status()
            httpx.post(running.url + "/v1/accounts", headers=auth, json={
                "name": "dpo", "oidc_subject": idp.subject,
                "memberships": [{"org": "acme", "roles": ["viewer"]}]}).raise_for_status()
            yield running
            assert idp.client_secret not in running.log.read_text()  # the secret is in no log line
    finally:
        if before is None:
            os.environ.pop("XBORDER_OIDC_CLIENT_SECRET", None)
        else:
            os.environ["XBORDER_OIDC_CLIENT_SECRET"] = before


def test_a_person_signs_in_through_the_provider_and_out(browser: Any, oidc_server: RunningServer,
                                                       idp: FakeProvider) -> None:
    console = oidc_server.url.replace("127.0.0.1", "localhost")
    context = browser.new_context(base_url=console)
    page = context.new_page()
    page.goto("/console/")
    assert "/console/signin" in page.url
    page.click("#oidc-signin")
    page.wait_for_url(f"{console}/console/")
    assert idp.authorize_requests[-1]["redirect_uri"] == f"{console}/console/oidc/callback"
    assert page.locator("main").inner_text().find("acme") >= 0
    cookie = next(c for c in context.cookies() if c["name"] == "xborder_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert not any(c["name"] == "xborder_oidc" for c in context.cookies())  # the sign-in's state is gone
    page.click("text=Sign out")
    page.wait_for_url("**/console/signin")
    page.goto("/console/")
    assert "/console/signin" in page.url
    context.close()
