"""Data maps with revisions: every change a revision with author, time and a readable diff;
any revision can be assessed (as of any date) or compared with another."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Any

import orjson
from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from xborder.datamap.errors import MapError
from xborder.datamap.loader import load_map_text
from xborder.datamap.models import ID_PATTERN, DataMap
from xborder.engine import Assessment, assess_map
from xborder.kb.base import KnowledgeBaseError
from xborder.report.diff import diff_assessments
from xborder.report.json_out import write_json
from xborder.service.auth import Principal
from xborder.service.context import Service, audit, caller, iso, require, service
from xborder.service.db import Account, DataMapRecord, MapRevision, utcnow
from xborder.service.errors import ApiError
from xborder.service.mapdiff import map_diff
from xborder.service.params import MAX_ROW, RowId

router = APIRouter(prefix="/v1/orgs/{org}/maps", tags=["data maps"])


class MapIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    map: dict[str, Any] = Field(description="The data map (contract v1) as JSON")
    message: str | None = Field(None, max_length=500, description="What this revision changes, and why")


class NewMapIn(MapIn):
    name: str = Field(pattern=ID_PATTERN, max_length=64)


def validated(content: dict[str, Any]) -> DataMap:
    """The loader's own validation; every problem named by its field under `map`."""
    text = orjson.dumps(content, option=orjson.OPT_INDENT_2).decode()
    try:
        return load_map_text(text, "map")
    except MapError as exc:
        raise ApiError(422, f"{len(exc.problems)} problem(s) in the data map; nothing was saved", [
            {"field": f"map.{p.key}" if p.key != "(document)" else "map", "message": p.message,
             "suggestion": p.suggestion} for p in exc.problems]) from None


def _digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _record(conn: Any, org: str, name: str) -> Any:
    found = conn.execute(select(DataMapRecord).where(DataMapRecord.org_id == org, DataMapRecord.name == name)).first()
    if found is None:
        raise ApiError(404, f"no data map {name!r} in {org!r}")
    return found


def _revision(conn: Any, record: Any, number: int) -> Any:
    found = conn.execute(select(MapRevision.__table__, Account.name).join(Account, Account.id == MapRevision.author_id)
                         .where(MapRevision.map_id == record.id, MapRevision.number == number)).first()
    if found is None:
        raise ApiError(404, f"no revision {number} of {record.name!r}")
    return found, found.name


def _revision_out(rev: Any, author: str, *, content: bool) -> dict[str, Any]:
    out = {"number": rev.number, "author": author, "created_at": iso(rev.created_at), "message": rev.message,
           "sha256": _digest(rev.content), "diff": rev.diff}
    if content:
        out["map"] = rev.content
    return out


def _save(conn: Any, who: Principal, org: str, record_id: int, number: int, content: dict[str, Any],
          before: dict[str, Any] | None, message: str | None, name: str) -> dict[str, Any]:
    diff = map_diff(before, content)
    conn.execute(MapRevision.__table__.insert().values(
        map_id=record_id, number=number, author_id=who.account_id, created_at=utcnow(), message=message,
        content=content, diff=diff))
    conn.execute(update(DataMapRecord).where(DataMapRecord.id == record_id).values(head=number))
    audit(conn, who, org, "map.revise", f"orgs/{org}/maps/{name}",
          None if before is None else {"revision": number - 1, "sha256": _digest(before)},
          {"revision": number, "sha256": _digest(content)})
    return {"name": name, "revision": number, "diff": diff}


@router.post("", status_code=201, summary="Create a data map (its revision 1)")
def create_map(org: str, body: NewMapIn, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "write_maps")
    validated(body.map)
    try:
        with svc.transaction() as conn:
            record_id = conn.execute(DataMapRecord.__table__.insert().values(
                org_id=org, name=body.name, head=0, created_at=utcnow()).returning(DataMapRecord.__table__.c.id)).scalar_one()
            return _save(conn, who, org, record_id, 1, body.map, None, body.message, body.name)
    except IntegrityError:
        raise ApiError(409, f"a data map {body.name!r} exists already in {org!r}") from None


