"""HK-PDPO: personal data leaving Hong Kong, Personal Data (Privacy) Ordinance (Cap. 486).

s33 ("Prohibition against transfer of personal data to place outside Hong Kong except in
specified circumstances") is enacted but has never been brought into operation: Hong Kong
has no general restriction on transfers abroad. What binds a transfer is the data protection
principles of Schedule 1. DPP3: "Personal data shall not, without the prescribed consent of
the data subject, be used for a new purpose" (a purpose other than that of collection or a
directly related one). DPP2(3), DPP4(2): a data user engaging a data processor, within or
outside Hong Kong, adopts contractual or other means against over-retention and unauthorised
access or use. s60B: personal data is exempt from DPP3 if its use is "(a) required or authorized
by or under any enactment, by any rule of law or by an order of a court in Hong Kong; (b) required
in connection with any legal proceedings in Hong Kong; or (c) required for establishing, exercising
or defending legal rights in Hong Kong" (the flow's `necessity: statutory-duty` or `legal-claims`);
s63C: DPP3 does not apply where it would prejudice identifying a person in a life-threatening
situation, informing their family, or emergency rescue or relief (`necessity: emergency`); kb
`hk.dpp3_exemptions`. The Privacy Commissioner recommends (does not require) its Recommended Model
Contractual Clauses (May 2022). Towards the nine mainland cities of the Greater Bay Area, the
GBA Standard Contract (the CN knowledge base's `cn.gba_standard_contract`, Hong Kong member)
is a voluntary facilitation measure on the Hong Kong side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import Citation, KnowledgeBase
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict
from xborder.rules.dated import data_sectors

RMC = "hk.rmc"
GBA_CONTRACT, GBA_ZONE, GBA_FACT = "cn.gba-standard-contract", "cn-gba", "cn.gba_standard_contract"


def _to_gba(hop: Hop) -> bool:
    """The recipient receives the data in one of the nine mainland cities of the Greater Bay Area."""
    return hop.recipient.location_country == "CN" and hop.recipient.zone == GBA_ZONE


class HkPdpo(Regime):
    id = "HK-PDPO"
    jurisdiction = "HK"
    title = "PDPO: s33 not in operation; DPP3 and the processor principles on a transfer abroad"

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({"HK"})

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t = hop.sender, hop.recipient
        return (hop.as_of, "HK" in (s.country, s.location_country), s.location_country, t.location_country == "HK",
                _to_gba(hop) and data_sectors(hop), s.entity.id == t.entity.id, hop.personal, t.role,
                frozenset(m for m in hop.safeguards if m.startswith("hk.") or m == GBA_CONTRACT), hop.flow.necessity)

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        s, t, kb = hop.sender, hop.recipient, hop.kb
        if "HK" not in (s.country, s.location_country):
            return None
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{EXPORTER} is a data user in Hong Kong ({s.location_country})")
        if not hop.personal:
            return r.not_applicable("the data carried is not personal data")
        if t.location_country == "HK":
            return r.not_applicable(f"{RECIPIENT} receives the data in Hong Kong", kb.cite("hk.dpp3"))
        if t.entity.id == s.entity.id:
            return r.not_applicable(f"{EXPORTER} keeps the data within the same legal person", kb.cite("hk.dpp3"))
        s33 = kb.period("hk.s33", hop.as_of)
        s33_cite = kb.cite("hk.s33", s33)
        r.fact("s33 (transfer outside Hong Kong only in specified circumstances) is enacted but not in operation: no "
               f"general restriction applies to the transfer to {RECIPIENT_COUNTRY}", s33_cite)
        purpose = kb.value("hk.dpp3", hop.as_of)
        obligations: list[str] = []
        part8 = kb.period("hk.dpp3_exemptions", hop.as_of)
        exempt = (part8.value or {}).get(hop.flow.necessity or "") if part8 is not None else None
        if part8 is not None and exempt is not None:
            # Part 8 (s60B, s63C): the use the flow claims is outside DPP3
            law = kb.cite("hk.dpp3_exemptions", part8)
            r.exception(exempt["id"], f"s{exempt['article']}: the flow claims necessity '{hop.flow.necessity}'; the "
                        f"use is exempt from DPP3 where {exempt['what']}", True,
                        Citation.of(law.law, exempt["article"], exempt.get("url", law.url)))
        else:
            obligations.append(purpose)
            r.rule(f"the transfer is a use of the data: for the purpose of collection or a directly related one, else "
                   f"with the data subject's express and voluntary consent ({purpose})", kb.cite("hk.dpp3"))
        if t.role == "processor":
            processor = kb.value("hk.processors", hop.as_of)
            obligations.append(processor)
            r.rule(f"{RECIPIENT} processes for {EXPORTER}: contractual or other means against over-retention and "
                   f"unauthorised access or use ({processor})", kb.cite("hk.processors"))
        self.recommended_clauses(hop, r)
        return r.decide(Verdict.PERMITTED, "no transfer instrument is required while s33 is not in operation",
                        s33_cite, obligations=obligations, safeguards=hop.safeguards)

    def recommended_clauses(self, hop: Hop, r: Reasoning) -> None:
        """What the Commissioner recommends (not requires): the RMCs, or the GBA Standard Contract."""
        kb = hop.kb
        if _to_gba(hop):
            member = kb.member(GBA_FACT, "HK", hop.as_of)
            if member is not None:
                cite = kb.cite(GBA_FACT, member)
                pilot = member.attributes.get("sectors") or ()
                outside = sorted(data_sectors(hop) - set(pilot))
                if pilot and outside:
                    r.fact(f"the GBA Standard Contract ({GBA_CONTRACT}) is open on this date only to the "
                           f"{', '.join(pilot)} sectors (pilot); this data is of {', '.join(outside)}", cite)
                else:
                    open_to = f", open on this date to the {', '.join(pilot)} sectors (pilot)" if pilot else ""
                    r.fact(f"{RECIPIENT} is in the mainland Greater Bay Area: the GBA Standard Contract ({GBA_CONTRACT}) "
                           f"may be used, voluntarily on the Hong Kong side{open_to}"
                           + ("; declared" if GBA_CONTRACT in hop.safeguards else ""), cite)
        member = kb.member("hk.model_clauses", RMC, hop.as_of)
        if member is not None:
            r.fact(f"the Privacy Commissioner recommends its model contractual clauses ({RMC}), not required"
                   + ("; declared" if RMC in hop.safeguards else ""), kb.cite("hk.model_clauses", member))
