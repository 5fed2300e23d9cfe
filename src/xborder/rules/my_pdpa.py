"""MY-PDPA: transfer of personal data to places outside Malaysia, PDPA 2010 s129.

Until 31 March 2025, s129(1): no transfer outside Malaysia "unless to such place as
specified by the Minister" (none was specified), save the s129(3) cases: (a) consent;
(b) necessity for a contract with the data subject; (c) a contract with a third party at
the subject's request or in their interest; (d) legal proceedings, advice or rights;
(e) avoiding adverse action against the subject; (f) "all reasonable precautions and all
due diligence" taken to ensure the data is not processed in breach of the Act; (g) vital
interests; (h) public interest in circumstances determined by the Minister.
From 1 April 2025 (Personal Data Protection (Amendment) Act 2024): transfer where the
destination has in force a law substantially similar to the Act, or ensures an adequate level
of protection at least equivalent to it (a transfer impact assessment under the 2025
Guidelines), or under s129(3) without the public-interest case.
s3(2): "This Act shall not apply to any personal data processed outside Malaysia unless that
personal data is intended to be further processed in Malaysia": a hop leaving from outside
Malaysia is outside the Act, even for a sender established in Malaysia (kb `my.non_application`).
All dates and grounds: kb `my.transfer_rule`.
"""

from __future__ import annotations

from xborder.engine.hop import Hop
from xborder.rules.base import EXPORTER, Reasoning, RegimeResult
from xborder.rules.dated import TransferGroundsRegime

MY = "MY"


class MyPdpa(TransferGroundsRegime):
    id = "MY-PDPA"
    jurisdiction = MY
    title = "PDPA 2010 s129: transfer of personal data to places outside Malaysia"
    FACT = "my.transfer_rule"
    OUTSIDE = "my.non_application"

    def out_of_scope(self, hop: Hop, r: Reasoning) -> RegimeResult | None:
        """s3(2): data processed outside Malaysia (the hop leaves from abroad) is outside the Act."""
        kb = hop.kb
        period = kb.period(self.OUTSIDE, hop.as_of)
        if period is None or not period.value:
            return None
        cite = kb.cite(self.OUTSIDE, period)
        abroad = hop.sender.location_country != MY  # the cache key already holds whether the sender is in Malaysia
        where = (f"{EXPORTER} sends the data from {hop.sender.location_country}: it is processed outside Malaysia, "
                 "and the map records no intention to process it further in Malaysia") if abroad else \
            f"{EXPORTER} sends the data from Malaysia"
        if not r.exception(period.value["id"], f"s{period.value['article']}: {where}", abroad, cite):
            return None
        return r.not_applicable("the Act does not apply to personal data processed outside Malaysia unless it is "
                                "intended to be further processed in Malaysia (PDPA 2010 s3(2))", cite)
