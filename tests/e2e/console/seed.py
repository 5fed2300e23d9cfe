"""The bundled example organisation, set up through the API itself: organisation `acme`
with the data map of examples/ecommerce.yaml, a regulator `gba-office` that has published a
list for the zone cn-gba, and one filing by platform-cn waiting on the regulator's desk.
Used by the console's browser tests and by benchmarks/bench_console.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from xborder.datamap.yaml_source import parse_fast

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "ecommerce.yaml"
ZONE = "cn-gba"


@dataclass
class Seeded:
    org: str
    map_name: str
    zone: str
    editor: str  # tokens
    regulator: str
    filing_id: int


def _ok(response: Any, status: int = 201) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return response.json()  # type: ignore[no-any-return]


def seed(client: Any, admin_token: str) -> Seeded:
    """`client`: an httpx.Client or FastAPI TestClient pointed at the service."""
    admin = {"Authorization": f"Bearer {admin_token}"}
    _ok(client.post("/v1/orgs", headers=admin, json={"id": "acme", "name": "Acme Group"}))
    _ok(client.post("/v1/orgs", headers=admin, json={"id": "gba-office", "name": "GBA data office", "kind": "regulator"}))
    editor = _ok(client.post("/v1/accounts", headers=admin, json={
        "name": "dpo", "memberships": [{"org": "acme", "roles": ["editor", "approver", "auditor"]}]}))["token"]
    regulator = _ok(client.post("/v1/accounts", headers=admin, json={
        "name": "officer", "memberships": [{"org": "gba-office", "roles": ["regulator"]}]}))["token"]
    content = parse_fast(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    content = orjson.loads(orjson.dumps(content))  # dates as strings, as the API stores them
    as_editor = {"Authorization": f"Bearer {editor}"}
    _ok(client.post("/v1/orgs/acme/maps", headers=as_editor,
                    json={"name": "ecommerce", "map": content, "message": "the bundled example"}))
    as_regulator = {"Authorization": f"Bearer {regulator}"}
    _ok(client.post(f"/v1/zones/{ZONE}/lists", headers=as_regulator, json={
        "title": "Example list of the zone (test data)", "effective": "2024-01-01",
        "entries": [{"id": "example-entry", "kind": "white", "description": "test entry, not a published list",
                     "categories": ["user.contact"]}]}))
    filing = _ok(client.post("/v1/orgs/acme/filings", headers=as_editor, json={
        "zone": ZONE, "exporter": "platform-cn", "mechanism": "cn.standard-contract",
        "description": "standard contract with the US analytics firm"}))
    return Seeded("acme", "ecommerce", ZONE, editor, regulator, int(filing["id"]))


def record_transfer(client: Any, token: str, admin_token: str | None = None) -> None:
    """One allowed transfer recorded in the ledger (for the ledger pages); with the
    administrator's token, a signed checkpoint of the log after it."""
    r = client.post("/v1/decide", headers={"Authorization": f"Bearer {token}"}, json={
        "id": "eu-customers-to-crm", "exporter": {"id": "seller-de", "country": "DE"},
        "importer": {"id": "crm-us", "country": "US", "certifications": ["eu-us-dpf"]},
        "categories": ["user.name", "user.contact.email"], "subjects": [{"residence": "DE", "kind": "customer", "count": 10}],
        "purpose": "marketing", "as_of": "2026-06-01", "record": True})
    assert r.status_code == 200, r.text
    if admin_token:
        _ok(client.post("/v1/ledger/checkpoints", headers={"Authorization": f"Bearer {admin_token}"}))
