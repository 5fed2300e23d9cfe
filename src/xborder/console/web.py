"""The console's plumbing: sessions, CSRF, languages, templates, headers and static files.

- Sign-in takes an API token; the session is that token in an HttpOnly, SameSite=Strict
  cookie scoped to /console (Secure over HTTPS), checked on every request like a bearer token.
- Every form carries a CSRF token: an HMAC of the session token (before sign-in, a random
  value also set as a cookie), compared in constant time on every POST.
- The service accepts JSON bodies only; an outer middleware turns the console's own
  url-encoded form posts into JSON before the service's guard sees them (same size limit).
- Pages carry a strict Content-Security-Policy: scripts, styles and images from the console
  itself only; no inline script or style anywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import orjson
from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from babel.support import Translations
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from xborder.service.auth import Principal, load_principal
from xborder.service.context import Service
from xborder.service.middleware import read_body, replaying

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
TRANSLATIONS = HERE / "translations"
PREFIX = "/console"
SESSION_COOKIE = "xborder_session"
LOGIN_CSRF_COOKIE = "xborder_login_csrf"
LANG_COOKIE = "xborder_lang"
LANGUAGES = {"en": "English", "zh_Hans": "简体中文"}
HTML_LANG = {"en": "en", "zh_Hans": "zh-Hans"}
BABEL_LOCALE = {"en": "en_GB", "zh_Hans": "zh_Hans_CN"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".svg": "image/svg+xml", ".png": "image/png"}


class NotSignedIn(Exception):
    """No valid session: the page redirects to the sign-in form."""


class Refused(Exception):
    """A page the caller may not see, or a form that cannot be done: shown as a message."""

    def __init__(self, status: int, message: str) -> None:
        self.status, self.message = status, message
        super().__init__(message)


# -- languages ---------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def translations(lang: str) -> Translations:
    return Translations.load(str(TRANSLATIONS), [lang], domain="messages")


def language(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    accept = request.headers.get("accept-language", "").lower()
    return "zh_Hans" if accept.startswith("zh") else "en"


def gettext_for(lang: str) -> Callable[[str], str]:
    return translations(lang).gettext


@lru_cache(maxsize=None)
def environment(lang: str) -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                      extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    locale = Locale.parse(BABEL_LOCALE[lang])
    env.filters["fdate"] = lambda d: "" if not d else format_date(
        d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)[:10]), "long", locale=locale)
    env.filters["ftime"] = lambda t: "" if not t else format_datetime(
        t if isinstance(t, dt.datetime) else dt.datetime.fromisoformat(str(t)), "medium", locale=locale)
    env.filters["fnum"] = lambda n: "" if n is None else format_decimal(n, locale=locale)
    env.globals["LANGUAGES"] = LANGUAGES
    env.globals["lang"] = lang
    env.globals["html_lang"] = HTML_LANG[lang]
    env.globals["PREFIX"] = PREFIX
    return env


# -- sessions and CSRF -------------------------------------------------------------------------

def service(request: Request) -> Service:
    return request.app.state.service  # type: ignore[no-any-return]


def session_token(request: Request) -> str | None:
    token = request.cookies.get(SESSION_COOKIE)
    return token if token and len(token) < 200 else None


def principal(request: Request, svc: Service) -> Principal:
    token = session_token(request)
    if token is None:
        raise NotSignedIn
    found = svc.principals.get(token)
    if found is None:
        with svc.engine.connect() as conn:
            found = load_principal(conn, token)
        if found is None:
            raise NotSignedIn
        svc.principals.put(token, found)
    request.state.account_id = found.account_id
    return found


def csrf_token(request: Request) -> str:
    token = session_token(request)
    if token:
        return hmac.new(token.encode(), b"xborder-console-csrf", hashlib.sha256).hexdigest()
    return request.cookies.get(LOGIN_CSRF_COOKIE) or ""


def check_csrf(request: Request, form: dict[str, Any]) -> None:
    sent = str(form.get("csrf", ""))
    expected = csrf_token(request)
    if not expected or not hmac.compare_digest(sent, expected):
        raise Refused(403, "the form has expired or did not come from this console; reload the page and try again")


async def form_of(request: Request) -> dict[str, Any]:
    """A posted form (turned into JSON by `FormToJson`), CSRF-checked."""
    try:
        body = orjson.loads(await request.body() or b"{}")
    except orjson.JSONDecodeError:
        raise Refused(400, "the form could not be read") from None
    if not isinstance(body, dict):
        raise Refused(400, "the form could not be read")
    check_csrf(request, body)
    return body


def secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def set_session(response: Response, request: Request, token: str | None) -> None:
    if token is None:
        response.delete_cookie(SESSION_COOKIE, path=PREFIX)
        return
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", secure=secure(request), path=PREFIX)


def local_path(target: str | None) -> str:
    """Only a path inside the console: never an open redirect."""
    if target and target.startswith(PREFIX + "/") and not target.startswith("//") and "\\" not in target:
        return target
    return PREFIX + "/"


# -- rendering ---------------------------------------------------------------------------------

def headers(response: Response) -> Response:
    response.headers["content-security-policy"] = CSP
    response.headers["x-frame-options"] = "DENY"
    return response


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    env = environment(lang)
    context.setdefault("who", getattr(request.state, "console_who", None))
    context.setdefault("csrf", csrf_token(request))
    page = env.get_template(template).render(request=request, path=request.url.path, query=request.url.query,
                                             **context)
    return headers(HTMLResponse(page, status_code=status))  # type: ignore[return-value]


def redirect(url: str) -> RedirectResponse:
    return headers(RedirectResponse(url, status_code=303))  # type: ignore[return-value]


# -- form posts as JSON ------------------------------------------------------------------------

class FormToJson:
    """Outermost middleware: a url-encoded POST to the console becomes a JSON body (the
    service's guard accepts JSON only). Repeated fields become lists. Bodies over the limit
    are left to the guard, which refuses them."""

    def __init__(self, app: Any, max_body_bytes: int) -> None:
        self.app, self.max_body = app, max_body_bytes

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].startswith(PREFIX + "/"):
            await self.app(scope, receive, send)
            return
        hdrs = dict(scope.get("headers") or [])
        ctype = hdrs.get(b"content-type", b"").split(b";")[0].strip().lower()
        if ctype != b"application/x-www-form-urlencoded":
            await self.app(scope, receive, send)
            return
        body = await read_body(receive, self.max_body)
        if body is None:
            return
        if len(body) > self.max_body:
            payload = body  # the guard answers 413
            new_type = ctype
        else:
            fields: dict[str, Any] = {}
            for key, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
                if key in fields:
                    fields[key] = [*fields[key], value] if isinstance(fields[key], list) else [fields[key], value]
                else:
                    fields[key] = value
            payload = orjson.dumps(fields)
            new_type = b"application/json"
        scope = dict(scope)
        scope["headers"] = [(k, v) for k, v in scope.get("headers") or [] if k not in (b"content-type", b"content-length")]
        scope["headers"] += [(b"content-type", new_type), (b"content-length", str(len(payload)).encode())]
        await self.app(scope, replaying(payload, receive), send)


def static_file(name: str) -> Response:
    path = (STATIC / name).resolve()
    if STATIC.resolve() not in path.parents or not path.is_file() or path.suffix not in STATIC_TYPES:
        return Response("not found", status_code=404, media_type="text/plain")
    response = Response(path.read_bytes(), media_type=STATIC_TYPES[path.suffix])
    response.headers["cache-control"] = "public, max-age=3600"
    return response


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)


def install(app: FastAPI) -> None:
    from xborder.console.oidc_signin import router as oidc_router
    from xborder.console.pages import router

    app.include_router(oidc_router)
    app.include_router(router)
    app.add_middleware(FormToJson, max_body_bytes=app.state.service.settings.max_body_bytes)
