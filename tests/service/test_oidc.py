"""OpenID Connect sign-in: the ID token checks, and the console's flow against a provider
on a loopback port (tests/service/fake_idp.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.service.fake_idp import FakeProvider, running_provider
from xborder.service.app import create_app, prepare_database
from xborder.service.config import Settings
from xborder.service.db import AuditRecord, Token
from xborder.service.oidc import OidcError, Provider, SignIn


@pytest.fixture(scope="module")
def idp() -> Iterator[FakeProvider]:
    with running_provider() as provider:
        yield provider


@pytest.fixture(autouse=True)
def clean(idp: FakeProvider) -> Iterator[None]:
    yield
    idp.claims.clear()
    idp.header.clear()
    idp.sign_with = None
    idp.subject = "person-1"


def provider(idp: FakeProvider) -> Provider:
    return Provider(idp.issuer, idp.client_id, idp.client_secret)


# -- the ID token ----------------------------------------------------------------------------------

def test_a_genuine_id_token_gives_its_claims(idp: FakeProvider) -> None:
    claims = provider(idp).verify(idp.id_token("n-1"), "n-1")
    assert claims["sub"] == "person-1" and claims["iss"] == idp.issuer


@pytest.mark.parametrize(("spoil", "reason"), [
    ({"iss": "https://elsewhere.example"}, "another issuer"),
    ({"aud": "another-client"}, "another client"),
    ({"aud": ["xborder-console", "other"], "azp": "other"}, "authorised party"),
    ({"exp": int(time.time()) - 3600}, "expired"),
    ({"iat": int(time.time()) + 3600}, "future"),
    ({"nonce": "someone-elses"}, "nonce"),
    ({"sub": ""}, "no subject"),
])
def test_an_id_token_for_another_use_is_refused(idp: FakeProvider, spoil: dict[str, Any], reason: str) -> None:
    with pytest.raises(OidcError, match=reason):
        provider(idp).verify(idp.id_token("n-1", **spoil), "n-1")


def test_a_forged_or_unsigned_token_is_refused(idp: FakeProvider) -> None:
    p = provider(idp)
    idp.sign_with = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(OidcError, match="signature is not valid"):
        p.verify(idp.id_token("n"), "n")
    idp.sign_with = None
    head, body, _ = idp.id_token("n").split(".")
    for alg in ("none", "HS256"):
        import base64
        header = base64.urlsafe_b64encode(f'{{"alg":"{alg}","kid":"key-1"}}'.encode()).rstrip(b"=").decode()
        with pytest.raises(OidcError, match="not accepted"):
            p.verify(f"{header}.{body}.", "n")
    with pytest.raises(OidcError, match="not a signed JWT"):
        p.verify("garbage", "n")


def test_rotated_keys_are_read_again_once(idp: FakeProvider) -> None:
    p = provider(idp)
    p.verify(idp.id_token("n"), "n")  # keys cached
    old_key, old_kid = idp.key, idp.kid
    idp.key, idp.kid = rsa.generate_private_key(public_exponent=65537, key_size=2048), "key-2"
    try:
        assert p.verify(idp.id_token("n"), "n")["sub"] == "person-1"
        idp.header["kid"] = "key-unpublished"
        with pytest.raises(OidcError, match="does not publish"):
            p.verify(idp.id_token("n"), "n")
    finally:
        idp.key, idp.kid = old_key, old_kid


def test_the_sign_in_cookie_round_trips_and_rejects_junk() -> None:
    s = SignIn.new("/console/x")
    assert SignIn.decode(s.encode()) == s and SignIn.decode("not-base64!") is None and SignIn.decode(None) is None
    assert s.challenge != s.verifier and len(s.verifier) >= 43  # RFC 7636 §4.1


# -- the console's flow ------------------------------------------------------------------------------

@pytest.fixture
def console(idp: FakeProvider, tmp_path: Path) -> Iterator[tuple[TestClient, Settings, str]]:
    settings = Settings(db=str(tmp_path / "s.db"), log_key=str(tmp_path / "log.key"), oidc_issuer=idp.issuer,
                        oidc_client_id=idp.client_id, oidc_client_secret=idp.client_secret)
    engine, admin = prepare_database(settings)
    assert admin
    with TestClient(create_app(settings, engine), raise_server_exceptions=False) as client:
        auth = {"Authorization": f"Bearer {admin}"}
        client.post("/v1/orgs", headers=auth, json={"id": "acme", "name": "Acme"}).raise_for_status()
        r = client.post("/v1/accounts", headers=auth, json={"name": "dpo", "oidc_subject": "person-1",
                                                             "memberships": [{"org": "acme", "roles": ["viewer"]}]})
        assert r.status_code == 201, r.text
        yield client, settings, admin
    engine.dispose()


def sign_in_at_provider(client: TestClient, next_path: str = "/console/") -> httpx.Response:
    """Start at the console, sign in at the provider, come back: the callback's response."""
    start = client.get(f"/console/oidc/start?next={next_path}", follow_redirects=False)
    assert start.status_code == 303
    at_provider = httpx.get(start.headers["location"], follow_redirects=False)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["location"])
    assert back.path == "/console/oidc/callback"
    return client.get(f"{back.path}?{back.query}", follow_redirects=False)


