"""The decision API: may this transfer go now? One transfer, or a batch for pipelines."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Header
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from xborder.kb.base import KnowledgeBaseError
from xborder.service.auth import Principal
from xborder.service.context import Service, caller, require, service
from xborder.service.db import ExporterYear
from xborder.service.decide import Transfer, transfer_problems
from xborder.service.errors import ApiError
from xborder.service.params import Year
from xborder.service.group_commit import Call, decide_alone
from xborder.service.totals import Answer, request_digest

router = APIRouter(prefix="/v1", tags=["decisions"])

IDEMPOTENCY = Header(None, alias="Idempotency-Key", max_length=200,
                     description="A retried call with the same key and body is answered as before and not counted twice")
ORG = Header(None, alias="X-Xborder-Org", max_length=64,
             description="The organisation deciding (needed only when the token has the editor role in several)")


class Batch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    transfers: list[Transfer] = Field(min_length=1, description="Decided in order; totals carry from one to the next")


def _org(who: Principal, org: str | None) -> str:
    if org is not None:
        require(who, org, "decide")
        return org
    mine = [o for o in who.roles if who.may(o, "decide")]
    if len(mine) == 1:
        return mine[0]
    if not mine:
        raise ApiError(403, "this token may not decide transfers in any organisation (needs editor or admin)")
    raise ApiError(422, "this token decides for several organisations: name one in the X-Xborder-Org header",
                   [{"field": "X-Xborder-Org", "message": f"one of: {', '.join(sorted(mine))}", "suggestion": None}])


def _check(transfers: list[Transfer]) -> None:
    problems = []
    for i, t in enumerate(transfers):
        prefix = f"transfers[{i}]." if len(transfers) > 1 or i else ""
        problems += [{**p.as_dict(), "field": prefix + p.field} for p in transfer_problems(t)]
    if problems:
        raise ApiError(422, f"{len(problems)} problem(s) in the request; nothing was decided", problems)


def _respond(answer: Answer) -> Response:
    return Response(answer.body, status_code=answer.status_code, media_type="application/json")


@router.post("/decide", summary="Decide one transfer: status, per-regime verdicts, what is missing, citations",
             response_description="The decision, the running totals, the ledger entry (if recorded) and the "
                                  "contract's flow object")
async def decide_one(transfer: Transfer, who: Principal = Depends(caller), svc: Service = Depends(service),
                     idempotency_key: str | None = IDEMPOTENCY, org: str | None = ORG) -> Response:
    # async: the call waits for its group's transaction (service.group_commit) on the event
    # loop, not in a thread of its own
    org_id = _org(who, org)
    _check([transfer])
    digest = request_digest(transfer.model_dump(mode="json", by_alias=True)) if idempotency_key else ""
    try:
        return _respond(await svc.decisions.decide(Call(org_id, (transfer,), idempotency_key, digest)))
    except KnowledgeBaseError as exc:
        raise ApiError(422, f"the knowledge base cannot answer: {exc}") from None


@router.post("/decide/batch", summary="Decide several transfers in order, in one transaction")
def decide_batch(batch: Batch, who: Principal = Depends(caller), svc: Service = Depends(service),
                 idempotency_key: str | None = IDEMPOTENCY, org: str | None = ORG) -> Response:
    org_id = _org(who, org)
    if len(batch.transfers) > svc.settings.max_batch:
        raise ApiError(413, f"at most {svc.settings.max_batch} transfers per batch")
    _check(batch.transfers)
    try:
        digest = request_digest(batch.model_dump(mode="json", by_alias=True)) if idempotency_key else ""
        # a batch is one transaction already: decided at once, in this request's thread
        return _respond(decide_alone(svc.transaction, svc.kb,
                                     Call(org_id, tuple(batch.transfers), idempotency_key, digest, batch=True)))
    except KnowledgeBaseError as exc:
        raise ApiError(422, f"the knowledge base cannot answer: {exc}") from None


@router.get("/orgs/{org}/totals/{exporter}/{year}", summary="An exporter's running total in a calendar year")
def totals(org: str, exporter: str, year: Year, who: Principal = Depends(caller),
           svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "read")
    with svc.engine.connect() as conn:
        row = conn.execute(select(ExporterYear.individuals, ExporterYear.decisions, ExporterYear.items).where(
            ExporterYear.org_id == org, ExporterYear.exporter == exporter, ExporterYear.year == year)).first()
    if row is None:
        return {"exporter": exporter, "year": year, "individuals": 0, "decisions": 0, "datasets": []}
    return {"exporter": exporter, "year": year, "individuals": int(row[0]), "decisions": int(row[1]),
            "datasets": [{"key": k, "id": v["dataset"]["id"], "from": v["from"],
                          "to": sorted({x["to"] for x in v["sends"]}),
                          "importers": sorted({x["importer"]["id"] for x in v["sends"]}),
                          "individuals": sum(s.get("count", 0) for s in v["dataset"].get("subjects", []))}
                         for k, v in sorted((row[2] or {}).items())]}
