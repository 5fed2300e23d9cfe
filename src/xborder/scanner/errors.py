"""Errors the scanner raises. Messages never carry raw values or passwords."""

from __future__ import annotations


class ScanError(Exception):
    """A source cannot be scanned: unreadable file, bad URL, empty table, unknown table."""


class MapUpdateError(Exception):
    """`--update-map` could not write the data map (unknown dataset, invalid result)."""
