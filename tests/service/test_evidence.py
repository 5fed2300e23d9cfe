"""Evidence requests: planned by the evidence module, kept, and planned again as of a date."""

from __future__ import annotations

import datetime as dt

from tests.service.conftest import Api
from xborder.evidence.standalone import parse_spec, plan_request

REQUEST = {"authority": {"country": "US", "kind": "law-enforcement"},
           "holder": {"country": "IE", "parents": ["US"]}, "location": "IE", "subjects": ["IE"],
           "data_type": "content"}


def test_a_request_is_planned_as_the_cli_plans_it_and_kept(api: Api, acme: dict) -> None:
    r = api.client.post("/v1/orgs/acme/evidence-requests", headers=acme["editor"],
                        json={"request": REQUEST, "as_of": "2026-06-01"})
    assert r.status_code == 201, r.text
    created = r.json()
    library = plan_request(parse_spec(REQUEST), dt.date(2026, 6, 1))
    assert created["plan"]["compelled_by"] == library["compelled_by"]
    assert created["plan"]["blocked_by"] == library["blocked_by"]
    assert [c["regime"] for c in created["plan"]["compelled_by"]] == ["US-CLOUD"]
    listed = api.client.get("/v1/orgs/acme/evidence-requests", headers=acme["viewer"]).json()["requests"]
    assert [x["id"] for x in listed] == [created["id"]]
    # planned again as of another date: one before the knowledge base starts is refused
    again = api.client.get(f"/v1/orgs/acme/evidence-requests/{created['id']}", params={"as_of": "2017-01-01"},
                           headers=acme["viewer"])
    assert again.status_code == 422 and "knowledge base" in again.json()["error"]["message"]
    assert api.client.post("/v1/orgs/acme/evidence-requests", headers=acme["viewer"],
                           json={"request": REQUEST}).status_code == 403


def test_a_bad_country_is_named_by_its_field(api: Api, acme: dict) -> None:
    r = api.client.post("/v1/orgs/acme/evidence-requests", headers=acme["editor"],
                        json={"request": {**REQUEST, "location": "UK"}})
    assert r.status_code == 422
    problem = r.json()["error"]["problems"][0]
    assert problem["field"] == "request.location" and "GB" in problem["message"]
