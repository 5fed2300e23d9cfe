"""Evidence requests: a government's demand for data, planned by the evidence module (who
compels, what bars, which channel lifts every bar, the time line), kept per organisation
and planned again as of any date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from xborder.evidence.standalone import RequestSpec, RequestSpecError, plan_request
from xborder.kb.base import KnowledgeBaseError
from xborder.service.auth import Principal
from xborder.service.context import Service, audit, caller, iso, require, service
from xborder.service.db import EvidenceRequestRecord, utcnow
from xborder.service.errors import ApiError
from xborder.service.params import RowId

router = APIRouter(prefix="/v1/orgs/{org}/evidence-requests", tags=["evidence requests"])


class EvidenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    request: RequestSpec = Field(description="As `xborder evidence plan --request file.yaml` reads it")
    as_of: dt.date | None = Field(None, description="Default: today (UTC)")


def _plan(svc: Service, spec: RequestSpec, on: dt.date) -> dict[str, Any]:
    try:
        return plan_request(spec, on, svc.kb)
    except RequestSpecError as exc:
        field, _, message = str(exc).partition(": ")
        raise ApiError(422, "the request cannot be planned",
                       [{"field": f"request.{field}", "message": message or str(exc), "suggestion": None}]) from None
    except KnowledgeBaseError as exc:
        raise ApiError(422, f"the knowledge base cannot answer: {exc}") from None


def _out(r: Any, plan: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"id": r.id, "created_at": iso(r.created_at), "as_of": iso(r.as_of), "request": r.spec,
            "plan": plan if plan is not None else r.plan}


@router.post("", status_code=201, summary="Plan an evidence request and keep it (editor)")
def create(org: str, body: EvidenceIn, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "write_maps")
    on = body.as_of or dt.datetime.now(dt.UTC).date()
    plan = _plan(svc, body.request, on)
    spec = body.request.model_dump(mode="json", exclude_none=True)
    with svc.transaction() as conn:
        rid = conn.execute(EvidenceRequestRecord.__table__.insert().values(
            org_id=org, created_by=who.account_id, created_at=utcnow(), as_of=on, spec=spec, plan=plan
        ).returning(EvidenceRequestRecord.__table__.c.id)).scalar_one()
        audit(conn, who, org, "evidence_request.create", f"orgs/{org}/evidence-requests/{rid}", None,
              {"as_of": on.isoformat(), "recommended_channel": plan.get("recommended_channel")})
        row = conn.execute(select(EvidenceRequestRecord).where(EvidenceRequestRecord.id == rid)).one()
    return _out(row)


@router.get("", summary="The organisation's evidence requests")
def list_requests(org: str, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "read")
    with svc.engine.connect() as conn:
        rows = conn.execute(select(EvidenceRequestRecord).where(EvidenceRequestRecord.org_id == org)
                            .order_by(EvidenceRequestRecord.id)).all()
    return {"requests": [{"id": r.id, "created_at": iso(r.created_at), "as_of": iso(r.as_of),
                          "recommended_channel": r.plan.get("recommended_channel"), "conflict": r.plan.get("conflict")}
                         for r in rows]}


@router.get("/{request_id}", summary="One evidence request with its plan; `as_of` plans it again as of that date")
def get_request(org: str, request_id: RowId, as_of: dt.date | None = Query(None), who: Principal = Depends(caller),
                svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "read")
    with svc.engine.connect() as conn:
        row = conn.execute(select(EvidenceRequestRecord).where(EvidenceRequestRecord.id == request_id)).first()
    if row is None or row.org_id != org:
        raise ApiError(404, f"no evidence request {request_id} in {org!r}")
    if as_of is None:
        return _out(row)
    return {**_out(row, _plan(svc, RequestSpec.model_validate(row.spec), as_of)), "as_of": as_of.isoformat()}
