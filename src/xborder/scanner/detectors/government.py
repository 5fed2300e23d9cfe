"""Passport numbers. They carry no checksum outside the machine-readable zone, so a
value is only taken for one in a column whose name says so."""

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

DETECTORS = (PASSPORT,)
