"""LA-EDP: Laos, Law on Electronic Data Protection No. 25/NA of 12 May 2017.

The Law regulates the international transmission of electronic data, but its text (in Lao)
could not be read, so no conditions are applied: not_applicable with the trace saying so.
kb `la.transfer_rule`.
"""

from __future__ import annotations

from xborder.rules.dated import TransferGroundsRegime


class LaEdp(TransferGroundsRegime):
    id = "LA-EDP"
    jurisdiction = "LA"
    title = "Law on Electronic Data Protection No. 25/NA (transfer conditions not read)"
    FACT = "la.transfer_rule"
