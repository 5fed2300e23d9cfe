"""Fixtures for the ledger tests: keys, a ready SQLite ledger, a PostgreSQL server."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pg_server import postgres_url_fixture

from xborder.ledger.note import SigningKey
from xborder.ledger.storage import LedgerStore, open_store

ORIGIN = "example.org/xborder/test-log"

pg_url = postgres_url_fixture("pg_url")


@pytest.fixture(scope="session")
def log_key() -> SigningKey:
    return SigningKey.generate(ORIGIN)


@pytest.fixture(scope="session")
def witness_keys() -> list[SigningKey]:
    return [SigningKey.generate(n, witness=True) for n in ("regulator.example", "auditor.example", "partner.example")]


@pytest.fixture
def store(tmp_path: Path, log_key: SigningKey) -> Iterator[LedgerStore]:
    s = open_store(str(tmp_path / "ledger.db"))
    s.initialise(ORIGIN, log_key.verifier())
    yield s
    s.close()
