"""CA-PIPEDA: accountability for personal information transferred abroad (Schedule 1, 4.1.3).

PIPEDA sets no rule on transfers abroad. Principle 4.1.3: "An organization is responsible for
personal information in its possession or custody, including information that has been
transferred to a third party for processing. The organization shall use contractual or other
means to provide a comparable level of protection while the information is being processed
by a third party." A transfer for processing (to a service provider) therefore needs those
contractual or other means; a disclosure to another organisation for its own purposes needs
the individual's consent (Principle 4.3), wherever the recipient is, unless s7(3) lets it be
made without consent: "(e) made to a person who needs the information because of an emergency
that threatens the life, health or security of an individual and, if the individual whom the
information is about is alive, the organization informs that individual in writing without
delay of the disclosure" (the flow's necessity `emergency`; kb `ca.disclosure_exceptions`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import Citation, KnowledgeBase
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict

LAW = "PIPEDA"
URL = "https://laws-lois.justice.gc.ca/eng/acts/P-8.6/page-7.html"
URL_S7 = "https://laws-lois.justice.gc.ca/eng/acts/P-8.6/page-2.html"
COMPARABLE, CONSENT = "ca.comparable-protection", "ca.consent"


def cite(principle: str) -> Citation:
    return Citation.of(LAW, f"Schedule 1, {principle}", URL)


class CaPipeda(Regime):
    id = "CA-PIPEDA"
    jurisdiction = "CA"
    title = "PIPEDA Schedule 1, 4.1.3: accountability for information transferred for processing"

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({"CA"})  # `assess` needs a sender in Canada

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t = hop.sender, hop.recipient
        return (hop.as_of, "CA" in (s.country, s.location_country), t.location_country == "CA", t.role,
                s.entity.id == t.entity.id, hop.personal, hop.safeguards, hop.flow.necessity)

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        s, t = hop.sender, hop.recipient
        if "CA" not in (s.country, s.location_country):
            return None
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{EXPORTER} is an organisation in Canada")
        if not hop.personal:
            return r.not_applicable("the data carried is not personal information")
        if t.location_country == "CA":
            return r.not_applicable(f"{RECIPIENT} receives the data in Canada: no transfer abroad", cite("4.1.3"))
        if t.id == s.id:
            return r.not_applicable(f"{EXPORTER} keeps the data within the organisation", cite("4.1.3"))
        principle = hop.kb.value("ca.accountability", hop.as_of)
        if t.role == "processor":
            r.rule(f"{RECIPIENT} processes the data for {EXPORTER} in {RECIPIENT_COUNTRY}: {EXPORTER} stays responsible "
                   "and provides a comparable level of protection by contractual or other means", cite(principle))
            return r.decide(Verdict.CONDITIONAL, "a transfer for processing needs contractual or other means of "
                            "comparable protection", cite(principle), obligations=[COMPARABLE],
                            safeguards=hop.safeguards)
        r.rule(f"{RECIPIENT} receives the data for its own purposes: a disclosure, which needs the individual's "
               "consent", cite("4.3"))
        # s7(3): a disclosure the flow's necessity names may be made without consent.
        kb, necessity = hop.kb, hop.flow.necessity
        member = kb.member("ca.disclosure_exceptions", necessity, hop.as_of) if necessity else None
        if member is not None:
            mech, article = member.attributes["id"], member.attributes["article"]
            obligations = list(member.attributes.get("obligations", ()))
            then = " (the individual, if alive, is informed in writing without delay)" if obligations else ""
            r.exception(mech, f"the flow claims necessity '{necessity}': s{article} allows the disclosure without "
                        f"the individual's knowledge or consent{then}", True, Citation.of(LAW, article, URL_S7))
            return r.decide(Verdict.CONDITIONAL, f"disclosure without consent under s{article}",
                            Citation.of(LAW, article, URL_S7), obligations=obligations, safeguards=hop.safeguards)
        return r.decide(Verdict.CONDITIONAL, "disclosure to another organisation abroad with consent", cite("4.3"),
                        one_of=[CONSENT], safeguards=hop.safeguards)
