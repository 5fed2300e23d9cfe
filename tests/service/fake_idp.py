"""A small OpenID provider for the sign-in tests, served by uvicorn on a loopback port.

It does what a real provider does on the authorization code flow with PKCE (discovery,
keys, an authorize endpoint that signs in `subject` at once, a token endpoint that checks
the client's secret, the redirect URI and the code verifier) and lets a test spoil the ID
token it issues (`claims`, `header`, `sign_with`) to see the service refuse it.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

import orjson
import uvicorn
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwk_of(key: rsa.RSAPrivateKey, kid: str) -> dict[str, str]:
    numbers = key.public_key().public_numbers()
    size = (numbers.n.bit_length() + 7) // 8
    return {"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256", "e": b64url(numbers.e.to_bytes(3, "big")),
            "n": b64url(numbers.n.to_bytes(size, "big"))}


def sign(claims: dict[str, Any], key: rsa.RSAPrivateKey, header: dict[str, Any]) -> str:
    head = b64url(orjson.dumps(header))
    body = b64url(orjson.dumps(claims))
    signature = key.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{head}.{body}.{b64url(signature)}"


@dataclass
class FakeProvider:
    issuer: str = ""
    client_id: str = "xborder-console"
    client_secret: str = "s3cret-of-the-client"
    subject: str = "person-1"
    key: rsa.RSAPrivateKey = field(default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048))
    kid: str = "key-1"
    claims: dict[str, Any] = field(default_factory=dict)  # merged into the next ID tokens
    header: dict[str, Any] = field(default_factory=dict)
    sign_with: rsa.RSAPrivateKey | None = None  # another key than the published one
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    token_requests: int = 0

    def id_token(self, for_nonce: str, **claims: Any) -> str:
        now = int(time.time())
        body = {"iss": self.issuer, "aud": self.client_id, "sub": self.subject, "nonce": for_nonce, "iat": now,
                "exp": now + 300, **self.claims, **claims}
        return sign(body, self.sign_with or self.key, {"alg": "RS256", "kid": self.kid, "typ": "JWT", **self.header})

    def app(self) -> Starlette:
        async def configuration(_: Request) -> Response:
            return JSONResponse({"issuer": self.issuer, "authorization_endpoint": self.issuer + "/authorize",
                                 "token_endpoint": self.issuer + "/token", "jwks_uri": self.issuer + "/jwks",
                                 "response_types_supported": ["code"], "subject_types_supported": ["public"],
                                 "id_token_signing_alg_values_supported": ["RS256"],
                                 "code_challenge_methods_supported": ["S256"]})

        async def jwks(_: Request) -> Response:
            return JSONResponse({"keys": [jwk_of(self.key, self.kid)]})

        async def authorize(request: Request) -> Response:
            q = dict(request.query_params)
            self.authorize_requests.append(q)
            if q.get("client_id") != self.client_id or q.get("response_type") != "code":
                return JSONResponse({"error": "invalid_request"}, status_code=400)
            code = secrets.token_urlsafe(16)
            self.codes[code] = q
            return RedirectResponse(q["redirect_uri"] + "?" + urlencode({"code": code, "state": q.get("state", "")}),
                                    status_code=302)

        async def token(request: Request) -> Response:
            self.token_requests += 1
            expected = "Basic " + base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
            if request.headers.get("authorization") != expected:
                return JSONResponse({"error": "invalid_client"}, status_code=401)
            form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
            asked = self.codes.pop(str(form.get("code")), None)  # a code is good once
            if asked is None or form.get("redirect_uri") != asked["redirect_uri"]:
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            challenge = b64url(hashlib.sha256(str(form.get("code_verifier", "")).encode()).digest())
            if asked.get("code_challenge_method") != "S256" or challenge != asked.get("code_challenge"):
                return JSONResponse({"error": "invalid_grant", "error_description": "PKCE"}, status_code=400)
            return JSONResponse({"access_token": "opaque", "token_type": "Bearer",
                                 "id_token": self.id_token(asked.get("nonce", ""))})

        return Starlette(routes=[Route("/.well-known/openid-configuration", configuration), Route("/jwks", jwks),
                                 Route("/authorize", authorize), Route("/token", token, methods=["POST"])])


@contextmanager
def running_provider() -> Iterator[FakeProvider]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    provider = FakeProvider(issuer=f"http://127.0.0.1:{port}")
    server = uvicorn.Server(uvicorn.Config(provider.app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the fake provider did not start")
        time.sleep(0.02)
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(timeout=10)
