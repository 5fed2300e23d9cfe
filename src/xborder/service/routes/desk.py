"""The regulator's desk: zone lists published by a regulator, filings submitted by exporters
and reviewed (approved with a validity, or rejected with reasons), and the ledger of
transfers made from a zone."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from xborder import vocabulary
from xborder.datamap.models import ID_PATTERN
from xborder.service.auth import Principal
from xborder.service.context import Service, audit, caller, iso, require, service
from xborder.service.db import Filing, LedgerEntry, Org, ZoneList, utcnow
from xborder.service.errors import ApiError
from xborder.service.params import MAX_ROW, RowId
from xborder.service.routes.ledger import entries

router = APIRouter(prefix="/v1", tags=["regulator's desk"])


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ListEntry(_In):
    id: str = Field(pattern=ID_PATTERN, max_length=200)
    kind: Literal["negative", "white", "important-data", "other"] = "negative"
    description: str = Field(max_length=2000)
    categories: list[str] = Field(default_factory=list, max_length=200)


class ZoneListIn(_In):
    title: str = Field(min_length=1, max_length=300)
    effective: dt.date
    entries: list[ListEntry] = Field(max_length=5000)


class FilingIn(_In):
    zone: str = Field(pattern=ID_PATTERN, max_length=100)
    exporter: str = Field(pattern=ID_PATTERN, max_length=200, description="Entity id of the exporter filing")
    mechanism: str = Field(max_length=100, description="The safeguard the filing puts in place, e.g. cn.standard-contract")
    description: str | None = Field(None, max_length=2000)


class ApproveIn(_In):
    valid_until: dt.date | None = Field(None, description="Last day the approval holds; none: until revoked")
    on: dt.date | None = Field(None, description="The day of the decision (default today); it has effect from then")


class RejectIn(_In):
    reasons: list[str] = Field(min_length=1, max_length=50)
    on: dt.date | None = None


def _zone_owner(conn: Connection, zone: str) -> str | None:
    return conn.execute(select(ZoneList.regulator_org).where(ZoneList.zone == zone).limit(1)).scalar()


def _regulator(who: Principal, conn: Connection, zone: str, *, publishing: bool = False) -> str:
    """The caller's regulator organisation for this zone (404 if the caller regulates no such zone)."""
    owner = _zone_owner(conn, zone)
    mine = [o for o, roles in who.roles.items() if "regulator" in roles]
    if not mine:
        raise ApiError(403, "only a regulator may do this")
    if owner is not None and owner in mine:
        return owner
    if publishing and owner is None and mine:
        kinds = dict(conn.execute(select(Org.id, Org.kind).where(Org.id.in_(mine))).all())
        regulators = [o for o in mine if kinds.get(o) == "regulator"]
        if regulators:
            return sorted(regulators)[0]
        raise ApiError(403, "zone lists are published by a regulator organisation")
    raise ApiError(404, f"you regulate no zone {zone!r}")


def _filing_out(f: Filing) -> dict[str, Any]:
    return {"id": f.id, "org": f.org_id, "zone": f.zone, "exporter": f.exporter, "mechanism": f.mechanism,
            "description": f.description, "status": f.status, "submitted_at": iso(f.submitted_at),
            "decided_on": iso(f.decided_on), "valid_until": iso(f.valid_until), "reasons": f.reasons}


def _state(f: Filing) -> dict[str, Any]:
    return {"status": f.status, "decided_on": iso(f.decided_on), "valid_until": iso(f.valid_until),
            "reasons": f.reasons}


