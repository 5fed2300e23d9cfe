"""API tokens, accounts and roles per organisation.

A token is 32 random bytes shown once; the database keeps only its SHA-256 (a random
token needs no slow hash: there is nothing to guess). Roles are per organisation; the
service administrator (the bootstrap account) manages organisations and accounts but
reads no organisation's data unless it is also a member.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Connection

from xborder.service.db import Account, Membership, Token, utcnow

ROLES = ("viewer", "editor", "approver", "regulator", "auditor", "admin")
TOKEN_PREFIX = "xbt_"

# What each role may do in its organisation. `admin` manages the organisation's members.
PERMISSIONS: dict[str, frozenset[str]] = {
    "read": frozenset({"viewer", "editor", "approver", "auditor", "admin"}),
    "write_maps": frozenset({"editor", "admin"}),
    "decide": frozenset({"editor", "admin"}),
    "file": frozenset({"approver", "admin"}),
    "read_ledger": frozenset({"approver", "auditor", "admin"}),
    "read_audit": frozenset({"auditor", "admin"}),
    "manage_members": frozenset({"admin"}),
    "regulate": frozenset({"regulator"}),
}


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Principal:
    account_id: int
    name: str
    is_admin: bool
    token_id: int
    roles: dict[str, frozenset[str]] = field(default_factory=dict)  # org id -> roles

    def member(self, org: str) -> bool:
        return org in self.roles

    def may(self, org: str, permission: str) -> bool:
        return not PERMISSIONS[permission].isdisjoint(self.roles.get(org, ()))


def issue_token(conn: Connection, account_id: int, label: str | None = None,
                expires_at: dt.datetime | None = None) -> tuple[int, str]:
    """A new token for the account: (its id, the token, to be shown once)."""
    token = new_token()
    row = conn.execute(Token.__table__.insert().values(
        account_id=account_id, digest=digest(token), prefix=token[: len(TOKEN_PREFIX) + 4], label=label,
        created_at=utcnow(), expires_at=expires_at).returning(Token.__table__.c.id)).scalar_one()
    return int(row), token


def _expired(expires_at: dt.datetime | None) -> bool:
    if expires_at is None:
        return False
    if expires_at.tzinfo is None:  # SQLite hands back naive times; all are stored as UTC
        expires_at = expires_at.replace(tzinfo=dt.UTC)
    return expires_at <= dt.datetime.now(dt.UTC)


def load_principal(conn: Connection, token: str) -> Principal | None:
    """The account of a live token (None if unknown, revoked or expired)."""
    found = conn.execute(
        select(Token.id, Token.revoked_at, Account.id, Account.name, Account.is_admin, Token.expires_at)
        .join(Account, Account.id == Token.account_id).where(Token.digest == digest(token))).first()
    if found is None or found[1] is not None or _expired(found[5]):
        return None
    token_id, _, account_id, name, is_admin, _ = found
    roles: dict[str, set[str]] = {}
    for org, role in conn.execute(select(Membership.org_id, Membership.role).where(Membership.account_id == account_id)):
        roles.setdefault(org, set()).add(role)
    return Principal(account_id, name, bool(is_admin), int(token_id), {o: frozenset(r) for o, r in roles.items()})


class PrincipalCache:
    """Looked-up tokens for a few seconds, so a hot pipeline is not one extra query per call."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._items: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Principal | None:
        if self.seconds <= 0:
            return None
        with self._lock:
            found = self._items.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, key: str, principal: Principal) -> None:
        if self.seconds > 0:
            with self._lock:
                if len(self._items) > 10_000:
                    self._items.clear()
                self._items[key] = (time.monotonic() + self.seconds, principal)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class RateLimiter:
    """A token bucket per API token, in this process (each worker limits on its own)."""

    def __init__(self, per_second: float, burst: int) -> None:
        self.per_second, self.burst = per_second, burst
        self._buckets: dict[int, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: int) -> float:
        """0.0 if allowed, else the seconds to wait."""
        if self.per_second <= 0:
            return 0.0
        now = time.monotonic()
        with self._lock:
            level, last = self._buckets.get(key, (float(self.burst), now))
            level = min(float(self.burst), level + (now - last) * self.per_second)
            if level >= 1.0:
                self._buckets[key] = (level - 1.0, now)
                return 0.0
            self._buckets[key] = (level, now)
            return (1.0 - level) / self.per_second


def create_account(conn: Connection, name: str, *, is_admin: bool = False, oidc_subject: str | None = None) -> int:
    return int(conn.execute(Account.__table__.insert().values(
        name=name, is_admin=is_admin, oidc_subject=oidc_subject, created_at=utcnow())
        .returning(Account.__table__.c.id)).scalar_one())


def account_of_subject(conn: Connection, subject: str) -> int | None:
    """The account an administrator linked to this OpenID Connect subject, if any."""
    found = conn.execute(select(Account.id).where(Account.oidc_subject == subject)).scalar_one_or_none()
    return None if found is None else int(found)
