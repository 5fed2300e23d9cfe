"""KH-PDP: Cambodia, no general personal data protection law in force.

A draft Law on Personal Data Protection (third draft of 23 July 2025) is not enacted: every
hop from Cambodia is not_applicable, with the trace saying no general transfer rule was
found and what was searched. kb `kh.transfer_rule`.
"""

from __future__ import annotations

from xborder.rules.dated import TransferGroundsRegime


class KhPdp(TransferGroundsRegime):
    id = "KH-PDP"
    jurisdiction = "KH"
    title = "Cambodia: no general personal data protection law in force"
    FACT = "kh.transfer_rule"
