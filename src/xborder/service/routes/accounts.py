"""Organisations, accounts, tokens and roles."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from xborder.datamap.models import ID_PATTERN
from xborder.service.auth import ROLES, Principal, create_account, issue_token
from xborder.service.context import Service, audit, caller, iso, require, require_admin, service
from xborder.service.db import Account, Membership, Org, Token, utcnow
from xborder.service.errors import ApiError
from xborder.service.params import RowId

router = APIRouter(prefix="/v1", tags=["organisations and accounts"])

Role = Literal["viewer", "editor", "approver", "regulator", "auditor", "admin"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrgIn(_In):
    id: str = Field(pattern=ID_PATTERN, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["company", "regulator"] = "company"


class MembershipIn(_In):
    org: str = Field(pattern=ID_PATTERN, max_length=64)
    roles: list[Role] = Field(min_length=1, max_length=len(ROLES))


class AccountIn(_In):
    name: str = Field(pattern=r"^[A-Za-z0-9._@-]{1,200}$", description="Login name (no spaces)")
    memberships: list[MembershipIn] = Field(default_factory=list, max_length=100)
    oidc_subject: str | None = Field(None, min_length=1, max_length=300,
                                     description="The person's `sub` at the service's OpenID provider: signing in "
                                                 "through the provider then opens a console session as this account")


class TokenIn(_In):
    label: str | None = Field(None, max_length=200)


class RolesIn(_In):
    roles: list[Role] = Field(max_length=len(ROLES), description="Empty: remove the account from the organisation")


@router.get("/me", summary="Who the token belongs to, and its roles per organisation")
def me(who: Principal = Depends(caller)) -> dict[str, Any]:
    return {"account": {"id": who.account_id, "name": who.name, "service_admin": who.is_admin},
            "roles": {org: sorted(roles) for org, roles in sorted(who.roles.items())}}


@router.post("/orgs", status_code=201, summary="Create an organisation (service administrator)")
def create_org(body: OrgIn, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require_admin(who)
    try:
        with svc.transaction() as conn:
            conn.execute(Org.__table__.insert().values(id=body.id, name=body.name, kind=body.kind, created_at=utcnow()))
            audit(conn, who, body.id, "org.create", f"orgs/{body.id}", None, body.model_dump())
    except IntegrityError:
        raise ApiError(409, f"organisation {body.id!r} exists already") from None
    return body.model_dump()


@router.get("/orgs", summary="The organisations the caller belongs to (all, for the administrator)")
def list_orgs(who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    with svc.engine.connect() as conn:
        rows = conn.execute(select(Org.id, Org.name, Org.kind).order_by(Org.id)).all()
    return {"orgs": [{"id": i, "name": n, "kind": k} for i, n, k in rows if who.is_admin or who.member(i)]}


def _set_roles(conn: Any, account_id: int, org: str, roles: list[str]) -> None:
    conn.execute(delete(Membership).where(Membership.account_id == account_id, Membership.org_id == org))
    for role in dict.fromkeys(roles):
        conn.execute(Membership.__table__.insert().values(account_id=account_id, org_id=org, role=role))


@router.post("/accounts", status_code=201,
             summary="Create an account with roles and its first token, shown once (service administrator)")
def create(body: AccountIn, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require_admin(who)
    try:
        with svc.transaction() as conn:
            known = set(conn.execute(select(Org.id)).scalars())
            missing = [m.org for m in body.memberships if m.org not in known]
            if missing:
                raise ApiError(422, "unknown organisation(s)", [
                    {"field": f"memberships[{i}].org", "message": f"no organisation {m.org!r}", "suggestion": None}
                    for i, m in enumerate(body.memberships) if m.org in missing])
            account_id = create_account(conn, body.name, oidc_subject=body.oidc_subject)
            for m in body.memberships:
                _set_roles(conn, account_id, m.org, list(m.roles))
            token_id, token = issue_token(conn, account_id, "first token")
            audit(conn, who, None, "account.create", f"accounts/{account_id}", None,
                  {"name": body.name, "memberships": [m.model_dump() for m in body.memberships], "token_id": token_id,
                   "oidc_linked": body.oidc_subject is not None})
    except IntegrityError:
        raise ApiError(409, f"an account named {body.name!r}, or one linked to that OpenID subject, exists already") from None
    return {"id": account_id, "name": body.name, "token": token, "token_id": token_id,
            "note": "the token is shown once; the service keeps only its hash"}


@router.put("/orgs/{org}/members/{account_id}", summary="Set an account's roles in an organisation")
def set_roles(org: str, account_id: RowId, body: RolesIn, who: Principal = Depends(caller),
              svc: Service = Depends(service)) -> dict[str, Any]:
    if not who.is_admin:
        require(who, org, "manage_members")
    with svc.transaction() as conn:
        if conn.execute(select(Org.id).where(Org.id == org)).first() is None:
            raise ApiError(404, f"no organisation {org!r}")
        if conn.execute(select(Account.id).where(Account.id == account_id)).first() is None:
            raise ApiError(404, f"no account {account_id}")
        before = sorted(conn.execute(select(Membership.role).where(
            Membership.account_id == account_id, Membership.org_id == org)).scalars())
        _set_roles(conn, account_id, org, list(body.roles))
        audit(conn, who, org, "member.roles", f"orgs/{org}/members/{account_id}", {"roles": before},
              {"roles": sorted(set(body.roles))})
    svc.principals.clear()
    return {"org": org, "account": account_id, "roles": sorted(set(body.roles))}


@router.post("/accounts/{account_id}/tokens", status_code=201,
             summary="A new token for an account, shown once (the account itself or the administrator)")
def add_token(account_id: RowId, body: TokenIn, who: Principal = Depends(caller),
              svc: Service = Depends(service)) -> dict[str, Any]:
    if who.account_id != account_id:
        require_admin(who)
    with svc.transaction() as conn:
        if conn.execute(select(Account.id).where(Account.id == account_id)).first() is None:
            raise ApiError(404, f"no account {account_id}")
        token_id, token = issue_token(conn, account_id, body.label)
        audit(conn, who, None, "token.create", f"tokens/{token_id}", None, {"account": account_id, "label": body.label})
    return {"token_id": token_id, "token": token, "note": "the token is shown once; the service keeps only its hash"}


@router.get("/accounts/{account_id}/tokens", summary="An account's tokens (never the tokens themselves)")
def list_tokens(account_id: RowId, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    if who.account_id != account_id:
        require_admin(who)
    with svc.engine.connect() as conn:
        rows = conn.execute(select(Token.id, Token.label, Token.created_at, Token.revoked_at, Token.expires_at)
                            .where(Token.account_id == account_id).order_by(Token.id)).all()
    return {"tokens": [{"id": i, "label": lab, "created_at": iso(c), "revoked_at": iso(r), "expires_at": iso(e)}
                       for i, lab, c, r, e in rows]}


@router.delete("/tokens/{token_id}", summary="Revoke a token (its owner or the administrator)")
def revoke(token_id: RowId, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    with svc.transaction() as conn:
        row = conn.execute(select(Token.account_id, Token.revoked_at).where(Token.id == token_id)).first()
        if row is None or (row[0] != who.account_id and not who.is_admin):
            raise ApiError(404, f"no token {token_id}")
        when = utcnow()
        conn.execute(update(Token).where(Token.id == token_id).values(revoked_at=row[1] or when))
        audit(conn, who, None, "token.revoke", f"tokens/{token_id}", {"revoked": row[1] is not None}, {"revoked": True})
    svc.principals.clear()
    return {"id": token_id, "revoked": True}
