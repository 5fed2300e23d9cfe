"""EU-GDPR: Chapter V (Arts 44-49), territorial scope (Art 3), representative (Art 27).

Art 44: "Any transfer of personal data which are undergoing processing or are intended for
processing after transfer to a third country ... shall take place only if ... the conditions
laid down in this Chapter are complied with by the controller and processor, including for
onward transfers of personal data from the third country ..."
Art 45(1): a transfer may take place where the Commission has decided that the third
country ... ensures an adequate level of protection. Such a transfer shall not require any
specific authorisation.
Art 46(1): in the absence of a decision pursuant to Article 45(3), ... only if the controller
or processor has provided appropriate safeguards ... (2)(b) binding corporate rules,
(2)(c) standard data protection clauses adopted by the Commission, (2)(e) an approved code of
conduct, (2)(f) an approved certification mechanism.
Art 49(1): in the absence of an adequacy decision or appropriate safeguards, a transfer
shall take place only on one of the conditions: (a) explicit consent, (b) performance of a
contract between the data subject and the controller, (d) important reasons of public
interest, (e) legal claims, (f) vital interests ...
Art 49(1), second subparagraph: "Where a transfer could not be based on a provision in Article
45 or 46, including the provisions on binding corporate rules, and none of the derogations for
a specific situation referred to in the first subparagraph of this paragraph is applicable, a
transfer to a third country or an international organisation may take place only if the
transfer is not repetitive, concerns only a limited number of data subjects, is necessary for
the purposes of compelling legitimate interests pursued by the controller which are not
overridden by the interests or rights and freedoms of the data subject, and the controller has
assessed all the circumstances surrounding the data transfer and has on the basis of that
assessment provided suitable safeguards with regard to the protection of personal data. The
controller shall inform the supervisory authority of the transfer. The controller shall, in
addition to providing the information referred to in Articles 13 and 14, inform the data
subject of the transfer and on the compelling legitimate interests pursued ..."
Art 27(1): where Article 3(2) applies, the controller or the processor shall designate in
writing a representative in the Union.
"""

from __future__ import annotations

from xborder.rules.adequacy_model import AdequacyLaw, AdequacyModelRegime

GDPR_URL = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"


class EuGdpr(AdequacyModelRegime):
    id = "EU-GDPR"
    jurisdiction = "EU"
    title = "GDPR Chapter V: transfers to third countries"
    law = AdequacyLaw(
        regime="EU-GDPR", jurisdiction="EU", law="GDPR", url=GDPR_URL,
        territory_fact="eu.eea", adequacy_fact="eu.adequacy", instruments_fact="eu.instruments",
        risk_assessment_fact="eu.transfer_impact_assessment", risk_assessment_id="eu.tia",
        adequacy_id="eu.adequacy",
        art_scope_establishment="3(1)", art_scope_targeting="3(2)", art_transfer="44",
        art_adequacy="45", art_safeguards="46", art_derogations="49",
        derogations={
            "contract-with-subject": ("eu.derogation.contract", "49(1)(b)"),
            "public-interest": ("eu.derogation.public-interest", "49(1)(d)"),
            "legal-claims": ("eu.derogation.legal-claims", "49(1)(e)"),
            "emergency": ("eu.derogation.vital-interests", "49(1)(f)"),
        },
        # Recital 111: the contract and legal-claims derogations only where the transfer is
        # "occasional"; EDPB Guidelines 2/2018, 2.1 (the ICO's guidance reads the UK GDPR alike).
        occasional_only=frozenset({"eu.derogation.contract", "eu.derogation.legal-claims"}),
        # Declared, not claimed by a `necessity`: Art 49(1)(a), and the residual derogation of Art 49(1),
        # second subparagraph, which obliges the controller to inform the supervisory authority and the data subject.
        declared_derogations={
            "eu.derogation.explicit-consent": "49(1)(a)",
            "eu.derogation.compelling-legitimate-interests": "49(1), second subparagraph",
        },
        residual_derogation=("eu.derogation.compelling-legitimate-interests",
                             ("eu.art49-inform-authority", "eu.art49-inform-subject")),
        representative_id="eu.art27-representative", art_representative="27",
        special_categories_fact="eu.special_categories", criminal_data_fact="eu.criminal_data",
    )
