"""The one list of detectors the scanner runs, registered explicitly.

Order matters only for reports (it is the order detectors are shown in); decisions are
made per detector. To add a detector: write it in `detectors/`, test it in
`tests/scanner/`, and add it here.
"""

from __future__ import annotations

from xborder.scanner.detectors import contact, financial, government, health, location, national_id, network, person, vehicle
from xborder.scanner.detectors.base import Detector

DETECTORS: tuple[Detector, ...] = (
    *contact.DETECTORS,
    *national_id.DETECTORS,
    *financial.DETECTORS,
    *government.DETECTORS,
    *network.DETECTORS,
    *vehicle.DETECTORS,
    *person.DETECTORS,
    *location.DETECTORS,
    *health.DETECTORS,
)


def detectors(only: tuple[str, ...] | None = None) -> tuple[Detector, ...]:
    """All registered detectors, or those whose key (or key prefix, "national_id") is named."""
    if not only:
        return DETECTORS
    chosen = tuple(d for d in DETECTORS if any(d.key == k or d.key.startswith(k + ".") for k in only))
    unknown = [k for k in only if not any(d.key == k or d.key.startswith(k + ".") for d in DETECTORS)]
    if unknown:
        raise KeyError(f"unknown detector(s): {', '.join(unknown)}")
    return chosen


def by_key() -> dict[str, Detector]:
    return {d.key: d for d in DETECTORS}
