"""US-IRS1075: IRS Publication 1075: federal tax information not accessed or kept offshore.

IRC 6103(p)(4) makes an agency's receipt of federal tax information (FTI) conditional on the
safeguards the IRS prescribes; Publication 1075, Tax Information Security Guidelines for
Federal, State and Local Agencies, sets them, for the agency and its contractors. Rev. 11-2021,
Section 2.C.7 Offshore Operations (see kb `us.irs1075.offshore`): "FTI cannot be accessed by
agency employees, agents, representatives, contractors, or sub-contractors located outside of
the legal jurisdictional boundary of the United States (outside of the United States, its
territories, embassies, or military installations). FTI must not be received, processed,
stored, accessed, or transmitted to (IT) systems located offshore nor may FTI be sent offshore
for disposal." The Publication describes no authorisation to do otherwise, so the verdict is
`prohibited`. (Embassies and military installations abroad are not modelled: a recipient there
is read as offshore, the cautious side.)

The map marks FTI with the dataset control `us.fti`. A hop is checked against where the
recipient receives the data and where each FTI dataset has its primary store; the United
States' territories are read as the outlying areas of FAR 2.101.
"""

from __future__ import annotations

from collections.abc import Hashable

from xborder.datamap.models import Dataset
from xborder.engine.hop import Hop
from xborder.rules.base import RECIPIENT, RECIPIENT_COUNTRY, Reasoning, RegimeResult, Verdict
from xborder.rules.dated import next_change
from xborder.rules.us_controls import (FTI, OUTLYING_AREAS, ControlledDataRegime, flagged, primary_stores, stored_outside,
                                      united_states)

FACT = "us.irs1075.offshore"


class UsIrs1075(ControlledDataRegime):
    id = "US-IRS1075"
    jurisdiction = "US"
    title = "IRS Publication 1075: federal tax information not accessed, stored or processed offshore"

    CONTROL = FTI

    def key(self, hop: Hop, data: tuple[Dataset, ...]) -> Hashable:
        return hop.as_of, primary_stores(hop, data), hop.recipient.location_country

    def assess(self, hop: Hop, prepared: frozenset[str]) -> RegimeResult | None:
        data = flagged(hop, prepared)
        if not data:
            return None
        kb = hop.kb
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{', '.join(d.id for d in data)}: federal tax information received under IRC 6103 (dataset control "
                "us.fti)")
        period = kb.period(FACT, hop.as_of)
        cite = kb.cite(FACT, period)
        if period is None or period.value is None:
            return r.not_applicable(f"no revision of Publication 1075 before the one recorded from "
                                    f"{next_change(hop, FACT)} is in the knowledge base", cite)
        us = united_states(kb, hop.as_of)
        offshore = stored_outside(hop, data, us, r, "the primary store of {dataset} is in {country}")
        if hop.recipient.location_country not in us:
            offshore.append(f"{RECIPIENT} receives it in {RECIPIENT_COUNTRY}")
        if not offshore:
            return r.not_applicable(f"the FTI stays within {period.value['within']} ({RECIPIENT} in "
                                    f"{RECIPIENT_COUNTRY})", cite)
        r.fact(f"the United States' territories are read as its outlying areas: {', '.join(sorted(us - {'US'}))}",
               kb.cite(OUTLYING_AREAS))
        r.rule(f"FTI offshore: {', '.join(offshore)}; {period.value['rule']}", cite)
        return r.decide(Verdict.PROHIBITED, "federal tax information may not be accessed, stored or processed "
                        "outside the United States or its territories", cite)
