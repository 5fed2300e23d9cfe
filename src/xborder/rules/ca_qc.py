"""CA-QC: communication of personal information outside Québec, private sector Act s17.

From 22 September 2023, s17: "Before communicating personal information outside Québec, a
person carrying on an enterprise must conduct a privacy impact assessment ... The information
may be communicated if the assessment establishes that it would receive adequate protection
... The communication of the information must be the subject of a written agreement that
takes into account, in particular, the results of the assessment ... The same applies where
the person carrying on an enterprise entrusts a person or body outside Québec with the task
of collecting, using, communicating or keeping such information on his behalf."
Its last paragraph: "This section does not apply to a communication of information under
subparagraph 7 of the first paragraph of section 18" ("to a person to whom the information must
be communicated by reason of the urgency of a situation that threatens the life, health or
safety of the person concerned": the flow's necessity `emergency`; kb `ca.quebec_s17_exceptions`).
Before, s17 required "all reasonable steps" against other uses and onward communication.
An enterprise in Québec is marked in the map by the zone `ca-qc` (entity or location):
"outside Québec" includes the rest of Canada.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import KnowledgeBase
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict

ZONE = "ca-qc"


class CaQc(Regime):
    id = "CA-QC"
    jurisdiction = "CA"
    title = "Québec private sector Act s17: communication outside Québec"

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({"CA"})  # Québec is in Canada

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t = hop.sender, hop.recipient
        return (hop.as_of, s.zone == ZONE and s.location_country == "CA", t.zone == ZONE, t.location_country == "CA",
                s.entity.id == t.entity.id, hop.personal, hop.safeguards, hop.flow.necessity)

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        s, t = hop.sender, hop.recipient
        if s.zone != ZONE or s.location_country != "CA":
            return None
        kb = hop.kb
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{EXPORTER} carries on an enterprise in Québec (zone {ZONE})")
        if not hop.personal:
            return r.not_applicable("the data carried is not personal information")
        if t.zone == ZONE and t.location_country == "CA":
            return r.not_applicable(f"{RECIPIENT} receives the data in Québec", kb.cite("ca.quebec_s17"))
        if t.id == s.id:
            return r.not_applicable(f"{EXPORTER} keeps the data itself", kb.cite("ca.quebec_s17"))
        period = kb.period("ca.quebec_s17", hop.as_of)
        cite = kb.cite("ca.quebec_s17", period)
        where = "elsewhere in Canada" if t.location_country == "CA" else f"in {RECIPIENT_COUNTRY}"
        obligations = list(period.value) if period else []
        # s17, last paragraph (from 22 September 2023): an urgent communication under s18(7) is outside s17.
        necessity = hop.flow.necessity
        urgent = kb.member("ca.quebec_s17_exceptions", necessity, hop.as_of) if necessity else None
        if urgent is not None:
            mech = urgent.attributes["id"]
            ex_cite = kb.cite("ca.quebec_s17_exceptions")
            r.exception(mech, f"communicating to {RECIPIENT} {where}, outside Québec, by reason of the urgency of a "
                        "situation that threatens the life, health or safety of the person concerned (s18, first "
                        "paragraph, (7)): s17 does not apply", True, ex_cite)
            return r.decide(Verdict.PERMITTED, "s17 does not apply to an urgent communication under s18(7)", ex_cite,
                            safeguards=hop.safeguards)
        if "ca.qc-pia" in obligations:
            r.rule(f"communicating to {RECIPIENT} {where}, outside Québec: a privacy impact assessment first, then a "
                   "written agreement taking account of it", cite)
        else:
            r.rule(f"before 22 September 2023, communicating to {RECIPIENT} {where}, outside Québec: take all "
                   "reasonable steps against other uses and onward communication", cite)
        return r.decide(Verdict.CONDITIONAL, "communication outside Québec under s17", cite,
                        obligations=obligations, safeguards=hop.safeguards)
