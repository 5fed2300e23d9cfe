"""NZ-PRIVACY: disclosure of personal information outside New Zealand, Privacy Act 2020 IPP 12 (1993 Act before).

Until 30 November 2020, Privacy Act 1993: no principle governed disclosure abroad; s114B(1):
"The Commissioner may prohibit a transfer of personal information from New Zealand to another
State if the Commissioner is satisfied, on reasonable grounds, that - (a) the information has
been, or will be, received in New Zealand from another State and is likely to be transferred
to a third State where it will not be subject to a law providing comparable safeguards to this
Act; and (b) the transfer would be likely to lead to a contravention of the basic principles
of national application set out in Part Two of the OECD Guidelines", by a transfer prohibition
notice served on the agency (s114D).
From 1 December 2020, Privacy Act 2020, IPP 12(1): an agency (A) may disclose personal
information to a foreign person or entity (B) only if (a) the individual authorises it after
being expressly informed that B may not be required to protect it with comparable safeguards;
(b) B carries on business in New Zealand and is subject to the Act; (c) B is subject to
privacy laws that, overall, provide comparable safeguards; (d) B participates in a prescribed
binding scheme; (e) B is subject to the privacy laws of a prescribed country; (f) B is
otherwise required to protect the information with comparable safeguards (for example under
an agreement: the Commissioner's model contract clauses). s11: an agent holding information
solely to store or process it for A, not for its own purposes, receives no disclosure. Part 8
(ss192-197) keeps the Commissioner's transfer prohibition notices for information received from
overseas.
s7(1): a "foreign person or entity" is "(b) a body, incorporated or unincorporated, that - (i) is
not established under the law of New Zealand; and (ii) does not have its central control and
management in New Zealand" (or an individual neither present nor ordinarily resident in New
Zealand, or an overseas Government). From 1 December 2020 the test is therefore the recipient's
establishment, not where it receives the information: a New Zealand body abroad receives no IPP 12
disclosure, a foreign body in New Zealand does (kb `nz.foreign_person`).
s24(1): "Nothing in IPP 6, 11, or 12 limits or affects - (a) a provision contained in any New Zealand
enactment that authorises or requires personal information to be made available": a disclosure the
law requires (the flow's `necessity: statutory-duty`) needs no IPP 12(1) ground (kb `nz.s24`).
Dates: kb `nz.in_force`; grounds: `nz.ipp12`; prescribed countries: `nz.prescribed_countries`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import Citation, KnowledgeBase
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict

NZ = "NZ"
PRESCRIBED_COUNTRY = "nz.prescribed-country"


class NzPrivacy(Regime):
    id = "NZ-PRIVACY"
    jurisdiction = NZ
    title = "Privacy Act 2020 IPP 12 (Privacy Act 1993 Part 11A before): disclosure outside New Zealand"

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({NZ})

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t = hop.sender, hop.recipient
        if NZ not in (s.country, s.location_country):
            return (hop.as_of, "untied")
        grounds = hop.kb.members("nz.ipp12", hop.as_of)
        return (hop.as_of, t.location_country, t.country, s.entity.id == t.entity.id, t.role, hop.personal,
                self._received_from(hop), hop.safeguards & grounds, hop.flow.necessity == "statutory-duty")

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        s, t, kb = hop.sender, hop.recipient, hop.kb
        if NZ not in (s.country, s.location_country):
            return None
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{EXPORTER} is an agency in New Zealand")
        if not hop.personal:
            return r.not_applicable("the data carried is not personal information")
        period = kb.fact("nz.in_force").period(hop.as_of)
        assert period is not None  # the fact starts on the knowledge base's first day
        rule = period.value
        cite = Citation.of(rule["law"], rule["article"], period.url or kb.fact("nz.in_force").source.url)
        if rule["rule"] == "prohibition-notice":
            if t.location_country == NZ:
                return r.not_applicable(f"{RECIPIENT} receives the information in New Zealand: no transfer to another "
                                        "State", cite)
            if t.id == s.id:
                return r.not_applicable(f"{EXPORTER} moves the information within the agency: not a disclosure", cite)
            return self._prohibition_notice(hop, r, cite)
        if t.id == s.id:
            return r.not_applicable(f"{EXPORTER} moves the information within the agency: not a disclosure", cite)
        # IPP 12 binds a disclosure to a "foreign person or entity" (s7(1)): established abroad, wherever it receives it
        foreign = kb.period("nz.foreign_person", hop.as_of)
        defined = kb.cite("nz.foreign_person", foreign)
        if t.country == NZ:
            where = "in New Zealand" if t.location_country == NZ else f"in {RECIPIENT_COUNTRY}"
            return r.not_applicable(f"{RECIPIENT} is a body established under the law of New Zealand, receiving the "
                                    f"information {where}: not a foreign person or entity (s7(1)), so IPP 12 does not "
                                    "apply", defined)
        return self._ipp12(hop, r, cite, defined)

    @staticmethod
    def _received_from(hop: Hop) -> frozenset[str]:
        """Countries the information came to New Zealand from (Part 11A / Part 8 concern only these)."""
        return (hop.upstream_countries | hop.origin_countries) - {NZ}

    def _prohibition_notice(self, hop: Hop, r: Reasoning, cite: Any) -> RegimeResult:
        """Privacy Act 1993: disclosure abroad is free unless a transfer prohibition notice forbids it."""
        r.rule(f"the Privacy Act 1993 sets no condition on disclosing personal information to {RECIPIENT} in "
               f"{RECIPIENT_COUNTRY}; the Commissioner may only prohibit, by a transfer prohibition notice, the onward "
               "transfer of information received from another State (s114B, s114D)", cite)
        came_from = self._received_from(hop)
        if came_from:
            r.fact(f"the information was received from {', '.join(sorted(came_from))}: a transfer prohibition notice "
                   "could reach it; the map records none", cite)
        return r.decide(Verdict.PERMITTED, "no transfer instrument is needed under the Privacy Act 1993", cite,
                        safeguards=hop.safeguards)

    def _ipp12(self, hop: Hop, r: Reasoning, cite: Any, defined: Citation) -> RegimeResult:
        kb, t = hop.kb, hop.recipient
        if t.role == "processor":
            return r.not_applicable(f"{RECIPIENT} holds the information as an agent, to store or process it for "
                                    f"{EXPORTER} and not for its own purposes: no disclosure (s11)", cite)
        if t.location_country == NZ:
            r.fact(f"{RECIPIENT} receives the information in New Zealand but is established outside it, and the map "
                   "records no central control and management in New Zealand: a foreign person or entity (s7(1)); "
                   "if it carries on business in New Zealand and is subject to the Act, IPP 12(1)(b) serves", defined)
        r.rule(f"{EXPORTER} discloses personal information to {RECIPIENT}, a foreign person or entity (established "
               f"outside New Zealand) receiving it in {RECIPIENT_COUNTRY}: IPP 12 applies to a disclosure in reliance "
               "on IPP 11(1)(a), (c), (e), (f), (h) or (i)", cite)
        came_from = self._received_from(hop)
        if came_from:
            r.fact(f"the information was received from {', '.join(sorted(came_from))}: the Commissioner may also "
                   "prohibit its onward transfer by a transfer prohibition notice (s193); the map records none", cite)
        s24 = kb.period("nz.s24", hop.as_of)
        if s24 is not None and hop.flow.necessity == "statutory-duty":
            # s24(1)(a): IPP 12 does not limit an enactment that requires the information to be made available
            enact = kb.cite("nz.s24", s24)
            r.exception(s24.value["id"], f"s{s24.value['article']}: the flow claims a disclosure required by law "
                        "(necessity 'statutory-duty'); IPP 12 does not limit a New Zealand enactment that authorises "
                        "or requires personal information to be made available (the duty must come from such an "
                        "enactment)", True, enact)
            return r.decide(Verdict.PERMITTED, "a disclosure a New Zealand enactment requires: IPP 12 does not "
                            "limit it", enact, safeguards=hop.safeguards)
        prescribed = kb.member("nz.prescribed_countries", t.location_country, hop.as_of)
        listed = kb.cite("nz.prescribed_countries", prescribed)
        if r.exception(PRESCRIBED_COUNTRY, f"IPP 12(1)(e): {RECIPIENT_COUNTRY} is " +
                       ("a prescribed country" if prescribed else "not a prescribed country (none is prescribed in "
                        "the knowledge base)"), prescribed is not None, listed):
            return r.decide(Verdict.PERMITTED, "a prescribed country: no further step under IPP 12", listed,
                            safeguards=hop.safeguards)
        grounds = kb.fact("nz.ipp12").members_on(hop.as_of)
        ipp12 = kb.cite("nz.ipp12")
        for ground in grounds:
            declared = ground.key in hop.safeguards
            r.exception(ground.key, f"{ground.attributes['paragraph']}" + ("" if declared else " (not declared)"),
                        declared, ipp12)
        return r.decide(Verdict.CONDITIONAL, "one of the grounds of IPP 12(1) is needed before the disclosure", ipp12,
                        one_of=[g.key for g in grounds], safeguards=hop.safeguards)
