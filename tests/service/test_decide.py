"""POST /v1/decide and /v1/decide/batch: the engine's answer, running totals per exporter and
year, idempotency, and ledger entries written with the decision (SQLite and PostgreSQL)."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest

from tests.service.conftest import TRANSFER, Api
from xborder.datamap.models import DataMap
from xborder.engine import assess_map
from xborder.ledger.events import TransferEvent
from xborder.ledger.hashing import leaf_hash
from xborder.ledger.verify import verify_inclusion


def decide(api: Api, who: dict[str, str], body: dict[str, Any], key: str | None = None) -> dict[str, Any]:
    headers = {**who, **({"Idempotency-Key": key} if key else {})}
    r = api.client.post("/v1/decide", headers=headers, json=body)
    assert r.status_code == 200, r.text
    return r.json()


def cn_verdict(answer: dict[str, Any]) -> str:
    return next(r["verdict"] for r in answer["flow"]["regimes"] if r["regime"] == "CN-PIPL")


def test_the_answer_has_the_contract_shapes_and_matches_the_library(api: Api, acme: dict) -> None:
    answer = decide(api, acme["editor"], TRANSFER)
    assert answer["decision"] == "allowed" and answer["status"] == "compliant"
    regime = next(r for r in answer["flow"]["regimes"] if r["regime"] == "CN-PIPL")
    for key in ("regime", "jurisdiction", "applies", "why", "verdict", "requirements", "satisfied", "missing",
                "classification", "citations", "trace"):
        assert key in regime
    assert regime["verdict"] == "permitted" and regime["citations"]
    # the same transfer as a hand-written map, assessed by the library, gives the same verdicts
    datamap = DataMap.model_validate({
        "xborder": 1, "entities": [{"id": "shop-cn", "country": "CN"}, {"id": "seller-de", "country": "DE"}],
        "datasets": [{"id": "d", "categories": TRANSFER["categories"], "subjects": TRANSFER["subjects"]}],
        "flows": [{"id": "f", "from": {"entity": "shop-cn"}, "to": {"entity": "seller-de"}, "datasets": ["d"],
                   "purpose": "essential.service", "safeguards": TRANSFER["safeguards"]}]})
    library = assess_map(datamap, as_of=dt.date(2026, 6, 1)).flows[0]
    assert {r["regime"]: r["verdict"] for r in answer["flow"]["regimes"]} == \
        {r.regime: r.verdict.value for r in library.regimes}


def test_the_call_carrying_the_100000th_person_tips_the_answer(api: Api, acme: dict) -> None:
    first = decide(api, acme["editor"], {**TRANSFER, "subjects": [{"residence": "CN", "count": 99999}]})
    assert cn_verdict(first) == "permitted" and first["totals"]["individuals_after"] == 99999
    tipping = decide(api, acme["editor"], {**TRANSFER, "subjects": [{"residence": "CN", "count": 1}]})
    assert cn_verdict(tipping) == "conditional"
    assert tipping["decision"] == "refused" and "cn.standard-contract|cn.certification" in tipping["missing"]
    # refused, so not sent: the total stays; a transfer with the contract in place goes and counts
    assert tipping["totals"] == {"exporter": "shop-cn", "year": 2026, "individuals_before": 99999,
                                 "individuals_after": 99999, "counted": False}
    with_contract = decide(api, acme["editor"], {**TRANSFER, "subjects": [{"residence": "CN", "count": 1}],
                                                 "safeguards": [*TRANSFER["safeguards"], "cn.standard-contract"]})
    assert with_contract["decision"] == "allowed" and with_contract["totals"]["individuals_after"] == 100000
    # another exporter, and another year, start from zero
    other = decide(api, acme["editor"], {**TRANSFER, "exporter": {"id": "shop-sh", "country": "CN"}})
    assert other["totals"]["individuals_before"] == 0
    next_year = decide(api, acme["editor"], {**TRANSFER, "as_of": "2027-01-02"})
    assert next_year["totals"]["individuals_before"] == 0 and cn_verdict(next_year) == "permitted"


def test_a_named_dataset_counts_once_and_linked_datasets_once(api: Api, acme: dict) -> None:
    for _ in range(3):
        answer = decide(api, acme["editor"], {**TRANSFER, "dataset": "orders"})
    assert answer["totals"]["individuals_before"] == 40000 and answer["totals"]["individuals_after"] == 40000
    linked = decide(api, acme["editor"], {**TRANSFER, "dataset": "payments", "same_individuals_as": ["orders"],
                                          "subjects": [{"residence": "CN", "count": 30000}]})
    assert linked["totals"]["individuals_after"] == 40000
    separate = decide(api, acme["editor"], {**TRANSFER, "dataset": "reviews"})
    assert separate["totals"]["individuals_after"] == 80000
    totals = api.client.get("/v1/orgs/acme/totals/shop-cn/2026", headers=acme["viewer"]).json()
    assert totals["individuals"] == 80000 and totals["decisions"] == 5


def test_a_retried_call_is_answered_as_before_and_not_counted_twice(api: Api, acme: dict) -> None:
    first = decide(api, acme["editor"], {**TRANSFER, "record": True}, key="batch-7")
    again = decide(api, acme["editor"], {**TRANSFER, "record": True}, key="batch-7")
    assert again == first
    totals = api.client.get("/v1/orgs/acme/totals/shop-cn/2026", headers=acme["viewer"]).json()
    assert totals["individuals"] == 40000 and totals["decisions"] == 1
    entries = api.client.get("/v1/orgs/acme/ledger", headers=acme["auditor"]).json()["entries"]
    assert len(entries) == 1
    r = api.client.post("/v1/decide", headers={**acme["editor"], "Idempotency-Key": "batch-7"},
                        json={**TRANSFER, "subjects": [{"residence": "CN", "count": 5}]})
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"


def test_record_appends_an_allowed_decision_and_nothing_for_a_refused_one(api: Api, acme: dict) -> None:
    allowed = decide(api, acme["editor"], {**TRANSFER, "record": True, "records": 40000})
    assert allowed["ledger"] == {"leaf_index": 0}
    refused = decide(api, acme["editor"], {**TRANSFER, "record": True, "safeguards": []})
    assert refused["decision"] == "refused" and refused["ledger"] is None
    entries = api.client.get("/v1/orgs/acme/ledger", headers=acme["auditor"]).json()["entries"]
    assert [e["leaf_index"] for e in entries] == [0]
    event = entries[0]["event"]
    assert event["exporter"] == {"entity": "shop-cn", "country": "CN"} and event["individuals"] == 40000
    assert event["records"] == 40000 and TransferEvent.from_dict(event).status == "compliant"
    one = api.client.get("/v1/orgs/acme/ledger/0", headers=acme["auditor"]).json()
    p = one["proof"]
    verify_inclusion(0, p["tree_size"], base64.b64decode(p["leaf_hash"]),
                     [base64.b64decode(h) for h in p["audit_path"]], base64.b64decode(p["root_hash"]))
    assert base64.b64decode(p["leaf_hash"]) == leaf_hash(TransferEvent.from_dict(event).canonical())


def test_dry_run_answers_without_counting(api: Api, acme: dict) -> None:
    dry = decide(api, acme["editor"], {**TRANSFER, "dry_run": True, "record": True})
    assert dry["decision"] == "allowed" and dry["totals"]["counted"] is False and dry["ledger"] is None
    assert decide(api, acme["editor"], TRANSFER)["totals"]["individuals_before"] == 0


def test_a_batch_carries_totals_from_one_transfer_to_the_next(api: Api, acme: dict) -> None:
    batch = {"transfers": [{**TRANSFER, "subjects": [{"residence": "CN", "count": 60000}]}] * 2}
    r = api.client.post("/v1/decide/batch", headers=acme["editor"], json=batch)
    assert r.status_code == 200, r.text
    first, second = r.json()["decisions"]
    assert cn_verdict(first) == "permitted" and cn_verdict(second) == "conditional"
    assert second["totals"]["individuals_before"] == 60000


def test_problems_in_a_transfer_name_the_request_field(api: Api, acme: dict) -> None:
    body = {**TRANSFER, "categories": ["user.nam"], "safeguards": ["eu.sccs"],
            "exporter": {"id": "shop-cn", "country": "UK"}}
    r = api.client.post("/v1/decide", headers=acme["editor"], json=body)
    assert r.status_code == 422
    problems = {p["field"]: p for p in r.json()["error"]["problems"]}
    assert problems["exporter.country"]["suggestion"] == "GB"
    assert problems["categories[0]"]["suggestion"] == "user.name"
    assert problems["safeguards[0]"]["suggestion"] == "eu.scc"
    r = api.client.post("/v1/decide", headers=acme["editor"], json={**TRANSFER, "subjects": [{"residence": "CN", "count": -1}]})
    assert r.status_code == 422 and r.json()["error"]["problems"][0]["field"] == "subjects[0].count"
    r = api.client.post("/v1/decide/batch", headers=acme["editor"],
                        json={"transfers": [TRANSFER, {**TRANSFER, "purpose": "analytic"}]})
    assert r.status_code == 422 and r.json()["error"]["problems"][0]["field"] == "transfers[1].purpose"
    r = api.client.post("/v1/decide", headers=acme["editor"], json={**TRANSFER, "id": "xborder.earlier.0"})
    assert r.status_code == 422 and r.json()["error"]["problems"][0]["field"] == "id"
    # nothing was counted by the refused requests
    assert decide(api, acme["editor"], TRANSFER)["totals"]["individuals_before"] == 0


@pytest.mark.parametrize("as_of", ["2017-01-01"])
def test_a_date_the_knowledge_base_does_not_cover_is_refused(api: Api, acme: dict, as_of: str) -> None:
    r = api.client.post("/v1/decide", headers=acme["editor"], json={**TRANSFER, "as_of": as_of})
    assert r.status_code == 422 and "knowledge base" in r.json()["error"]["message"]


def test_a_rule_that_counts_per_recipient_sees_the_earlier_transfers_to_that_recipient(api: Api, acme: dict) -> None:
    """The US bulk-data rule aggregates per U.S. person and foreign recipient: two transfers of
    6,000 people to one vendor are decided as one of 12,000; another vendor starts afresh."""
    base = {"exporter": {"id": "bank-us", "country": "US"}, "importer": {"id": "vendor-cn", "country": "CN"},
            "transaction": "vendor", "categories": ["user.financial.bank_account"],
            "subjects": [{"residence": "US", "count": 6000}], "purpose": "essential.service", "as_of": "2026-06-01"}

    def us_dsp(answer: dict[str, Any]) -> str:
        return next(r["verdict"] for r in answer["flow"]["regimes"] if r["regime"] == "US-DSP")

    at_once = decide(api, acme["editor"], {**base, "dry_run": True, "subjects": [{"residence": "US", "count": 12000}]})
    first = decide(api, acme["editor"], base)
    second = decide(api, acme["editor"], base)
    other = decide(api, acme["editor"], {**base, "importer": {"id": "other-vendor-cn", "country": "CN"}})
    assert us_dsp(first) == us_dsp(other) != us_dsp(at_once)
    assert us_dsp(second) == us_dsp(at_once)
