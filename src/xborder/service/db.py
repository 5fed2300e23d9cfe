"""The service's tables (SQLAlchemy 2) and how to open the database.

The schema itself is created and upgraded by the Alembic migrations in `migrations/`;
these models are what the code reads and writes, and a test checks the two agree.
The ledger's tables carry the same names and types as the ledger's PostgreSQL backend
(prefix ``ledger_``), so ``xborder ledger verify postgresql://...`` reads the service's log.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import orjson
from sqlalchemy import (JSON, BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary,
                        SmallInteger, String, Text, UniqueConstraint, create_engine, event)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Org(Base):
    __tablename__ = "orgs"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="company")  # company | regulator
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)  # the service's own administrator
    oidc_subject: Mapped[str | None] = mapped_column(String(300), unique=True, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Membership(Base):
    __tablename__ = "memberships"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)


class Token(Base):
    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the token; the token is never stored
    prefix: Mapped[str] = mapped_column(String(16))  # shown in listings to tell tokens apart
    label: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # none: until revoked


class DataMapRecord(Base):
    __tablename__ = "datamaps"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    head: Mapped[int] = mapped_column(Integer, default=0)  # number of the latest revision
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MapRevision(Base):
    __tablename__ = "map_revisions"
    __table_args__ = (UniqueConstraint("map_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("datamaps.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    message: Mapped[str | None] = mapped_column(String(500), nullable=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    diff: Mapped[dict[str, Any]] = mapped_column(JSON)


class ExporterYear(Base):
    """One exporter's running total in one calendar year; its row is the lock decide takes.

    `items` is what it has provided that year, by key: a named dataset (its largest declared
    count per group of people) or the sum of unnamed transfers with the same description."""

    __tablename__ = "exporter_years"
    org_id: Mapped[str] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), primary_key=True)
    exporter: Mapped[str] = mapped_column(String(200), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    individuals: Mapped[int] = mapped_column(BigInteger, default=0)
    decisions: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class IdempotentCall(Base):
    __tablename__ = "idempotency_keys"
    org_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_digest: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LedgerEntry(Base):
    """Who owns each ledger leaf (the Merkle log itself is in the ledger_* tables)."""

    __tablename__ = "ledger_entries"
    leaf_index: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    org_id: Mapped[str] = mapped_column(String(64), index=True)
    zone: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    exporter: Mapped[str] = mapped_column(String(200))
    time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ZoneList(Base):
    """A pilot zone's published list, one row per version."""

    __tablename__ = "zone_lists"
    __table_args__ = (UniqueConstraint("zone", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    zone: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    regulator_org: Mapped[str] = mapped_column(ForeignKey("orgs.id"))
    title: Mapped[str] = mapped_column(String(300))
    effective: Mapped[dt.date] = mapped_column(Date)
    entries: Mapped[list[Any]] = mapped_column(JSON)
    published_by: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Filing(Base):
    __tablename__ = "filings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("orgs.id"), index=True)
    zone: Mapped[str] = mapped_column(String(100), index=True)
    exporter: Mapped[str] = mapped_column(String(200))
    mechanism: Mapped[str] = mapped_column(String(100))  # the safeguard id the filing puts in place
    description: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="submitted")  # submitted | approved | rejected
    submitted_by: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), nullable=True)
    decided_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    valid_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)


class ScanRecord(Base):
    """An uploaded scan report (`xborder scan --format json`), its masked examples removed."""

    __tablename__ = "scans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    map_name: Mapped[str | None] = mapped_column(String(64), nullable=True)
    dataset: Mapped[str | None] = mapped_column(String(200), nullable=True)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)


class EvidenceRequestRecord(Base):
    """A government access request planned for the organisation (the facts, and the plan made)."""

    __tablename__ = "evidence_requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    as_of: Mapped[dt.date] = mapped_column(Date)
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditRecord(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    account_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    org_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(64))
    resource: Mapped[str] = mapped_column(String(200))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


# The Merkle log, as the ledger's PostgreSQL backend lays it out (prefix ledger_).
class LedgerMeta(Base):
    __tablename__ = "ledger_meta"
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LedgerLeaf(Base):
    __tablename__ = "ledger_leaves"
    idx: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    leaf_hash: Mapped[bytes] = mapped_column(LargeBinary)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class LedgerNode(Base):
    __tablename__ = "ledger_nodes"
    level: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    idx: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary)


class LedgerCheckpoint(Base):
    __tablename__ = "ledger_checkpoints"
    size: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    root: Mapped[bytes] = mapped_column(LargeBinary)
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(Text)


Index("ix_filings_zone_status", Filing.zone, Filing.status)


def normalise_url(url: str) -> str:
    """A plain path or sqlite:/// URL opens SQLite; postgresql:// uses psycopg 3."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{url}"
    return url


def is_sqlite(url: str) -> bool:
    return normalise_url(url).startswith("sqlite")


def open_engine(url: str, *, pool_size: int = 10) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60},
                               json_serializer=_json_dumps, json_deserializer=orjson.loads)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # transactions begun explicitly below
            cur = dbapi_connection.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # One writer at a time, taken at the start: read-then-write (totals) cannot interleave.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    # orjson for the JSON columns (the exporters' volume items are written on every decision)
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=False,
                         json_serializer=_json_dumps, json_deserializer=orjson.loads)


def _json_dumps(value: Any) -> str:
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:  # what orjson refuses (an integer over 64 bits) the standard library writes
        return json.dumps(value)
