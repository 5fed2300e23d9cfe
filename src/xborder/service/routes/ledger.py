"""The ledger of recorded transfers (per organisation, with inclusion proofs), its signed
checkpoints, and the audit log of writes."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import orjson
from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlalchemy.engine import Connection

from xborder.ledger.note import Checkpoint, SigningKey, sign_checkpoint
from xborder.service.auth import Principal
from xborder.service.context import Service, audit, caller, iso, require, require_admin, service
from xborder.service.db import AuditRecord, LedgerEntry
from xborder.service.errors import ApiError
from xborder.service.ledger_store import ServiceLedger
from xborder.service.params import MAX_ROW, RowId

router = APIRouter(prefix="/v1", tags=["ledger and audit"])


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def entry_out(conn: Connection, row: Any, *, proof: bool) -> dict[str, Any]:
    store = ServiceLedger(conn)
    out = {"leaf_index": row.leaf_index, "org": row.org_id, "zone": row.zone, "exporter": row.exporter,
           "time": iso(row.time), "event": orjson.loads(store.leaf(row.leaf_index))}
    if proof:
        p = store.inclusion_proof(row.leaf_index)
        out["proof"] = {"leaf_index": p.leaf_index, "tree_size": p.tree_size, "leaf_hash": b64(p.leaf_hash),
                        "root_hash": b64(p.root_hash), "audit_path": [b64(h) for h in p.audit_path]}
    return out


def entries(conn: Connection, where: Any, limit: int, after: int, *, proof: bool = False) -> list[dict[str, Any]]:
    rows = conn.execute(select(LedgerEntry).where(where, LedgerEntry.leaf_index > after)
                        .order_by(LedgerEntry.leaf_index).limit(limit)).all()
    return [entry_out(conn, r, proof=proof) for r in rows]


@router.get("/orgs/{org}/ledger", summary="The organisation's recorded transfers (paged by leaf index)")
def org_ledger(org: str, after: int = Query(-1, ge=-1, le=MAX_ROW), limit: int = Query(100, ge=1, le=1000),
               who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "read_ledger")
    with svc.engine.connect() as conn:
        return {"entries": entries(conn, LedgerEntry.org_id == org, limit, after)}


@router.get("/orgs/{org}/ledger/{leaf_index}", summary="One recorded transfer with its inclusion proof")
def org_entry(org: str, leaf_index: RowId, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "read_ledger")
    with svc.engine.connect() as conn:
        row = conn.execute(select(LedgerEntry).where(LedgerEntry.leaf_index == leaf_index)).first()
        if row is None or row.org_id != org:
            raise ApiError(404, f"no ledger entry {leaf_index} in {org!r}")
        return entry_out(conn, row, proof=True)


@router.get("/ledger", summary="The log's public facts: origin, verifier key, size, root, latest checkpoint")
def ledger_head(who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    with svc.engine.connect() as conn:
        store = ServiceLedger(conn)
        latest = store.latest_checkpoint()
        return {"origin": store.get_meta("origin"), "log_key": store.get_meta("log_key"), "size": store.size(),
                "root_hash": b64(store.root()), "checkpoint": latest.note if latest else None}


@router.post("/ledger/checkpoints", status_code=201, summary="Sign a checkpoint of the log (service administrator)")
def checkpoint(who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require_admin(who)
    path = svc.settings.log_key
    if not path or not Path(path).exists():
        raise ApiError(409, "this service holds no log signing key (start it with --log-key)")
    key = SigningKey.parse(Path(path).read_text())
    with svc.transaction() as conn:
        store = ServiceLedger(conn)
        size = store.size()
        note = sign_checkpoint(Checkpoint(store.origin, size, store.root(size)), key)
        stored = store.add_checkpoint(note)
        audit(conn, who, None, "ledger.checkpoint", f"ledger/checkpoints/{size}", None,
              {"size": size, "root_hash": b64(stored.root)})
    return {"size": stored.size, "root_hash": b64(stored.root), "note": stored.note}


@router.get("/orgs/{org}/audit", summary="The audit log of the organisation's writes")
def audit_log(org: str, after: int = Query(0, ge=0, le=MAX_ROW), limit: int = Query(100, ge=1, le=1000),
              who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "read_audit")
    with svc.engine.connect() as conn:
        rows = conn.execute(select(AuditRecord).where(AuditRecord.org_id == org, AuditRecord.id > after)
                            .order_by(AuditRecord.id).limit(limit)).all()
    return {"records": [{"id": r.id, "time": iso(r.time), "account": r.account_id, "action": r.action,
                         "resource": r.resource, "before": r.before, "after": r.after} for r in rows]}
