"""The regulator's desk as it touches decisions: what approved filings put in place.

The bridge to the engine is this one function. Until the engine reads `filings:` from a
data map itself (the pilot-zones issue), an approved filing adds its mechanism to the
safeguards of the exporter's transfers from the day it was approved until it lapses;
a rejected or pending filing adds nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String, column, text
from sqlalchemy.engine import Connection


_APPROVED = text("SELECT mechanism, zone, decided_on, valid_until FROM filings "
                 "WHERE org_id = :org AND exporter = :exporter AND status = 'approved'"
                 ).columns(column("mechanism", String), column("zone", String), column("decided_on", Date),
                           column("valid_until", Date))


def filed_safeguards(conn: Connection, org: str, exporter: str, zone: str | None, on: dt.date) -> list[str]:
    """Mechanisms of the exporter's approved filings in force on `on` (in its zone, if it names one)."""
    out = []
    for mechanism, filed_zone, decided, until in conn.execute(_APPROVED, {"org": org, "exporter": exporter}):
        if zone is not None and filed_zone != zone:
            continue
        if decided is not None and decided <= on and (until is None or on <= until):
            out.append(mechanism)
    return sorted(set(out))
