"""IN-DPDP: transfers of personal data outside India, DPDP Act 2023 s16 (from 13 May 2027),
and before it the SPDI Rules 2011 rule 7 (IT Act s43A), which also governs transfers in India.

DPDP Act s16: "(1) The Central Government may, by notification, restrict the transfer of
personal data by a Data Fiduciary for processing to such country or territory outside India
as may be so notified. (2) Nothing contained in this section shall restrict the
applicability of any law for the time being in force in India that provides for a higher
degree of protection for or restriction on transfer of personal data by a Data Fiduciary
outside India in relation to any personal data or Data Fiduciary or class thereof."
G.S.R. 843(E) of 13 November 2025: sections 3 to 17 (with 28 to 34, 36, 37 and 44(2)) come into force
eighteen months after publication, on 13 May 2027; DPDP Rules 2025 rule 15 (transfer
outside India subject to requirements the Central Government may specify by order on making
the data available to a foreign State) commences with them.
SPDI Rules 2011 rule 7 (until then): "A body corporate or any person on its behalf may
transfer sensitive personal data or information ... to any other body corporate or a person
... located in any other country, that ensures the same level of data protection that is
adhered to by the body corporate as provided for under these Rules. The transfer may be
allowed only if it is necessary for the performance of the lawful contract between the body
corporate or any person on its behalf and provider of information or where such person has
consented to data transfer." The elided words are "including any information" and "in India,
or": rule 7 reaches a transfer "to any other body corporate or a person in India, or located
in any other country", so before 13 May 2027 a transfer of sensitive data to another party in
India is under it too (a move within one body corporate is not a transfer to another). Rule 3
defines sensitive personal data or information (passwords, financial, health, sexual
orientation, medical, biometric information).
DPDP Act s17(1), in force with s16: "The provisions of Chapter II, except sub-sections (1) and
(5) of section 8, and those of Chapter III and section 16 shall not apply where- (a) the
processing of personal data is necessary for enforcing any legal right or claim; ... (d)
personal data of Data Principals not within the territory of India is processed pursuant to
any contract entered into with any person outside the territory of India by any person based
in India". The map says (a) with the flow's necessity `legal-claims`, and (d) with necessity
`contract-with-person-abroad`, an exporter established in India and data subjects none of whom
lives in India. Clauses (b), (c), (e) and (f) have no fact in the map and are not modelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import Citation, KnowledgeBase
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict
from xborder.rules.dated import matching_categories, next_change

LAW = "DPDP Act"
URL = "https://apnilaw.com/bare-act/dpdp/section-16-digital-personal-data-protection-act-dpdp-processing-of-personal-data-outside-india"
S17_URL = "https://www.apnilaw.com/bare-act/dpdp/section-17-digital-personal-data-protection-act-dpdp-exemptions"
SPDI = "SPDI Rules 2011"
SPDI_URL = "https://lawontips.com/bare-acts/it-spdi-rules-2011/it-spdi-rules-2011-ch-0-1-sec-6-7"
SAME_PROTECTION = "in.spdi.same-protection"
CONSENT = "in.spdi.consent"
CONTRACT = "in.spdi.contract-necessity"
LEGAL_CLAIMS = "in.exemption.legal-claims"
FOREIGN_CONTRACT = "in.exemption.foreign-contract"
ABROAD = "contract-with-person-abroad"  # the flow's necessity that claims s17(1)(d)
PAYMENT_SYSTEMS = "payment-systems"
S17_NECESSITY = {"legal-claims": "17(1)(a)", ABROAD: "17(1)(d)"}


def cite(section: str) -> Citation:
    return Citation.of(LAW, section, S17_URL if section.startswith("17") else URL)


def spdi(rule: str) -> Citation:
    return Citation.of(SPDI, f"rule {rule}", SPDI_URL)


class InDpdp(Regime):
    id = "IN-DPDP"
    jurisdiction = "IN"
    title = ("DPDP Act s16 and s17 (and SPDI Rules rule 7 before them): transfer of personal data outside India "
             "(before 13 May 2027, of sensitive data to another party in India too)")

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({"IN"})  # every tie `assess` checks involves IN (see its first lines)

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t = hop.sender, hop.recipient
        if "IN" not in (s.country, s.location_country):
            return False  # `assess` returns None
        return (hop.as_of, s.location_country == "IN", s.country == "IN", s.entity.id == t.entity.id, hop.personal,
                t.location_country, hop.categories, hop.flow.necessity, hop.safeguards,
                tuple(d.id for d in hop.datasets if d.sector == PAYMENT_SYSTEMS),
                hop.flow.necessity == ABROAD and subjects_outside_india(hop) and tuple(sorted(hop.subject_residences)))

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        s, t = hop.sender, hop.recipient
        if "IN" not in (s.country, s.location_country):
            return None
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{EXPORTER} processes the data in India" if s.location_country == "IN" else
                f"{EXPORTER} is established in India")
        if not hop.personal:
            return r.not_applicable("the data carried is not personal data")
        period = hop.kb.period("in.transfer_rule", hop.as_of)
        assert period is not None  # the fact starts on the first day the knowledge base covers
        spdi_rule = period.value["rule"] == "spdi-7"
        if t.location_country == "IN":
            if not spdi_rule:
                return r.not_applicable(f"{RECIPIENT} receives the data in India: no transfer outside India",
                                        cite("16(1)"))
            if s.entity.id == t.entity.id:
                # Rule 7 is about a transfer "to any other body corporate or a person": not a move in-house.
                return r.not_applicable(f"the data stays with {EXPORTER} in India: no transfer to another body "
                                        "corporate or person", spdi("7"))
            r.rule(f"rule 7 governs a transfer to another body corporate or person in India as well as abroad: "
                   f"{RECIPIENT} receives the data in India", spdi("7"))
        if spdi_rule:
            return self.spdi_rule_7(hop, r)
        return self.section_16(hop, r)

    def spdi_rule_7(self, hop: Hop, r: Reasoning) -> RegimeResult:
        starts = next_change(hop, "in.transfer_rule")
        if starts:
            r.fact(f"DPDP Act s16 is not yet in force: it commences on {starts} (G.S.R. 843(E)); until then the "
                   "SPDI Rules govern transfers of sensitive personal data or information", hop.kb.cite(
                       "in.transfer_rule", hop.kb.period("in.transfer_rule", starts)))
            clause = S17_NECESSITY.get(hop.flow.necessity or "")
            if clause:
                # The flow claims an s17(1) case, which has no counterpart in rule 7 before s17 commences.
                r.fact(f"the flow's necessity '{hop.flow.necessity}' claims a case of DPDP Act s{clause}, which disapplies "
                       f"s16 only from {starts}; rule 7 has no such exception", cite(clause))
        kb = hop.kb
        members = kb.fact("in.spdi_categories").members_on(hop.as_of)
        sensitive = matching_categories(hop, members)
        if not sensitive:
            r.fact("the data carries no sensitive personal data or information (SPDI Rules rule 3)",
                   kb.cite("in.spdi_categories"))
            # Neither law reaches the hop: s16 is not yet in force and rule 7 covers only SPDI.
            return r.not_applicable("rule 7 governs only the transfer of sensitive personal data or information, and "
                                    f"DPDP Act s16 applies only from {starts}" if starts else
                                    "rule 7 governs only the transfer of sensitive personal data or information",
                                    spdi("7"))
        r.fact(f"sensitive personal data or information: {', '.join(sensitive)}", kb.cite("in.spdi_categories"))
        r.rule(f"{RECIPIENT} in {RECIPIENT_COUNTRY} must ensure the same level of data protection as the Rules "
               "require of the transferring body corporate", spdi("7"))
        have = set(hop.safeguards)
        contract = hop.flow.necessity == "contract-with-subject"
        r.exception(CONTRACT, "the transfer is necessary for the performance of a lawful contract with the provider "
                    "of the information" if contract else "the flow claims no contractual necessity", contract,
                    spdi("7"))
        if contract:
            have.add(CONTRACT)
        return r.decide(Verdict.CONDITIONAL, "transfer of sensitive personal data or information needs contractual "
                        "necessity or the provider's consent", spdi("7"), one_of=[CONTRACT, CONSENT],
                        obligations=[SAME_PROTECTION], safeguards=have)

    def section_17(self, hop: Hop, r: Reasoning) -> RegimeResult | None:
        """s17(1)(a) and (d): s16 does not apply. None when neither case is made out."""
        necessity = hop.flow.necessity
        legal = necessity == "legal-claims"
        r.exception(LEGAL_CLAIMS, "the processing is necessary for enforcing a legal right or claim (necessity "
                    "'legal-claims')" if legal else "the flow claims no necessity 'legal-claims'", legal,
                    cite("17(1)(a)"))
        if legal:
            return self.exempt(hop, r, "17(1)(a)")
        missing = []
        if necessity != ABROAD:
            missing.append(f"the flow claims no necessity '{ABROAD}' (processing under a contract with a person "
                           "outside India)")
        elif hop.sender.country != "IN":
            missing.append(f"{EXPORTER} is not based in India")
        if necessity == ABROAD and not subjects_outside_india(hop):
            missing.append("the data is not shown to be only of people outside India (every dataset's subjects, "
                           "none living in India)")
        abroad = not missing
        r.exception(FOREIGN_CONTRACT, f"data of people living in {', '.join(sorted(hop.subject_residences))}, none in "
                    f"India, processed by {EXPORTER}, based in India, under a contract with a person outside India"
                    if abroad else "; ".join(missing), abroad, cite("17(1)(d)"))
        if abroad:
            return self.exempt(hop, r, "17(1)(d)")
        return None

    def exempt(self, hop: Hop, r: Reasoning, clause: str) -> RegimeResult:
        payment = [d.id for d in hop.datasets if d.sector == PAYMENT_SYSTEMS]
        if payment:
            # s17 disapplies provisions of the Act only: the RBI directive binds on its own.
            r.fact(f"{', '.join(payment)} is payment system data: s17 does not disapply the RBI storage directive, "
                   "which is not part of the Act (see IN-RBI)")
        return r.decide(Verdict.PERMITTED, f"s16 does not apply where s{clause} exempts the processing", cite(clause),
                        safeguards=hop.safeguards)

    def section_16(self, hop: Hop, r: Reasoning) -> RegimeResult:
        exempt = self.section_17(hop, r)
        if exempt is not None:
            return exempt
        kb, t = hop.kb, hop.recipient
        dest = t.location_country
        restricted = kb.member("in.restricted_countries", dest, hop.as_of)
        cite_list = kb.cite("in.restricted_countries", restricted)
        if restricted:
            r.rule(f"the Central Government has restricted transfers to {dest} by notification", cite_list)
            return r.decide(Verdict.PROHIBITED, f"transfer to {dest} restricted under s16(1)", cite("16(1)"))
        notified = sorted(kb.members("in.restricted_countries", hop.as_of))
        r.fact(f"{dest} is not a country to which transfers are restricted by notification (restricted: "
               f"{', '.join(notified) if notified else 'none notified'})", cite_list)
        orders = kb.fact("in.rule_15_orders").members_on(hop.as_of)
        r.fact("no Central Government order under rule 15 on making the data available to a foreign State is "
               "known" if not orders else f"rule 15 orders in force: {', '.join(m.key for m in orders)}",
               kb.cite("in.rule_15_orders"))
        payment = [d.id for d in hop.datasets if d.sector == PAYMENT_SYSTEMS]
        if payment:
            r.rule(f"{', '.join(payment)} is payment system data: the RBI storage directive, a law providing a higher "
                   "degree of restriction on its transfer, continues to apply (see IN-RBI)", cite("16(2)"))
        return r.decide(Verdict.PERMITTED, "transfer to a country not restricted by notification", cite("16(1)"),
                        safeguards=hop.safeguards)


def subjects_outside_india(hop: Hop) -> bool:
    """Every dataset of the hop says whom it is about, and none of them lives in India: the map's
    reading of s17(1)(d)'s "Data Principals not within the territory of India"."""
    return all(d.subjects for d in hop.datasets) and "IN" not in hop.subject_residences
