"""MM-ETL: Myanmar, Electronic Transactions Law s27-A (from 15 February 2021).

Electronic Transactions Law 2004 as amended by State Administration Council Law No. 7/2021
of 15 February 2021, s27-A: the personal data administrator "shall seek the consent of the
owner of data before any transfer". Before that amendment no general transfer rule.
kb `mm.transfer_rule`.
"""

from __future__ import annotations

from xborder.rules.dated import TransferGroundsRegime


class MmEtl(TransferGroundsRegime):
    id = "MM-ETL"
    jurisdiction = "MM"
    title = "Electronic Transactions Law s27-A: consent before a transfer of personal data"
    FACT = "mm.transfer_rule"
