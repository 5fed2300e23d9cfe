"""Console sign-in through the service's OpenID provider (see `xborder.service.oidc`).

`/console/oidc/start` sends the browser to the provider with a fresh state, nonce and PKCE
challenge, kept in a short-lived HttpOnly cookie scoped to the callback (SameSite=Lax: the
provider's redirect back is a cross-site navigation, on which a Strict cookie is not sent).
`/console/oidc/callback` checks the state, exchanges the code, verifies the ID token and
opens a session as the linked account: a new API token that expires with the session and
is revoked at sign-out. The session cookie is set on a page that then moves on by itself,
so the next request is same-site and carries the Strict session cookie.
"""

from __future__ import annotations

import datetime as dt
import secrets
from html import escape
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from xborder.console.web import (PREFIX, gettext_for, headers, language, local_path, redirect, secure, service,
                                 set_session)
from xborder.service.auth import account_of_subject, issue_token
from xborder.service.context import Service, audit
from xborder.service.db import utcnow
from xborder.service.oidc import OidcError, SignIn

SIGN_IN_PATH = PREFIX + "/oidc"  # the routes below, and the only path the sign-in's cookie is sent to
router = APIRouter(prefix=SIGN_IN_PATH, include_in_schema=False)
SIGN_IN_COOKIE = "xborder_oidc"
SESSION_LABEL = "console sign-in (OpenID Connect)"  # tokens with this label are revoked at sign-out


def redirect_uri(request: Request, svc: Service) -> str:
    base = svc.settings.public_url or str(request.base_url)
    return base.rstrip("/") + SIGN_IN_PATH + "/callback"


def _failed(reason: str) -> Response:
    # the reason goes to the sign-in page as a code, never the provider's own words
    response = redirect(f"{PREFIX}/signin?oidc_failed={quote(reason)}")
    response.delete_cookie(SIGN_IN_COOKIE, path=SIGN_IN_PATH)
    return response


@router.get("/start")
def start(request: Request, next: str | None = None) -> Response:
    svc = service(request)
    if svc.oidc is None:
        return _failed("off")
    sign_in = SignIn.new(local_path(next))
    try:
        target = svc.oidc.authorization_url(sign_in, redirect_uri(request, svc))
    except OidcError:
        return _failed("provider")
    response = headers(Response(status_code=303, headers={"location": target}))
    response.set_cookie(SIGN_IN_COOKIE, sign_in.encode(), max_age=600, httponly=True, samesite="lax",
                        secure=secure(request), path=SIGN_IN_PATH)
    return response


@router.get("/callback")
def callback(request: Request, code: str | None = None, state: str | None = None,
             error: str | None = None) -> Response:
    svc = service(request)
    sign_in = SignIn.decode(request.cookies.get(SIGN_IN_COOKIE))
    if svc.oidc is None:
        return _failed("off")
    if sign_in is None or not state or not secrets.compare_digest(state, sign_in.state):
        return _failed("state")  # not the sign-in this browser started (or it took over 10 minutes)
    if error or not code:
        return _failed("denied")
    try:
        claims = svc.oidc.verify(svc.oidc.exchange(code, sign_in, redirect_uri(request, svc)), sign_in.nonce)
    except OidcError:
        return _failed("token")
    expires = utcnow() + dt.timedelta(hours=svc.settings.session_hours)
    with svc.transaction() as conn:
        account_id = account_of_subject(conn, claims["sub"])
        if account_id is None:
            return _failed("unlinked")
        token_id, token = issue_token(conn, account_id, SESSION_LABEL, expires_at=expires)
        audit(conn, account_id, None, "account.sign_in", f"accounts/{account_id}", None,
              {"token_id": token_id, "via": "oidc", "expires_at": expires.isoformat()})
    _ = gettext_for(language(request))
    target = local_path(sign_in.next)
    page = (f'<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={escape(target)}">'
            f'<title>{escape(_("Signed in"))}</title></head><body><p><a href="{escape(target)}">{escape(_("Continue"))}</a>'
            "</p></body></html>")
    response = headers(HTMLResponse(page))
    set_session(response, request, token)
    response.delete_cookie(SIGN_IN_COOKIE, path=SIGN_IN_PATH)
    return response
