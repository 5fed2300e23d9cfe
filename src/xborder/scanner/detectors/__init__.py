"""Detectors of personal data, one module per family; `xborder.scanner.registry` lists them."""

from xborder.scanner.detectors.base import Detector, normalise_name

__all__ = ["Detector", "normalise_name"]