@router.get("", summary="The organisation's data maps")
def list_maps(org: str, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "read")
    with svc.engine.connect() as conn:
        rows = conn.execute(select(DataMapRecord.name, DataMapRecord.head, DataMapRecord.created_at)
                            .where(DataMapRecord.org_id == org).order_by(DataMapRecord.name)).all()
    return {"maps": [{"name": n, "revision": h, "created_at": iso(c)} for n, h, c in rows]}


@router.get("/{name}", summary="The latest revision of a data map")
def get_map(org: str, name: str, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "read")
    with svc.engine.connect() as conn:
        record = _record(conn, org, name)
        rev, author = _revision(conn, record, record.head)
    return {"name": name, **_revision_out(rev, author, content=True)}


@router.put("/{name}", summary="Save a new revision (refused with every problem named if invalid)")
def revise_map(org: str, name: str, body: MapIn, who: Principal = Depends(caller),
               svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "write_maps")
    validated(body.map)
    with svc.transaction() as conn:
        record = _record(conn, org, name)
        if conn.dialect.name == "postgresql":  # one new revision number at a time
            conn.execute(select(DataMapRecord.id).where(DataMapRecord.id == record.id).with_for_update())
            record = _record(conn, org, name)
        before, _ = _revision(conn, record, record.head)
        return _save(conn, who, org, record.id, record.head + 1, body.map, before.content, body.message, name)


@router.get("/{name}/revisions", summary="Every revision: author, time, message and diff")
def list_revisions(org: str, name: str, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "read")
    with svc.engine.connect() as conn:
        record = _record(conn, org, name)
        rows = conn.execute(select(MapRevision.__table__, Account.name).join(Account, Account.id == MapRevision.author_id)
                            .where(MapRevision.map_id == record.id).order_by(MapRevision.number)).all()
    return {"name": name, "revisions": [_revision_out(r, r.name, content=False) for r in rows]}


@router.get("/{name}/revisions/{number}", summary="One revision, with its map")
def get_revision(org: str, name: str, number: RowId, who: Principal = Depends(caller),
                 svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "read")
    with svc.engine.connect() as conn:
        rev, author = _revision(conn, _record(conn, org, name), number)
    return {"name": name, **_revision_out(rev, author, content=True)}


def _assess(svc: Service, content: dict[str, Any], as_of: dt.date | None) -> Assessment:
    try:
        return assess_map(validated(content), as_of=as_of, kb=svc.kb)
    except KnowledgeBaseError as exc:
        raise ApiError(422, f"the knowledge base cannot answer: {exc}") from None


@router.get("/{name}/revisions/{number}/assessment",
            summary="Assess a revision (the contract's JSON), as of its own date or `as_of`")
def assess_revision(org: str, name: str, number: RowId, as_of: dt.date | None = Query(None),
                    who: Principal = Depends(caller), svc: Service = Depends(service)) -> Response:
    require(who, org, "read")
    with svc.engine.connect() as conn:
        rev, _ = _revision(conn, _record(conn, org, name), number)
    out = io.BytesIO()
    write_json(_assess(svc, rev.content, as_of), out)
    return Response(out.getvalue(), media_type="application/json")


@router.get("/{name}/revisions/{number}/changes",
            summary="What the assessment of revision `number` changes against revision `against`")
def revision_changes(org: str, name: str, number: RowId, against: int = Query(..., ge=1, le=MAX_ROW),
                     as_of: dt.date | None = Query(None), who: Principal = Depends(caller),
                     svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "read")
    with svc.engine.connect() as conn:
        record = _record(conn, org, name)
        old, _ = _revision(conn, record, against)
        new, _ = _revision(conn, record, number)
    return diff_assessments(_assess(svc, old.content, as_of), _assess(svc, new.content, as_of)).as_dict()
