"""CH-FADP: disclosure of personal data abroad under the revised Swiss FADP (Arts 16-17).

Art 16(1): personal data may be disclosed abroad if the Federal Council has determined that
the legislation of the State concerned ... guarantees an adequate level of protection.
Art 16(2): in the absence of such a decision, only if appropriate protection is guaranteed
by (d) standard data protection clauses approved, issued or recognised by the FDPIC, or
(e) binding corporate rules ...
Art 17(1): by way of derogation, if (a) the data subject has expressly consented, (b) the
disclosure is directly connected with a contract with the data subject, (c) necessary for
an overriding public interest or legal claims, (d) to protect life or physical integrity ...
Art 3(1): the Act applies to circumstances that have an effect in Switzerland, even if
they were initiated abroad.

Before 1 September 2023 the FADP of 1992 applied: Art 6(1) barred disclosure abroad that
would seriously endanger the data subjects' privacy, "in particular due to the absence of
legislation that guarantees adequate protection"; Art 6(2) allowed it without such
legislation under (a) sufficient safeguards such as contractual clauses, (g) group rules,
or (b)-(e) consent, contract, overriding public interest or legal claims, life or physical
integrity. Art 6(3): "The Commissioner must be informed of the safeguards under paragraph 2
letter a and the data protection rules under paragraph 2 letter g" (kb ch.fdpic_information,
obligation ch.fdpic-information with ch.scc or ch.bcr). The FDPIC's list of states was
indicative, not binding. The same reasoning
applies, with the old articles and list (kb ch.articles, ch.adequacy).
"""

from __future__ import annotations

from xborder.rules.adequacy_model import AdequacyLaw, AdequacyModelRegime

FADP_URL = "https://www.fedlex.admin.ch/eli/cc/2022/491/en"


class ChFadp(AdequacyModelRegime):
    id = "CH-FADP"
    jurisdiction = "CH"
    title = "Swiss FADP: disclosure of personal data abroad"
    law = AdequacyLaw(
        regime="CH-FADP", jurisdiction="CH", law="FADP", url=FADP_URL,
        territory_fact="ch.territory", adequacy_fact="ch.adequacy", instruments_fact="ch.instruments",
        # Old FADP Art 6(3): the FDPIC is informed of contractual safeguards and group rules
        # (until 31 August 2023; the revised Act has no such duty for ch.scc and ch.bcr).
        risk_assessment_fact="ch.fdpic_information", risk_assessment_id="ch.fdpic-information",
        assessment_rule="the FDPIC must be informed of the safeguards (old FADP Art 6(3))",
        adequacy_id="ch.adequacy",
        art_scope_establishment="3(1)", art_scope_targeting="3(1)", art_transfer="16",
        art_adequacy="16(1)", art_safeguards="16(2)", art_derogations="17",
        derogations={
            "contract-with-subject": ("ch.derogation.contract", "17(1)(b)"),
            "public-interest": ("ch.derogation.public-interest", "17(1)(c)"),
            "legal-claims": ("ch.derogation.legal-claims", "17(1)(c)"),
            "emergency": ("ch.derogation.vital-interests", "17(1)(d)"),
        },
        # FADP Art 14 needs a representative only when processing abroad is extensive, regular,
        # high-risk and aimed at Switzerland, facts a data map does not carry: not derived here.
        representative_id=None, art_representative=None,
        special_categories_fact="ch.sensitive_data", criminal_data_fact=None,
        articles_fact="ch.articles",
    )
