"""Vehicle identification numbers (ISO 3779)."""

from __future__ import annotations

from xborder.scanner.detectors.base import Detector, ctx

_TRANSLIT = {**{str(d): d for d in range(10)},
             **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
             **dict(zip("STUVWXYZ", range(2, 10)))}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_YEAR_CODES = set("ABCDEFGHJKLMNPRSTVWXY123456789")


def vin_check_digit(vin: str) -> str:
    total = sum(_TRANSLIT[ch] * w for ch, w in zip(vin, _WEIGHTS))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def valid_vin(value: str) -> bool:
    """North-American VINs carry a check digit in position 9; others (EU, CN, JP) need
    not, so those must at least look like a VIN: a model-year code in position 10, a
    numeric serial tail, and both letters and digits."""
    vin = value.upper()
    if len(vin) != 17 or any(ch not in _TRANSLIT for ch in vin):
        return False
    if vin[8] == vin_check_digit(vin):
        return True
    return (vin[9] in _YEAR_CODES and vin[-4:].isdigit()
            and any(ch.isalpha() for ch in vin[:8]) and any(ch.isdigit() for ch in vin))


VIN = Detector(
    key="vin",
    category="user.unique_id.vehicle_identification_number",
    label="Vehicle identification number",
    pattern=r"[A-HJ-NPR-Za-hj-npr-z0-9]{17}",
    validate=valid_vin,
    context=ctx("vin", "vehicle", "chassis", "车架号", "车辆识别", "fahrgestellnummer", "fin", "châssis", "chassi",
                "車台番号", "차대번호", "vin номер"),
    subject_key_rank=30,
)

DETECTORS = (VIN,)
