"""US-ITAR: International Traffic in Arms Regulations: exports of technical data (22 CFR 120-130).

22 CFR 120.50(a) (120.17 before 6 September 2022): "Export, except as set forth in § 120.54 or
§ 126.16 or § 126.17 of this subchapter, means: (1) An actual shipment or transmission out of
the United States, including the sending or taking of a defense article out of the United
States in any manner; (2) Releasing or otherwise transferring technical data to a foreign
person in the United States (a deemed export)". (b): "Any release in the United States of
technical data to a foreign person is deemed to be an export to all countries in which the
foreign person has held or holds citizenship or holds permanent residency."
120.51(a) (120.19 before 6 September 2022): "(1) An actual shipment or transmission of a
defense article from one foreign country to another foreign country".
120.56(a) (120.50 before): "Technical data is released through: ... (2) Oral or written
exchanges with foreign persons of technical data in the United States or abroad".
120.63: "Foreign person ... also means any foreign corporation, business association,
partnership, trust, society, or any other entity or group that is not incorporated or
organized to do business in the United States".
120.54(a) (from 25 March 2020): "The following activities are not exports, reexports,
retransfers, or temporary imports: ... (2) Transmitting or otherwise transferring technical
data to a U.S. person in the United States from a person in the United States; (3)
Transmitting or otherwise transferring within the same foreign country technical data between
or among only U.S. persons ...; (5) Sending, taking, or storing technical data that is: (i)
Unclassified; (ii) Secured using end-to-end encryption; (iii) Secured using cryptographic
modules (hardware or software) compliant with the Federal Information Processing Standards
Publication 140-2 (FIPS 140-2) or its successors ... or by other cryptographic means that
provide security strength that is at least comparable to the minimum 128 bits of security
strength achieved by the Advanced Encryption Standard (AES-128); and (iv) Not intentionally
sent to a person in or stored in a country proscribed in § 126.1 of this subchapter or the
Russian Federation; and (v) Not sent from a country proscribed in § 126.1 of this subchapter
or the Russian Federation." (b)(2): "The intended recipient must be the originator, a U.S.
person in the United States, or a person otherwise authorized to receive the technical data,
such as by a license or other approval pursuant to this subchapter."
Part 125 licenses exports of technical data. 125.4(b): "The following exports are exempt from
the licensing requirements of this subchapter"; 125.4(a): the exemptions "do not apply to
exports to proscribed destinations under § 126.1". 125.1(c): "Technical data authorized for
export may not be reexported, transferred or diverted from the country of ultimate end-use or
from the authorized foreign end-user ... or disclosed to a national of another country without
the prior written approval of the Directorate of Defense Trade Controls."

The map marks technical data with the dataset control `us.itar-technical-data`. Any export,
reexport or release is `conditional` on a DDTC licence or approval (`us.itar.license`) or a
Part 125 exemption (`us.itar.exemption`); end-to-end encrypted sending or storing
(`us.encryption-carve-out`, 120.54(a)(5)) is offered where the text allows it. Not recorded:
the § 126.1 list of proscribed countries (the carve-out is refused only for the Russian
Federation, which 120.54 names; a declared carve-out asserts the § 126.1 check), a recipient's
employees' nationality, and defense services.
"""

from __future__ import annotations

from typing import Any

from xborder.kb import Citation
from xborder.rules.base import Reasoning
from xborder.rules.us_controls import ITAR_TECHNICAL_DATA, ExportControlRegime, Movement

LAW = "ITAR"
ECFR = "https://www.ecfr.gov/current/title-22/chapter-I/subchapter-M"
LICENSE, EXEMPTION = "us.itar.license", "us.itar.exemption"


def cite(section: str, part: str = "120") -> Citation:
    return Citation.of(LAW, f"§ {section}", f"{ECFR}/part-{part}")


class UsItar(ExportControlRegime):
    id = "US-ITAR"
    jurisdiction = "US"
    title = "ITAR, 22 CFR 120.50-120.56 and part 125: exports, reexports and releases of technical data"
    CONTROL = ITAR_TECHNICAL_DATA
    FACT = "us.itar.export"
    WHAT = "technical data of defense articles on the U.S. Munitions List"
    AUTHORIZATIONS = (LICENSE, EXEMPTION)
    RECIPIENT_IN_US = True  # 120.54(b)(2): "a U.S. person in the United States"
    SENT_FROM_EXCLUDED = True  # 120.54(a)(5)(iv)-(v): "sent to a person in", "stored in", "sent from"

    RELEASE_PARAGRAPHS = "(a)(2)"

    def section_cite(self, section: str) -> Citation:
        return cite(section)

    def not_export_cite(self, sections: dict[str, Any], move: Movement) -> Citation:
        if move is Movement.INBOUND:
            return cite(f"{sections['export']}(a)(1)")  # only a shipment out of the United States
        if sections["not_exports"] is None:
            return cite(f"{sections['export']}(a)")  # before 120.54: what is not in the definition
        return cite(f"{sections['not_exports']}(a)({2 if move is Movement.DOMESTIC else 3})")

    def carve_out_cite(self, sections: dict[str, Any]) -> Citation:
        return cite(f"{sections['not_exports'] or '120.54'}(a)(5), (b)")

    def note_authorizations(self, r: Reasoning, destination: str) -> None:
        r.fact(f"the Part 125 exemptions do not apply to exports to destinations proscribed in § 126.1 (the "
               f"knowledge base does not list them: check whether {destination} is one); authorized data may not be reexported or "
               "retransferred without DDTC's prior written approval", cite("125.1(c), 125.4(a)", "125"))
