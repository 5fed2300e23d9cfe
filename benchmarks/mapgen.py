"""Seeded generator of large, realistic data maps for benchmarks and property tests.

Shaped like real data maps rather than uniform noise:
- entities sit in 44 countries weighted towards the big data economies; about 3% of them are
  vendors (cloud, SaaS, analytics, payment) in a few hub countries, which receive most flows
  as processors, as in any company's record of processing;
- each dataset belongs to one entity and describes people where it is established, with one
  of a dozen realistic category bundles and a purpose that fits the bundle;
- a flow sends a dataset from its owner or, for about a third, onward from an entity that
  received it, so routes of several hops exist;
- safeguards are those an organisation of the exporter's country typically signs with that
  kind of recipient, fixed per exporter-recipient relationship (not drawn per flow), with
  gaps left on purpose so that every status occurs.
"""

from __future__ import annotations

import random
from typing import Any

COUNTRIES = [
    "CN", "US", "DE", "FR", "GB", "JP", "KR", "SG", "RU", "CH", "IE", "NL", "IT", "ES", "SE", "PL",
    "IN", "BR", "CA", "AU", "HK", "TW", "MX", "ZA", "AE", "SA", "TR", "ID", "VN", "TH", "MY", "PH",
    "NZ", "IL", "AR", "CL", "NO", "DK", "FI", "BE",
    "BN", "KH", "LA", "MM",
]
WEIGHTS = [12, 12, 6, 5, 5, 5, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
VENDOR_HUBS = ["US", "US", "US", "IE", "DE", "SG", "CN", "JP", "IN", "GB", "NL"]
EEA = {"DE", "FR", "IE", "NL", "IT", "ES", "SE", "PL", "NO", "DK", "FI", "BE"}
BUNDLES: list[tuple[list[str], str]] = [
    (["user.name", "user.contact.email"], "marketing.communications"),
    (["user.name", "user.contact.phone_number", "user.contact.address"], "essential.service"),
    (["user.name", "user.contact.email", "user.behavior.purchase_history"], "analytics"),
    (["user.name", "user.financial.bank_account"], "essential.service.payment_processing"),
    (["user.name", "user.health_and_medical"], "essential.service"),
    (["user.device.device_id", "user.location.precise"], "analytics"),
    (["user.device.ip_address", "user.behavior.browsing_history"], "marketing.advertising"),
    (["user.name", "user.job_title", "user.contact.email"], "employment"),
    (["user.name", "user.government_id.national_identification_number"], "essential.service"),
    (["user.health_and_medical.genetic"], "analytics"),
    (["user.name", "user.contact.email", "user.contact.address"], "essential.service"),
    (["user.account.username", "user.contact.email"], "essential.service"),
]
CERTS = {"US": [["eu-us-dpf"], ["eu-us-dpf", "uk-us-data-bridge"], ["apec-cbpr"], []]}


def _safeguards(rng: random.Random, exporter: str, recipient: str) -> list[str]:
    """What an exporter in `exporter` typically has in place with a recipient in `recipient`."""
    roll = rng.random()
    if exporter in EEA and recipient not in EEA:
        return ["eu.scc", "eu.tia"] if roll < 0.75 else ["eu.scc"] if roll < 0.85 else []
    if exporter == "GB" and recipient != "GB":
        return ["uk.idta", "uk.tra"] if roll < 0.7 else []
    if exporter == "CN" and recipient != "CN":
        full = ["cn.standard-contract", "cn.pipia", "cn.notice", "cn.separate-consent"]
        return full if roll < 0.6 else ["cn.pipia", "cn.notice"] if roll < 0.8 else []
    if exporter == "JP" and recipient != "JP":
        return ["jp.consent"] if roll < 0.7 else []
    if exporter == "KR" and recipient != "KR":
        return ["kr.consent"] if roll < 0.7 else []
    if exporter == "SG" and recipient != "SG":
        return ["sg.contract"] if roll < 0.8 else []
    if exporter == "VN" and recipient != "VN":
        return ["vn.transfer-impact-assessment", "vn.consent", "vn.transfer-notification"] if roll < 0.6 else []
    if exporter in {"TH", "MY", "ID", "PH"} and recipient != exporter:
        return ["asean.mcc"] if roll < 0.7 else []
    if exporter == "RU" and recipient != "RU":
        return ["ru.transfer-notification"] if roll < 0.7 else []
    if exporter == "BR" and recipient != "BR":
        return ["br.scc"] if roll < 0.7 else []
    if exporter == "TR" and recipient != "TR":
        return ["tr.scc", "tr.scc-notification"] if roll < 0.6 else ["tr.scc"] if roll < 0.8 else []
    if exporter == "SA" and recipient != "SA":
        return ["sa.scc", "sa.risk-assessment"] if roll < 0.7 else []
    if exporter == "ZA" and recipient != "ZA":
        return ["za.binding-agreement"] if roll < 0.7 else []
    if exporter == "AR" and recipient != "AR":
        return ["ar.model-contract"] if roll < 0.7 else []
    return []


def generate(entities: int, datasets: int, flows: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    vendors = max(1, entities * 3 // 100)
    ents: list[dict[str, Any]] = []
    for i in range(entities):
        country = rng.choice(VENDOR_HUBS) if i < vendors else rng.choices(COUNTRIES, WEIGHTS)[0]
        e: dict[str, Any] = {"id": f"e{i}", "country": country}
        if country in CERTS:
            certs = rng.choice(CERTS[country])
            if certs:
                e["certifications"] = certs
        if i >= vendors and rng.random() < 0.15:
            e["parent"] = f"e{vendors + rng.randrange(0, 50)}"
        if country == "CN" and rng.random() < 0.05:
            e["ciio"] = True
        ents.append(e)
    locs = [{"id": f"dc-{c.lower()}", "country": c} for c in COUNTRIES]
    dss, owner, purpose = [], {}, {}
    for i in range(datasets):
        o = ents[vendors + rng.randrange(entities - vendors)] if entities > vendors else ents[0]
        categories, use = rng.choice(BUNDLES)
        owner[f"d{i}"], purpose[f"d{i}"] = o, use
        dss.append({
            "id": f"d{i}",
            "categories": categories,
            "subjects": [{"residence": o["country"], "kind": "employee" if use == "employment" else "customer",
                          "count": int(10 ** rng.uniform(2, 6.5)),
                          **({"citizenship": "RU"} if o["country"] == "RU" else {})}],
        })
    holders: dict[str, list[dict[str, Any]]] = {d["id"]: [owner[d["id"]]] for d in dss}
    relationship: dict[tuple[str, str], list[str]] = {}
    fl = []
    for i in range(flows):
        ds = f"d{rng.randrange(datasets)}"
        sender = rng.choice(holders[ds]) if rng.random() < 0.35 else owner[ds]
        to_vendor = rng.random() < 0.7
        recipient = ents[rng.randrange(vendors)] if to_vendor else ents[rng.randrange(entities)]
        if recipient is sender:
            recipient = ents[(int(sender["id"][1:]) + 1) % entities]
        pair = (sender["id"], recipient["id"])
        if pair not in relationship:
            relationship[pair] = _safeguards(rng, sender["country"], recipient["country"])
        f: dict[str, Any] = {
            "id": f"f{i}",
            "from": {"entity": sender["id"], "location": f"dc-{sender['country'].lower()}"},
            "to": {"entity": recipient["id"], "location": f"dc-{recipient['country'].lower()}",
                   **({"role": "processor"} if to_vendor else {})},
            "datasets": [ds],
            "purpose": purpose[ds],
        }
        if relationship[pair]:
            f["safeguards"] = relationship[pair]
        if purpose[ds].startswith("essential.service") and rng.random() < 0.2:
            f["necessity"] = "contract-with-subject"
        if sender["country"] == "US" and recipient["country"] != "US":
            f["transaction"] = "vendor" if to_vendor else rng.choice(["data-brokerage", "employment", "vendor"])
        fl.append(f)
        if len(holders[ds]) < 8:
            holders[ds].append(recipient)
    return {"xborder": 1, "name": f"synthetic map, {flows} flows", "as_of": "2026-06-01",
            "entities": ents, "locations": locs, "datasets": dss, "flows": fl}
