"""TH-PDPA: sending or transferring personal data abroad, PDPA B.E. 2562 (2019) ss28-29.

s28: personal data may be sent or transferred to a foreign country only if it has adequate
data protection standards under the Committee's criteria, except (1) compliance with the
law; (2) consent after being informed of the inadequate standards; (3) necessity for a
contract to which the data subject is a party; (4) a contract in the subject's interest;
(5) preventing danger to life, body or health when the subject cannot consent; (6) an
activity in the substantial public interest.
s29: within affiliated undertakings under binding corporate rules reviewed and certified by
the Office; failing an adequacy decision or certified rules, with appropriate safeguards
enabling the enforcement of the subject's rights and effective legal remedies (criteria:
PDPC Notification under s29 B.E. 2566, in force 24 March 2024, which accepts standard
contractual clauses such as the ASEAN MCC). Transfer rules applied from 1 June 2022.
The flow's `necessity` claims the s28 exceptions the map can express (`th.necessity`):
statutory-duty (1), contract-with-subject (3), emergency (5), public-interest (6); consent (2)
is the `th.consent` safeguard; (4), a contract with another person in the subject's interest,
has no necessity value in the map.
All dates and grounds: kb `th.transfer_rule`.
"""

from __future__ import annotations

from xborder.rules.dated import TransferGroundsRegime


class ThPdpa(TransferGroundsRegime):
    id = "TH-PDPA"
    jurisdiction = "TH"
    title = "PDPA ss28-29: sending or transferring personal data abroad"
    FACT = "th.transfer_rule"
