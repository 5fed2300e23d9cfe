"""Request guards and response headers, as plain ASGI middleware (cheap on the hot path).

- a body larger than the limit is refused with 413 before the app sees any of it;
- a body that is not JSON (by Content-Type) is refused with 415;
- every response carries security headers and `Cache-Control: no-store`;
- one log line per request: method, path (no query string), status, time, account id —
  never a header (tokens), never a body (personal data).
"""

from __future__ import annotations

import logging
import time
from typing import Any, Awaitable, Callable

import orjson

from xborder.service.errors import CODES

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("xborder.service.access")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"interest-cohort=()"),
    (b"strict-transport-security", b"max-age=63072000"),
    (b"cache-control", b"no-store"),
]
_WITH_BODY = {"POST", "PUT", "PATCH"}


async def read_body(receive: Any, limit: int) -> bytes | None:
    """The request's whole body, read no further once it exceeds `limit` (the caller refuses
    it then); None if the client went away."""
    body = bytearray()
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        body += message.get("body", b"")
        if len(body) > limit:
            break
        more = message.get("more_body", False)
    return bytes(body)


def replaying(body: bytes, receive: Any) -> Any:
    """A `receive` that hands the application the body already read, then the client's own."""
    sent = [False]

    async def replay() -> Message:
        if not sent[0]:
            sent[0] = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _refuse(send: Send, status: int, message: str) -> None:
    body = orjson.dumps({"error": {"status": status, "code": CODES[status], "message": message, "problems": []}})
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status_seen = [0]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_seen[0] = message["status"]
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in SECURITY_HEADERS if h[0] not in have)]
            await send(message)

        try:
            if scope["method"] in _WITH_BODY:
                headers = dict(scope.get("headers") or [])
                length = headers.get(b"content-length")
                if length is not None and (not length.isdigit() or int(length) > self.max_body):
                    await _refuse(send_with_headers, 413, f"the body is larger than {self.max_body} bytes")
                    return
                body = await read_body(receive, self.max_body)
                if body is None:
                    return
                if len(body) > self.max_body:
                    await _refuse(send_with_headers, 413, f"the body is larger than {self.max_body} bytes")
                    return
                if body:
                    ctype = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
                    if ctype != b"application/json":
                        await _refuse(send_with_headers, 415, "send the body as application/json")
                        return
                await self.app(scope, replaying(body, receive), send_with_headers)
            else:
                await self.app(scope, receive, send_with_headers)
        finally:
            if log.isEnabledFor(logging.INFO):
                state = scope.get("state") or {}
                log.info("%s %s %s %.1fms account=%s", scope["method"], scope["path"], status_seen[0],
                         (time.perf_counter() - started) * 1000, state.get("account_id", "-"))
