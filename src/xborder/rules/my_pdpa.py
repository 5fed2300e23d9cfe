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
All dates and grounds: kb `my.transfer_rule`.
"""

from __future__ import annotations

from xborder.rules.dated import TransferGroundsRegime


class MyPdpa(TransferGroundsRegime):
    id = "MY-PDPA"
    jurisdiction = "MY"
    title = "PDPA 2010 s129: transfer of personal data to places outside Malaysia"
    FACT = "my.transfer_rule"
