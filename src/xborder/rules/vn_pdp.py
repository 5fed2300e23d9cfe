"""VN-PDP: outbound transfer of Vietnamese citizens' personal data.

Decree 13/2023/ND-CP (from 1 July 2023), Art 2(14): "Outbound transfer of personal data"
refers to an act of using cyberspace, electronic devices, equipment, or other forms to
transfer personal data of a Vietnamese citizen to a location outside the territory of the
Socialist Republic of Vietnam or using a location outside [it] to process personal data of
a Vietnamese citizen.
Art 25: the transferor prepares a dossier of assessment of the impact of the outbound
transfer (25(2): the parties; the purposes; the types of data; the protection measures; the
impact assessment; "consent of the data subject according to regulations in Article 11";
a document of the parties' obligations), keeps it available to the Ministry of Public
Security and sends one original to its Department of Cybersecurity and High-tech Crime
Prevention (A05) within 60 days from the date of processing; after the transfer it notifies
A05 in writing (25(4)); the Ministry may order the transfer stopped (25(8)).
Law on Personal Data Protection No. 91/2025/QH15 and Decree 356/2025/ND-CP (from 1 January
2026). Law Art 20(1): cross-border transfers are "(a) Chuyen du lieu ca nhan dang luu tru tai
Viet Nam den he thong luu tru du lieu dat ngoai lanh tho ...; (b) Co quan, to chuc, ca nhan tai
Viet Nam chuyen du lieu ca nhan cho to chuc, ca nhan o nuoc ngoai; (c) ... su dung nen tang o
ngoai lanh tho ... de xu ly du lieu ca nhan duoc thu thap tai Viet Nam" (no citizenship test,
unlike Decree 13 Art 2(14)). Art 20(2): the transferor prepares the cross-border transfer
impact assessment dossier and sends one original to the specialised agency (Ministry of
Public Security) within 60 days from the first transfer, save the Art 20(6) cases.
Decree 356 Art 17(3) adds cases without the dossier, among them "(c) trong cac tinh huong khan
cap ... de bao ve tinh mang, suc khoe va an toan tai san cua ca nhan; de thuc hien nhiem vu,
nghia vu theo quy dinh cua phap luat" and "(d) ... de quan ly nhan su xuyen bien gioi theo quy
tac, quy che lao dong va thoa uoc lao dong tap the" (diacritics dropped). Which subjects count
and which necessity values exempt are dated in kb `vn.transfer_rule`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import Citation, KnowledgeBase
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict
from xborder.rules.dated import next_change

DOSSIER = "vn.transfer-impact-assessment"
FACT = "vn.transfer_rule"
LAW_91 = "Law 91/2025/QH15"
LAW_91_URL = "https://datafiles.chinhphu.vn/cpp/files/vbpq/2025/7/91qh.signed.pdf"
DECREE_356 = "Decree 356/2025/ND-CP"
DECREE_356_URL = "https://datafiles.chinhphu.vn/cpp/files/vbpq/2026/01/356-nd.signed.pdf"


def vietnamese_citizens(hop: Hop) -> int:
    """People in the data who are Vietnamese citizens, or live in Vietnam where citizenship is not given."""
    return sum(s.count for d in hop.datasets for s in d.subjects
               if s.citizenship == "VN" or (s.citizenship is None and s.residence == "VN"))


def everyone(hop: Hop) -> int:
    return sum(s.count for d in hop.datasets for s in d.subjects)


class VnPdp(Regime):
    id = "VN-PDP"
    jurisdiction = "VN"
    title = "Decree 13/2023/ND-CP Art 25, then Law 91/2025/QH15 Art 20: outbound transfer of personal data"

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({"VN"})  # every tie `assess` checks involves VN (see its first lines)

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t = hop.sender, hop.recipient
        if "VN" not in (s.country, s.location_country):
            return False  # `assess` returns None
        return (hop.as_of, s.location_country == "VN", hop.personal, t.location_country == "VN",
                vietnamese_citizens(hop), everyone(hop), hop.flow.necessity, hop.safeguards)

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        s, t = hop.sender, hop.recipient
        if "VN" not in (s.country, s.location_country):
            return None
        kb = hop.kb
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{EXPORTER} sends the data from Vietnam" if s.location_country == "VN" else
                f"{EXPORTER} is established in Vietnam")
        period = kb.period(FACT, hop.as_of)
        if period is None or period.value is None:
            return r.not_applicable(f"the outbound-transfer rule of Decree 13/2023/ND-CP applies only from "
                                    f"{next_change(hop, FACT)}; earlier or sectoral rules (such as localization under "
                                    "the Cybersecurity Law) are not modelled", kb.cite(FACT, period))
        rule, cite = period.value, kb.cite(FACT, period)
        if not hop.personal:
            return r.not_applicable("the data carried is not personal data")
        if t.location_country == "VN":
            return r.not_applicable(f"{RECIPIENT} receives the data in Vietnam: no outbound transfer", cite)
        if rule["subjects"] == "vietnamese-citizens":
            citizens = vietnamese_citizens(hop)
            if not citizens:
                return r.not_applicable("the data concerns no Vietnamese citizens", cite)
            r.rule(f"personal data of {citizens:,} Vietnamese citizens goes to {RECIPIENT} in {RECIPIENT_COUNTRY}: "
                   f"an outbound transfer under {rule['law']}", cite)
        else:
            r.rule(f"{EXPORTER} in Vietnam sends personal data of {everyone(hop):,} people (of any citizenship) to "
                   f"{RECIPIENT} in {RECIPIENT_COUNTRY}: a cross-border transfer under {rule['law']}",
                   Citation.of(LAW_91, "20(1)(b)", LAW_91_URL))
        necessity = hop.flow.necessity
        exempt = rule["exemptions"].get(necessity) if necessity else None
        if exempt:
            exemption = Citation.of(DECREE_356, exempt, DECREE_356_URL)
            r.exception(f"vn.exemption.{necessity}", f"the flow claims '{necessity}' necessity: no cross-border "
                        "transfer impact assessment dossier is required", True, exemption)
            return r.decide(Verdict.PERMITTED, "a case exempt from the cross-border transfer impact assessment",
                            exemption, safeguards=hop.safeguards)
        r.rule(rule["filing"], cite)
        return r.decide(Verdict.CONDITIONAL, "outbound transfer only with the impact assessment dossier filed",
                        cite, one_of=[DOSSIER], obligations=rule["obligations"], safeguards=hop.safeguards)
