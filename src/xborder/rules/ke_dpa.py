"""KE-DPA: transfer of personal data outside Kenya, Data Protection Act 2019 ss48-50 (from 25 November 2019).

s48: a data controller or data processor may transfer personal data to another country only
where it has given proof to the Data Commissioner on the appropriate safeguards with respect to
the security and protection of the personal data (including jurisdictions with commensurate
data protection laws), or the transfer is necessary (a contract with, or in the interest of,
the data subject; a matter of public interest; a legal claim; vital interests; compelling
legitimate interests). s49(1): "The processing of sensitive personal data out of Kenya shall
only be effected upon obtaining consent of a data subject and on obtaining confirmation of
appropriate safeguards." s49(3): the Data Commissioner may prohibit, suspend or subject the
transfer to conditions. s50: "The Cabinet Secretary may prescribe, based on grounds of
strategic interests of the state or protection of revenue, certain nature of processing that
shall only be effected through a server or a data centre located in Kenya" (General
Regulations 2021 reg 26 lists the purposes). Reg 40: the transfer rests on appropriate
safeguards, an adequacy decision of the Data Commissioner, necessity, or the data subject's
consent. Sensitive data: kb `ke.sensitive_data`; s50: `ke.localisation`.
"""

from __future__ import annotations

from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import Citation
from xborder.rules.adequacy_model import AdequacyLaw
from xborder.rules.base import RegimeResult, Step, StepKind, Verdict
from xborder.rules.dated_adequacy import DatedAdequacyRegime

URL = "https://www.kenyalaw.org/kl/fileadmin/pdfdownloads/Acts/2019/TheDataProtectionAct__No24of2019.pdf"
SENSITIVE_CONSENT = "ke.sensitive-consent"


class KeDpa(DatedAdequacyRegime):
    id = "KE-DPA"
    jurisdiction = "KE"
    title = "Data Protection Act 2019 ss48-50: transfer of personal data outside Kenya"
    in_force_fact = "ke.in_force"
    law = AdequacyLaw(
        regime="KE-DPA", jurisdiction="KE", law="DPA 2019", url=URL,
        territory_fact="ke.territory", adequacy_fact="ke.adequacy", instruments_fact="ke.instruments",
        risk_assessment_fact=None, risk_assessment_id=None, adequacy_id="ke.adequacy",
        art_scope_establishment="4", art_scope_targeting=None, art_transfer="48",
        art_adequacy="48; reg 40(b)", art_safeguards="48(a)", art_derogations="48(c)",
        derogations={
            "contract-with-subject": ("ke.derogation.contract", "48(c)(i)"),
            "public-interest": ("ke.derogation.public-interest", "48(c)(iii)"),
            "legal-claims": ("ke.derogation.legal-claims", "48(c)(iv)"),
            "emergency": ("ke.derogation.vital-interests", "48(c)(v)"),
        },
        special_categories_fact="ke.sensitive_data",
        transfer_rules="Part VI (ss48-50)",
        no_transfer_source="no transfer out of Kenya",
        derogation_note="a necessity of s48 on its own",
    )

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        result = super().assess(hop, prepared)
        if result is None or not result.applies:
            return result
        sensitive, _ = self.special_categories(hop)
        if sensitive and result.verdict in (Verdict.PERMITTED, Verdict.CONDITIONAL):
            self._sensitive_consent(hop, result, sensitive)
        self._localisation_note(hop, result)
        return result

    def _sensitive_consent(self, hop: Hop, result: RegimeResult, sensitive: tuple[str, ...]) -> None:
        """s49(1): sensitive data leaves Kenya only with the data subject's consent, whatever the ground."""
        cite = Citation.of(self.law.law, "49(1)", URL)
        result.steps.insert(len(result.steps) - 1, Step(
            StepKind.RULE, f"sensitive personal data ({', '.join(sensitive)}) is processed out of Kenya only with the "
            f"data subject's consent and confirmation of appropriate safeguards ({SENSITIVE_CONSENT})", cite))
        if cite not in result.citations:
            result.citations.append(cite)
        result.obligations = (*result.obligations, SENSITIVE_CONSENT)
        if SENSITIVE_CONSENT not in hop.safeguards:
            result.missing = (*result.missing, SENSITIVE_CONSENT)
            result.satisfied = False

    def _localisation_note(self, hop: Hop, result: RegimeResult) -> None:
        """s50 and reg 26 turn on purposes a data map does not state: reported, not derived."""
        purposes = hop.kb.value("ke.localisation", hop.as_of)
        if purposes:
            result.steps.insert(len(result.steps) - 1, Step(
                StepKind.FACT, "processing for the State's strategic interests (" + ", ".join(purposes) + ") is done in "
                "Kenya or keeps a serving copy there (s50; reg 26); the map does not say whether this processing is such",
                hop.kb.cite("ke.localisation", hop.kb.period("ke.localisation", hop.as_of))))
