"""US-PADFA: Protecting Americans' Data from Foreign Adversaries Act of 2024 (15 U.S.C. 9901).

s2(a): "It shall be unlawful for a data broker to sell, license, rent, trade, transfer,
release, disclose, provide access to, or otherwise make available personally identifiable
sensitive data of a United States individual to - (1) any foreign adversary country; or
(2) any entity that is controlled by a foreign adversary."
s2(c) definitions: a data broker is an entity that, for valuable consideration, makes
available data of United States individuals that it did not collect directly from them to
another entity "that is not acting as a service provider"; it excludes an entity to the
extent it transmits data at the individual's request, provides a product or service of which
the sensitive data is not the product, or reports news. A foreign adversary country is one
specified in 10 U.S.C. 4872(d)(2). An entity is controlled by a foreign adversary when it is
domiciled, headquartered, organised or has its principal place of business in a foreign
adversary country, or is owned or directed by such a person. A United States individual is
a natural person residing in the United States. s2(c)(8): a service provider processes data
"on behalf of, and at the direction of - (i) an individual or entity that is not a foreign
adversary country or controlled by a foreign adversary": a processor working for a broker
that is itself adversary-controlled is not a service provider.
s2(d): in force 60 days after enactment (24 April 2024), that is 23 June 2024.
The sensitive data of s2(c) include, as reported (unverified, kb `us.padfa.minors`),
"Information about an individual under the age of 17": subjects residing in the United States
that the map marks `minors: true` count as such (the map has no age).

There is no volume threshold and no instrument that makes such a transfer lawful: the
verdict is `prohibited`. The map's `Entity.data_broker` says whether the sender is a data
broker; the exclusions that turn on the individual's request or on the product sold are not
in the map and are left to that flag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.kb import KnowledgeBase
from xborder.engine.hop import Hop
from xborder.kb import Citation
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict

LAW = "PADFA"
URL = "https://www.congress.gov/bill/118th-congress/house-bill/7520/text"
US = frozenset({"US"})
MINORS = "us.padfa.minors"


def cite(section: str) -> Citation:
    return Citation.of(LAW, section, URL)


class UsPadfa(Regime):
    id = "US-PADFA"
    jurisdiction = "US"
    title = "Protecting Americans' Data from Foreign Adversaries Act: data brokers"

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({"US"})  # every tie `assess` checks involves US (see its first lines)

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t = hop.sender, hop.recipient
        if not s.entity.data_broker:
            return False  # `assess` returns None
        return (hop.as_of, hop.individuals(residence=US), s.entity.id == t.entity.id, t.role, hop.categories,
                t.country, t.location_country, tuple((o.id, o.country) for o in t.owners),
                s.country, tuple(o.country for o in s.owners))

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        if not hop.sender.entity.data_broker or not hop.individuals(residence=US):
            return None
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{EXPORTER} is a data broker making available data of {hop.individuals(residence=US)} "
                "individuals residing in the United States (s2(c))")
        kb = hop.kb
        if not kb.value("us.padfa.effective", hop.as_of):
            return r.not_applicable(f"the Act is not in force on {hop.as_of} (in force 23 June 2024)",
                                    kb.cite("us.padfa.effective"))
        if hop.recipient.id == hop.sender.id:
            return r.not_applicable("the data stays with the data broker itself", cite("2(a)"))
        if hop.recipient.role == "processor":
            # s2(c)(8)(A)(i): a service provider acts for a person "that is not a foreign adversary country
            # or controlled by a foreign adversary"; a processor for an adversary-controlled broker is none.
            principal = self.controlled_sender(hop)
            why = (f"{RECIPIENT} acts as a processor for {EXPORTER}, but {EXPORTER} is controlled by a foreign "
                   f"adversary ({principal}): not a service provider" if principal else
                   f"{RECIPIENT} acts as a service provider: making data available to a service provider is "
                   "outside the data-broker definition")
            if r.exception("us.exemption.service-provider", why, principal is None, cite("2(c)(3), 2(c)(8)")):
                return r.not_applicable("recipient is a service provider", cite("2(c)"))
        sensitive = self.sensitive(hop, r)
        if not sensitive:
            return r.not_applicable("no personally identifiable sensitive data in the flow", cite("2(c)"))
        controller = self.adversary(hop, r)
        if controller is None:
            return r.not_applicable(f"{RECIPIENT} is not a foreign adversary country nor controlled by one",
                                    cite("2(a)"))
        r.rule(f"a data broker may not make sensitive data of U.S. individuals available to an entity controlled "
               f"by a foreign adversary ({controller}); no instrument or volume exception exists", cite("2(a)(2)"))
        return r.decide(Verdict.PROHIBITED, "prohibited transfer to a foreign adversary", cite("2(a)"))

    def sensitive(self, hop: Hop, r: Reasoning) -> list[str]:
        keys = hop.kb.members("us.padfa.sensitive_data", hop.as_of)
        found = sorted(c for c in hop.categories if any(c == k or c.startswith(k + ".") for k in keys))
        if found:
            r.fact(f"sensitive data: {', '.join(found)}", hop.kb.cite("us.padfa.sensitive_data"))
        age = hop.kb.value(MINORS, hop.as_of)
        if age and any(s.minors and s.residence == "US" for d in hop.datasets for s in d.subjects):
            r.fact(f"information about individuals under the age of {age}: subjects residing in the United States "
                   "are marked as minors", hop.kb.cite(MINORS))
            found.append(f"information about an individual under the age of {age}")
        r.classification = {"tier": "sensitive" if found else "other", "categories": found}
        return found

    @staticmethod
    def controlled_sender(hop: Hop) -> str | None:
        """The foreign adversary country controlling the sender (s2(c)(2)(A)-(B)), if any."""
        s = hop.sender
        adversaries = hop.kb.members("us.padfa.foreign_adversary_countries", hop.as_of)
        if s.country in adversaries:
            return s.country
        return next((o.country for o in s.owners if o.country in adversaries), None)

    def adversary(self, hop: Hop, r: Reasoning) -> str | None:
        """The foreign adversary country that controls the recipient, if any (s2(c))."""
        t, kb = hop.recipient, hop.kb
        adversaries = kb.members("us.padfa.foreign_adversary_countries", hop.as_of)
        if t.country in adversaries:
            r.rule(f"{RECIPIENT} is organised or headquartered in {t.country}, a foreign adversary country",
                   kb.cite("us.padfa.foreign_adversary_countries"))
            return t.country
        share = kb.value("us.padfa.control", hop.as_of)
        for owner in t.owners:
            if owner.country in adversaries:
                r.rule(f"{RECIPIENT} is owned or directed by {owner.id} ({owner.country}); a controlling parent holds at "
                       f"least the {share}% share of s2(c)", kb.cite("us.padfa.control"))
                return owner.country
        if t.location_country in adversaries:
            r.fact(f"{RECIPIENT} holds the data in {RECIPIENT_COUNTRY} but is neither organised there nor owned from "
                   "there", cite("2(c)"))
        return None