def test_a_linked_person_signs_in_and_out(console: tuple[TestClient, Settings, str], idp: FakeProvider) -> None:
    client, settings, _ = console
    form = client.get("/console/signin")
    assert 'id="oidc-signin"' in form.text
    answer = sign_in_at_provider(client, "/console/")
    asked = idp.authorize_requests[-1]
    assert asked["code_challenge_method"] == "S256" and asked["scope"] == "openid"
    assert asked["redirect_uri"] == "http://testserver/console/oidc/callback"
    assert answer.status_code == 200 and 'content="0;url=/console/"' in answer.text
    assert "xborder_session" in answer.cookies or client.cookies.get("xborder_session")
    home = client.get("/console/", follow_redirects=False)
    assert home.status_code == 200 and "acme" in home.text
    session = client.cookies.get("xborder_session")
    assert session and session.startswith("xbt_")
    me = client.get("/v1/me", headers={"Authorization": f"Bearer {session}"}).json()
    assert me["account"]["name"] == "dpo" and me["roles"] == {"acme": ["viewer"]}
    engine = client.app.state.service.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        label, expires = conn.execute(select(Token.label, Token.expires_at).order_by(Token.id.desc())).first()  # type: ignore[misc]
        actions = list(conn.execute(select(AuditRecord.action, AuditRecord.account_id)))
    assert label == "console sign-in (OpenID Connect)" and expires is not None
    assert ("account.sign_in", me["account"]["id"]) in actions
    csrf = client.get("/console/").text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    out = client.post("/console/signout", data={"csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303
    # the session's token is revoked, not merely forgotten by the browser
    assert client.get("/v1/me", headers={"Authorization": f"Bearer {session}"}).status_code == 401


def test_a_person_with_no_linked_account_gets_no_session(console: tuple[TestClient, Settings, str],
                                                        idp: FakeProvider) -> None:
    client, _, _ = console
    idp.subject = "stranger"
    answer = sign_in_at_provider(client)
    assert answer.status_code == 303 and answer.headers["location"] == "/console/signin?oidc_failed=unlinked"
    assert not client.cookies.get("xborder_session")
    page = client.get(answer.headers["location"])
    assert page.status_code == 401 and "no xborder account is linked" in page.text


def test_a_callback_not_started_here_or_with_a_bad_token_is_refused(console: tuple[TestClient, Settings, str],
                                                                    idp: FakeProvider) -> None:
    client, _, _ = console
    start = client.get("/console/oidc/start", follow_redirects=False)
    back = urlsplit(httpx.get(start.headers["location"], follow_redirects=False).headers["location"])
    code = parse_qs(back.query)["code"][0]
    asked_before = idp.token_requests
    forged = client.get(f"/console/oidc/callback?code={code}&state=forged", follow_redirects=False)
    assert forged.headers["location"] == "/console/signin?oidc_failed=state"
    assert idp.token_requests == asked_before  # the code was never sent to the provider
    client.cookies.clear()
    idp.claims["aud"] = "another-client"
    spoiled = sign_in_at_provider(client)
    assert spoiled.headers["location"] == "/console/signin?oidc_failed=token"
    assert not client.cookies.get("xborder_session")
    # the person declined at the provider: the provider comes back with an error and this sign-in's state
    start = client.get("/console/oidc/start", follow_redirects=False)
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    denied = client.get(f"/console/oidc/callback?error=access_denied&state={state}", follow_redirects=False)
    assert denied.headers["location"] == "/console/signin?oidc_failed=denied"
    assert not client.cookies.get("xborder_session")


def test_an_expired_session_token_opens_nothing(console: tuple[TestClient, Settings, str]) -> None:
    import datetime as dt

    from xborder.service.auth import issue_token, load_principal

    client, _, _ = console
    engine = client.app.state.service.engine  # type: ignore[attr-defined]
    with engine.begin() as conn:
        _, past = issue_token(conn, 1, "old", expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        _, future = issue_token(conn, 1, "new", expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
    with engine.connect() as conn:
        assert load_principal(conn, past) is None and load_principal(conn, future) is not None


def test_without_a_provider_there_is_no_provider_button(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "s.db"), log_key=str(tmp_path / "log.key"))
    engine, _ = prepare_database(settings)
    with TestClient(create_app(settings, engine)) as client:
        assert 'id="oidc-signin"' not in client.get("/console/signin").text
        r = client.get("/console/oidc/start", follow_redirects=False)
        assert r.headers["location"] == "/console/signin?oidc_failed=off"
    engine.dispose()


def test_the_client_secret_is_in_no_repr_or_log(idp: FakeProvider) -> None:
    settings = Settings(oidc_issuer=idp.issuer, oidc_client_id="c", oidc_client_secret="very-secret-value")
    assert "very-secret-value" not in repr(settings)
    assert "very-secret-value" not in repr(Provider(idp.issuer, "c", "very-secret-value"))
    assert Settings.from_env(settings.env()).oidc_client_secret == "very-secret-value"  # reaches the workers
