"""NG-NDPA: cross-border transfers of personal data from Nigeria, NDPA 2023 ss41-43 (NDPR 2019 before).

NDPA s41(1): "A data controller or data processor shall not transfer or permit personal data
to be transferred from Nigeria to another country, unless - (a) the recipient of the personal
data is subject to a law, binding corporate rules, contractual clauses, code of conduct, or
certification mechanism that affords an adequate level of protection with respect to the
personal data in accordance with this Act; or (b) one of the conditions set out in section 43
of this Act applies." s41(2): the controller or processor records the basis for the transfer
and the adequacy of protection under s42. s42(1): a level of protection is adequate if it
upholds principles substantially similar to the conditions for processing in the Act; s42(4):
the Commission may determine whether a country, region, sector or standard contractual clauses
afford it. s43(1): in the absence of adequacy, only if (a) the data subject consented after
being informed of the risks, (b) a contract with the data subject, (c) the data subject's sole
benefit, (d) important reasons of public interest, (e) legal claims, (f) vital interests.
Before 12 June 2023, the NDPR 2019 (from 25 January 2019): Art 2.11, transfer on an adequacy
decision under the supervision of the Attorney General; Art 2.12, without one, only on
(a) explicit consent after information on the risks, (b)-(c) contract, (d) public interest,
(e) legal claims, (f) vital interests. Dates: kb `ng.in_force`; articles: `ng.articles`.
"""

from __future__ import annotations

from xborder.rules.adequacy_model import AdequacyLaw
from xborder.rules.dated_adequacy import DatedAdequacyRegime

URL = "https://ndpc.gov.ng/resources/"


class NgNdpa(DatedAdequacyRegime):
    id = "NG-NDPA"
    jurisdiction = "NG"
    title = "NDPA 2023 ss41-43 (NDPR 2019 Arts 2.11-2.12 before): transfers from Nigeria"
    in_force_fact = "ng.in_force"
    law = AdequacyLaw(
        regime="NG-NDPA", jurisdiction="NG", law="NDPA 2023", url=URL,
        territory_fact="ng.territory", adequacy_fact="ng.adequacy", instruments_fact="ng.instruments",
        risk_assessment_fact="ng.transfer_record", risk_assessment_id="ng.transfer-record", adequacy_id="ng.adequacy",
        art_scope_establishment="2", art_scope_targeting=None, art_transfer="41(1)",
        art_adequacy="42", art_safeguards="41(1)(a)", art_derogations="43(1)",
        derogations={
            "contract-with-subject": ("ng.derogation.contract", "43(1)(b)"),
            "public-interest": ("ng.derogation.public-interest", "43(1)(d)"),
            "legal-claims": ("ng.derogation.legal-claims", "43(1)(e)"),
            "emergency": ("ng.derogation.vital-interests", "43(1)(f)"),
        },
        articles_fact="ng.articles",
        transfer_rules="the rules on cross-border transfer",
        no_transfer_source="no transfer from Nigeria to another country",
        derogation_note="a condition of the law on its own where protection is not adequate",
        assessment_rule="the exporter records the basis for the transfer and the adequacy of protection (NDPA s41(2))",
    )
