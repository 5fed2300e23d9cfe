"""Scan reports: uploaded as `xborder scan --format json` writes them, kept per organisation.

The service does not run scans itself (reading a company's databases from an API server is
the scanner's job on the data's side, `xborder scan`); it keeps what was found. Masked
examples are removed on upload, so no fragment of a value is stored."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from xborder import taxonomy
from xborder.datamap.models import ID_PATTERN
from xborder.service.auth import Principal
from xborder.service.context import Service, audit, caller, iso, require, service
from xborder.service.db import ScanRecord, utcnow
from xborder.service.errors import ApiError
from xborder.service.params import RowId

router = APIRouter(prefix="/v1/orgs/{org}/scans", tags=["scans"])


class ScanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    report: dict[str, Any] = Field(description="The JSON of `xborder scan --format json`")
    map: str | None = Field(None, pattern=ID_PATTERN, max_length=64, description="The data map it informs")
    dataset: str | None = Field(None, pattern=ID_PATTERN, max_length=200, description="The dataset it describes")


def _problem(field: str, message: str) -> dict[str, Any]:
    return {"field": field, "message": message, "suggestion": None}


def checked_report(report: dict[str, Any]) -> dict[str, Any]:
    """The report's stable fields checked (docs/scanner.md), masked examples dropped."""
    problems = []
    if report.get("xborder_scan") != 1:
        problems.append(_problem("report.xborder_scan", "not a scan report of format 1 (`xborder scan --format json`)"))
    tables = report.get("tables")
    if not isinstance(tables, list):
        problems.append(_problem("report.tables", "must be a list of tables"))
        tables = []
    categories = taxonomy.data_categories()
    for i, table in enumerate(tables):
        where = f"report.tables[{i}]"
        if not isinstance(table, dict) or not isinstance(table.get("name"), str):
            problems.append(_problem(where, "a table is an object with a name"))
            continue
        for key in ("rows", "individuals"):
            if key in table and not (isinstance(table[key], int) and table[key] >= 0):
                problems.append(_problem(f"{where}.{key}", "must be a whole number >= 0"))
        for j, col in enumerate(table.get("columns") or []):
            for k, cat in enumerate((col or {}).get("categories") or []):
                if cat not in categories:
                    problems.append(_problem(f"{where}.columns[{j}].categories[{k}]", f"unknown data category {cat!r}"))
            for detector in (col or {}).get("detectors") or []:
                if isinstance(detector, dict):
                    detector.pop("examples", None)
    if problems:
        raise ApiError(422, f"{len(problems)} problem(s) in the scan report; nothing was saved", problems)
    return report


def _summary(r: Any, *, report: bool) -> dict[str, Any]:
    tables = r.report.get("tables", [])
    out = {"id": r.id, "uploaded_at": iso(r.uploaded_at), "map": r.map_name, "dataset": r.dataset,
           "source": r.report.get("source"), "as_of": r.report.get("as_of"),
           "tables": [{"name": t.get("name"), "rows": t.get("rows"), "individuals": t.get("individuals"),
                       "categories": sorted({c for col in t.get("columns") or [] for c in col.get("categories") or []})}
                      for t in tables]}
    if report:
        out["report"] = r.report
    return out


@router.post("", status_code=201, summary="Upload a scan report (editor)")
def upload(org: str, body: ScanIn, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "write_maps")
    report = checked_report(body.report)
    with svc.transaction() as conn:
        scan_id = conn.execute(ScanRecord.__table__.insert().values(
            org_id=org, uploaded_by=who.account_id, uploaded_at=utcnow(), map_name=body.map, dataset=body.dataset,
            report=report).returning(ScanRecord.__table__.c.id)).scalar_one()
        audit(conn, who, org, "scan.upload", f"orgs/{org}/scans/{scan_id}", None,
              {"tables": len(report.get("tables", [])), "map": body.map, "dataset": body.dataset})
        row = conn.execute(select(ScanRecord).where(ScanRecord.id == scan_id)).one()
    return _summary(row, report=False)


@router.get("", summary="The organisation's scan reports")
def list_scans(org: str, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "read")
    with svc.engine.connect() as conn:
        rows = conn.execute(select(ScanRecord).where(ScanRecord.org_id == org).order_by(ScanRecord.id)).all()
    return {"scans": [_summary(r, report=False) for r in rows]}


@router.get("/{scan_id}", summary="One scan report")
def get_scan(org: str, scan_id: RowId, who: Principal = Depends(caller), svc: Service = Depends(service)) -> dict[str, Any]:
    require(who, org, "read")
    with svc.engine.connect() as conn:
        row = conn.execute(select(ScanRecord).where(ScanRecord.id == scan_id)).first()
    if row is None or row.org_id != org:
        raise ApiError(404, f"no scan {scan_id} in {org!r}")
    return _summary(row, report=True)
