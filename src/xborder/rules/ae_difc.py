"""AE-DIFC: transfers out of the Dubai International Financial Centre, DIFC Data Protection Law.

DIFC Law No. 5 of 2020 (from 1 July 2020), Art 26: "a transfer of Personal Data to a
recipient located in a jurisdiction outside the DIFC may take place only if that
jurisdiction is deemed to have an adequate level of protection for that Personal Data" (the
Commissioner of Data Protection's adequacy decisions). Art 27: without one, a transfer
supported by additional safeguards - Art 27(2)(c) standard data protection clauses (the DIFC
SCCs, Regulation 5 of the DP Regulations 2020), binding corporate rules - or a specific
derogation (explicit consent, a contract with the data subject, legal claims, vital
interests, public interest). Until 30 June 2020, DIFC Law No. 1 of 2007 Arts 11-12: an
adequate jurisdiction, else a permit of the Commissioner, written consent or a necessity.
"Outside the DIFC" includes the rest of the UAE. A DIFC entity or site has the zone `ae-difc`.
"""

from __future__ import annotations

from xborder.rules.area_transfer import AreaTransferRegime


class AeDifc(AreaTransferRegime):
    id = "AE-DIFC"
    jurisdiction = "AE"
    title = "DIFC Data Protection Law Arts 26-27: transfers out of the DIFC"
    COUNTRY = "AE"
    ZONE = "ae-difc"
    RULES = "ae.difc_rules"
    ADEQUACY = "ae.difc_adequacy"
    AREA = "the DIFC"
