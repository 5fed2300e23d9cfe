"""CL-LPDP: international transfer of personal data, Law 19,628 Arts 27-28 as amended by Law 21,719 (from 1 December 2026).

Law 19,628 (1999) as first enacted has no rule on transfers of personal data abroad. Law 21,719
(Diario Oficial, 13 December 2024) inserts Arts 27-28, in force from 1 December 2026. Art 27:
an international transfer, meeting the Law's requirements for processing, is lawful "a) Cuando
la transferencia se realice a una persona, entidad u organización pública o privada, sujeta al
ordenamiento jurídico de un país que proporcione niveles adecuados de protección de datos
personales, de conformidad a lo dispuesto en el artículo 28. b) Cuando la transferencia de
datos quede amparada por cláusulas contractuales, normas corporativas vinculantes, u otros
instrumentos jurídicos ... y en ellas se establezcan garantías adecuadas ... c) Cuando el
responsable que efectúa la transferencia y el responsable o tercero mandatario que la recibe,
adopten un modelo de cumplimiento o mecanismo de certificación" with adequate guarantees.
Without adequacy or guarantees, "se podrá realizar una transferencia específica y que no sea
habitual, si se cumple alguno de los siguientes supuestos: a) Cuando exista consentimiento expreso
del titular ... g) Cuando la transferencia sea necesaria para la celebración o ejecución de un
contrato entre el titular y el responsable, o para la ejecución de medidas precontractuales
adoptadas a solicitud del titular. h) Cuando sea necesario adoptar medidas urgentes en materia
médica o sanitaria, para la prevención o diagnóstico de enfermedades, para tratamientos médicos o
para la gestión de servicios sanitarios o de salud." (b)-(f) (bank and stock-exchange transfers,
treaties, public bodies' cooperation agreements, express authorisation by law, international
judicial cooperation) are not read from a map.
Art 1 bis: the Law reaches controllers in Chile and those abroad offering goods or services to,
or monitoring, persons in Chile. Dates: kb `cl.in_force`.
"""

from __future__ import annotations

from typing import Any

from xborder.engine.hop import Hop
from xborder.rules.adequacy_model import AdequacyLaw
from xborder.rules.base import RegimeResult, Step, StepKind
from xborder.rules.dated_adequacy import DatedAdequacyRegime

URL = "https://www.bcn.cl/leychile/navegar?idNorma=1209272"


class ClLpdp(DatedAdequacyRegime):
    id = "CL-LPDP"
    jurisdiction = "CL"
    title = "Law 19,628 Arts 27-28 (Law 21,719): international transfer of personal data"
    in_force_fact = "cl.in_force"
    law = AdequacyLaw(
        regime="CL-LPDP", jurisdiction="CL", law="Law 19,628 as amended by Law 21,719", url=URL,
        territory_fact="cl.territory", adequacy_fact="cl.adequacy", instruments_fact="cl.instruments",
        risk_assessment_fact=None, risk_assessment_id=None, adequacy_id="cl.adequacy",
        art_scope_establishment="1 bis", art_scope_targeting="1 bis", art_transfer="27",
        art_adequacy="27(a), 28", art_safeguards="27(b)-(c)", art_derogations="27",
        # Art 27, second paragraph, (g) and (h): the map's necessity. Like (a), each serves only "una
        # transferencia específica y que no sea habitual", so none carries a recurring flow.
        derogations={
            "contract-with-subject": ("cl.derogation.contract", "27, second paragraph (g)"),
            "emergency": ("cl.derogation.medical", "27, second paragraph (h)"),
        },
        occasional_only=frozenset({"cl.derogation.consent", "cl.derogation.contract", "cl.derogation.medical"}),
        transfer_rules="Arts 27-28",
        no_transfer_source="no transfer by a controller in Chile",
        derogation_note="only for a specific transfer that is not habitual (Art 27)",
    )

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        result = super().assess(hop, prepared)
        period = hop.kb.period(self.in_force_fact, hop.as_of)
        if result is not None and not result.applies and period is not None and period.value is None and period.note:
            # Before Law 21,719: say what the law in force holds (nothing on transfers), not only what is coming.
            result.steps.insert(len(result.steps) - 1, Step(
                StepKind.FACT, f"{period.note} before {self._start(hop)}", hop.kb.cite(self.in_force_fact, period)))
        return result

    def _start(self, hop: Hop) -> str:
        start = next((p.from_ for p in hop.kb.fact(self.in_force_fact).values if p.from_ > hop.as_of and p.value), None)
        return start.isoformat() if start else "an unknown day"
