"""Scan engines: `embedded` (DuckDB, the default) and `spark` (PySpark)."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]
"""progress(table_name, done, total): steps are columns (plus one for reading)."""


def no_progress(_name: str, _done: int, _total: int) -> None:
    return None
