"""Transfer-event audit: logs of what was sent checked against the law, at scale.

`run_audit` with an engine (`EmbeddedEngine`: DuckDB; `SparkEngine`: PySpark) reads a log of
transfer events (`schema.COLUMNS`), assesses each distinct hop shape once per interval of
unchanged law, joins the verdicts to the events and counts distinct subjects the way the
CN and US volume rules count them (`counting`, `thresholds`). `ledger_link` checks each
event against a transfer ledger.
"""

from xborder.audit.run import AuditResult, run_audit
from xborder.audit.schema import COLUMNS, EventSchemaError, json_schema
from xborder.audit.source import LogSource, locate

__all__ = ["COLUMNS", "AuditResult", "EventSchemaError", "LogSource", "json_schema", "locate", "run_audit"]
