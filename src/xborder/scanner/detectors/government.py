"""Passport numbers, and UK National Insurance numbers. Passport numbers carry no checksum
outside the machine-readable zone, so a value is only taken for one in a column whose
name says so."""

from __future__ import annotations

from xborder.scanner.detectors.base import Detector, ctx


def plausible_passport(value: str) -> bool:
    """ICAO 9303 document numbers are at most 9 characters, mostly digits."""
    body = value.upper()
    count = sum(ch.isdigit() for ch in body)
    return 6 <= len(body) <= 9 and count >= 5 and len(set(body)) > 2


PASSPORT = Detector(
    key="passport",
    category="user.government_id.passport_number",
    label="Passport number",
    pattern=r"[A-Za-z0-9]{6,9}",
    validate=plausible_passport,
    context=ctx("passport", "护照", "護照", "reisepass", "passeport", "passaporte", "pasaporte", "паспорт", "旅券", "여권"),
    requires_context=True,
    min_ratio_with_context=0.5,
    subject_key_rank=90,
    strength=0.75,
)



# UK National Insurance number (HMRC NIM39110): two prefix letters, six digits, a suffix
# A-D. D, F, I, Q, U and V are never used in the prefix, O never second, and the prefixes
# BG, GB, KN, NK, NT, TN and ZZ are not allocated. No check digit, but a shape this
# specific is rarely anything else.
_NINO_BAD_PREFIXES = frozenset(("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"))


def valid_nino(value: str) -> bool:
    text = value.replace(" ", "").upper()
    if len(text) != 9 or not text[2:8].isdigit() or text[8] not in "ABCD":
        return False
    first, second = text[0], text[1]
    return (first not in "DFIQUV" and second not in "DFIQUVO" and first.isalpha() and second.isalpha()
            and text[:2] not in _NINO_BAD_PREFIXES)


NINO = Detector(
    key="national_id.gb_nino",
    category="user.government_id.national_identification_number",
    label="UK National Insurance number",
    pattern=r"[A-Za-z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-Da-d]",
    validate=valid_nino,
    context=ctx("national insurance", "ni number", "nino", "nin", "ssn", "national id", "id number"),
    negative_context=ctx("order", "sku", "invoice"),
    subject_key_rank=100,
    strength=0.9,
)

DETECTORS = (PASSPORT, NINO)
