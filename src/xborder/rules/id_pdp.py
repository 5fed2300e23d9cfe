"""ID-PDP: transfer of personal data outside Indonesia, PDP Law (Law No. 27 of 2022) Art 56.

Art 56(1): a Personal Data Controller may transfer personal data to a controller or
processor outside the jurisdiction of Indonesia. (2) It must ensure that the country where
the recipient is domiciled has a level of personal data protection equal to or higher than
this Law. (3) If (2) is not met, it must ensure adequate and binding personal data
protection. (4) If neither (2) nor (3) is met, it must obtain the data subject's consent.
Art 74: controllers must comply by the end of the two-year transition, 17 October 2024.
All dates and grounds: kb `id.transfer_rule`.
"""

from __future__ import annotations

from xborder.rules.dated import TransferGroundsRegime


class IdPdp(TransferGroundsRegime):
    id = "ID-PDP"
    jurisdiction = "ID"
    title = "PDP Law 27/2022 Art 56: transfer of personal data outside Indonesia"
    FACT = "id.transfer_rule"
