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
to the Authority within five business days of signature. Art 9(6): without adequacy or a
safeguard, only incidentally: explicit consent after information on the risks, a contract
with or in the interest of the data subject, an overriding public interest, a right to be
established, exercised or protected, vital interests, a public register. The provisional
article kept the old Art 9(1) (explicit consent) until 1 September 2024.
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
            "contract-with-subject": ("tr.derogation.contract", "9(6)"),
            "public-interest": ("tr.derogation.public-interest", "9(6)"),
            "legal-claims": ("tr.derogation.legal-claims", "9(6)"),
            "emergency": ("tr.derogation.vital-interests", "9(6)"),
        },
        articles_fact="tr.articles",
        transfer_rules="Art 9",
        no_transfer_source="no transfer by a controller in Turkey",
        derogation_note="valid only for an incidental transfer (Art 9(6))",
        assessment_rule="the signed standard contract is notified to the Authority within five business days",
    )
