"""Property-based: any valid map, on any date the knowledge base covers, assesses without
error; every flow's status follows from its regimes; and shared (cached) results equal
fresh ones, so no cache key leaves out a fact its regime reads."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xborder.datamap.models import DataMap
from xborder.engine import assess_map, flow_status
from xborder.rules import REGIMES

COUNTRIES = ["CN", "HK", "MO", "US", "GB", "DE", "FR", "IE", "RU", "JP", "KR", "SG", "IN", "BR", "CH", "CA", "VN"]
CATEGORIES = ["user.name", "user.contact.email", "user.contact.phone_number", "user.financial.bank_account",
              "user.health_and_medical", "user.health_and_medical.genetic", "user.location.precise",
              "user.government_id.national_identification_number", "user.biometric", "user.device.ip_address",
              "system.operations"]
SAFEGUARDS = ["eu.scc", "eu.tia", "eu.bcr", "uk.idta", "uk.legacy-scc", "uk.tra", "ch.scc", "cn.standard-contract",
              "cn.gba-standard-contract", "cn.notice", "cn.separate-consent", "cn.pipia", "jp.consent", "kr.consent",
              "sg.contract", "ru.transfer-notification", "us.cisa-security-requirements"]
NECESSITY = [None, "contract-with-subject", "hr-management", "emergency", "legal-claims", "public-interest"]


@st.composite
def maps(draw: st.DrawFn) -> dict:
    n_entities = draw(st.integers(2, 6))
    entities = []
    for i in range(n_entities):
        e = {"id": f"e{i}", "country": draw(st.sampled_from(COUNTRIES)),
             "certifications": draw(st.lists(st.sampled_from(["eu-us-dpf", "uk-us-data-bridge", "swiss-us-dpf",
                                                              "apec-cbpr", "kr-isms-p"]), max_size=2, unique=True))}
        if draw(st.booleans()):
            e["zone"] = draw(st.sampled_from(["cn-gba", "cn-shanghai-ftz"]))
        if draw(st.integers(0, 4)) == 0:
            e["ciio"] = True
        if i and draw(st.integers(0, 3)) == 0:
            e["parent"] = f"e{draw(st.integers(0, i - 1))}"
        entities.append(e)
    locations = [{"id": f"l{i}", "country": draw(st.sampled_from(COUNTRIES))} for i in range(draw(st.integers(0, 3)))]
    datasets = []
    for i in range(draw(st.integers(1, 3))):
        d = {"id": f"d{i}", "categories": draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=3, unique=True)),
             "subjects": [{"residence": draw(st.sampled_from(COUNTRIES)), "count": draw(st.integers(0, 3_000_000)),
                           **({"citizenship": c} if (c := draw(st.sampled_from([None, "RU", "US", "CN"]))) else {}),
                           "minors": draw(st.booleans())}],
             "important_data": draw(st.integers(0, 5)) == 0}
        if draw(st.booleans()):
            d["collected_in"] = draw(st.sampled_from(COUNTRIES))
        if locations and draw(st.booleans()):
            d["primary_store"] = draw(st.sampled_from(locations))["id"]
        datasets.append(d)
    flows = []
    for i in range(draw(st.integers(1, 6))):
        src, dst = draw(st.sampled_from(entities))["id"], draw(st.sampled_from(entities))["id"]
        f = {"id": f"f{i}", "from": {"entity": src}, "to": {"entity": dst,
                                                        "role": draw(st.sampled_from(["controller", "processor"]))},
             "datasets": draw(st.lists(st.sampled_from([d["id"] for d in datasets]), min_size=1, max_size=2, unique=True)),
             "safeguards": draw(st.lists(st.sampled_from(SAFEGUARDS), max_size=3, unique=True))}
        for end in ("from", "to"):
            if locations and draw(st.booleans()):
                f[end]["location"] = draw(st.sampled_from(locations))["id"]
        if (necessity := draw(st.sampled_from(NECESSITY))) is not None:
            f["necessity"] = necessity
        if draw(st.integers(0, 3)) == 0:
            f["transaction"] = draw(st.sampled_from(["data-brokerage", "vendor", "employment", "investment"]))
        flows.append(f)
    # Twins: an entity copied with one fact changed, and its flows copied onto the twin. Hops
    # that differ in one fact only are what would share a result through a key missing it.
    for original in draw(st.lists(st.sampled_from(entities), min_size=1, max_size=2, unique_by=lambda e: e["id"])):
        twin = {**original, "id": original["id"] + "t"}
        fact = draw(st.sampled_from(["country", "certifications", "zone", "ciio", "parent"]))
        if fact == "country":
            twin["country"] = draw(st.sampled_from(COUNTRIES))
        elif fact == "certifications":
            twin["certifications"] = [] if original["certifications"] else ["eu-us-dpf", "uk-us-data-bridge"]
        elif fact == "zone":
            twin.pop("zone", None) if "zone" in original else twin.update(zone="cn-gba")
        elif fact == "ciio":
            twin["ciio"] = not original.get("ciio", False)
        else:
            twin.pop("parent", None) if "parent" in original else twin.update(parent=entities[0]["id"])
        entities.append(twin)
        for f in [f for f in flows if original["id"] in (f["from"]["entity"], f["to"]["entity"])]:
            copy = orjson.loads(orjson.dumps(f))
            copy["id"] = f["id"] + "-" + twin["id"]
            for end in ("from", "to"):
                if copy[end]["entity"] == original["id"]:
                    copy[end]["entity"] = twin["id"]
            flows.append(copy)
    as_of = draw(st.dates(dt.date(2018, 5, 25), dt.date(2026, 12, 31)))
    return {"xborder": 1, "as_of": as_of.isoformat(), "entities": entities, "locations": locations,
            "datasets": datasets, "flows": flows}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_any_valid_map_assesses_consistently(doc: dict) -> None:
    datamap = DataMap.model_validate(doc)
    assessment = assess_map(datamap)
    for flow in assessment.flows:
        assert flow.status == flow_status(flow.regimes)
        for r in flow.regimes:
            assert r.satisfied == (not r.missing) or r.verdict.value == "prohibited"
    cached = orjson.loads(b"[" + b",".join(f.json_bytes() for f in assessment.flows) + b"]")
    with pytest.MonkeyPatch.context() as m:
        for regime in REGIMES:
            m.setattr(type(regime), "cache_key", lambda self, hop, prepared: None)
        fresh = orjson.loads(orjson.dumps([f.as_dict() for f in assess_map(datamap).flows]))
    assert cached == fresh
