"""PH-DPA: accountability for personal information transferred abroad, DPA 2012 s21.

s21: "Each personal information controller is responsible for personal information under
its control or custody, including information that have been transferred to a third party
for processing, whether domestically or internationally, subject to cross-border arrangement
and cooperation. (a) The personal information controller is accountable for complying with
the requirements of this Act and shall use contractual or other reasonable means to provide
a comparable level of protection while the information are being processed by a third
party." No approval or adequacy list: the transfer is lawful with those means in place.
kb `ph.transfer_rule`.
"""

from __future__ import annotations

from xborder.rules.dated import TransferGroundsRegime


class PhDpa(TransferGroundsRegime):
    id = "PH-DPA"
    jurisdiction = "PH"
    title = "DPA 2012 s21: accountability for personal information transferred abroad"
    FACT = "ph.transfer_rule"
