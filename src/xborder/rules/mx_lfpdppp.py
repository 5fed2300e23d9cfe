"""MX-LFPDPPP: transfers of personal data to third parties abroad, LFPDPPP 2010 Arts 36-37 (the 2025 Law from 21 March 2025).

LFPDPPP 2010 Art 36: "Cuando el responsable pretenda transferir los datos personales a
terceros nacionales o extranjeros, distintos del encargado, deberá comunicar a éstos el aviso
de privacidad y las finalidades a las que el titular sujetó su tratamiento." Art 37: "Las
transferencias nacionales o internacionales de datos podrán llevarse a cabo sin el
consentimiento del titular cuando se dé alguno de los siguientes supuestos: ... III. Cuando la
transferencia sea efectuada a sociedades controladoras, subsidiarias o afiliadas bajo el
control común del responsable, o a una sociedad matriz o a cualquier sociedad del mismo grupo
del responsable que opere bajo los mismos procesos y políticas internas; ...". Its other
fractions: "I. Cuando la transferencia esté prevista en una Ley o Tratado en los que México sea
parte; II. ... necesaria para la prevención o el diagnóstico médico, la prestación de asistencia
sanitaria, tratamiento médico o la gestión de servicios sanitarios; ... V. ... interés
público, o para la procuración o administración de justicia; VI. ... reconocimiento,
ejercicio o defensa de un derecho en un proceso judicial, y VII. ... el mantenimiento o
cumplimiento de una relación jurídica entre el responsable y el titular." Otherwise the data
subject's consent. Reglamento Art 53: "Las remisiones nacionales e internacionales de datos
personales entre un responsable y un encargado no requerirán ser informadas al titular ni contar
con su consentimiento"; Arts 54-55: an encargado subcontracts only with the controller's
authorisation, in its name and on its behalf. The LFPDPPP of 20 March 2025 (in force 21 March 2025) keeps the notice
duty (Art 35) and consent with exceptions (Art 36); its Art 2(XX) leaves the encargado out of
"transferencia". All articles: kb `mx.transfer_rule`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import Citation, KnowledgeBase
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict
from xborder.rules.dated import related

MX = "MX"
CONSENT, GROUP, NOTICE = "mx.consent", "mx.group-transfer", "mx.privacy-notice"
# The flow's necessity -> the exception of Art 37 (2010) / Art 36 (2025) it names (articles: kb).
EXCEPTIONS = {"statutory-duty": "mx.exception.law-or-treaty",  # I: "prevista en una Ley o Tratado"
              "emergency": "mx.exception.medical",  # II: medical prevention, diagnosis, care, treatment
              "public-interest": "mx.exception.public-interest", "legal-claims": "mx.exception.legal-claims",
              # VII: a legal relationship between controller and subject; employment is one
              "contract-with-subject": "mx.exception.legal-relationship", "hr-management": "mx.exception.legal-relationship"}


class MxLfpdppp(Regime):
    id = "MX-LFPDPPP"
    jurisdiction = MX
    title = "LFPDPPP Arts 36-37 (2010) and the LFPDPPP of 2025: transfers to third parties abroad"

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({MX})

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t = hop.sender, hop.recipient
        if MX not in (s.country, s.location_country):
            return (hop.as_of, "untied")
        return (hop.as_of, t.location_country == MX, s.entity.id == t.entity.id, s.role, t.role, hop.personal, related(hop),
                hop.flow.necessity, hop.safeguards & {CONSENT, GROUP, NOTICE})

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        s, t, kb = hop.sender, hop.recipient, hop.kb
        if MX not in (s.country, s.location_country):
            return None
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{EXPORTER} processes the data in Mexico")
        if not hop.personal:
            return r.not_applicable("the data carried is not personal data")
        period = kb.period("mx.transfer_rule", hop.as_of)
        rule = period.value  # type: ignore[union-attr]
        source = kb.fact("mx.transfer_rule").source
        notice = Citation.of(rule["law"], rule["notice_article"], source.url)
        if s.role == "processor":
            return r.not_applicable(f"{EXPORTER} is an encargado: passing the data on is a subcontracting the controller "
                                    "authorises, done in its name and on its behalf, not a transfer by a controller",
                                    Citation.of(rule["law"], rule["subcontract_article"], source.url))
        if t.location_country == MX:
            return r.not_applicable(f"{RECIPIENT} receives the data in Mexico: no international transfer", notice)
        if t.id == s.id:
            return r.not_applicable(f"{EXPORTER} moves the data within the same person: no communication to a third party",
                                    notice)
        if t.role == "processor":
            return r.not_applicable(f"{RECIPIENT} is an encargado (processor): a remisión, which needs neither notice to "
                                    "the data subject nor consent, not a transfer to a third party",
                                    Citation.of(rule["law"], rule["processor_article"], source.url))
        r.rule(f"{EXPORTER} transfers the data to {RECIPIENT}, a third party in {RECIPIENT_COUNTRY}: it communicates "
               f"the privacy notice and the purposes the data subject agreed to, and the recipient assumes the same "
               f"obligations ({NOTICE})", notice)
        exceptions = Citation.of(rule["law"], rule["exceptions_article"], source.url)
        r.rule("the transfer needs the data subject's consent unless an exception applies", exceptions)
        one_of, have = [CONSENT], set(hop.safeguards)
        group = related(hop)
        r.exception(GROUP, (f"{RECIPIENT} is in {EXPORTER}'s group: the exception serves where it operates under the "
                            f"same internal processes and policies ({GROUP}" + (")" if GROUP in have else ", not declared)"))
                    if group else f"{RECIPIENT} is neither parent, subsidiary nor affiliate of {EXPORTER}",
                    group and GROUP in have, Citation.of(rule["law"], rule["group_article"], source.url))
        if group:
            one_of.append(GROUP)
        necessity = hop.flow.necessity or ""
        article = rule["necessity"].get(necessity)
        if article is not None:
            mech = EXCEPTIONS[necessity]
            r.exception(mech, f"the flow claims necessity '{necessity}'", True, Citation.of(rule["law"], article, source.url))
            one_of.append(mech)
            have.add(mech)
        return r.decide(Verdict.CONDITIONAL, "consent, or an exception to it, and the privacy notice to the recipient",
                        exceptions, one_of=one_of, obligations=[NOTICE], safeguards=have)
