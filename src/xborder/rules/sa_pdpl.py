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
assessment. The 2023 version then allowed limited exemptions where no adequate level exists
"and the controller cannot use any of the appropriate safeguards" (2023 Art 6): (1) an
agreement to which the data subject is a party, (2) a public entity's transfer for national
security or a public interest, (3) a public entity's transfer to investigate or prosecute
crimes, (4) the data subject's vital interests where he cannot be reached; each with a risk
assessment (2023 Art 8(1)(b)). The module encodes (1) and (2) by the flow's necessity and
cites them as Art 6 ((4) is met by the Law's wider Art 29(3), below); (3) has no necessity of
its own in the vocabulary, and the public entity of (2)-(3) is not a fact of the map, so that
condition is the claimant's to meet. The 2024 version has none without a
safeguard: Art 4(2) relieves the Art 29(2)(b)-(c) conditions in five cases, "However, the
transfer or disclosure ... shall still be subject to appropriate safeguards", each case
naming standard contractual clauses, binding common rules or a recipient's certificate
(Art 4(1)), with a risk assessment (Art 7(1)(a)); so from 1 September 2024 the route is the
safeguards' (`sa.articles`).

One derogation is the Law's own and outlasts both versions: PDPL Art 29(3), "Paragraph (2) of
this Article shall not apply to cases of extreme necessity to preserve the life or vital
interests of the Data Subject or to prevent, examine or treat disease" (Arabic: "لا يسري ما ورد
في الفقرة (2) من هذه المادة على حالات الضرورة القصوى للمحافظة على حياة صاحب البيانات الشخصية
أو مصالحه الحيوية أو الوقاية من عدوى مرضية أو فحصها أو معالجتها"). So the flow's
`necessity: emergency` takes `sa.derogation.vital-interests` under Art 29(3) from 14 September
2023, before and after 1 September 2024, with no risk assessment: the Regulation asks one only
for its own routes (2023 Art 8(1)(a)-(b), Arts 5-6; 2024 Art 7(1)(a), Art 4) and for sensitive
data sent continuously or widely (2023 Art 8(1)(c), 2024 Art 7(1)(b)), which a map does not say.
It overtakes the 2023 version's narrower Art 6(4) (vital interests where the subject cannot be
reached, after safeguards prove impossible, with a risk assessment).
"""

from __future__ import annotations

from xborder.rules.adequacy_model import AdequacyLaw
from xborder.rules.dated_adequacy import DatedAdequacyRegime

URL = "https://sdaia.gov.sa/en/SDAIA/about/Documents/Personal%20Data%20English%20V2-23April2023-%20Reviewed-.pdf"
REGULATION_2023_URL = "https://uqn.gov.sa/details?p=23597"  # the Umm al-Qura publication of 7 September 2023


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
        art_adequacy="29(1)", art_safeguards="29(2)", art_derogations="6",
        derogations={
            "contract-with-subject": ("sa.derogation.contract", "6(1)"),
            # PDPL Art 29(3), the Law's own: in both versions of the Regulation (see the docstring).
            "emergency": ("sa.derogation.vital-interests", "29(3)"),
            "public-interest": ("sa.derogation.public-interest", "6(2)"),
        },
        derogation_source=("Transfer Regulation (2023 version)", REGULATION_2023_URL),
        derogation_obligations=("sa.risk-assessment",), articles_fact="sa.articles",
        statute_derogations=frozenset({"sa.derogation.vital-interests"}),
        transfer_rules="Art 29 and the Transfer Regulation",
        no_transfer_source="no transfer or disclosure by a controller",
        derogation_note="an exemption of the PDPL (Art 29(3)) or of the 2023 Transfer Regulation (Art 6) where no "
                        "adequacy or safeguard is available",
        assessment_rule="the controller assesses the risks of the transfer (Transfer Regulation)",
    )
