"""UK-GDPR: international transfers under the UK GDPR and the Data Protection Act 2018.

UK GDPR Art 44-49 kept the GDPR's words until 4 February 2026; s17A DPA 2018 let the
Secretary of State make adequacy regulations; s119A lets the ICO issue standard clauses (the
IDTA and the Addendum, in force 21 March 2022). Until 31 December 2020 the UK was inside the
EU regime (see eu/eea.yaml), so this regime starts on 1 January 2021.

From 5 February 2026 the Data (Use and Access) Act 2025 (s85, Sch 7) restates Chapter V:
Art 44A "A controller or processor may transfer personal data to a third country ... only
if ... the transfer (a) is approved by regulations under Article 45A ..., (b) is made subject
to appropriate safeguards (see Article 46), or (c) is made in reliance on a derogation for
specific situations (see Article 49)". The countries approved before carry over (DPA 2018
Sch 21 para 4 as amended), so the reasoning is unchanged and only the articles cited move
(kb uk.articles); the exporter's own assessment becomes Art 46(1A)(a)(ii)'s data protection test.
Art 49 keeps its derogations: Sch 7 para 9 only rewrites the references to adequacy ("for 'a
provision in Article 45' substitute 'Article 45A'" in the second subparagraph), so the residual
derogation of Art 49(1), second subparagraph (not repetitive, limited number of data subjects,
compelling legitimate interests of the controller; "The controller shall inform the
Commissioner of the transfer" and the data subject), applies before and after 5 February 2026.
"""

from __future__ import annotations

from xborder.rules.adequacy_model import AdequacyLaw, AdequacyModelRegime

UK_GDPR_URL = "https://www.legislation.gov.uk/eur/2016/679/contents"


class UkGdpr(AdequacyModelRegime):
    id = "UK-GDPR"
    jurisdiction = "UK"
    title = "UK GDPR Chapter V: restricted transfers"
    law = AdequacyLaw(
        regime="UK-GDPR", jurisdiction="UK", law="UK GDPR", url=UK_GDPR_URL,
        territory_fact="uk.territory", adequacy_fact="uk.adequacy", instruments_fact="uk.instruments",
        risk_assessment_fact="uk.transfer_risk_assessment", risk_assessment_id="uk.tra",
        adequacy_id="uk.adequacy",
        art_scope_establishment="3(1)", art_scope_targeting="3(2)", art_transfer="44",
        art_adequacy="45", art_safeguards="46", art_derogations="49",
        derogations={
            "contract-with-subject": ("uk.derogation.contract", "49(1)(b)"),
            "public-interest": ("uk.derogation.public-interest", "49(1)(d)"),
            "legal-claims": ("uk.derogation.legal-claims", "49(1)(e)"),
            "emergency": ("uk.derogation.vital-interests", "49(1)(f)"),
        },
        # Recital 111: the contract and legal-claims derogations only where the transfer is
        # "occasional"; EDPB Guidelines 2/2018, 2.1 (the ICO's guidance reads the UK GDPR alike).
        occasional_only=frozenset({"uk.derogation.contract", "uk.derogation.legal-claims"}),
        # Declared, not claimed by a `necessity`: Art 49(1)(a), and the residual derogation of Art 49(1),
        # second subparagraph, which obliges the controller to inform the Commissioner and the data subject.
        declared_derogations={
            "uk.derogation.explicit-consent": "49(1)(a)",
            "uk.derogation.compelling-legitimate-interests": "49(1), second subparagraph",
        },
        residual_derogation=("uk.derogation.compelling-legitimate-interests",
                             ("uk.art49-inform-authority", "uk.art49-inform-subject")),
        representative_id="uk.art27-representative", art_representative="27",
        special_categories_fact="uk.special_categories", criminal_data_fact="uk.criminal_data",
        articles_fact="uk.articles",
    )
