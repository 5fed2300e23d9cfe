"""Fixtures for the service tests: the API on SQLite and on a real PostgreSQL (one server
for the session, a fresh database per test), and a helper that sets up organisations and
accounts through the API itself."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pg_server import postgres_url_fixture  # noqa: E402

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from xborder.service.app import create_app, prepare_database  # noqa: E402
from xborder.service.config import Settings  # noqa: E402

pg_server_url = postgres_url_fixture("pg_server_url")
_numbers = itertools.count()


def fresh_pg_database(server_url: str) -> str:
    """A new, empty database on the session's server."""
    import psycopg

    name = f"svc_{next(_numbers)}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "service.db")
    return fresh_pg_database(request.getfixturevalue("pg_server_url"))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "service.db")


TRANSFER: dict[str, Any] = {
    "exporter": {"id": "shop-cn", "country": "CN"},
    "importer": {"id": "seller-de", "country": "DE"},
    "categories": ["user.name", "user.contact.phone_number"],
    "subjects": [{"residence": "CN", "kind": "customer", "count": 40000}],
    "purpose": "essential.service",
    "safeguards": ["cn.notice", "cn.separate-consent", "cn.pipia"],
    "as_of": "2026-06-01",
}


@dataclass
class Api:
    """The service under test, with the administrator's token and helpers to add accounts."""

    client: TestClient
    admin: str
    settings: Settings
    tokens: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def auth(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def as_admin(self) -> dict[str, str]:
        return self.auth(self.admin)

    def org(self, org: str, kind: str = "company") -> None:
        r = self.client.post("/v1/orgs", headers=self.as_admin(), json={"id": org, "name": org.title(), "kind": kind})
        assert r.status_code == 201, r.text

    def account(self, name: str, memberships: dict[str, list[str]]) -> dict[str, str]:
        r = self.client.post("/v1/accounts", headers=self.as_admin(), json={
            "name": name, "memberships": [{"org": o, "roles": roles} for o, roles in memberships.items()]})
        assert r.status_code == 201, r.text
        self.tokens[name] = r.json()["token"]
        return self.auth(r.json()["token"])


def make_api(db: str, tmp_path: Path, **overrides: Any) -> Iterator[Api]:
    settings = Settings(db=db, log_key=str(tmp_path / "log.key"), **overrides)
    engine, token = prepare_database(settings)
    assert token is not None
    with TestClient(create_app(settings, engine), raise_server_exceptions=False) as client:
        yield Api(client, token, settings)
    engine.dispose()


@pytest.fixture
def api(db_url: str, tmp_path: Path) -> Iterator[Api]:
    yield from make_api(db_url, tmp_path)


@pytest.fixture
def sqlite_api(sqlite_url: str, tmp_path: Path) -> Iterator[Api]:
    yield from make_api(sqlite_url, tmp_path)


@pytest.fixture
def acme(api: Api) -> dict[str, dict[str, str]]:
    """An organisation `acme` with one account per role (headers by role name)."""
    api.org("acme")
    return {role: api.account(f"acme-{role}", {"acme": [role]})
            for role in ("viewer", "editor", "approver", "auditor", "admin")}
