"""US-DFARS: DFARS 252.239-7010, Cloud Computing Services: Government data kept in the United States.

DFARS 252.239-7010(b): "The requirements of this clause are applicable when using cloud
computing to provide information technology services in the performance of the contract."
(b)(3): "The Contractor shall maintain within the United States or outlying areas all
Government data that is not physically located on DoD premises, unless the Contractor receives
written notification from the Contracting Officer to use another location, in accordance with
DFARS 239.7602-2(a)."
(a): "Government data means any information, document, media, or machine readable material
regardless of physical form or characteristics, that is created or obtained by the Government
in the course of official Government business."
(l): "The Contractor shall include this clause, including this paragraph (l), in all
subcontracts that involve or may involve cloud services".
FAR 2.101: outlying areas are Puerto Rico, the Northern Mariana Islands, American Samoa, Guam,
the U.S. Virgin Islands and the minor outlying islands.

The map marks such data with the dataset control `us.dod-government-data`. The duty is a
contract term: it binds wherever the data goes, so every hop carrying the data is checked
against where the recipient keeps it (and the dataset's primary store). The contracting
officer's written notification is the one way to keep it elsewhere: `us.dfars.co-authorization`.
Not in the map: whether a place abroad is DoD premises (data there is outside (b)(3)).
"""

from __future__ import annotations

from collections.abc import Hashable

from xborder.datamap.models import Dataset
from xborder.engine.hop import Hop
from xborder.rules.base import RECIPIENT, RECIPIENT_COUNTRY, Reasoning, RegimeResult, Verdict
from xborder.rules.us_controls import (GOVERNMENT_DATA, OUTLYING_AREAS, ControlledDataRegime, flagged, primary_stores,
                                      stored_outside, united_states)

FACT = "us.dfars.cloud_data_location"
CO_AUTHORIZATION = "us.dfars.co-authorization"


class UsDfars(ControlledDataRegime):
    id = "US-DFARS"
    jurisdiction = "US"
    title = "DFARS 252.239-7010(b)(3): Government data in cloud services kept in the United States or outlying areas"

    CONTROL = GOVERNMENT_DATA

    def key(self, hop: Hop, data: tuple[Dataset, ...]) -> Hashable:
        return (hop.as_of, primary_stores(hop, data), hop.recipient.location_country, CO_AUTHORIZATION in hop.safeguards)

    def assess(self, hop: Hop, prepared: frozenset[str]) -> RegimeResult | None:
        data = flagged(hop, prepared)
        if not data:
            return None
        kb = hop.kb
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{', '.join(d.id for d in data)}: Government data under a DoD contract for cloud computing services "
                "with clause 252.239-7010 (dataset control us.dod-government-data)")
        period = kb.period(FACT, hop.as_of)
        cite = kb.cite(FACT, period)
        us = united_states(kb, hop.as_of)
        abroad = stored_outside(hop, data, us, r, "the primary store of {dataset} in {country}")
        where = hop.recipient.location_country
        if where not in us:
            abroad.append(f"{RECIPIENT} in {RECIPIENT_COUNTRY}")
        if not abroad:
            return r.not_applicable(f"the data stays within the United States or outlying areas ({RECIPIENT} in "
                                    f"{RECIPIENT_COUNTRY})", cite)
        r.rule(f"Government data is kept outside the United States and outlying areas: {', '.join(abroad)}", cite)
        r.fact(f"the outlying areas are {', '.join(sorted(us - {'US'}))}", kb.cite(OUTLYING_AREAS))
        r.fact("the map does not show DoD premises: Government data physically located on DoD premises abroad is "
               "outside paragraph (b)(3)", cite)
        r.exception(CO_AUTHORIZATION, "written notification from the Contracting Officer to use another location"
                    + ("" if CO_AUTHORIZATION in hop.safeguards else " (not declared)"),
                    CO_AUTHORIZATION in hop.safeguards, cite)
        return r.decide(Verdict.CONDITIONAL, f"Government data must stay within {period.value['within']} unless "
                        f"{period.value['unless']}", cite, one_of=[CO_AUTHORIZATION], safeguards=hop.safeguards)
