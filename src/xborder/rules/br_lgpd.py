"""BR-LGPD: international transfer of personal data, LGPD Arts 33-36 (from 18 September 2020).

Art 33: "A transferência internacional de dados pessoais somente é permitida nos seguintes
casos: I - para países ou organismos internacionais que proporcionem grau de proteção de
dados pessoais adequado ao previsto nesta Lei; II - quando o controlador oferecer e comprovar
garantias de cumprimento dos princípios, dos direitos do titular e do regime de proteção de
dados previstos nesta Lei, na forma de: a) cláusulas contratuais específicas para determinada
transferência; b) cláusulas-padrão contratuais; c) normas corporativas globais; d) selos,
certificados e códigos de conduta regularmente emitidos; ... IV - quando a transferência for
necessária para a proteção da vida ou da incolumidade física do titular ou de terceiro; ...
VIII - quando o titular tiver fornecido o seu consentimento específico e em destaque para a
transferência ...; IX - quando necessário para atender as hipóteses previstas nos incisos II,
V e VI do art. 7º desta Lei". Art 7: "II - para o cumprimento de obrigação legal ou regulatória
pelo controlador; ... V - quando necessário para a execução de contrato ou de procedimentos
preliminares relacionados a contrato do qual seja parte o titular, a pedido do titular dos dados;
VI - para o exercício regular de direitos em processo judicial, administrativo ou arbitral"
(the map's necessity statutory-duty, contract-with-subject, legal-claims).
Art 3: the Law applies to processing in Brazil (I), aimed at individuals in Brazil (II), or of
data collected in Brazil (III).
Resolution CD/ANPD 19 of 23 August 2024 approved the standard contractual clauses; contracts
using other clauses had 12 months (up to and including 23 August 2025) to incorporate them
(Art 2 sole para).
Resolution CD/ANPD 32 of 26 January 2026 recognised the EU (and the EEA EFTA states) as adequate.
"""

from __future__ import annotations

from xborder.rules.adequacy_model import AdequacyLaw
from xborder.rules.dated_adequacy import DatedAdequacyRegime

URL = "https://www.planalto.gov.br/ccivil_03/_ato2015-2018/2018/lei/l13709compilado.htm"


class BrLgpd(DatedAdequacyRegime):
    id = "BR-LGPD"
    jurisdiction = "BR"
    title = "LGPD Arts 33-36: international transfer of personal data"
    in_force_fact = "br.in_force"
    law = AdequacyLaw(
        regime="BR-LGPD", jurisdiction="BR", law="LGPD", url=URL,
        territory_fact="br.territory", adequacy_fact="br.adequacy", instruments_fact="br.instruments",
        risk_assessment_fact=None, risk_assessment_id=None, adequacy_id="br.adequacy",
        art_scope_establishment="3(I)", art_scope_targeting="3(II)", art_transfer="33",
        art_adequacy="33(I)", art_safeguards="33(II)", art_derogations="33",
        derogations={
            "emergency": ("br.derogation.vital-interests", "33(IV)"),
            "contract-with-subject": ("br.derogation.contract", "33(IX), 7(V)"),
            "legal-claims": ("br.derogation.legal-claims", "33(IX), 7(VI)"),
            # Art 33(IX) reaches Art 7(II) too: the controller's legal or regulatory obligation.
            "statutory-duty": ("br.derogation.legal-obligation", "33(IX), 7(II)"),
        },
        transfer_rules="Chapter V (Arts 33-36)",
        no_transfer_source="Resolution CD/ANPD 19/2024, Annex I: a transfer needs an exporter",
        derogation_note="a ground of Art 33 on its own",
    )
