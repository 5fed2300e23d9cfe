"""SG-PDPA: the Transfer Limitation Obligation, PDPA s26 with PDP Regulations 2021 Part 3.

s26(1): "An organisation must not transfer any personal data to a country or territory
outside Singapore except in accordance with requirements prescribed under this Act to ensure
that organisations provide a standard of protection to personal data so transferred that is
comparable to the protection under this Act."
Reg 10(1): before transferring, the transferring organisation must "take appropriate steps to
ascertain whether, and to ensure that, the recipient of the personal data is bound by legally
enforceable obligations (in accordance with regulation 11) to provide to the transferred
personal data a standard of protection that is at least comparable".
Reg 11(1): legally enforceable obligations include those under (a) any law; (b) any contract
(requiring comparable protection and naming the countries); (c) binding corporate rules,
which "may only be used for recipients that are related to the transferring organisation";
(d) any other legally binding instrument.
Reg 12: a recipient holding a specified certification "granted or recognised under the law
of that country or territory" is taken to be so bound (APEC CBPR; for a data intermediary
APEC PRP - facts: sg.certifications).
Reg 10(2): the requirement is taken to be satisfied on (a) consent after a reasonable summary
in writing, (b) deemed consent under s15(3)-(8), (c) necessity under Part 1 or para 2 of Part
2 of the First Schedule, (d) data in transit, (e) data publicly available in Singapore.
Before 1 February 2021, PDP Regulations 2014 reg 9(3): the requirement of reg 9(1)(b) is taken
to be satisfied if "(b) the transfer of the personal data to the recipient is necessary for the
performance of a contract between the individual and the transferring organisation ..." or
"(e) ... necessary for the personal data to be used under paragraph 1(a), (b) or (d) of the
Third Schedule to the Act or disclosed under paragraph 1(a), (b), (c), (e) or (o) of the Fourth
Schedule" (Fourth Schedule 1(b): "necessary to respond to an emergency that threatens the life,
health or safety of the individual or another individual").
Reg 9: a "recipient" does not include "any organisation that receives the personal data from
a recipient of that personal data".
s4(2): Parts 3 to 6 (save ss24-25) impose no obligation on a data intermediary processing
on behalf of another organisation under a written contract; s4(3): that organisation has the
same obligation as if it processed the data itself. A data intermediary's transfer abroad is
therefore the responsibility of the organisation it serves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import Citation, KnowledgeBase
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict

LAW = "PDPA"
URL = "https://sso.agc.gov.sg/Act/PDPA2012"
REGS = "PDP Regulations"
REGS_URL = "https://laws.sg/legislation/sub-leg-2012-pdpa-s63-2021/reg-10"
CONTRACT, BCR, CERTIFICATION, CONSENT, NECESSITY = "sg.contract", "sg.bcr", "sg.certification", "sg.consent", \
    "sg.necessity"


def cite(section: str) -> Citation:
    return Citation.of(LAW, f"s{section}", URL)


def reg(regs: dict[str, str], which: str) -> Citation:
    return Citation.of(regs["regulations"], f"reg {regs[which]}", REGS_URL)


class SgPdpa(Regime):
    id = "SG-PDPA"
    jurisdiction = "SG"
    title = "PDPA s26: transfer of personal data outside Singapore"

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({"SG"})  # every tie `assess` checks involves SG (see its first lines)

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t = hop.sender, hop.recipient
        if s.location_country != "SG":
            return False  # `assess` returns None
        return (hop.as_of, hop.personal, t.location_country, s.entity.id == t.entity.id, s.role, t.role,
                _related(hop), t.entity.certifications, hop.flow.necessity, hop.safeguards)

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        s, t = hop.sender, hop.recipient
        if s.location_country != "SG":
            return None
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{EXPORTER} transfers the data from Singapore")
        if not hop.personal:
            return r.not_applicable("the data carried is not personal data")
        if t.location_country == "SG":
            return r.not_applicable(f"{RECIPIENT} receives the data in Singapore: not a transfer outside Singapore",
                                    cite("26(1)"))
        regs = hop.kb.value("sg.transfer_regulations", hop.as_of)
        if t.id == s.id:
            return r.not_applicable("the transferring organisation itself is not a recipient (reg 9)",
                                    reg(regs, "requirement"))
        r.rule(f"{RECIPIENT} receives the data in {RECIPIENT_COUNTRY}, outside Singapore", cite("26(1)"))
        if s.role == "processor":
            r.rule(f"{EXPORTER} acts as a data intermediary: s26 binds the organisation it serves, which answers for "
                   "this transfer as if it made it", cite("4(2)-(3)"))
        return self.requirement(hop, r, regs)

    def requirement(self, hop: Hop, r: Reasoning, regs: dict[str, str]) -> RegimeResult:
        kb, t = hop.kb, hop.recipient
        have = set(hop.safeguards)
        one_of = [CONTRACT]
        if _related(hop):
            one_of.append(BCR)
        else:
            r.fact(f"{RECIPIENT} is not related to {EXPORTER}: binding corporate rules cannot serve",
                   reg(regs, "legally_enforceable"))
        one_of.append(CERTIFICATION)
        if self.certified(hop, r, regs):
            have.add(CERTIFICATION)
        one_of += [CONSENT, NECESSITY]
        ground = kb.member("sg.necessity", hop.flow.necessity, hop.as_of) if hop.flow.necessity else None
        necessity = hop.flow.necessity
        if ground is not None:
            why = f"necessity '{necessity}': reg {ground.attributes['ground']}, {ground.attributes['reading']}"
        elif necessity:  # claimed, but no ground of the regulations in force on that date is recorded for it
            why = (f"necessity '{necessity}' is not recorded as a ground of reg {regs['deemed']} of the "
                   f"{regs['regulations']} on {hop.as_of}")
        else:
            why = f"no necessity ground of reg {regs['deemed']} declared"
        # cite the regulations in force on the date (2014 reg 9(3) before 1 February 2021), not the list's 2021 source
        r.exception(NECESSITY, why, ground is not None,
                    Citation.of(regs["regulations"], f"reg {regs['deemed']}", ground.url or REGS_URL, ground.act)
                    if ground else reg(regs, "deemed"))
        if ground is not None:
            have.add(NECESSITY)
        return r.decide(Verdict.CONDITIONAL, "the recipient must be bound to a comparable standard of protection",
                        reg(regs, "requirement"), one_of=one_of, safeguards=have)

    def certified(self, hop: Hop, r: Reasoning, regs: dict[str, str]) -> bool:
        """Reg 12: a specified certification for this kind of recipient, recognised where it receives."""
        kb, t = hop.kb, hop.recipient
        held = [m for m in kb.fact("sg.certifications").members_on(hop.as_of) if t.certified(m.key)]
        fitting = [m for m in held if t.role in m.attributes.get("recipients", ())]
        economies = kb.members("apec.cbpr_economies", hop.as_of) | kb.members("apec.global_cbpr_forum", hop.as_of)
        recognised = [m for m in fitting if t.location_country in economies]
        if recognised:
            why = f"{RECIPIENT} ({t.role}) holds {recognised[0].key}, recognised in {RECIPIENT_COUNTRY}"
        elif fitting:
            why = f"{RECIPIENT} holds {fitting[0].key}, but {RECIPIENT_COUNTRY} is not known to take part in the system"
        elif held:
            why = f"{RECIPIENT} holds {held[0].key}, which is not specified for a {t.role} on {hop.as_of}"
        else:
            why = f"{RECIPIENT} holds no specified certification"
        return r.exception(CERTIFICATION, why, bool(recognised), kb.cite("sg.certifications", recognised[0])
                           if recognised else reg(regs, "certification"))


def _related(hop: Hop) -> bool:
    """Reg 11(4): one controls the other, or a common person controls both."""
    return hop.related
