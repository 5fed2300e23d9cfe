"""Find which personal data a table holds, how much, and how sensitive.

    from xborder.scanner import scan
    report = scan("examples/data")            # files, folders, or a SQLAlchemy URL
    report.to_dict()                           # the stable JSON form

Detectors (`detectors/`, listed in `registry.py`) recognise values; an engine
(`engines/embedded.py` on DuckDB, `engines/spark.py` on PySpark) counts candidates in
bulk and validates them; `evaluate.py` makes the decisions both engines share.
"""

from __future__ import annotations

from xborder.scanner.api import scan
from xborder.scanner.errors import MapUpdateError, ScanError
from xborder.scanner.report import ScanReport, TableReport
from xborder.scanner.sampling import SamplePlan

__all__ = ["MapUpdateError", "SamplePlan", "ScanError", "ScanReport", "TableReport", "scan"]
