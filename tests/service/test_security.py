"""Security: each role denied what it may not do, no reading across organisations, tokens
hashed and never logged, JSON errors without traces, size limits, CORS closed, headers,
rate limits and the audit log."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from tests.service.conftest import TRANSFER, Api, make_api
from xborder.service.db import Token

ZONE = "cn-lingang-ftz"
MAP = {"xborder": 1, "entities": [{"id": "shop-cn", "country": "CN"}, {"id": "seller-de", "country": "DE"}],
       "datasets": [{"id": "orders", "categories": ["user.name"], "subjects": [{"residence": "CN", "count": 10}]}],
       "flows": [{"id": "orders-to-de", "from": {"entity": "shop-cn"}, "to": {"entity": "seller-de"},
                  "datasets": ["orders"], "purpose": "essential.service"}]}
ROLES = ("viewer", "editor", "approver", "auditor", "admin")
READ = {"viewer", "editor", "approver", "auditor", "admin"}

# (method, path, body, roles of `acme` allowed); everything else must get 403.
ROUTES: list[tuple[str, str, Any, set[str]]] = [
    ("GET", "/v1/orgs/acme/maps", None, READ),
    ("POST", "/v1/orgs/acme/maps", {"name": "new-map", "map": MAP}, {"editor", "admin"}),
    ("GET", "/v1/orgs/acme/maps/main", None, READ),
    ("PUT", "/v1/orgs/acme/maps/main", {"map": MAP, "message": "again"}, {"editor", "admin"}),
    ("GET", "/v1/orgs/acme/maps/main/revisions", None, READ),
    ("GET", "/v1/orgs/acme/maps/main/revisions/1", None, READ),
    ("GET", "/v1/orgs/acme/maps/main/revisions/1/assessment", None, READ),
    ("POST", "/v1/orgs/acme/scans", {"report": {"xborder_scan": 1, "tables": []}}, {"editor", "admin"}),
    ("GET", "/v1/orgs/acme/scans", None, READ),
    ("POST", "/v1/orgs/acme/evidence-requests", {"request": {"authority": {"country": "US"}, "holder": {"country": "IE"},
                                                             "location": "IE"}}, {"editor", "admin"}),
    ("GET", "/v1/orgs/acme/evidence-requests", None, READ),
    ("POST", "/v1/decide", TRANSFER, {"editor", "admin"}),
    ("POST", "/v1/decide/batch", {"transfers": [TRANSFER]}, {"editor", "admin"}),
    ("GET", "/v1/orgs/acme/totals/shop-cn/2026", None, READ),
    ("POST", "/v1/orgs/acme/filings", {"zone": ZONE, "exporter": "shop-cn", "mechanism": "cn.standard-contract"},
     {"approver", "admin"}),
    ("GET", "/v1/orgs/acme/filings", None, READ),
    ("GET", "/v1/orgs/acme/ledger", None, {"approver", "auditor", "admin"}),
    ("GET", "/v1/orgs/acme/audit", None, {"auditor", "admin"}),
    ("PUT", "/v1/orgs/acme/members/1", {"roles": []}, {"admin"}),
    ("POST", "/v1/orgs", {"id": "initech", "name": "Initech"}, set()),
    ("POST", "/v1/accounts", {"name": "someone"}, set()),
    ("POST", "/v1/ledger/checkpoints", None, set()),
    ("POST", f"/v1/zones/{ZONE}/lists", {"title": "List", "effective": "2026-01-01", "entries": []}, set()),
    ("GET", f"/v1/zones/{ZONE}/filings", None, set()),
    ("POST", f"/v1/zones/{ZONE}/filings/1/approve", {"valid_until": "2027-01-01"}, set()),
    ("POST", f"/v1/zones/{ZONE}/filings/1/reject", {"reasons": ["incomplete"]}, set()),
    ("GET", f"/v1/zones/{ZONE}/ledger", None, set()),
]


@pytest.fixture
def world(api: Api, acme: dict[str, dict[str, str]]) -> dict[str, Any]:
    """acme (one account per role) with a map; a regulator with a published zone list."""
    api.org("regulator-lingang", kind="regulator")
    regulator = api.account("lingang-officer", {"regulator-lingang": ["regulator"]})
    r = api.client.post(f"/v1/zones/{ZONE}/lists", headers=regulator,
                        json={"title": "Lingang negative list", "effective": "2026-01-01", "entries": []})
    assert r.status_code == 201, r.text
    r = api.client.post("/v1/orgs/acme/maps", headers=acme["editor"], json={"name": "main", "map": MAP})
    assert r.status_code == 201, r.text
    return {"acme": acme, "regulator": regulator}


def _call(api: Api, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return api.client.request(method, path, json=body, headers={**headers, "X-Xborder-Org": "acme"}
                              if path.startswith("/v1/decide") else headers)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_denied_what_it_may_not_do(api: Api, world: dict[str, Any], role: str) -> None:
    who = world["acme"][role]
    for method, path, body, allowed in ROUTES:
        r = _call(api, method, path, body, who)
        assert r.status_code < 500, (method, path, r.text)
        if role in allowed:
            assert r.status_code != 403, (role, method, path, r.text)
        else:
            assert r.status_code == 403, (role, method, path, r.status_code, r.text)
            assert r.json()["error"]["code"] == "forbidden"


def test_the_regulator_may_only_regulate(api: Api, world: dict[str, Any]) -> None:
    regulator = world["regulator"]
    for method, path, body, _ in ROUTES:
        r = _call(api, method, path, body, regulator)
        if path.startswith(f"/v1/zones/{ZONE}"):
            assert r.status_code not in (401, 403), (method, path, r.text)
        elif path.startswith(("/v1/orgs/acme", "/v1/decide")):  # decide names acme in X-Xborder-Org
            assert r.status_code == 404, (method, path, r.text)  # not a member: acme is not even revealed
        else:
            assert r.status_code == 403, (method, path, r.text)


def test_no_token_or_a_bad_or_revoked_token_is_refused(api: Api, world: dict[str, Any]) -> None:
    assert api.client.get("/v1/orgs/acme/maps").status_code == 401
    assert api.client.get("/v1/orgs/acme/maps", headers=Api.auth("xbt_guess")).status_code == 401
    assert api.client.get("/v1/orgs/acme/maps", params={"token": api.tokens["acme-viewer"]}).status_code == 401
    me = api.client.get("/v1/me", headers=world["acme"]["viewer"]).json()["account"]["id"]
    tokens = api.client.get(f"/v1/accounts/{me}/tokens", headers=world["acme"]["viewer"]).json()["tokens"]
    assert api.client.delete(f"/v1/tokens/{tokens[0]['id']}", headers=world["acme"]["viewer"]).status_code == 200
    r = api.client.get("/v1/orgs/acme/maps", headers=world["acme"]["viewer"])
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"


def test_one_organisation_cannot_read_anothers_data_by_id(api: Api, world: dict[str, Any]) -> None:
    acme = world["acme"]
    api.org("globex")
    globex = api.account("globex-all", {"globex": list(ROLES)})
    assert api.client.post("/v1/orgs/globex/maps", headers=globex, json={"name": "secret", "map": MAP}).status_code == 201
    leaf = api.client.post("/v1/decide", headers={**globex, "X-Xborder-Org": "globex"},
                           json={**TRANSFER, "record": True}).json()["ledger"]["leaf_index"]
    filing = api.client.post("/v1/orgs/globex/filings", headers=globex,
                             json={"zone": ZONE, "exporter": "shop-cn", "mechanism": "cn.standard-contract"}).json()["id"]
    for path in ("/v1/orgs/globex/maps", "/v1/orgs/globex/maps/secret", "/v1/orgs/globex/maps/secret/revisions/1",
                 f"/v1/orgs/globex/filings/{filing}", f"/v1/orgs/globex/ledger/{leaf}",
                 "/v1/orgs/globex/totals/shop-cn/2026", "/v1/orgs/globex/audit"):
        r = api.client.get(path, headers=acme["admin"])
        assert r.status_code == 404, (path, r.text)
    # by id through acme's own routes: not found either
    assert api.client.get(f"/v1/orgs/acme/filings/{filing}", headers=acme["admin"]).status_code == 404
    assert api.client.get(f"/v1/orgs/acme/ledger/{leaf}", headers=acme["admin"]).status_code == 404
    assert api.client.get("/v1/orgs/acme/maps/secret", headers=acme["admin"]).status_code == 404
    # globex's totals are its own: acme's exporter of the same id starts from zero
    mine = api.client.post("/v1/decide", headers={**acme["editor"], "X-Xborder-Org": "acme"}, json=TRANSFER).json()
    assert mine["totals"]["individuals_before"] == 0
    assert api.client.post("/v1/decide", headers={**acme["editor"], "X-Xborder-Org": "globex"},
                           json=TRANSFER).status_code == 404


def test_tokens_are_stored_hashed_and_never_logged(api: Api, world: dict[str, Any],
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    acme = world["acme"]
    for method, path, body, _ in ROUTES:
        _call(api, method, path, body, acme["admin"])
    api.client.get("/v1/orgs/acme/maps", headers=Api.auth(api.tokens["acme-viewer"] + "x"))
    secrets = [api.admin, *api.tokens.values()]
    assert "GET /v1/orgs/acme/maps" in caplog.text  # requests are logged...
    for token in secrets:  # ...their tokens never
        assert token not in caplog.text
        assert token[4:] not in caplog.text
    engine = api.client.app.state.service.engine  # type: ignore[attr-defined]
    tables = inspect(engine).get_table_names()
    with engine.connect() as conn:
        digests = set(conn.execute(select(Token.digest)).scalars())
        dump = []
        for table in tables:
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                dump.append(repr(tuple(row)))
    everything = "\n".join(dump)
    for token in secrets:
        assert token not in everything and token[4:] not in everything
    assert digests == {hashlib.sha256(t.encode()).hexdigest() for t in secrets}  # each token, as its hash only


def test_bad_requests_get_a_json_4xx_without_a_trace(api: Api, world: dict[str, Any]) -> None:
    editor = {**world["acme"]["editor"], "X-Xborder-Org": "acme"}
    cases = [
        (b"{not json", {"content-type": "application/json"}, 422),
        (b"[1, 2]", {"content-type": "application/json"}, 422),
        (b'{"exporter": {"id": "x"}}', {"content-type": "application/json"}, 422),
        (b"exporter=x", {"content-type": "application/x-www-form-urlencoded"}, 415),
        (b'{"a": 1}', {"content-type": "text/plain"}, 415),
        (b"x" * (3 * 1024 * 1024), {"content-type": "application/json"}, 413),
    ]
    for body, headers, status in cases:
        r = api.client.post("/v1/decide", content=body, headers={**editor, **headers})
        assert r.status_code == status, (body[:30], r.status_code, r.text[:300])
        error = r.json()["error"]
        assert error["status"] == status and error["message"]
        assert "Traceback" not in r.text and "File \"" not in r.text
    # a body streamed without Content-Length is cut off at the limit too
    def chunks() -> Any:
        for _ in range(40):
            yield b" " * (100 * 1024)
    r = api.client.post("/v1/decide", content=chunks(), headers={**editor, "content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    r = api.client.get("/v1/no-such-route", headers=editor)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = api.client.delete("/v1/decide", headers=editor)
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"
    # ids past the database's integers (schemathesis found DELETE /v1/tokens/9223372036854775808 a 500)
    for method, path in (("DELETE", "/v1/tokens/9223372036854775808"), ("GET", "/v1/orgs/acme/scans/99999999999999999999"),
                         ("GET", "/v1/orgs/acme/totals/x/99999"), ("GET", "/v1/orgs/acme/ledger?after=9223372036854775808")):
        r = api.client.request(method, path, headers=editor)
        assert r.status_code == 422 and r.json()["error"]["status"] == 422, (path, r.status_code, r.text[:200])


def test_an_internal_error_is_a_json_500_without_a_trace(api: Api, world: dict[str, Any],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import xborder.service.totals as totals

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail 40000 people of shop-cn")

    monkeypatch.setattr(totals, "decide", broken)
    r = api.client.post("/v1/decide", headers={**world["acme"]["editor"], "X-Xborder-Org": "acme"}, json=TRANSFER)
    assert r.status_code == 500 and r.json()["error"]["code"] == "internal_error"
    assert "secret detail" not in r.text and "Traceback" not in r.text


def test_cors_is_closed_by_default_and_security_headers_are_sent(api: Api, world: dict[str, Any]) -> None:
    pre = api.client.options("/v1/decide", headers={"Origin": "https://evil.example",
                                                    "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in pre.headers
    got = api.client.get("/v1/orgs/acme/maps", headers={**world["acme"]["viewer"], "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in got.headers
    for r in (got, pre, api.client.get("/v1/nothing")):
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert r.headers["cache-control"] == "no-store"


def test_cors_opens_only_to_the_configured_origin(sqlite_url: str, tmp_path: Path) -> None:
    for api in make_api(sqlite_url, tmp_path, cors_origins=("https://console.example",)):
        ok = api.client.options("/v1/decide", headers={"Origin": "https://console.example",
                                                       "Access-Control-Request-Method": "POST"})
        assert ok.headers["access-control-allow-origin"] == "https://console.example"
        other = api.client.options("/v1/decide", headers={"Origin": "https://evil.example",
                                                          "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in other.headers


def test_a_token_over_its_rate_is_told_to_wait(sqlite_url: str, tmp_path: Path) -> None:
    for api in make_api(sqlite_url, tmp_path, rate_per_second=1.0, rate_burst=3):
        statuses = [api.client.get("/v1/me", headers=api.as_admin()).status_code for _ in range(5)]
        assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]
        r = api.client.get("/v1/me", headers=api.as_admin())
        assert r.json()["error"]["code"] == "rate_limited" and int(r.headers["retry-after"]) >= 1


def test_every_write_is_in_the_audit_log_without_secrets_or_content(api: Api, world: dict[str, Any]) -> None:
    acme = world["acme"]
    revised = {**MAP, "name": "Orders map"}
    assert api.client.put("/v1/orgs/acme/maps/main", headers=acme["editor"],
                          json={"map": revised, "message": "name it"}).status_code == 200
    filing = api.client.post("/v1/orgs/acme/filings", headers=acme["approver"],
                             json={"zone": ZONE, "exporter": "shop-cn", "mechanism": "cn.standard-contract"}).json()
    r = api.client.post(f"/v1/zones/{ZONE}/filings/{filing['id']}/reject", headers=world["regulator"],
                        json={"reasons": ["the contract is not signed"]})
    assert r.status_code == 200, r.text
    records = api.client.get("/v1/orgs/acme/audit", headers=acme["auditor"]).json()["records"]
    actions = [r["action"] for r in records]
    assert actions == ["org.create", "map.revise", "map.revise", "filing.submit", "filing.reject"]
    me = {name: api.client.get("/v1/me", headers=Api.auth(t)).json()["account"]["id"] for name, t in api.tokens.items()}
    revise = records[2]
    assert revise["account"] == me["acme-editor"] and revise["resource"] == "orgs/acme/maps/main"
    assert revise["before"]["revision"] == 1 and revise["after"]["revision"] == 2 and revise["time"]
    assert records[4]["before"]["status"] == "submitted" and records[4]["after"]["status"] == "rejected"
    assert records[4]["account"] == me["lingang-officer"]
    text_of_log = str(records)
    assert "seller-de" not in text_of_log  # the map's content is not copied: its digest is
    assert len(revise["after"]["sha256"]) == 64
    for token in api.tokens.values():
        assert token not in text_of_log
