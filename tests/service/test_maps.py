"""Data maps: revisions with author, time and a readable diff; the loader's validation with
every problem named by its field; any revision assessed, or compared with another."""

from __future__ import annotations

import copy

from tests.service.conftest import Api
from tests.service.test_security import MAP


def test_every_change_is_a_revision_with_author_time_and_diff(api: Api, acme: dict) -> None:
    editor = acme["editor"]
    r = api.client.post("/v1/orgs/acme/maps", headers=editor, json={"name": "shop", "map": MAP, "message": "first"})
    assert r.status_code == 201 and r.json()["revision"] == 1
    changed = copy.deepcopy(MAP)
    changed["flows"][0]["safeguards"] = ["cn.standard-contract"]
    changed["entities"].append({"id": "crm-us", "country": "US"})
    r = api.client.put("/v1/orgs/acme/maps/shop", headers=editor, json={"map": changed, "message": "contract signed"})
    assert r.status_code == 200, r.text
    diff = r.json()["diff"]
    assert diff["sections"]["entities"]["added"] == ["crm-us"]
    assert diff["sections"]["flows"]["changed"] == [{"id": "orders-to-de", "keys": ["safeguards"]}]
    assert "~ flows[orders-to-de].safeguards: None → ['cn.standard-contract']" in diff["lines"]
    revisions = api.client.get("/v1/orgs/acme/maps/shop/revisions", headers=acme["viewer"]).json()["revisions"]
    assert [(r["number"], r["author"], r["message"]) for r in revisions] == \
        [(1, "acme-editor", "first"), (2, "acme-editor", "contract signed")]
    assert all(r["created_at"] for r in revisions)
    head = api.client.get("/v1/orgs/acme/maps/shop", headers=acme["viewer"]).json()
    assert head["number"] == 2 and head["map"] == changed
    old = api.client.get("/v1/orgs/acme/maps/shop/revisions/1", headers=acme["viewer"]).json()
    assert old["map"] == MAP


def test_an_invalid_map_is_refused_with_each_problem_named(api: Api, acme: dict) -> None:
    bad = copy.deepcopy(MAP)
    bad["entities"][0]["country"] = "UK"
    bad["flows"][0]["purpose"] = "analytic"
    bad["flows"][0]["to"]["entity"] = "seller-dee"
    r = api.client.post("/v1/orgs/acme/maps", headers=acme["editor"], json={"name": "bad", "map": bad})
    assert r.status_code == 422
    problems = {p["field"]: p for p in r.json()["error"]["problems"]}
    assert problems["map.entities[0].country"]["suggestion"] == "GB"
    assert problems["map.flows[0].purpose"]["suggestion"] == "analytics"
    assert problems["map.flows[0].to.entity"]["suggestion"] == "seller-de"
    assert api.client.get("/v1/orgs/acme/maps/bad", headers=acme["viewer"]).status_code == 404  # nothing saved


def test_any_revision_is_assessed_and_two_are_compared(api: Api, acme: dict) -> None:
    editor = acme["editor"]
    api.client.post("/v1/orgs/acme/maps", headers=editor, json={"name": "shop", "map": MAP})
    fixed = copy.deepcopy(MAP)
    fixed["flows"][0]["safeguards"] = ["cn.notice", "cn.separate-consent", "cn.pipia"]
    api.client.put("/v1/orgs/acme/maps/shop", headers=editor, json={"map": fixed})
    first = api.client.get("/v1/orgs/acme/maps/shop/revisions/1/assessment", params={"as_of": "2026-06-01"},
                           headers=acme["viewer"]).json()
    assert first["xborder"] == 1 and first["as_of"] == "2026-06-01"
    assert first["flows"][0]["status"] == "action_required"
    second = api.client.get("/v1/orgs/acme/maps/shop/revisions/2/assessment", params={"as_of": "2026-06-01"},
                            headers=acme["viewer"]).json()
    assert second["flows"][0]["status"] == "compliant"
    changes = api.client.get("/v1/orgs/acme/maps/shop/revisions/2/changes",
                             params={"against": 1, "as_of": "2026-06-01"}, headers=acme["viewer"]).json()
    assert changes["changed"][0]["id"] == "orders-to-de"
    assert changes["changed"][0]["status"] == {"before": "action_required", "after": "compliant"}
    r = api.client.get("/v1/orgs/acme/maps/shop/revisions/1/assessment", params={"as_of": "2010-01-01"},
                       headers=acme["viewer"])
    assert r.status_code == 422 and "knowledge base" in r.json()["error"]["message"]
