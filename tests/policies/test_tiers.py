"""A group's three-tier classification applied beside the statutes (issue 10, item 3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import ROOT
from xborder.datamap import MapError, load_map, load_map_text
from xborder.engine import assess_map

EXAMPLE = ROOT / "examples" / "group-policy.yaml"


def flows(path: Path = EXAMPLE, as_of: dt.date | None = None) -> dict[str, dict]:
    return {f.id: f.as_dict() for f in assess_map(load_map(path), as_of=as_of).flows}


def org(flow: dict) -> dict:
    (result,) = [r for r in flow["regimes"] if r["regime"] == "ORG-gdc"]
    return result


def test_a_highly_sensitive_dataset_may_not_leave_china() -> None:
    clinic = flows()["clinic-to-de"]
    assert org(clinic)["verdict"] == "prohibited" and clinic["status"] == "prohibited"
    assert org(clinic)["jurisdiction"] == "ORG"
    trace = "\n".join(org(clinic)["trace"])
    assert "dataset clinic-records: tier highly-sensitive, category user.health_and_medical" in trace
    assert "never leaves" in trace and "(Group Data Classification Standard § 4.3)" in trace
    # the statute alone would not have prohibited it
    assert next(r for r in clinic["regimes"] if r["regime"] == "CN-PIPL")["verdict"] != "prohibited"


def test_a_sensitive_dataset_needs_the_internal_approval_and_the_named_control() -> None:
    members = flows()["members-to-de"]
    assert org(members)["verdict"] == "conditional" and org(members)["satisfied"]
    assert org(members)["requirements"]["obligations"] == ["org.gdc.encryption", "org.gdc.sensitive.approval"]
    text = EXAMPLE.read_text().replace("    flows: [members-to-de]\n    status: approved\n    approved: 2024-07-10\n",
                                       "    flows: [members-to-de]\n    status: pending\n")
    without = {f.id: f.as_dict() for f in assess_map(load_map_text(text)).flows}["members-to-de"]
    assert without["status"] == "action_required" and org(without)["missing"] == ["org.gdc.sensitive.approval"]


def test_a_general_dataset_passes() -> None:
    footfall = flows()["footfall-to-us"]
    assert org(footfall)["verdict"] == "permitted" and footfall["status"] == "compliant"


def test_an_approval_that_lapses_turns_the_route_action_required_the_next_day() -> None:
    assert flows(as_of=dt.date(2026, 12, 31))["payroll-to-de"]["status"] == "compliant"
    after = flows(as_of=dt.date(2027, 1, 1))["payroll-to-de"]
    assert after["status"] == "action_required" and org(after)["missing"] == ["org.gdc.sensitive.approval"]


BASE = """\
xborder: 1
as_of: 2026-06-01
entities:
  - {id: shop-de, country: DE}
  - {id: counsel-us, country: US}
  - {id: shop-ru, country: RU}
locations:
  - {id: fra, country: DE}
  - {id: ny, country: US}
datasets:
  - {id: claims, categories: [user.name, user.health_and_medical], subjects: [{residence: DE, count: 40}]}
flows:
%s
policies:
  - id: p
    kind: tiers
    source: {document: Privacy Standard, section: "2"}
    tiers:
