"""What every route needs: the database, the knowledge base, the caller, and the audit log."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from sqlalchemy.engine import Connection, Engine

from xborder.kb import KnowledgeBase
from xborder.service.auth import Principal, PrincipalCache, RateLimiter, load_principal
from xborder.service.config import Settings
from xborder.service.db import AuditRecord, utcnow
from xborder.service.errors import ApiError
from xborder.service.group_commit import Call, GroupCommit, decide_alone, decide_together
from xborder.service.oidc import Provider
from xborder.service.totals import Answer


@dataclass(slots=True)
class Service:
    settings: Settings
    engine: Engine
    kb: KnowledgeBase
    principals: PrincipalCache
    limiter: RateLimiter
    oidc: Provider | None = None  # the OpenID provider people sign in with, if configured
    decisions: GroupCommit = field(init=False)  # single decide calls, a group per transaction

    def __post_init__(self) -> None:
        self.decisions = GroupCommit(self._decide_together, self._decide_alone, self.settings.threads)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    def _decide_together(self, org: str, calls: list[Call]) -> list[Answer]:
        with self.transaction() as conn:
            return decide_together(conn, org, self.kb, calls)

    def _decide_alone(self, call: Call) -> Answer:
        return decide_alone(self.transaction, self.kb, call)


# Both dependencies are `async def` on purpose: FastAPI runs a plain `def` dependency in the
# thread pool, a hand-over to a thread and back for each, which cost more than the work they do
# (a dictionary look-up; the database only when the token is not cached).
async def service(request: Request) -> Service:
    return request.app.state.service  # type: ignore[no-any-return]


async def caller(request: Request) -> Principal:
    """The authenticated account (401 without a valid bearer token; 429 over the rate limit)."""
    svc: Service = request.app.state.service
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "send an API token: Authorization: Bearer <token>", headers={"WWW-Authenticate": "Bearer"})
    token = token.strip()
    principal = svc.principals.get(token)
    if principal is None:
        with svc.engine.connect() as conn:
            principal = load_principal(conn, token)
        if principal is None:
            raise ApiError(401, "the API token is unknown or revoked", headers={"WWW-Authenticate": "Bearer"})
        svc.principals.put(token, principal)
    wait = svc.limiter.allow(principal.token_id)
    if wait:
        raise ApiError(429, "too many requests for this token; slow down", headers={"Retry-After": str(max(1, math.ceil(wait)))})
    request.state.account_id = principal.account_id
    return principal


def require(principal: Principal, org: str, permission: str) -> None:
    """404 for an organisation the caller is not in (its existence is not revealed), 403 for
    a member whose roles do not allow the action."""
    if not principal.member(org):
        raise ApiError(404, f"no organisation {org!r}")
    if not principal.may(org, permission):
        raise ApiError(403, f"your roles in {org!r} ({', '.join(sorted(principal.roles[org]))}) do not allow this")


def require_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise ApiError(403, "only the service administrator may do this")


def audit(conn: Connection, principal: Principal | int | None, org: str | None, action: str, resource: str,
          before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> None:
    """One audit record per write: who (a principal, or an account id before it has a token),
    what, when, before/after (ids, digests and states only)."""
    account_id = principal.account_id if isinstance(principal, Principal) else principal
    conn.execute(AuditRecord.__table__.insert().values(
        time=utcnow(), account_id=account_id, org_id=org, action=action,
        resource=resource, before=before, after=after))


def iso(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)  # SQLite hands back naive times; all are stored as UTC
    return value.isoformat()
