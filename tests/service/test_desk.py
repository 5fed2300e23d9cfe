"""The regulator's desk: zone lists, filings reviewed with validity or reasons, their effect on
decisions from the day decided, and the ledger of transfers from the zone, verifiable."""

from __future__ import annotations

import base64

import pytest
from click.testing import CliRunner

from tests.service.conftest import TRANSFER, Api
from tests.service.test_security import ZONE
from xborder.cli.main import cli
from xborder.ledger.verify import verify_inclusion


def test_a_filing_from_submission_to_its_effect_on_decisions(api: Api, acme: dict) -> None:
    api.org("regulator-lingang", kind="regulator")
    officer = api.account("officer", {"regulator-lingang": ["regulator"]})
    r = api.client.post(f"/v1/zones/{ZONE}/lists", headers=officer, json={
        "title": "Lingang data list", "effective": "2026-01-01",
        "entries": [{"id": "auto-parts", "kind": "negative", "description": "vehicle data", "categories": []}]})
    assert r.status_code == 201 and r.json()["version"] == 1
    assert api.client.get("/v1/zones", headers=acme["viewer"]).json()["zones"] == [{"zone": ZONE, "version": 1}]
    lists = api.client.get(f"/v1/zones/{ZONE}/lists", headers=acme["viewer"]).json()["lists"]
    assert lists[0]["entries"][0]["id"] == "auto-parts"

    exporter = {"id": "shop-lg", "country": "CN", "zone": ZONE}
    big = {**TRANSFER, "exporter": exporter, "subjects": [{"residence": "CN", "count": 150000}], "dry_run": True}
    editor = acme["editor"]
    assert api.client.post("/v1/decide", headers=editor, json=big).json()["decision"] == "refused"

    filing = api.client.post("/v1/orgs/acme/filings", headers=acme["approver"], json={
        "zone": ZONE, "exporter": "shop-lg", "mechanism": "cn.standard-contract"}).json()
    assert filing["status"] == "submitted"
    pending = api.client.get(f"/v1/zones/{ZONE}/filings", params={"status": "submitted"}, headers=officer).json()
    assert [f["id"] for f in pending["filings"]] == [filing["id"]]
    r = api.client.post(f"/v1/zones/{ZONE}/filings/{filing['id']}/approve", headers=officer,
                        json={"on": "2026-05-01", "valid_until": "2026-12-31"})
    assert r.status_code == 200 and r.json()["status"] == "approved"
    again = api.client.post(f"/v1/zones/{ZONE}/filings/{filing['id']}/reject", headers=officer, json={"reasons": ["x"]})
    assert again.status_code == 409

    # in force from the day decided until it lapses
    before = api.client.post("/v1/decide", headers=editor, json={**big, "as_of": "2026-04-30"}).json()
    during = api.client.post("/v1/decide", headers=editor, json={**big, "as_of": "2026-06-01"}).json()
    after = api.client.post("/v1/decide", headers=editor, json={**big, "as_of": "2027-01-05"}).json()
    assert before["decision"] == "refused" and before["filed_safeguards"] == []
    assert during["decision"] == "allowed" and during["filed_safeguards"] == ["cn.standard-contract"]
    assert after["decision"] == "refused"

    # a rejected filing puts nothing in place, and says why
    second = api.client.post("/v1/orgs/acme/filings", headers=acme["approver"], json={
        "zone": ZONE, "exporter": "shop-other", "mechanism": "cn.certification"}).json()
    rejected = api.client.post(f"/v1/zones/{ZONE}/filings/{second['id']}/reject", headers=officer,
                               json={"reasons": ["the certificate was not attached"]}).json()
    assert rejected["status"] == "rejected" and rejected["reasons"] == ["the certificate was not attached"]
    mine = api.client.get(f"/v1/orgs/acme/filings/{second['id']}", headers=acme["viewer"]).json()
    assert mine["reasons"] == ["the certificate was not attached"]

    # the zone's ledger: recorded transfers from exporters in the zone, each with a proof
    recorded = api.client.post("/v1/decide", headers=editor, json={**big, "dry_run": False, "record": True,
                                                                   "as_of": "2026-06-01"}).json()
    api.client.post("/v1/decide", headers=editor, json={**TRANSFER, "record": True})  # not in the zone
    entries = api.client.get(f"/v1/zones/{ZONE}/ledger", headers=officer).json()["entries"]
    assert [e["leaf_index"] for e in entries] == [recorded["ledger"]["leaf_index"]]
    p = entries[0]["proof"]
    verify_inclusion(p["leaf_index"], p["tree_size"], base64.b64decode(p["leaf_hash"]),
                     [base64.b64decode(h) for h in p["audit_path"]], base64.b64decode(p["root_hash"]))
    # a regulator of another zone sees none of it
    api.client.post("/v1/orgs", headers=api.as_admin(), json={"id": "regulator-hainan", "name": "H", "kind": "regulator"})
    other = api.account("other-officer", {"regulator-hainan": ["regulator"]})
    assert api.client.get(f"/v1/zones/{ZONE}/ledger", headers=other).status_code == 404
    assert api.client.get(f"/v1/zones/{ZONE}/filings", headers=other).status_code == 404


def test_the_log_is_checkpointed_and_signed(api: Api, acme: dict) -> None:
    api.client.post("/v1/decide", headers=acme["editor"], json={**TRANSFER, "record": True})
    r = api.client.post("/v1/ledger/checkpoints", headers=api.as_admin())
    assert r.status_code == 201, r.text
    head = api.client.get("/v1/ledger", headers=acme["viewer"]).json()
    assert head["size"] == 1 and head["checkpoint"] == r.json()["note"]
    from xborder.ledger.note import VerifierKey, open_checkpoint

    checkpoint, _ = open_checkpoint(head["checkpoint"], VerifierKey.parse(head["log_key"]))
    assert checkpoint.size == 1 and base64.b64encode(checkpoint.root).decode() == head["root_hash"]


def test_the_ledger_cli_verifies_the_services_log_on_postgresql(api: Api, acme: dict, db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the CLI reads the service's tables on PostgreSQL (on SQLite they carry the ledger_ prefix)")
    for _ in range(3):
        r = api.client.post("/v1/decide", headers=acme["editor"], json={**TRANSFER, "record": True,
                                                                         "subjects": [{"residence": "CN", "count": 10}]})
        assert r.json()["ledger"] is not None
    assert api.client.post("/v1/ledger/checkpoints", headers=api.as_admin()).status_code == 201
    result = CliRunner().invoke(cli, ["ledger", "verify", db_url])
    assert result.exit_code == 0, result.output
    assert "ok: 3 leaves" in result.output
