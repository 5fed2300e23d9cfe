"""Seeded generator of large, realistic data maps for benchmarks and property tests.

Entities sit in 40 countries weighted towards the big data economies; datasets are owned by
one entity and describe its own residents with realistic category bundles; flows send a
dataset from its owner or, for about a third, onward from an entity that received it, so
routes of several hops exist. Safeguards and certifications are sprinkled in.
"""

from __future__ import annotations

import random
from typing import Any

COUNTRIES = [
    "CN", "US", "DE", "FR", "GB", "JP", "KR", "SG", "RU", "CH", "IE", "NL", "IT", "ES", "SE", "PL",
    "IN", "BR", "CA", "AU", "HK", "TW", "MX", "ZA", "AE", "SA", "TR", "ID", "VN", "TH", "MY", "PH",
    "NZ", "IL", "AR", "CL", "NO", "DK", "FI", "BE",
]
WEIGHTS = [12, 12, 6, 5, 5, 5, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
BUNDLES = [
    ["user.name", "user.contact.email"],
    ["user.name", "user.contact.phone_number", "user.contact.address"],
    ["user.name", "user.financial.bank_account"],
    ["user.name", "user.health_and_medical"],
    ["user.device.device_id", "user.location.precise"],
    ["user.name", "user.contact.email", "user.behavior.purchase_history"],
    ["user.name", "user.government_id.national_identification_number"],
    ["user.device.ip_address", "user.behavior.browsing_history"],
    ["user.name", "user.job_title", "user.contact.email"],
    ["user.health_and_medical.genetic"],
]
PURPOSES = ["essential.service", "analytics", "marketing.advertising", "employment", "essential.service.payment_processing"]
SAFEGUARDS = ["eu.scc", "eu.tia", "uk.idta", "uk.tra", "cn.standard-contract", "cn.pipia", "cn.notice",
              "cn.separate-consent", "jp.consent", "sg.contract", "kr.consent", "ru.transfer-notification"]
CERTS = ["eu-us-dpf", "uk-us-data-bridge", "apec-cbpr", "swiss-us-dpf"]


def generate(entities: int, datasets: int, flows: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    ents = []
    for i in range(entities):
        country = rng.choices(COUNTRIES, WEIGHTS)[0]
        e: dict[str, Any] = {"id": f"e{i}", "country": country}
        if country == "US" and rng.random() < 0.4:
            e["certifications"] = rng.sample(CERTS, rng.randint(1, 2))
        if i > 50 and rng.random() < 0.15:
            e["parent"] = f"e{rng.randrange(0, 50)}"
        if country == "CN" and rng.random() < 0.05:
            e["ciio"] = True
        ents.append(e)
    locs = [{"id": f"dc-{c.lower()}", "country": c} for c in COUNTRIES]
    dss, owner = [], {}
    for i in range(datasets):
        o = ents[rng.randrange(entities)]
        owner[f"d{i}"] = o
        dss.append({
            "id": f"d{i}",
            "categories": rng.choice(BUNDLES),
            "subjects": [{"residence": o["country"], "kind": rng.choice(["customer", "employee"]),
                          "count": int(10 ** rng.uniform(2, 6.5)),
                          **({"citizenship": "RU"} if o["country"] == "RU" else {})}],
        })
    holders: dict[str, list[dict[str, Any]]] = {d["id"]: [owner[d["id"]]] for d in dss}
    fl = []
    for i in range(flows):
        ds = f"d{rng.randrange(datasets)}"
        sender = rng.choice(holders[ds]) if rng.random() < 0.35 else owner[ds]
        recipient = ents[rng.randrange(entities)]
        if recipient is sender:
            recipient = ents[(int(sender["id"][1:]) + 1) % entities]
        f: dict[str, Any] = {
            "id": f"f{i}",
            "from": {"entity": sender["id"], "location": f"dc-{sender['country'].lower()}"},
            "to": {"entity": recipient["id"], "location": f"dc-{recipient['country'].lower()}",
                   "role": rng.choice(["controller", "processor"])},
            "datasets": [ds],
            "purpose": rng.choice(PURPOSES),
        }
        if rng.random() < 0.5:
            f["safeguards"] = rng.sample(SAFEGUARDS, rng.randint(1, 4))
        if rng.random() < 0.1:
            f["necessity"] = "contract-with-subject"
        if sender["country"] == "US" and rng.random() < 0.2:
            f["transaction"] = rng.choice(["vendor", "data-brokerage", "employment"])
        fl.append(f)
        if len(holders[ds]) < 8:
            holders[ds].append(recipient)
    return {"xborder": 1, "name": f"synthetic map, {flows} flows", "as_of": "2026-06-01",
            "entities": ents, "locations": locs, "datasets": dss, "flows": fl}
