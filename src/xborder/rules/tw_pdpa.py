"""TW-PDPA: cross-border transfer of personal data, Personal Data Protection Act Art 21.

Art 21: "If a cross-border transfer of personal data is carried out by a non-government
agency under any of the following circumstances, the central government authority in charge
of the industry concerned may impose restrictions on such transfer: 1. where major national
interests are involved; 2. where an international treaty or agreement so stipulates; 3. where
the country receiving the personal data lacks proper regulations on protection of personal
data and the data subjects' rights and interests may consequently be harmed; or 4. where the
cross-border transfer of the personal data to a third country (territory) is carried out to
circumvent the PDPA." Without such a restriction a transfer is allowed. The restrictions
issued are kept in `tw.restrictions`: the NCC's 2012 order bars communications enterprises
from transferring subscribers' data to mainland China (a dataset `sector: communications`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import KnowledgeBase
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict
from xborder.rules.dated import data_sectors


class TwPdpa(Regime):
    id = "TW-PDPA"
    jurisdiction = "TW"
    title = "PDPA Art 21: restrictions on cross-border transfers"

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({"TW"})

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t = hop.sender, hop.recipient
        return (hop.as_of, "TW" in (s.country, s.location_country), s.location_country, t.location_country, hop.personal,
                data_sectors(hop))

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        s, t, kb = hop.sender, hop.recipient, hop.kb
        if "TW" not in (s.country, s.location_country):
            return None
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{EXPORTER} processes or uses the data from Taiwan ({s.location_country})")
        art21 = kb.cite("tw.art21", kb.period("tw.art21", hop.as_of))
        if not hop.personal:
            return r.not_applicable("the data carried is not personal data")
        if t.location_country == "TW":
            return r.not_applicable(f"{RECIPIENT} receives the data in Taiwan: no cross-border transfer (Art 2(6))", art21)
        r.rule(f"a cross-border transfer to {RECIPIENT_COUNTRY} is allowed unless the central competent authority of the "
               "industry restricted it (national interests, a treaty, inadequate protection abroad, circumvention)", art21)
        sectors = data_sectors(hop)
        for order in kb.fact("tw.restrictions").members_on(hop.as_of):
            if order.key != t.location_country:
                continue
            cite = kb.cite("tw.restrictions", order, order.attributes.get("ground"))
            bound = sorted(set(order.attributes["sectors"]) & sectors)
            if bound:
                r.rule(f"{order.act}: this flow carries data of the sector '{', '.join(bound)}' it binds", cite)
                return r.decide(Verdict.PROHIBITED, f"the transfer to {RECIPIENT_COUNTRY} is restricted under Art 21",
                                cite, safeguards=hop.safeguards)
            r.fact(f"{order.act}: it binds data of the sector '{', '.join(order.attributes['sectors'])}', and neither "
                   "the flow nor its datasets are marked with it", cite)
        return r.decide(Verdict.PERMITTED, "no Art 21 restriction covers this transfer", art21, safeguards=hop.safeguards)
