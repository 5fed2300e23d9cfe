"""BN-PDPO: Personal Data Protection Order 2025 (Brunei Darussalam), transfer limitation.

The Order contains a transfer limitation obligation: personal data may not be transferred
outside Brunei Darussalam without ensuring a comparable standard of protection. Its
commencement date was not found, so the regime answers not_applicable and says so.
kb `bn.transfer_rule`.
"""

from __future__ import annotations

from xborder.rules.dated import TransferGroundsRegime


class BnPdpo(TransferGroundsRegime):
    id = "BN-PDPO"
    jurisdiction = "BN"
    title = "PDPO 2025: transfer limitation (commencement not found)"
    FACT = "bn.transfer_rule"
