"""A map of twin flows for the cache-key tests: each base flow copied with one fact changed.

Hops that differ in one fact only are what a cache key leaving that fact out would wrongly
share a result between; so for every regime of `REGIMES` the map sends data from one of the
countries the regime reaches (and from a few big data economies) to a handful of
destinations, then varies, one at a time: the safeguards (the regime's own ids, by their
`<jurisdiction>.` prefix, and the ASEAN clauses), necessity, purpose, transaction, the
recipient's role, location, certifications, group and designation, the sender's location,
zone and flags, the data (sensitive, bulk, minors, payment sector, foreign citizens,
collected abroad, important, under each control of the vocabulary, received earlier on the
route), and the flow's sector and scenario. Safeguards, controls, sectors, scenarios and
zones are read from `xborder.vocabulary`, so a regime added later is covered without editing
this file as long as its ids follow the `<iso>.<name>` convention.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from xborder import vocabulary
from xborder.kb import default_knowledge_base
from xborder.rules import REGIMES

EXTRA_SENDERS = ("CN", "DE", "GB", "CH", "US", "JP", "IN", "RU", "SG", "VN", "BR", "CA", "AU", "HK")
DESTINATIONS = ("US", "CN", "DE", "JP", "IN", "SG", "HK", "RU", "GB")
SECTOR_DESTINATIONS = ("US", "CN")
NECESSITY = ("contract-with-subject", "hr-management", "emergency", "legal-claims", "public-interest",
             "contract-with-person-abroad")
AS_OF = dt.date(2026, 6, 1)


def _senders() -> list[str]:
    kb = default_knowledge_base()
    found = set(EXTRA_SENDERS)
    for regime in REGIMES:
        reach = regime.reach_countries(AS_OF, kb)
        if reach:
            found.add(min(reach))
    return sorted(found)


def _prefixes(country: str) -> tuple[str, ...]:
    """The id prefixes of the regimes a sender in `country` may fall under."""
    kb = default_knowledge_base()
    own = {country.lower() + "."}
    for regime in REGIMES:
        reach = regime.reach_countries(AS_OF, kb)
        if reach and country in reach:
            own.add(regime.jurisdiction.lower() + ".")
    return tuple(sorted(own))


def twins_map(as_of: dt.date = AS_OF) -> dict[str, Any]:
    safeguards = sorted(vocabulary.safeguards())
    certifications = ["eu-us-dpf", "uk-us-data-bridge", "swiss-us-dpf", "apec-cbpr", "kr-isms-p"]
    zones = sorted(vocabulary.zones())
    controls = sorted(vocabulary.controls())
    sectors, scenarios = sorted(vocabulary.sectors()), sorted(vocabulary.scenarios())
    # the instruments of the regimes of controlled data: those of their jurisdictions (us.*)
    controlled = sorted({m for m in safeguards for c in controls if m.startswith(c.split(".")[0] + ".")})
    senders = _senders()
    countries = sorted(set(senders) | set(DESTINATIONS))
    entities: list[dict[str, Any]] = []
    datasets: list[dict[str, Any]] = []
    flows: list[dict[str, Any]] = []
    locations = [{"id": f"dc-{c.lower()}", "country": c} for c in countries]
    for c in DESTINATIONS:
        low = c.lower()
        entities += [
            {"id": f"r-{low}", "country": c},
            {"id": f"r-{low}-cert", "country": c, "certifications": certifications},
            {"id": f"r-{low}-covered", "country": c, "covered_person": True},
        ]
    for c in senders:
        low = c.lower()
        entities += [
            {"id": f"e-{low}", "country": c},
            {"id": f"e-{low}-ciio", "country": c, "ciio": True},
            {"id": f"e-{low}-broker", "country": c, "data_broker": True},
            *({"id": f"e-{low}-{z}", "country": c, "zone": z} for z in zones),
            # a recipient in the sender's group, in each destination
            *({"id": f"g-{low}-{d.lower()}", "country": d, "parent": f"e-{low}"} for d in DESTINATIONS),
        ]
        subjects = {"residence": c, "count": 5000}
        datasets += [
            {"id": f"d-{low}", "categories": ["user.name", "user.contact.email"], "subjects": [subjects]},
            {"id": f"d-{low}-sensitive", "categories": ["user.health_and_medical", "user.name",
                                                         "user.government_id.national_identification_number"],
             "subjects": [{"residence": c, "count": 300_000}]},
            {"id": f"d-{low}-bulk", "categories": ["user.name", "user.contact.phone_number", "user.location.precise"],
             "subjects": [{"residence": c, "count": 1_500_000}]},
            {"id": f"d-{low}-minors", "categories": ["user.name"], "subjects": [{**subjects, "minors": True}]},
            {"id": f"d-{low}-payment", "categories": ["user.name", "user.financial.bank_account"],
             "subjects": [subjects], "sector": "payment-systems", "primary_store": f"dc-{low}"},
            {"id": f"d-{low}-stored-abroad", "categories": ["user.name", "user.financial.bank_account"],
             "subjects": [{**subjects, "citizenship": c}], "sector": "payment-systems", "primary_store": "dc-de"},
            {"id": f"d-{low}-citizens", "categories": ["user.name"],
             "subjects": [{"residence": "DE", "citizenship": c, "count": 2000}]},
            {"id": f"d-{low}-abroad", "categories": ["user.name"], "subjects": [{"residence": "DE", "count": 2000}],
             "collected_in": "DE"},
            {"id": f"d-{low}-important", "categories": ["user.name"], "subjects": [subjects], "important_data": True},
            {"id": f"d-{low}-system", "categories": ["system.operations"], "subjects": []},
            *({"id": f"d-{low}-control{i}", "categories": ["user.name"], "subjects": [subjects], "controls": [control]}
              for i, control in enumerate(controls)),
        ]
        own = [m for m in safeguards if m.startswith(_prefixes(c))]
        for d in DESTINATIONS:
            dl = d.lower()
            n = len(flows)

            def flow(suffix: str, *, sender: str = f"e-{low}", recipient: str = f"r-{dl}", data: str = f"d-{low}",
                     sender_at: str = f"dc-{low}", recipient_at: str = f"dc-{dl}", **extra: Any) -> None:
                to = {"entity": recipient, "location": recipient_at, **extra.pop("to", {})}
                flows.append({"id": f"f{n}-{suffix}", "from": {"entity": sender, "location": sender_at,
                                                                 **extra.pop("from_", {})},
                              "to": to, "datasets": [data], "purpose": "essential.service", **extra})

            flow("base")
            for i, mech in enumerate(own):
                flow(f"safeguard{i}", safeguards=[mech])
            if own:
                flow("all-safeguards", safeguards=own)
            flow("mcc", safeguards=["asean.mcc"])
            for necessity in NECESSITY:
                flow(f"necessity-{necessity}", necessity=necessity)
            flow("analytics", purpose="analytics")
            flow("payments", purpose="essential.service.payment_processing")
            flow("employment", purpose="employment")
            flow("no-purpose", purpose=None)
            for kind in ("data-brokerage", "vendor", "employment", "investment"):
                flow(f"transaction-{kind}", transaction=kind)
            flow("direct", direct_collection=True)
            flow("processor", to={"role": "processor"})
            flow("sender-processor", from_={"role": "processor"})
            flow("recipient-elsewhere", recipient_at="dc-de" if d != "DE" else "dc-us")
            flow("recipient-at-home", recipient_at=f"dc-{low}")
            flow("sender-elsewhere", sender_at="dc-sg" if c != "SG" else "dc-de")
            flow("certified", recipient=f"r-{dl}-cert")
            flow("covered", recipient=f"r-{dl}-covered")
            flow("group", recipient=f"g-{low}-{dl}")
            flow("same-entity", recipient=f"e-{low}")
            flow("ciio", sender=f"e-{low}-ciio")
            flow("broker", sender=f"e-{low}-broker")
            flow("broker-sensitive", sender=f"e-{low}-broker", data=f"d-{low}-sensitive")
            flow("broker-processor", sender=f"e-{low}-broker", data=f"d-{low}-sensitive", to={"role": "processor"})
            for z in zones:
                flow(f"zone-{z}", sender=f"e-{low}-{z}")
                flow(f"zone-{z}-system", sender=f"e-{low}-{z}", data=f"d-{low}-system")
                flow(f"zone-{z}-same-entity", sender=f"e-{low}-{z}", recipient=f"e-{low}-{z}")
                flow(f"zone-{z}-recipient-at-home", sender=f"e-{low}-{z}", recipient_at=f"dc-{low}")
            for kind in ("sensitive", "bulk", "minors", "payment", "stored-abroad", "citizens", "abroad",
                         "important", "system", *(f"control{i}" for i in range(len(controls)))):
                flow(f"data-{kind}", data=f"d-{low}-{kind}")
            # data of people abroad processed under a contract with a person abroad (IN: DPDP Act s17(1)(d))
            # data of people abroad processed under a contract with a person abroad (IN: DPDP Act s17(1)(d)),
            # and its twin of the same categories about people at home
            flow("abroad-contract", data=f"d-{low}-abroad", necessity="contract-with-person-abroad")
            flow("minors-abroad-contract", data=f"d-{low}-minors", necessity="contract-with-person-abroad")
            for i in range(len(controls)):  # controlled data abroad, to a processor (a cloud), at home
                flow(f"control{i}-processor", data=f"d-{low}-control{i}", to={"role": "processor"})
                flow(f"control{i}-at-home", data=f"d-{low}-control{i}", recipient_at=f"dc-{low}")
                flow(f"control{i}-all-safeguards", data=f"d-{low}-control{i}", safeguards=controlled)
            if d in SECTOR_DESTINATIONS:
                for sector in sectors:
                    flow(f"sector-{sector}", sector=sector)
                for scenario in scenarios:
                    flow(f"scenario-{scenario}", scenario=scenario)
            # onward: the data reached the recipient of the base flow, which sends it on
            flow("onward", sender=f"r-{dl}", sender_at=f"dc-{dl}", recipient=f"r-{'us' if d != 'US' else 'cn'}",
                 recipient_at=f"dc-{'us' if d != 'US' else 'cn'}")
            flow("onward-certified", sender=f"r-{dl}-cert", sender_at=f"dc-{dl}", recipient="r-in", recipient_at="dc-in")
            flows.append({"id": f"f{n}-to-certified-sender", "from": {"entity": f"e-{low}", "location": f"dc-{low}"},
                          "to": {"entity": f"r-{dl}-cert", "location": f"dc-{dl}"}, "datasets": [f"d-{low}"]})
    _solo_twins(senders, zones, certifications, entities, flows)
    return {"xborder": 1, "name": "cache-key twins", "as_of": as_of.isoformat(), "entities": entities,
            "locations": locations, "datasets": datasets, "flows": flows}


# Solo twins: a fresh sender and recipient for each flow, so that what a regime aggregates per
# exporter or per pair (CN-PIPL volumes, US-DSP bulk counts) is the same for both twins and
# only the varied fact tells them apart. Each variant is one combination of facts; its twins
# are the variants that differ from it in one fact.
SOLO_VARIANTS: list[dict[str, Any]] = [
    {},
    {"ciio": True}, {"data_broker": True}, {"covered_person": True}, {"certified": True}, {"group": True},
    {"role": "processor"},
    {"necessity": "contract-with-subject"}, {"necessity": "contract-with-subject", "purpose": "analytics"},
    {"necessity": "contract-with-subject", "role": "processor"},
    {"necessity": "hr-management", "purpose": "employment"}, {"necessity": "hr-management"},
    {"covered_person": True, "purpose": "essential.service.payment_processing"},
    {"covered_person": True, "group": True}, {"covered_person": True, "group": True, "purpose": "employment"},
    {"covered_person": True, "role": "processor"}, {"data_broker": True, "role": "processor"},
    *({"covered_person": True, "transaction": kind} for kind in ("data-brokerage", "vendor", "employment", "investment")),
    *({"transaction": kind} for kind in ("data-brokerage", "vendor", "employment", "investment")),
    {"purpose": "analytics"}, {"purpose": "employment"}, {"purpose": "essential.service.payment_processing"},
]
SOLO_DESTINATIONS = ("US", "CN", "DE", "HK", "IN")
SOLO_DATA = ("", "-bulk")


def _solo_twins(senders: list[str], zones: list[str], certifications: list[str], entities: list[dict[str, Any]],
                flows: list[dict[str, Any]]) -> None:
    variants = SOLO_VARIANTS + [{"zone": z} for z in zones]
    for c in senders:
        low = c.lower()
        for d in SOLO_DESTINATIONS:
            for data in SOLO_DATA:
                for i, v in enumerate(variants):
                    n = len(flows)
                    sender = {"id": f"s{n}", "country": c, **({"ciio": True} if v.get("ciio") else {}),
                              **({"data_broker": True} if v.get("data_broker") else {}),
                              **({"zone": v["zone"]} if "zone" in v else {})}
                    recipient = {"id": f"t{n}", "country": d, **({"covered_person": True} if v.get("covered_person") else {}),
                                 **({"certifications": certifications} if v.get("certified") else {}),
                                 **({"parent": sender["id"]} if v.get("group") else {})}
                    entities += [sender, recipient]
                    flows.append({"id": f"f{n}-solo{i}", "from": {"entity": sender["id"], "location": f"dc-{low}"},
                                  "to": {"entity": recipient["id"], "location": f"dc-{d.lower()}",
                                         "role": v.get("role", "controller")},
                                  "datasets": [f"d-{low}{data}"], "purpose": v.get("purpose", "essential.service"),
                                  **{k: v[k] for k in ("necessity", "transaction") if k in v}})
