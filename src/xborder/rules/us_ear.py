"""US-EAR: Export Administration Regulations: exports and releases of technology (15 CFR 734).

15 CFR 734.13(a): "Except as set forth in § 734.17 or § 734.18, Export means: (1) An actual
shipment or transmission out of the United States, including the sending or taking of an item
out of the United States, in any manner; (2) Releasing or otherwise transferring "technology"
or source code (but not object code) to a foreign person in the United States (a "deemed
export")". (b): "Any release in the United States of "technology" or source code to a foreign
person is a deemed export to the foreign person's most recent country of citizenship or
permanent residency."
734.14(a): "(1) An actual shipment or transmission of an item subject to the EAR from one
foreign country to another foreign country".
734.15(a): ""technology" and "software" are "released" through: ... (2) Oral or written
exchanges with a foreign person of "technology" or source code in the United States or
abroad." (b): "Any act causing the "release" of "technology" or "software," through use of
"access information" or otherwise, to yourself or another person requires an authorization to
the same extent an authorization would be required to export or reexport such "technology" or
"software" to that person."
734.18(a): "The following activities are not exports, reexports, or transfers: ... (2)
Transmitting or otherwise transferring "technology" or "software" to a person in the United
States who is not a foreign person from another person in the United States. (3) Transmitting
or otherwise making a transfer (in-country) within the same foreign country of "technology" or
"software" between or among only persons who are not "foreign persons," ... (5) Sending,
taking, or storing "technology" or "software" that is: (i) Unclassified; (ii) Secured using
'end-to-end encryption;' (iii) Secured using cryptographic modules (hardware or "software")
compliant with Federal Information Processing Standards Publication 140-2 (FIPS 140-2) or its
successors ...; and (iv) Not intentionally stored in a country listed in Country Group D:5
(see supplement no. 1 to part 740 of the EAR) or in the Russian Federation." End-to-end
encryption requires that "the means of decryption are not provided to any third party".

The map marks such technology with the dataset control `us.ear-controlled`. Whether a licence
is needed turns on the item's classification (ECCN) and the destination, which the map does
not carry, so any export, reexport or release is `conditional` on the exporter's authorization
basis: a BIS licence (`us.ear.license`), a licence exception (`us.ear.license-exception`), or a
classification showing no licence is required to that destination (`us.ear.nlr`); encrypted
sending or storing (`us.encryption-carve-out`, 734.18(a)(5)) is offered where the text allows
it. Not recorded: Country Group D:5 (the carve-out is refused only for the Russian Federation,
which 734.18 names), and a recipient's employees' nationality.
"""

from __future__ import annotations

from typing import Any

from xborder.kb import Citation
from xborder.rules.us_controls import EAR_CONTROLLED, ExportControlRegime, Movement

LAW = "EAR"
ECFR = "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-734"
LICENSE, LICENSE_EXCEPTION, NO_LICENSE_REQUIRED = "us.ear.license", "us.ear.license-exception", "us.ear.nlr"


def cite(section: str) -> Citation:
    return Citation.of(LAW, f"§ {section}", ECFR)


class UsEar(ExportControlRegime):
    id = "US-EAR"
    jurisdiction = "US"
    title = "EAR, 15 CFR 734.13-734.18: exports, reexports and releases of technology and source code"
    CONTROL = EAR_CONTROLLED
    FACT = "us.ear.export"
    WHAT = "technology or source code subject to the EAR"
    AUTHORIZATIONS = (LICENSE, LICENSE_EXCEPTION, NO_LICENSE_REQUIRED)
    RECIPIENT_IN_US = False  # 734.18(a)(5): no place is named for the intended recipient
    SENT_FROM_EXCLUDED = False  # 734.18(a)(5)(iv): only "stored in"

    RELEASE_PARAGRAPHS = "(a)(2), (b)"

    def section_cite(self, section: str) -> Citation:
        return cite(section)

    def not_export_cite(self, sections: dict[str, Any], move: Movement) -> Citation:
        if move is Movement.INBOUND:
            return cite(f"{sections['export']}(a)(1)")  # only a shipment out of the United States
        return cite(f"{sections['not_exports']}(a)({2 if move is Movement.DOMESTIC else 3})")

    def carve_out_cite(self, sections: dict[str, Any]) -> Citation:
        return cite(f"{sections['not_exports']}(a)(5), (b)")
