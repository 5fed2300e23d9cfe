"""The regulator's desk as it touches decisions: what approved filings put in place.

The bridge to the engine is this one function. An approved filing is read as the data
map's `filings:` entry it is (approved on the day decided, expiring on its validity's last
day) and judged by the engine's own rule (`xborder.engine.filings.filing_state`): so a
filing approved without a validity lasts as long as the law says (a security assessment,
three years) and a rejected or pending one puts nothing in place.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String, column, text
from sqlalchemy.engine import Connection

from xborder.datamap.models import Filing
from xborder.engine.filings import filing_state
from xborder.kb import KnowledgeBase, default_knowledge_base


_APPROVED = text("SELECT mechanism, zone, decided_on, valid_until FROM filings "
                 "WHERE org_id = :org AND exporter = :exporter AND status = 'approved'"
                 ).columns(column("mechanism", String), column("zone", String), column("decided_on", Date),
                           column("valid_until", Date))


def filed_safeguards(conn: Connection, org: str, exporter: str, zone: str | None, on: dt.date,
                     kb: KnowledgeBase | None = None) -> list[str]:
    """Mechanisms of the exporter's approved filings in force on `on` (in its zone, if it names one)."""
    kb = kb or default_knowledge_base()
    out = []
    for mechanism, filed_zone, decided, until in conn.execute(_APPROVED, {"org": org, "exporter": exporter}):
        if (zone is not None and filed_zone != zone) or decided is None:
            continue
        filing = Filing(id="desk", mechanism=mechanism, exporter=exporter, flows=("transfer",), status="approved",
                        approved=decided, expires=until)
        if filing_state(filing, on, kb).in_effect:
            out.append(mechanism)
    return sorted(set(out))
