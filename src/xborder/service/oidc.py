"""OpenID Connect sign-in for people (the authorization code flow with PKCE).

The service is a relying party of one provider (its issuer URL, a client id and secret):
the console sends a person to the provider, the provider sends them back with a code,
the service exchanges the code for an ID token and checks it here — signature against the
provider's published keys (RS256 or ES256; `none` and HMAC never), issuer, audience,
authorised party, expiry, issue time and the nonce of this sign-in (OpenID Connect Core 1.0
§3.1.3.7). The person is then the account an administrator linked to the token's `sub`
(`oidc_subject`; Core §5.7: `sub` with `iss` is the only stable identifier, so e-mail
addresses are not matched). Nobody gets an account or a role by signing in.

Network calls go through an `httpx.Client` handed in, so tests point it at a provider of
their own; nothing here prints, logs or keeps a secret beyond the client's own settings.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

LEEWAY_SECONDS = 60  # clock skew allowed between the provider and this server
ALGORITHMS = ("RS256", "ES256")


class OidcError(Exception):
    """A sign-in that must not succeed; the message says why (no token or secret in it)."""


def b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _int(value: str) -> int:
    return int.from_bytes(b64url_decode(value), "big")


@dataclass(frozen=True, slots=True)
class SignIn:
    """What one sign-in remembers between leaving for the provider and coming back."""

    state: str
    nonce: str
    verifier: str  # PKCE code verifier (RFC 7636); the provider sees only its S256 challenge
    next: str

    @classmethod
    def new(cls, next_path: str) -> SignIn:
        return cls(secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48), next_path)

    @property
    def challenge(self) -> str:
        return b64url(hashlib.sha256(self.verifier.encode()).digest())

    def encode(self) -> str:
        return b64url(orjson.dumps([self.state, self.nonce, self.verifier, self.next]))

    @classmethod
    def decode(cls, text: str | None) -> SignIn | None:
        try:
            state, nonce, verifier, next_path = orjson.loads(b64url_decode(text or ""))
            return cls(str(state), str(nonce), str(verifier), str(next_path))
        except (ValueError, TypeError, orjson.JSONDecodeError):
            return None


@dataclass(slots=True)
class Provider:
    """One OpenID provider, its discovery document and keys fetched on first use and cached."""

    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    http: httpx.Client = field(repr=False, default_factory=lambda: httpx.Client(timeout=10.0))
    scopes: str = "openid"
    _config: dict[str, Any] | None = field(default=None, repr=False)
    _keys: dict[str, Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def configuration(self) -> dict[str, Any]:
        if self._config is None:
            url = self.issuer.rstrip("/") + "/.well-known/openid-configuration"
            try:
                response = self.http.get(url)
                response.raise_for_status()
                found = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                raise OidcError(f"the provider's configuration could not be read ({type(exc).__name__})") from None
            if found.get("issuer") != self.issuer:  # Discovery 1.0 §4.3
                raise OidcError("the provider's configuration names another issuer")
            for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                if not isinstance(found.get(key), str):
                    raise OidcError(f"the provider's configuration has no {key}")
            self._config = found
        return self._config

    def authorization_url(self, sign_in: SignIn, redirect_uri: str) -> str:
        query = {"response_type": "code", "client_id": self.client_id, "redirect_uri": redirect_uri,
                 "scope": self.scopes, "state": sign_in.state, "nonce": sign_in.nonce,
                 "code_challenge": sign_in.challenge, "code_challenge_method": "S256"}
        endpoint = self.configuration()["authorization_endpoint"]
        return endpoint + ("&" if "?" in endpoint else "?") + urlencode(query)

    def exchange(self, code: str, sign_in: SignIn, redirect_uri: str) -> str:
        """The ID token for this authorization code (client_secret_basic, RFC 6749 §2.3.1)."""
        try:
            response = self.http.post(self.configuration()["token_endpoint"], auth=(self.client_id, self.client_secret),
                                      data={"grant_type": "authorization_code", "code": code,
                                            "redirect_uri": redirect_uri, "code_verifier": sign_in.verifier})
        except httpx.HTTPError as exc:
            raise OidcError(f"the provider could not be reached ({type(exc).__name__})") from None
        if response.status_code != 200:
            raise OidcError(f"the provider refused the code (HTTP {response.status_code})")
        try:
            token = response.json().get("id_token")
        except ValueError:
            token = None
        if not isinstance(token, str):
            raise OidcError("the provider's answer has no ID token")
        return token

    def _key(self, kid: str | None, alg: str) -> Any:
        with self._lock:
            key = self._keys.get(kid or "")
            if key is None:  # unknown key id: the provider may have rotated its keys, read them again once
                self._keys = self._read_keys()
                key = self._keys.get(kid or "")
                if key is None and kid is None and len(self._keys) == 1:
                    key = next(iter(self._keys.values()))
        if key is None:
            raise OidcError("the ID token is signed with a key the provider does not publish")
        if (alg == "RS256") != isinstance(key, rsa.RSAPublicKey):
            raise OidcError("the ID token's algorithm does not match its key")
        return key

    def _read_keys(self) -> dict[str, Any]:
        try:
            response = self.http.get(self.configuration()["jwks_uri"])
            response.raise_for_status()
            keys = response.json().get("keys", [])
        except (httpx.HTTPError, ValueError, AttributeError) as exc:
            raise OidcError(f"the provider's keys could not be read ({type(exc).__name__})") from None
        out: dict[str, Any] = {}
        for jwk in keys:
            if not isinstance(jwk, dict) or jwk.get("use", "sig") != "sig":
                continue
            try:
                if jwk.get("kty") == "RSA":
                    out[str(jwk.get("kid", ""))] = rsa.RSAPublicNumbers(_int(jwk["e"]), _int(jwk["n"])).public_key()
                elif jwk.get("kty") == "EC" and jwk.get("crv") == "P-256":
                    out[str(jwk.get("kid", ""))] = ec.EllipticCurvePublicNumbers(
                        _int(jwk["x"]), _int(jwk["y"]), ec.SECP256R1()).public_key()
            except (KeyError, ValueError):
                continue  # a malformed key is not one the token can be checked with
        return out

    def verify(self, id_token: str, nonce: str, now: float | None = None) -> dict[str, Any]:
        """The ID token's claims, if it is genuine, for this client, current and of this sign-in."""
        parts = id_token.split(".")
        if len(parts) != 3:
            raise OidcError("the ID token is not a signed JWT")
        try:
            header = orjson.loads(b64url_decode(parts[0]))
            claims = orjson.loads(b64url_decode(parts[1]))
            signature = b64url_decode(parts[2])
        except (ValueError, orjson.JSONDecodeError):
            raise OidcError("the ID token cannot be read") from None
        if not isinstance(header, dict) or not isinstance(claims, dict):
            raise OidcError("the ID token cannot be read")
        alg = header.get("alg")
        if alg not in ALGORITHMS:
            raise OidcError(f"the ID token's algorithm {alg!r} is not accepted (only {', '.join(ALGORITHMS)})")
        key = self._key(header.get("kid"), alg)
        signed = f"{parts[0]}.{parts[1]}".encode()
        try:
            if alg == "RS256":
                key.verify(signature, signed, padding.PKCS1v15(), hashes.SHA256())
            else:
                if len(signature) != 64:
                    raise OidcError("the ID token's signature is malformed")
                der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
                key.verify(der, signed, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            raise OidcError("the ID token's signature is not valid") from None
        check_claims(claims, issuer=self.issuer, client_id=self.client_id, nonce=nonce,
                     now=time.time() if now is None else now)
        return claims


def check_claims(claims: dict[str, Any], *, issuer: str, client_id: str, nonce: str, now: float) -> None:
    """OpenID Connect Core 1.0 §3.1.3.7, items 2-3, 9-11."""
    if claims.get("iss") != issuer:
        raise OidcError("the ID token comes from another issuer")
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if client_id not in audiences:
        raise OidcError("the ID token is for another client")
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise OidcError("the ID token has several audiences and this client is not its authorised party")
    exp, iat = claims.get("exp"), claims.get("iat")
    if not isinstance(exp, (int, float)) or exp + LEEWAY_SECONDS < now:
        raise OidcError("the ID token has expired")
    if not isinstance(iat, (int, float)) or iat - LEEWAY_SECONDS > now:
        raise OidcError("the ID token was issued in the future")
    if not isinstance(claims.get("nonce"), str) or not secrets.compare_digest(claims["nonce"], nonce):
        raise OidcError("the ID token is not of this sign-in (nonce)")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise OidcError("the ID token names no subject")
