"""The decision API: may this transfer go now? One transfer, or a batch for pipelines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Header
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from xborder.kb.base import KnowledgeBaseError
from xborder.service.auth import Principal
from xborder.service.context import Service, caller, require, service
from xborder.service.db import ExporterYear
from xborder.service.decide import Transfer, transfer_problems
from xborder.service.errors import ApiError
from xborder.service.params import Year
from xborder.service.totals import Answer, Decider, remember, request_digest, stored_answer

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


def _run(svc: Service, org: str, transfers: list[Transfer], payload: Callable[[], Any], key: str | None,
         batch: bool) -> Answer:
    digest = request_digest(payload()) if key else ""  # the request as the idempotency record knows it
    for attempt in range(3):
        try:
            with svc.transaction() as conn:
                decider = Decider(conn, org, svc.kb)
                decider.lock(transfers)
                if key:
                    found = stored_answer(conn, org, key, digest)
                    if found is not None:
                        return found
                answers = decider.finish([decider.decide(t) for t in transfers])
                body = b'{"decisions":[' + b",".join(answers) + b"]}" if batch else answers[0]
                answer = Answer(200, body)
                if key:
                    remember(conn, org, key, digest, answer)
                return answer
        except IntegrityError:
            # the same idempotency key raced in from another exporter's lock: the other call won
            if not key or attempt == 2:
                raise
        except OperationalError:
            if attempt == 2:  # a deadlock or serialisation failure the database resolved by aborting us
                raise
    raise AssertionError("unreachable")


def _respond(answer: Answer) -> Response:
    return Response(answer.body, status_code=answer.status_code, media_type="application/json")


@router.post("/decide", summary="Decide one transfer: status, per-regime verdicts, what is missing, citations",
             response_description="The decision, the running totals, the ledger entry (if recorded) and the "
                                  "contract's flow object")
def decide_one(transfer: Transfer, who: Principal = Depends(caller), svc: Service = Depends(service),
               idempotency_key: str | None = IDEMPOTENCY, org: str | None = ORG) -> Response:
    org_id = _org(who, org)
    _check([transfer])
    try:
        return _respond(_run(svc, org_id, [transfer], lambda: transfer.model_dump(mode="json", by_alias=True),
                             idempotency_key, batch=False))
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
        return _respond(_run(svc, org_id, batch.transfers, lambda: batch.model_dump(mode="json", by_alias=True),
                             idempotency_key, batch=True))
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