@router.get("/zones", summary="Zones with a published list, and their latest version")
def zones(who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    with svc.engine.connect() as conn:
        rows = conn.execute(select(ZoneList.zone, func.max(ZoneList.version)).group_by(ZoneList.zone)
                            .order_by(ZoneList.zone)).all()
    return {"zones": [{"zone": z, "version": v} for z, v in rows]}


@router.post("/zones/{zone}/lists", status_code=201, summary="Publish a new version of a zone's list (regulator)")
def publish(zone: str, body: ZoneListIn, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    if not vocabulary.is_zone(zone):
        raise ApiError(422, f"unknown zone {zone!r}", [{"field": "zone", "message": "not a zone of the knowledge base",
                                                       "suggestion": vocabulary.suggest(zone, sorted(vocabulary.zones()))}])
    with svc.transaction() as conn:
        org = _regulator(who, conn, zone, publishing=True)
        version = (conn.execute(select(func.max(ZoneList.version)).where(ZoneList.zone == zone)).scalar() or 0) + 1
        conn.execute(ZoneList.__table__.insert().values(
            zone=zone, version=version, regulator_org=org, title=body.title, effective=body.effective,
            entries=[e.model_dump() for e in body.entries], published_by=who.account_id, published_at=utcnow()))
        audit(conn, who, org, "zone_list.publish", f"zones/{zone}/lists/{version}", None,
              {"version": version, "effective": body.effective.isoformat(), "entries": len(body.entries)})
    return {"zone": zone, "version": version, "regulator": org}


@router.get("/zones/{zone}/lists", summary="Every published version of a zone's list (public to any account)")
def zone_lists(zone: str, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    with svc.engine.connect() as conn:
        rows = conn.execute(select(ZoneList).where(ZoneList.zone == zone).order_by(ZoneList.version)).all()
    if not rows:
        raise ApiError(404, f"no list published for zone {zone!r}")
    return {"zone": zone, "lists": [{"version": r.version, "regulator": r.regulator_org, "title": r.title,
                                     "effective": iso(r.effective), "published_at": iso(r.published_at),
                                     "entries": r.entries} for r in rows]}


@router.post("/orgs/{org}/filings", status_code=201, summary="Submit a filing to a zone's regulator (approver)")
def submit(org: str, body: FilingIn, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "file")
    if body.mechanism not in vocabulary.safeguards():
        raise ApiError(422, "unknown mechanism", [{"field": "mechanism", "message": f"unknown safeguard id {body.mechanism!r}",
                                                  "suggestion": vocabulary.suggest(body.mechanism, vocabulary.safeguards())}])
    with svc.transaction() as conn:
        if _zone_owner(conn, body.zone) is None:
            raise ApiError(422, "no regulator has published a list for this zone",
                           [{"field": "zone", "message": f"no regulator for zone {body.zone!r}", "suggestion": None}])
        filing_id = conn.execute(Filing.__table__.insert().values(
            org_id=org, zone=body.zone, exporter=body.exporter, mechanism=body.mechanism, description=body.description,
            status="submitted", submitted_by=who.account_id, submitted_at=utcnow(), reasons=[]
        ).returning(Filing.__table__.c.id)).scalar_one()
        audit(conn, who, org, "filing.submit", f"filings/{filing_id}", None, {"status": "submitted", "zone": body.zone})
        f = conn.execute(select(Filing).where(Filing.id == filing_id)).one()
        return _filing_out(f)


@router.get("/orgs/{org}/filings", summary="The organisation's filings")
def org_filings(org: str, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "read")
    with svc.engine.connect() as conn:
        rows = conn.execute(select(Filing).where(Filing.org_id == org).order_by(Filing.id)).all()
    return {"filings": [_filing_out(f) for f in rows]}


@router.get("/orgs/{org}/filings/{filing_id}", summary="One of the organisation's filings")
def org_filing(org: str, filing_id: RowId, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "read")
    with svc.engine.connect() as conn:
        f = conn.execute(select(Filing).where(Filing.id == filing_id)).first()
    if f is None or f.org_id != org:
        raise ApiError(404, f"no filing {filing_id} in {org!r}")
    return _filing_out(f)


@router.get("/zones/{zone}/filings", summary="Filings to a zone (its regulator)")
def zone_filings(zone: str, status: Literal["submitted", "approved", "rejected"] | None = Query(None),
                 who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    with svc.engine.connect() as conn:
        _regulator(who, conn, zone)
        query = select(Filing).where(Filing.zone == zone)
        if status:
            query = query.where(Filing.status == status)
        rows = conn.execute(query.order_by(Filing.id)).all()
    return {"filings": [_filing_out(f) for f in rows]}


def _review(zone: str, filing_id: int, who: Principal, svc: Service, values: dict[str, Any], action: str) -> dict[str, Any]:
    with svc.transaction() as conn:
        org = _regulator(who, conn, zone)
        f = conn.execute(select(Filing).where(Filing.id == filing_id)).first()
        if f is None or f.zone != zone:
            raise ApiError(404, f"no filing {filing_id} to zone {zone!r}")
        if f.status != "submitted":
            raise ApiError(409, f"filing {filing_id} was {f.status} already")
        before = _state(f)
        conn.execute(update(Filing).where(Filing.id == filing_id).values(decided_by=who.account_id, **values))
        f = conn.execute(select(Filing).where(Filing.id == filing_id)).one()
        audit(conn, who, org, action, f"filings/{filing_id}", before, _state(f))
        audit(conn, who, f.org_id, action, f"filings/{filing_id}", before, _state(f))
        return _filing_out(f)


@router.post("/zones/{zone}/filings/{filing_id}/approve", summary="Approve a filing, with its validity (regulator)")
def approve(zone: str, filing_id: RowId, body: ApproveIn, who: Principal = Depends(caller),
            svc: Service = Depends(service)) -> dict[str, Any]:
    on = body.on or dt.datetime.now(dt.UTC).date()
    if body.valid_until is not None and body.valid_until < on:
        raise ApiError(422, "the validity ends before the decision",
                       [{"field": "valid_until", "message": "must be on or after the day of the decision", "suggestion": None}])
    return _review(zone, filing_id, who, svc, {"status": "approved", "decided_on": on, "valid_until": body.valid_until},
                   "filing.approve")


@router.post("/zones/{zone}/filings/{filing_id}/reject", summary="Reject a filing, with reasons (regulator)")
def reject(zone: str, filing_id: RowId, body: RejectIn, who: Principal = Depends(caller),
           svc: Service = Depends(service)) -> dict[str, Any]:
    on = body.on or dt.datetime.now(dt.UTC).date()
    return _review(zone, filing_id, who, svc, {"status": "rejected", "decided_on": on, "reasons": body.reasons},
                   "filing.reject")


@router.get("/zones/{zone}/ledger", summary="Transfers recorded from exporters in the zone (its regulator)")
def zone_ledger(zone: str, after: int = Query(-1, ge=-1, le=MAX_ROW), limit: int = Query(100, ge=1, le=1000),
                who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    with svc.engine.connect() as conn:
        _regulator(who, conn, zone)
        return {"zone": zone, "entries": entries(conn, LedgerEntry.zone == zone, limit, after, proof=True)}
