"""TR-KVKK: transfer of personal data abroad, KVKK Art 9 (old, and as amended from 1 June 2024).

Until 31 May 2024, Art 9(1): personal data may not be transferred abroad without the explicit
consent of the data subject; Art 9(2): without it, where an Art 5(2) or 6(3) condition exists
and "(a) the foreign country ... provides adequate protection" (announced by the Board) or
"(b) the data controllers in Turkey and in the foreign country undertake in writing to
provide adequate protection and the Board permits" the transfer.
From 1 June 2024 (Law No. 7499), Art 9(1): transfer where an Art 5/6 condition exists and an
adequacy decision covers the country, sectors within it or the international organisation;
Art 9(4): without one, where the parties provide an appropriate safeguard: (a) an agreement
between public bodies or international organisations, with Board permission; (b) binding
corporate rules approved by the Board; (c) the standard contract announced by the Board;
(d) a written undertaking with Board permission. Art 9(5): the standard contract is notified
to the Authority within five business days of signature. Art 9(6): "yeterlilik kararının
bulunmaması ve dördüncü fıkrada öngörülen uygun güvencelerden herhangi birinin
sağlanamaması durumunda, arızi olmak kaydıyla sadece aşağıdaki hallerden birinin varlığı
halinde" (without adequacy or a safeguard, provided it is incidental, only in these cases):
(a) explicit consent after information on the risks, (b) a contract with the data subject,
(c) a contract in his interest with another person, (ç) an overriding public interest,
(d) a right to be established, exercised or protected, (e) the life or bodily integrity of a
person who cannot consent, (f) a public register ((a), (c) and (f), which no necessity value
says, are declared: `tr.derogation.explicit-consent`, `.third-party-contract`,
`.public-register`). Every case is incidental only, so a flow
the model reads as recurring (to a processor, or for a standing use: `_recurring`) cannot
rest on any of them. The provisional article kept the old Art 9(1) (explicit consent) until
1 September 2024.
"""

from __future__ import annotations

from xborder.rules.adequacy_model import AdequacyLaw
from xborder.rules.dated_adequacy import DatedAdequacyRegime

URL = "https://www.mevzuat.gov.tr/mevzuatmetin/1.5.6698.pdf"


class TrKvkk(DatedAdequacyRegime):
    id = "TR-KVKK"
    jurisdiction = "TR"
    title = "KVKK Art 9: transfer of personal data abroad"
    in_force_fact = "tr.in_force"
    law = AdequacyLaw(
        regime="TR-KVKK", jurisdiction="TR", law="KVKK", url=URL,
        territory_fact="tr.territory", adequacy_fact="tr.adequacy", instruments_fact="tr.instruments",
        risk_assessment_fact="tr.notification", risk_assessment_id="tr.scc-notification", adequacy_id="tr.adequacy",
        art_scope_establishment="2", art_scope_targeting=None, art_transfer="9",
        art_adequacy="9(1)", art_safeguards="9(4)", art_derogations="9(6)",
        derogations={
            "contract-with-subject": ("tr.derogation.contract", "9(6)(b)"),
            "public-interest": ("tr.derogation.public-interest", "9(6)(ç)"),
            "legal-claims": ("tr.derogation.legal-claims", "9(6)(d)"),
            "emergency": ("tr.derogation.vital-interests", "9(6)(e)"),
        },
        # Art 9(6): "arızi olmak kaydıyla sadece" - every case, consent (9(6)(a)) included, only incidentally.
        occasional_only=frozenset({"tr.derogation.contract", "tr.derogation.public-interest",
                                   "tr.derogation.legal-claims", "tr.derogation.vital-interests",
                                   "tr.derogation.explicit-consent", "tr.derogation.third-party-contract",
                                   "tr.derogation.public-register"}),
        occasional_source="Art 9(6): 'arızi olmak kaydıyla sadece', incidentally only",
        occasional_note="",
        articles_fact="tr.articles",
        transfer_rules="Art 9",
        no_transfer_source="no transfer by a controller in Turkey",
        derogation_note="valid only for an incidental transfer (Art 9(6))",
        assessment_rule="the signed standard contract is notified to the Authority within five business days",
    )
