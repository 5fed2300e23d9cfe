"""The regulator's desk as it touches decisions: what approved filings put in place.

The bridge to the engine is this one function. An approved filing is read as the data
map's `filings:` entry it is (approved on the day decided, expiring on its validity's last
day) and judged by the engine's own rule (`xborder.engine.filings.filing_state`): so a
filing approved without a validity lasts as long as the law says (a security assessment,
three years) and a rejected or pending one puts nothing in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Date, String, column, text
from sqlalchemy.engine import Connection

from xborder.datamap.models import Filing
from xborder.engine.filings import filing_state
from xborder.kb import KnowledgeBase, default_knowledge_base


_APPROVED = text("SELECT mechanism, zone, decided_on, valid_until FROM filings "
                 "WHERE org_id = :org AND exporter = :exporter AND status = 'approved'"
                 ).columns(column("mechanism", String), column("zone", String), column("decided_on", Date),
                           column("valid_until", Date))


# The same rows as one JSON array per exporter, for decide's locking statement (one round
# trip to the database fewer per decision): [[mechanism, zone, decided_on, valid_until], ...].
APPROVED_JSON = {
    "postgresql": "(SELECT json_agg(json_build_array(f.mechanism, f.zone, f.decided_on, f.valid_until)) FROM filings f "
                  "WHERE f.org_id = :org AND f.exporter = :exporter AND f.status = 'approved')",
    "sqlite": "(SELECT json_group_array(json_array(f.mechanism, f.zone, f.decided_on, f.valid_until)) FROM filings f "
              "WHERE f.org_id = :org AND f.exporter = :exporter AND f.status = 'approved')",
}


def approved_rows(found: list[list[Any]] | None) -> list[tuple[str, str | None, dt.date | None, dt.date | None]]:
    """`APPROVED_JSON`'s array as the rows `_APPROVED` reads (dates from their ISO text)."""
    day = lambda v: None if v is None else dt.date.fromisoformat(str(v)[:10])  # noqa: E731
    return [(m, z, day(d), day(u)) for m, z, d, u in found or ()]


def filed_safeguards(conn: Connection, org: str, exporter: str, zone: str | None, on: dt.date,
                     kb: KnowledgeBase | None = None) -> list[str]:
    """Mechanisms of the exporter's approved filings in force on `on` (in its zone, if it names one)."""
    return in_force(conn.execute(_APPROVED, {"org": org, "exporter": exporter}), exporter, zone, on, kb)


def in_force(rows: Iterable[Sequence[Any]], exporter: str, zone: str | None, on: dt.date,
             kb: KnowledgeBase | None = None) -> list[str]:
    """Of the exporter's approved filings (mechanism, zone, decided_on, valid_until), the
    mechanisms in force on `on` (in its zone, if it names one)."""
    kb = kb or default_knowledge_base()
    out = []
    for mechanism, filed_zone, decided, until in rows:
        if (zone is not None and filed_zone != zone) or decided is None:
            continue
        filing = Filing(id="desk", mechanism=mechanism, exporter=exporter, flows=("transfer",), status="approved",
                        approved=decided, expires=until)
        if filing_state(filing, on, kb).in_effect:
            out.append(mechanism)
    return sorted(set(out))
