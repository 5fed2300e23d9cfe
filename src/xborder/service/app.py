"""The FastAPI application: `create_app(settings)`; `app_from_env()` for uvicorn workers."""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from xborder import __version__
from xborder.kb import default_knowledge_base
from xborder.ledger.note import SigningKey
from xborder.service import errors
from xborder.service.auth import PrincipalCache, RateLimiter, create_account, issue_token
from xborder.service.config import Settings
from xborder.service.context import Service
from xborder.service.db import Account, is_sqlite, open_engine
from xborder.service.ledger_store import ServiceLedger
from xborder.service.middleware import Guard
from xborder.service.migrate import upgrade
from xborder.service.oidc import Provider
from xborder.service.routes import accounts, decide, desk, evidence, ledger, maps, scans

DESCRIPTION = """The xborder service: one shared data map per organisation with revisions, a decision
API that gates live transfers with running totals per exporter and calendar year, a ledger of
allowed transfers, and a regulator's desk. Authenticate with `Authorization: Bearer <token>`."""


def default_log_key(settings: Settings) -> str | None:
    if settings.log_key:
        return settings.log_key
    if is_sqlite(settings.db):
        return str(Path(settings.db.removeprefix("sqlite:///")).with_suffix(".log.key"))
    return None


def prepare_database(settings: Settings) -> tuple[Engine, str | None]:
    """Migrate to the newest schema; on a fresh database create the administrator and the
    ledger's key. Returns the engine and the administrator's token (None if not fresh)."""
    engine = open_engine(settings.db, pool_size=settings.pool_size)
    upgrade(engine)
    token = None
    with engine.begin() as conn:
        store = ServiceLedger(conn)
        if store.get_meta("origin") is None:
            key = SigningKey.generate(settings.origin)
            path = default_log_key(settings)
            if path:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as out:
                    out.write(key.encode() + "\n")
            store.initialise(settings.origin, key.verifier())
        if conn.execute(select(func.count()).select_from(Account)).scalar_one() == 0:
            admin = create_account(conn, "admin", is_admin=True)
            _, token = issue_token(conn, admin, "bootstrap")
    return engine, token


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    if engine is None:
        engine, _ = prepare_database(settings)
    if settings.log_key is None:
        settings = Settings(**{**{f: getattr(settings, f) for f in settings.__dataclass_fields__},
                               "log_key": default_log_key(settings)})
    @asynccontextmanager
    async def lifespan(served: FastAPI) -> AsyncIterator[None]:
        # Few threads per worker: a request holding a row lock or the ledger's lock must not
        # wait its turn for the interpreter behind dozens of others (the tail latency).
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield
        # after the requests in flight: the decide calls queued before are answered, then
        # the group-commit threads stop
        await anyio.to_thread.run_sync(served.state.service.decisions.close)

    app = FastAPI(title="xborder", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None,
                  openapi_url="/v1/openapi.json", lifespan=lifespan)
    oidc = (Provider(settings.oidc_issuer, settings.oidc_client_id, settings.oidc_client_secret)  # type: ignore[arg-type]
            if settings.oidc else None)
    app.state.service = Service(settings, engine, default_knowledge_base(), PrincipalCache(settings.auth_cache_seconds),
                                RateLimiter(settings.rate_per_second, settings.rate_burst), oidc)
    errors.install(app)
    # decide first: routes are matched in order, and the decision API is the hot path
    for module in (decide, accounts, maps, scans, evidence, desk, ledger):
        app.include_router(module.router)

    @app.get("/v1/health", tags=["service"], summary="Liveness: answers without a token")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST", "PUT", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "X-Xborder-Org"])
    app.add_middleware(Guard, max_body_bytes=settings.max_body_bytes)
    __import__("xborder.console").console.mount_console(app)  # the web console (issue 12): pages under /console
    # The knowledge base and the code are loaded for good: keep the collector from scanning
    # them again and again (full collections over them were the slowest requests).
    gc.collect()
    gc.freeze()
    return app


def app_from_env() -> FastAPI:
    """For `uvicorn --factory xborder.service.app:app_from_env` (each worker; the database is
    migrated by `xborder serve` before the workers start)."""
    settings = Settings.from_env()
    return create_app(settings, open_engine(settings.db, pool_size=settings.pool_size))
