"""AR-PDPL: international transfer under Law 25,326 Art 12 and Decree 1558/2001 (in force throughout).

Art 12(1): "Queda prohibida la transferencia de datos personales de cualquier tipo con países
u organismos internacionales o supranacionales, que no proporcionen niveles de protección
adecuados." Art 12(2): the prohibition does not apply to international judicial cooperation,
medical data exchanged for treatment or epidemiology, bank or stock-exchange transfers,
transfers under treaties, or intelligence cooperation against crime.
Decree 1558/2001, Annex I Art 12: the prohibition does not apply where the data subject has
expressly consented to the transfer; adequate protection may derive from the State's law,
from self-regulation, or from contractual clauses providing for the protection of the data.
Disposition DNPDP 60-E/2016 lists the countries considered adequate (not read here: none is
recorded, adequacy is not assumed) and approves model contracts for international transfers.
"""

from __future__ import annotations

from xborder.rules.adequacy_model import AdequacyLaw, AdequacyModelRegime

URL = "https://servicios.infoleg.gob.ar/infolegInternet/anexos/60000-64999/64790/texact.htm"


class ArPdpl(AdequacyModelRegime):
    id = "AR-PDPL"
    jurisdiction = "AR"
    title = "Law 25,326 Art 12: international transfer of personal data"
    law = AdequacyLaw(
        regime="AR-PDPL", jurisdiction="AR", law="Law 25,326", url=URL,
        territory_fact="ar.territory", adequacy_fact="ar.adequacy", instruments_fact="ar.instruments",
        risk_assessment_fact=None, risk_assessment_id=None, adequacy_id="ar.adequacy",
        art_scope_establishment="1", art_scope_targeting=None, art_transfer="12(1)",
        art_adequacy="12(1)", art_safeguards="12; Decree 1558/2001 Art 12", art_derogations=None,
        transfer_rules="Art 12", no_transfer_source="no transfer by a data controller in Argentina",
    )