%s
"""


def assess_text(flows_block: str, tiers_block: str) -> dict[str, dict]:
    return {f.id: f.as_dict() for f in assess_map(load_map_text(BASE % (flows_block, tiers_block))).flows}


def test_a_policy_that_forbids_a_transfer_the_law_requires_is_a_conflict() -> None:
    # GDPR Art 49(1)(e): a transfer necessary for legal claims; the policy forbids health data to the US.
    got = assess_text(
        "  - {id: claims-to-counsel, from: {entity: shop-de, location: fra}, to: {entity: counsel-us, location: ny},"
        " datasets: [claims], purpose: essential.service, necessity: legal-claims}",
        "      - {id: restricted, categories: [user.health_and_medical], deny: {to: [US]}}")["claims-to-counsel"]
    (conflict,) = got["conflicts"]
    assert conflict["kind"] == "policy-vs-statute" and conflict["regimes"] == ["ORG-p", "EU-GDPR"]


def test_deny_to_and_except_to_and_allow() -> None:
    flow = ("  - {id: f, from: {entity: shop-de, location: fra}, to: {entity: counsel-us, location: ny},"
            " datasets: [claims], purpose: essential.service, safeguards: [eu.scc]}")
    verdict = lambda tiers: org_of(assess_text(flow, tiers)["f"])["verdict"]  # noqa: E731
    assert verdict("      - {id: t, categories: [user], deny: {to: [CN]}}") == "permitted"
    assert verdict("      - {id: t, categories: [user], deny: {except_to: [US]}}") == "permitted"
    assert verdict("      - {id: t, categories: [user], deny: {except_to: [CH]}}") == "prohibited"
    assert verdict("      - {id: t, datasets: [claims], allow: true}") == "permitted"
    assert verdict("      - {id: t, categories: [user.contact], allow: true}") == "not_applicable"


def org_of(flow: dict) -> dict:
    return next(r for r in flow["regimes"] if r["regime"] == "ORG-p")


def test_a_policy_applies_from_its_effective_date_and_to_its_exporters_only() -> None:
    flow = ("  - {id: f, from: {entity: shop-de, location: fra}, to: {entity: counsel-us, location: ny},"
            " datasets: [claims], purpose: essential.service, safeguards: [eu.scc]}")
    text = BASE % (flow, "      - {id: t, categories: [user], deny: {}}")
    later = text.replace("    source: {document: Privacy Standard", "    effective: 2027-01-01\n    source: {document: Privacy Standard")
    assert [r["regime"] for r in assess_map(load_map_text(later)).flows[0].as_dict()["regimes"]].count("ORG-p") == 0
    others = text.replace("    source: {document: Privacy Standard", "    exporters: [shop-ru]\n    source: {document: Privacy Standard")
    assert "ORG-p" not in [r["regime"] for r in assess_map(load_map_text(others)).flows[0].as_dict()["regimes"]]
    assert assess_map(load_map_text(text)).flows[0].status == "prohibited"
    # from_countries: only hops leaving those countries (this one leaves DE)
    for countries, bound in (("[CN]", False), ("[DE]", True)):
        scoped = text.replace("    source: {document: Privacy Standard", f"    from_countries: {countries}\n    source: {{document: Privacy Standard")
        regimes = [r["regime"] for r in assess_map(load_map_text(scoped)).flows[0].as_dict()["regimes"]]
        assert ("ORG-p" in regimes) is bound


@pytest.mark.parametrize(("tiers", "key", "needle"), [
    ("      - {id: t, categories: [user], require: [org.other.x]}", "policies[0].tiers[0].require[0]", "org.p.<name>"),
    ("      - {id: t, categories: [user], allow: true, deny: {}}", "policies[0].tiers[0].allow", "contradicts"),
    ("      - {id: t, categories: [user]}", "policies[0].tiers[0]", "says what moving"),
    ("      - {id: t, allow: true}", "policies[0].tiers[0]", "names the data"),
    ("      - {id: t, categories: [user.helth], allow: true}", "policies[0].tiers[0].categories[0]", "unknown data category"),
    ("      - {id: t, categories: [user], deny: {to: [UK]}}", "policies[0].tiers[0].deny.to[0]", ""),
    ("      - {id: t, categories: [user], require: [eu.sccs]}", "policies[0].tiers[0].require[0]", "unknown safeguard"),
    ("      - {id: t, categories: [user], alow: true}", "policies[0].tiers[0].alow", "unknown key"),
])
def test_bad_policies_are_refused_naming_line_and_key(tiers: str, key: str, needle: str) -> None:
    flow = ("  - {id: f, from: {entity: shop-de, location: fra}, to: {entity: counsel-us, location: ny},"
            " datasets: [claims]}")
    with pytest.raises(MapError) as info:
        load_map_text(BASE % (flow, tiers), "map.yaml")
    found = [(p.key, p.message, p.line) for p in info.value.problems]
    assert any(k == key and needle in m and line is not None for k, m, line in found), found
