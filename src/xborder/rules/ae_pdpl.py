"""AE-PDPL: transfer of personal data outside the State, UAE Federal Decree-Law No. 45 of 2021 Arts 22-23.

Art 22: personal data may be transferred outside the State where the destination's
legislation on personal data protection, approved by the Data Office, gives an adequate level
of protection, or under a bilateral or multilateral agreement with the State. Art 23(1):
"Notwithstanding Article (22) ..., Personal Data may be transferred to outside the State in
the following cases: a. Companies, operating in countries where there are no laws for Data
Protection, may" receive it under a contract binding them to the Decree-Law's provisions and
measures; b. with the data subject's express consent, not conflicting with the State's
security and public interest; c. where necessary to perform obligations and establish rights
before judicial authorities; d. to conclude or perform a contract with the data subject (or
with a third party in his interest); e. for international judicial cooperation; f. to
protect the public interest. Art 2: the Decree-Law does not apply to free zones with their
own data protection law (the DIFC: AE-DIFC; the ADGM: AE-ADGM), nor to health data and
banking and credit data that have their own legislation (`ae.pdpl_excluded_data`; that
legislation, such as the health-data storage rule of Federal Law No. 2 of 2019, is not
encoded here). In force 2 January 2022;
the Executive Regulations (Art 28) had not been issued when the sources were read.
"""

from __future__ import annotations

from xborder.rules.area_transfer import AreaTransferRegime

FREE_ZONES = frozenset({"ae-difc", "ae-adgm"})


class AePdpl(AreaTransferRegime):
    id = "AE-PDPL"
    jurisdiction = "AE"
    title = "UAE PDPL Arts 22-23: transfer outside the State"
    COUNTRY = "AE"
    EXCLUDED_ZONES = FREE_ZONES
    RULES = "ae.pdpl_rules"
    ADEQUACY = "ae.pdpl_adequacy"
    AREA = "the UAE"
    EXCLUDED_DATA = "ae.pdpl_excluded_data"
