"""KR-PIPA: cross-border transfer of personal information, PIPA Art 28-8 (from 15 September 2023).

Art 28-8(1): "No cross-border provision (including inquiry), entrusted processing, or
storage (hereafter ... 'transfer') of personal information shall be allowed by a personal
information controller: Provided, That in any of the following cases, the cross-border
transfer of personal information may be allowed:
 1. Where separate consent is obtained from the data subject;
 2. Where there are special provisions regarding the cross-border transfer of personal
    information in a statute, a treaty to which the Republic of Korea is a party, or other
    international conventions;
 3. ... where it is necessary to entrust the processing of personal information and to
    retain such personal information in order to conclude and perform a contract with the
    data subject: (a) where the matters [of paragraph (2)] are disclosed in the Privacy Policy
    ...; (b) where [they] are communicated to the data subject by ... electronic mail;
 4. Where the recipient ... obtains certification determined and publicly notified by the
    Protection Commission, such as the certification ... under Article 32-2, and takes [the
    protective and implementing] measures;
 5. Where the Protection Commission recognizes that the personal information protection
    system of the country ... [is] substantially equal to the level of protection under this
    Act."
Before 15 September 2023, Art 17(3): the controller "shall inform the data subject ... and
obtain consent ... to provide personal information to a third party overseas"; entrusting
processing overseas fell under Art 26 (disclosure of the entrustment), without consent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import Citation, KnowledgeBase
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict

LAW = "PIPA"
URL = "https://prighter.com/resources/laws/korean-pipa/main/articles/article-28-8"
CONSENT = "kr.consent"
STATUTE = "kr.statute-or-treaty"
CONTRACT = "kr.contract-necessity"
CERTIFICATION = "kr.certification"
EQUIVALENT = "kr.equivalent-country"


def cite(article: str) -> Citation:
    return Citation.of(LAW, article, URL)


class KrPipa(Regime):
    id = "KR-PIPA"
    jurisdiction = "KR"
    title = "PIPA Art 28-8: cross-border transfer of personal information"

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({"KR"})  # every tie `assess` checks involves KR (see its first lines)

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t = hop.sender, hop.recipient
        if "KR" not in (s.country, s.location_country):
            return False  # `assess` returns None
        return (hop.as_of, hop.personal, t.country, t.location_country, s.entity.id == t.entity.id, t.role,
                hop.categories, hop.flow.necessity == "contract-with-subject", t.entity.certifications,
                hop.safeguards)

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        s, t = hop.sender, hop.recipient
        if "KR" not in (s.country, s.location_country):
            return None
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"exporter {EXPORTER} is a personal information controller in Korea")
        if not hop.personal:
            return r.not_applicable("the data carried is not personal information")
        if t.location_country == "KR" and t.country == "KR":
            return r.not_applicable(f"{RECIPIENT} receives the data in Korea: no cross-border transfer", cite("28-8(1)"))
        if t.id == s.id and t.location_country == "KR":
            return r.not_applicable("the data stays with the controller in Korea", cite("28-8(1)"))
        rule = hop.kb.period("kr.transfer_rule", hop.as_of)
        if rule is None or rule.value != "28-8":
            return self.before_amendment(hop, r)
        r.rule(f"{'storage abroad' if t.id == s.id else 'provision or entrusted processing'} to {RECIPIENT} in "
               f"{RECIPIENT_COUNTRY}: a cross-border transfer", cite("28-8(1)"))
        return self.art_28_8(hop, r)

    def art_28_8(self, hop: Hop, r: Reasoning) -> RegimeResult:
        kb, t = hop.kb, hop.recipient
        have = set(hop.safeguards)
        member = kb.member("kr.equivalent_countries", t.location_country, hop.as_of)
        excluded = sorted(c for c in hop.categories for k in (member.attributes.get("excluded_categories", ())
                                                              if member else ()) if c == k or c.startswith(k + "."))
        cite_eq = kb.cite("kr.equivalent_countries", member, article="28-8(1)(5)")
        taken = member is not None and not excluded
        why = (f"{t.location_country} is recognised as equivalent" if member else
               f"{t.location_country} is not recognised as equivalent")
        if excluded:
            why += f", but the recognition excludes {', '.join(excluded)}"
        r.exception(EQUIVALENT, why, taken, cite_eq)
        if taken:
            return r.decide(Verdict.PERMITTED, "equivalent country recognised by the PIPC", cite_eq,
                            safeguards=hop.safeguards)
        one_of = [CONSENT, STATUTE]
        if t.role == "processor" or t.id == hop.sender.id:
            one_of.append(CONTRACT)
            necessity = hop.flow.necessity == "contract-with-subject"
            r.exception(CONTRACT, "entrusted processing or storage abroad "
                        + ("necessary for a contract with the data subject; the matters of Art 28-8(2) must be in "
                           "the privacy policy or sent to the subject" if necessity else
                           "without a declared contractual necessity"), necessity, cite("28-8(1)(3)"))
        else:
            r.fact(f"{RECIPIENT} receives the data as a controller (provision): the contract ground, limited to "
                   "entrustment and storage, does not serve", cite("28-8(1)(3)"))
        one_of.append(CERTIFICATION)
        certs = [c for c in kb.members("kr.certifications", hop.as_of) if t.certified(c)]
        r.exception(CERTIFICATION, f"{RECIPIENT} {'holds ' + ', '.join(certs) if certs else 'holds no'} certification "
                    "designated by the PIPC (it must also take the Art 28-8(1)(4)(a)-(b) measures)", bool(certs),
                    kb.cite("kr.certifications"))
        if certs:
            have.add(CERTIFICATION)
        return r.decide(Verdict.CONDITIONAL, "a cross-border transfer needs one of the Art 28-8(1) grounds",
                        cite("28-8(1)"), one_of=one_of, safeguards=have)

    def before_amendment(self, hop: Hop, r: Reasoning) -> RegimeResult:
        t = hop.recipient
        if t.role == "processor" or t.id == hop.sender.id:
            r.rule(f"before 15 September 2023, entrusting processing to {RECIPIENT} abroad is an entrustment under "
                   "Art 26 (disclosed, under a written contract), not a provision needing consent", cite("26"))
            return r.decide(Verdict.PERMITTED, "entrustment: no consent for the transfer", cite("26"),
                            safeguards=hop.safeguards)
        r.rule(f"before 15 September 2023, providing personal information to {RECIPIENT}, a third party overseas, "
               "needs the data subject's informed consent", cite("17(3)"))
        return r.decide(Verdict.CONDITIONAL, "consent to provision overseas", cite("17(3)"), one_of=[CONSENT],
                        safeguards=hop.safeguards)
