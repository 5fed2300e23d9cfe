"""JP-APPI: provision of personal data to a third party in a foreign country, APPI Art 28.

Art 28(1) (Art 24 before 1 April 2022): "Except cases set forth in the items of paragraph
(1) of the preceding Article, a personal information handling business operator shall, when
providing personal data to a third party (excluding a person establishing a system
conforming to standards prescribed by rules of the Personal Information Protection
Commission as necessary for continuously taking measures equivalent to those that a
personal information handling business operator shall take ...) in a foreign country
(excluding a country prescribed by rules of the PPC as a foreign country establishing a
personal information protection system recognised to have equivalent standards to that in
Japan ...), in advance obtain a principal's consent to the effect that he or she approves the
provision to a third party in a foreign country."
Art 28(2): before obtaining that consent, provide the principal with information on the
personal information protection system of that foreign country, on the measures the third
party takes, and other information serving as a reference.
Art 28(3): where the data goes to a third party keeping a conforming system, take the
measures necessary to ensure the continuous implementation of the equivalent measures, and
provide information on them at the principal's request.
Art 171: the Act applies to a foreign business operator handling personal information of a
person in Japan in connection with supplying goods or services to that person.

Entrustment of processing is not carved out for foreign recipients: Art 27(5)'s entrustment
exception applies only within Japan, so a foreign processor needs consent or a conforming
system too (PPC Guidelines on provision to a third party in a foreign country).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import Citation, KnowledgeBase
from xborder.rules.base import EXPORTER, RECIPIENT, Reasoning, Regime, RegimeResult, Verdict

LAW = "APPI"
URL = "https://www.ppc.go.jp/en/legal/"
JP = frozenset({"JP"})
CONSENT = "jp.consent"
EQUIVALENT = "jp.equivalent-country"
CONFORMING = "jp.conforming-system"
CONTINUING = "jp.continuing-measures"
EU_CONTRACT = "jp.eu-equivalent-contract"  # Supplementary Rules rule (4)(iii)


def cite(article: str) -> Citation:
    return Citation.of(LAW, article, URL)


class JpAppi(Regime):
    id = "JP-APPI"
    jurisdiction = "JP"
    title = "APPI Art 28: provision to a third party in a foreign country"

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({"JP"})  # every tie `assess` checks involves JP (see its first lines)

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t = hop.sender, hop.recipient
        residents = "JP" in hop.subject_residences
        if "JP" not in (s.country, s.location_country) and not residents and "JP" not in hop.origin_countries:
            return False  # `assess` returns None
        return (hop.as_of, s.country, s.location_country, residents, hop.personal, bool(hop.upstream),
                s.entity.id == t.entity.id, t.country, hop.flow.necessity, self.from_the_eu(hop),
                t.entity.certifications, hop.safeguards)

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        s, t = hop.sender, hop.recipient
        residents = hop.residences() & JP
        if "JP" not in (s.country, s.location_country) and not residents and "JP" not in hop.origin_countries:
            return None
        r = Reasoning(self.id, self.jurisdiction)
        if not hop.personal:
            return r.not_applicable("the data carried is not personal data")
        rule = hop.kb.value("jp.transfer_article", hop.as_of)
        art = rule["article"]
        if not self.reach(hop, r):
            return r.not_applicable(f"the exporter {EXPORTER} is not a business operator in Japan and does not supply "
                                    "goods or services to persons in Japan with this data", cite("171"))
        if t.id == s.id:
            return r.not_applicable("no provision to a third party: the data stays with the same operator", cite(art))
        if t.country == "JP":
            return r.not_applicable(f"{RECIPIENT} is in Japan: not a third party in a foreign country", cite(art))
        r.rule(f"{RECIPIENT} is a third party in a foreign country ({t.country}); a foreign processor (entrustee) is "
               "included", cite(f"{art}(1)"))
        taken = self.exception(hop, r, art)
        if taken:
            return taken
        return self.consent_or_conforming(hop, r, rule)

    def reach(self, hop: Hop, r: Reasoning) -> bool:
        s = hop.sender
        if s.country == "JP" or s.location_country == "JP":
            r.reach(f"exporter {EXPORTER} is a personal information handling business operator in Japan")
            return True
        if hop.residences() & {"JP"} and not hop.upstream:
            r.reach(f"exporter {EXPORTER} ({s.country}) handles personal information of persons in Japan in supplying "
                    "goods or services to them (Art 171)")
            return True
        return False

    def exception(self, hop: Hop, r: Reasoning, art: str) -> RegimeResult | None:
        """Art 28(1) 'except cases set forth in the items of Art 27(1)', then the equivalent country."""
        kb, necessity = hop.kb, hop.flow.necessity
        item = kb.member("jp.exceptions", necessity, hop.as_of) if necessity else None
        if item is not None:
            r.exception(f"jp.exemption.{necessity}", f"necessity '{necessity}': Art {item.attributes['item']}", True,
                        kb.cite("jp.exceptions", item))
            return r.decide(Verdict.PERMITTED, "an Art 27(1) case: no consent needed", kb.cite("jp.exceptions"),
                            safeguards=hop.safeguards)
        dest = hop.recipient.country
        member = kb.member("jp.equivalent_countries", dest, hop.as_of)
        cite_eq = kb.cite("jp.equivalent_countries", member, article=f"{art}(1)")
        r.exception(EQUIVALENT, f"{dest} {'is' if member else 'is not'} a country the PPC rules recognise as "
                    "equivalent", member is not None, cite_eq)
        if member is not None:
            return r.decide(Verdict.PERMITTED, "equivalent country: the foreign-transfer rule does not apply",
                            cite_eq, safeguards=hop.safeguards)
        return None

    @staticmethod
    def from_the_eu(hop: Hop) -> bool:
        """The data was collected in, or came through, the EEA before reaching Japan."""
        eea = hop.kb.members("eu.eea", hop.as_of)
        return bool((hop.origin_countries | hop.upstream_countries) & eea)

    def eu_onward(self, hop: Hop, r: Reasoning, rule: dict[str, Any]) -> RegimeResult:
        """Supplementary Rules rule (4): consent after information, or a binding arrangement giving
        protection equivalent to the APPI with the Supplementary Rules; a conforming system alone
        (APEC CBPR) is not enough. Equivalent countries and Art 27(1) cases were checked before."""
        kb, t = hop.kb, hop.recipient
        cite_sr = kb.cite("jp.eu_supplementary_rules")
        r.rule("the data was received from the EU under its adequacy decision: the Supplementary Rules govern its "
               "provision to a third party in a foreign country", cite_sr)
        certs = [c for c in kb.members("jp.conforming_certifications", hop.as_of) if t.certified(c)]
        r.exception(CONFORMING, f"{RECIPIENT} holds {', '.join(certs)}, but for data received from the EU a recognition "
                    "under an international framework does not suffice" if certs else
                    f"{RECIPIENT} holds no recognition; for data received from the EU it would not suffice anyway",
                    False, cite_sr)
        return r.decide(Verdict.CONDITIONAL, "data received from the EU: the principal's consent after information on "
                        "the transfer, or a contract or other binding arrangement giving equivalent protection",
                        cite_sr, one_of=[CONSENT, EU_CONTRACT], safeguards=hop.safeguards)

    def consent_or_conforming(self, hop: Hop, r: Reasoning, rule: dict[str, Any]) -> RegimeResult:
        art, kb, t = rule["article"], hop.kb, hop.recipient
        have = set(hop.safeguards)
        if kb.value("jp.eu_supplementary_rules", hop.as_of) and self.from_the_eu(hop):
            return self.eu_onward(hop, r, rule)
        certs = [c for c in kb.members("jp.conforming_certifications", hop.as_of) if t.certified(c)]
        r.exception(CONFORMING, f"{RECIPIENT} {'holds ' + ', '.join(certs) if certs else 'holds no'} recognition under an "
                    "international framework (PPC Rules Art 16(ii))", bool(certs),
                    kb.cite("jp.conforming_certifications"))
        if certs:
            have.add(CONFORMING)
        if rule["information_on_consent"]:
            r.rule("consent must follow information on the foreign country's protection system and the "
                   "recipient's measures", cite(f"{art}(2)"))
        obligations: list[str] = []
        if rule["continuing_measures"] and CONFORMING in have and CONSENT not in have:
            r.rule("with a conforming system, the operator ensures its continuous implementation and informs the "
                   "principal on request", cite(f"{art}(3)"))
            obligations.append(CONTINUING)
        return r.decide(Verdict.CONDITIONAL, "prior consent, or a recipient with a system conforming to PPC "
                        "standards", cite(f"{art}(1)"), one_of=[CONSENT, CONFORMING], obligations=obligations,
                        safeguards=have)
