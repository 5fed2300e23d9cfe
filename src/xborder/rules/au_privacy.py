"""AU-PRIVACY: cross-border disclosure of personal information, APP 8 and s16C (Privacy Act 1988).

APP 8.1: "Before an APP entity discloses personal information about an individual to a
person (the overseas recipient) who is not in Australia or an external Territory ... the
entity must take such steps as are reasonable in the circumstances to ensure that the
overseas recipient does not breach the Australian Privacy Principles (other than Australian
Privacy Principle 1) in relation to the information." s16C: the entity is accountable for
the overseas recipient's acts that would breach the APPs. APP 8.2: 8.1 does not apply where
(a) the entity reasonably believes the recipient is subject to a law or binding scheme
substantially similar to the APPs, with mechanisms the individual can access to enforce it;
(b) the individual consents after being expressly informed that 8.1 will not apply; and
(c)-(f) disclosures required or authorised by law, permitted general situations,
international agreements, enforcement-related activities (not derived from a data map).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import KnowledgeBase
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict

STEPS, SIMILAR_LAW, CONSENT = "au.reasonable-steps", "au.similar-law", "au.consent"


class AuPrivacy(Regime):
    id = "AU-PRIVACY"
    jurisdiction = "AU"
    title = "Privacy Act 1988, APP 8 and s16C: cross-border disclosure"

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({"AU"})

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t = hop.sender, hop.recipient
        return (hop.as_of, "AU" in (s.country, s.location_country), t.location_country == "AU",
                s.entity.id == t.entity.id, hop.personal, hop.safeguards & {STEPS, SIMILAR_LAW, CONSENT})

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        s, t = hop.sender, hop.recipient
        if "AU" not in (s.country, s.location_country):
            return None
        kb = hop.kb
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{EXPORTER} is an APP entity in Australia")
        if not hop.personal:
            return r.not_applicable("the data carried is not personal information")
        app8 = kb.cite("au.app8")
        if t.location_country == "AU":
            return r.not_applicable(f"{RECIPIENT} is in Australia: not an overseas recipient", app8)
        if t.id == s.id:
            return r.not_applicable(f"{EXPORTER} moves the data within the entity: a use, not a disclosure", app8)
        exceptions = kb.value("au.app8", hop.as_of)
        r.rule(f"before disclosing to {RECIPIENT} in {RECIPIENT_COUNTRY}, take reasonable steps so that it does not "
               f"breach the APPs; {EXPORTER} stays accountable for its acts (s16C)", app8)
        for mech, article, what in ((SIMILAR_LAW, exceptions["similar_law"], "a substantially similar law or binding "
                                     "scheme the individual can enforce"),
                                    (CONSENT, exceptions["consent"], "consent after being expressly informed that "
                                     "APP 8.1 will not apply")):
            r.exception(mech, f"APP {article}: {what}" + ("" if mech in hop.safeguards else " (not declared)"),
                        mech in hop.safeguards, app8)
        return r.decide(Verdict.CONDITIONAL, "reasonable steps under APP 8.1, or an APP 8.2 exception", app8,
                        one_of=[STEPS, SIMILAR_LAW, CONSENT], safeguards=hop.safeguards)
