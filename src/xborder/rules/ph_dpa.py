"""PH-DPA: accountability for personal information transferred abroad, DPA 2012 s21.

s21: "Each personal information controller is responsible for personal information under
its control or custody, including information that have been transferred to a third party
for processing, whether domestically or internationally, subject to cross-border arrangement
and cooperation. (a) The personal information controller is accountable for complying with
the requirements of this Act and shall use contractual or other reasonable means to provide
a comparable level of protection while the information are being processed by a third
party." No approval or adequacy list: the transfer is lawful with those means in place.
kb `ph.transfer_rule`.

s4(g): "This Act does not apply to the following: ... (g) Personal information originally
collected from residents of foreign jurisdictions in accordance with the laws of those
foreign jurisdictions, including any applicable data privacy laws, which is being processed
in the Philippines." (IRR Rule II s5: only "to the minimum extent of collection, access, use,
disclosure or other processing necessary to the purpose, function, or activity concerned".)
kb `ph.foreign_collected`. The map says where people live (`subjects[].residence`) and where
a dataset was first collected (`collected_in`, else where its route starts: data a Philippine
exporter received from a hop that began abroad has a foreign origin). The exception is taken
when the data leaves from the Philippines, every data subject of the hop resides outside it
and every dataset's origin is outside it. Whether the foreign collection complied with the
foreign law cannot be read in a map: it is assumed, and the trace says so. Residence, not
citizenship, is what s4(g) names, so a Philippine citizen living abroad does not stop it.

s6 (extraterritorial application) is not modelled beyond what `TransferGroundsRegime`
reaches: an exporter established in, or sending from, the Philippines.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.rules.base import Reasoning, RegimeResult
from xborder.rules.dated import TransferGroundsRegime

PH = "PH"
FOREIGN_COLLECTED = "ph.exemption.foreign-collected"


def _listed(countries: frozenset[str]) -> str:
    return ", ".join(sorted(countries)) or "none stated"


class PhDpa(TransferGroundsRegime):
    id = "PH-DPA"
    jurisdiction = "PH"
    title = "DPA 2012 s21: accountability for personal information transferred abroad"
    FACT = "ph.transfer_rule"
    FOREIGN = "ph.foreign_collected"

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        key = super().cache_key(hop, prepared)
        if key is False:
            return False
        # s4(g) reads, and its texts name, the subjects' residences and the data's origin.
        return (key, hop.subject_residences, hop.origin_countries)

    def out_of_scope(self, hop: Hop, r: Reasoning) -> RegimeResult | None:
        """s4(g): information collected abroad from foreign residents, processed in the Philippines."""
        kb, on = hop.kb, hop.as_of
        period = kb.period(self.FOREIGN, on)
        if period is None or not period.value:
            return None
        cite = kb.cite(self.FOREIGN, period)
        residences, origin = hop.subject_residences, hop.origin_countries
        if hop.sender.location_country != PH:
            why = "the data leaves from outside the Philippines, so it is not being processed there"
        elif not residences:
            why = "the map names no data subjects, so their residence outside the Philippines is not shown"
        elif PH in residences:
            why = f"some data subjects reside in the Philippines (residence: {_listed(residences)})"
        elif not origin or PH in origin:
            why = (f"the data subjects reside abroad ({_listed(residences)}) but the data was first collected in "
                   f"the Philippines or its origin is not known (origin: {_listed(origin)})")
        else:
            why = ""
        taken = not why
        if taken:
            why = (f"every data subject resides outside the Philippines ({_listed(residences)}), the data was first "
                   f"collected abroad (origin: {_listed(origin)}) and is processed in the Philippines; that it was "
                   "collected in accordance with those jurisdictions' laws is assumed (the map cannot say), and the "
                   "exclusion reaches only the processing necessary to its purpose (IRR Rule II s5)")
        if not r.exception(FOREIGN_COLLECTED, why, taken, cite):
            return None
        return r.not_applicable("personal information originally collected from residents of foreign jurisdictions "
                                "and processed in the Philippines is outside the Act (DPA 2012 s4(g))", cite)
