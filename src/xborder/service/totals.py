"""Decisions against the database: running totals, idempotency and the ledger, in one transaction.

Correct under concurrent calls on several processes: every decision for an exporter and
year first takes that exporter-year's row lock (PostgreSQL `SELECT ... FOR UPDATE`; SQLite
takes its single write lock at `BEGIN IMMEDIATE`), then reads the exporter's volume items,
decides, and writes the new items, the idempotency record and the ledger entry before it
commits. So two calls for one exporter are decided one after the other, and the call that
carries the threshold's person is the one answered over it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import JSON, bindparam, column, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from xborder.kb import KnowledgeBase
from xborder.service.db import ExporterYear, IdempotentCall, LedgerEntry, utcnow
from xborder.service.decide import Decision, Transfer, decide
from xborder.service.desk import APPROVED_JSON, approved_rows, in_force
from xborder.service.ledger_store import ServiceLedger


@dataclass(slots=True)
class Answer:
    status_code: int
    body: bytes


def request_digest(payload: Any) -> str:
    return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _insert(conn: Connection) -> Any:
    return pg_insert if conn.dialect.name == "postgresql" else sqlite_insert


# The hot path's statements, built once (constructing SQLAlchemy expressions per call costs
# about as much as the engine's decision).
_WHERE = " FROM exporter_years WHERE org_id = :org AND exporter = :exporter AND year = :year"
# the row's volume items and the exporter's approved filings (desk.APPROVED_JSON) in one statement
_ITEMS = {dialect: text(f"SELECT items, {filings} AS filings" + _WHERE + (" FOR UPDATE" if dialect == "postgresql" else ""))
          .columns(column("items", JSON), column("filings", JSON)) for dialect, filings in APPROVED_JSON.items()}
_COUNT = text("UPDATE exporter_years SET items = :items, individuals = :individuals, decisions = decisions + 1 "
              "WHERE org_id = :org AND exporter = :exporter AND year = :year").bindparams(bindparam("items", type_=JSON))


@dataclass(slots=True)
class ExporterYearRow:
    items: dict[str, Any]  # the volume items, by key
    filings: list[tuple[str, str | None, dt.date | None, dt.date | None]]  # approved: mechanism, zone, decided, until


def lock_exporter_years(conn: Connection, org: str, keys: Sequence[tuple[str, int]]) -> dict[tuple[str, int], ExporterYearRow]:
    """Lock (creating if new) the exporter-year rows in a fixed order (no deadlocks in batches)
    and return their volume items with the exporter's approved filings. One statement per row
    when it exists already."""
    out: dict[tuple[str, int], ExporterYearRow] = {}
    query = _ITEMS[conn.dialect.name]
    for exporter, year in sorted(set(keys)):
        where = {"org": org, "exporter": exporter, "year": year}
        row = conn.execute(query, where).first()
        if row is None:
            conn.execute(_insert(conn)(ExporterYear).values(org_id=org, exporter=exporter, year=year, individuals=0,
                                                            decisions=0, items={}).on_conflict_do_nothing())
            row = conn.execute(query, where).first()
        out[(exporter, year)] = ExporterYearRow(dict(row[0] or {}), approved_rows(row[1]))
    return out


def stored_answer(conn: Connection, org: str, key: str, digest: str) -> Answer | None:
    """The answer given before under this idempotency key (409 if the key came with another request)."""
    row = conn.execute(select(IdempotentCall.request_digest, IdempotentCall.status_code, IdempotentCall.response)
                       .where(IdempotentCall.org_id == org, IdempotentCall.key == key)).first()
    if row is None:
        return None
    if row[0] != digest:
        body = orjson.dumps({"error": {"status": 409, "code": "conflict", "problems": [],
                                       "message": "this Idempotency-Key was used with a different request"}})
        return Answer(409, body)
    return Answer(int(row[1]), orjson.dumps(row[2]))


def remember(conn: Connection, org: str, key: str, digest: str, answer: Answer) -> None:
    conn.execute(IdempotentCall.__table__.insert().values(org_id=org, key=key, request_digest=digest,
                                                          status_code=answer.status_code,
                                                          response=orjson.loads(answer.body), created_at=utcnow()))


class Decider:
    """Decides transfers of one organisation inside one transaction."""

    def __init__(self, conn: Connection, org: str, kb: KnowledgeBase, today: dt.date | None = None) -> None:
        self.conn, self.org, self.kb = conn, org, kb
        self.today = today or dt.datetime.now(dt.UTC).date()
        self._rows: dict[tuple[str, int], ExporterYearRow] = {}

    def year(self, t: Transfer) -> int:
        return (t.as_of or self.today).year

    def lock(self, transfers: Sequence[Transfer]) -> None:
        self._rows = lock_exporter_years(self.conn, self.org, [(t.exporter.id, self.year(t)) for t in transfers])

    def decide(self, t: Transfer) -> Pending:
        """Decide and count; the ledger entry waits for `finish` (see there)."""
        year = self.year(t)
        row = self._rows[(t.exporter.id, year)]
        earlier = row.items
        filed = in_force(row.filings, t.exporter.id, t.exporter.zone, t.as_of or self.today, self.kb)
        d = decide(t, earlier, self.kb, filed=filed, today=self.today)
        counted = d.allowed and not t.dry_run
        if counted:
            earlier[d.key] = d.item
            self.conn.execute(_COUNT, {"items": earlier, "individuals": d.after, "org": self.org,
                                       "exporter": t.exporter.id, "year": year})
        return Pending(d, counted, t.record and counted)

    def finish(self, pending: Sequence[Pending]) -> list[bytes]:
        """Append the allowed decisions asked to be recorded, in one batch, and answer.

        Last in the transaction on purpose: the ledger's lock (one appender at a time, across
        processes) is then held only for the append and the commit."""
        wanted = [p for p in pending if p.record]
        indexes: dict[int, int] = {}
        if wanted:
            when = utcnow()
            leaves = ServiceLedger(self.conn).append([p.decision.ledger_event(when) for p in wanted])
            self.conn.execute(LedgerEntry.__table__.insert(), [
                {"leaf_index": leaf, "org_id": self.org, "zone": p.decision.transfer.exporter.zone,
                 "exporter": p.decision.transfer.exporter.id, "time": when} for p, leaf in zip(wanted, leaves)])
            indexes = {id(p): leaf for p, leaf in zip(wanted, leaves)}
        return [p.decision.answer_bytes(counted=p.counted, leaf_index=indexes.get(id(p))) for p in pending]


@dataclass(slots=True)
class Pending:
    decision: Decision
    counted: bool
    record: bool
