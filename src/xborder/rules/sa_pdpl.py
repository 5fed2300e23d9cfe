"""SA-PDPL: transfer of personal data outside the Kingdom, PDPL Art 29 and the Transfer Regulation.

PDPL Art 29 (as amended by Royal Decree M/148): a controller may transfer personal data
outside the Kingdom, or disclose it to a party outside it, to perform an obligation under an
agreement to which the Kingdom is a party, to serve the Kingdom's interests, to perform an
obligation to which the data subject is a party, or for other purposes in the Regulations;
the transfer must not prejudice national security or the Kingdom's vital interests, must
ensure an adequate level of protection not less than the Law's, and be limited to the
minimum data needed. The Regulation on Personal Data Transfer outside the Kingdom (in force
14 September 2023; amended version published 1 September 2024): adequacy decisions of SDAIA;
without one, appropriate safeguards (standard contractual clauses, binding common rules, a
certificate of accreditation; binding codes of conduct until the 2024 version) with a risk
assessment. The 2023 version then allowed limited exemptions (a contract with the data
subject, vital interests, public entities' national-security or public-interest needs),
each with a risk assessment (2023 Art 8(1)(b)). The 2024 version has none without a
safeguard: Art 4(2) relieves the Art 29(2)(b)-(c) conditions in five cases, "However, the
transfer or disclosure ... shall still be subject to appropriate safeguards", each case
naming standard contractual clauses, binding common rules or a recipient's certificate
(Art 4(1)), with a risk assessment (Art 7(1)(a)); so from 1 September 2024 the route is the
safeguards' (`sa.articles`).
"""

from __future__ import annotations

from xborder.rules.adequacy_model import AdequacyLaw
from xborder.rules.dated_adequacy import DatedAdequacyRegime

URL = "https://sdaia.gov.sa/en/SDAIA/about/Documents/Personal%20Data%20English%20V2-23April2023-%20Reviewed-.pdf"


class SaPdpl(DatedAdequacyRegime):
    id = "SA-PDPL"
    jurisdiction = "SA"
    title = "PDPL Art 29 and the Transfer Regulation: transfer outside the Kingdom"
    in_force_fact = "sa.in_force"
    law = AdequacyLaw(
        regime="SA-PDPL", jurisdiction="SA", law="PDPL", url=URL,
        territory_fact="sa.territory", adequacy_fact="sa.adequacy", instruments_fact="sa.instruments",
        risk_assessment_fact="sa.risk_assessment", risk_assessment_id="sa.risk-assessment", adequacy_id="sa.adequacy",
        art_scope_establishment="2", art_scope_targeting="2", art_transfer="29",
        art_adequacy="29(1)", art_safeguards="29(2)", art_derogations="29(2)",
        derogations={
            "contract-with-subject": ("sa.derogation.contract", "29(1)"),
            "emergency": ("sa.derogation.vital-interests", "29(2)"),
            "public-interest": ("sa.derogation.public-interest", "29(2)"),
        },
        derogation_obligations=("sa.risk-assessment",), articles_fact="sa.articles",
        transfer_rules="Art 29 and the Transfer Regulation",
        no_transfer_source="no transfer or disclosure by a controller",
        derogation_note="an exemption of the Transfer Regulation where no adequacy or safeguard is available",
        assessment_rule="the controller assesses the risks of the transfer (Transfer Regulation)",
    )
