"""`xborder serve`: the API on SQLite (default) or PostgreSQL, run by uvicorn."""

from __future__ import annotations

import logging
import os
import sys

import click

from xborder.redact import redact_url


LOG_FORMAT = "%(asctime)s %(name)s %(message)s"


def worker_logging() -> dict[str, object]:
    """uvicorn's logging set-up plus the service's own lines (one per request, errors), which
    uvicorn applies in every worker: spawned workers do not inherit this process's logging."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["xborder"] = {"format": LOG_FORMAT}
    config["handlers"]["xborder"] = {"class": "logging.StreamHandler", "formatter": "xborder",
                                     "stream": "ext://sys.stderr"}
    config["loggers"]["xborder"] = {"handlers": ["xborder"], "level": "INFO", "propagate": False}
    return config


@click.command()
@click.option("--db", default="xborder-service.db", show_default=True,
              help="SQLite file, or postgresql://user@host/db")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="uvicorn worker processes (stateless; they share the database)")
@click.option("--log-key", default=None, help="The ledger's signing key file (default: beside a SQLite file)")
@click.option("--cors-origin", "cors_origins", multiple=True, help="Allow browsers from this origin (default: none)")
@click.option("--rate-limit", default=100.0, show_default=True, type=float,
              help="Requests per second per token and process (0: off)")
@click.option("--max-body", default=2 * 1024 * 1024, show_default=True, type=int, help="Largest request body, bytes")
@click.option("--threads", default=2, show_default=True, type=click.IntRange(1, 200),
              help="Transactions each worker runs at once (the rest wait their turn; single decide calls waiting together share one)")
@click.option("--oidc-issuer", default=None, help="OpenID provider people sign in to the console with (its issuer URL)")
@click.option("--oidc-client-id", default=None, help="This service's client id at the provider "
              "(the secret: environment variable XBORDER_OIDC_CLIENT_SECRET, never an option)")
@click.option("--public-url", default=None, help="How browsers reach the service, e.g. https://xborder.example.com "
              "(the provider's redirect URI; default: the address each request came to)")
@click.option("--migrate-only", is_flag=True, help="Bring the database to the newest schema and stop")
def serve(db: str, host: str, port: int, workers: int, log_key: str | None, cors_origins: tuple[str, ...],
          rate_limit: float, max_body: int, threads: int, oidc_issuer: str | None, oidc_client_id: str | None,
          public_url: str | None, migrate_only: bool) -> None:
    """Serve the decision API, data maps, the ledger and the regulator's desk.

    On a fresh database it creates the administrator and prints its token once."""
    from xborder.service.app import prepare_database
    from xborder.service.config import Settings

    secret = os.environ.get("XBORDER_OIDC_CLIENT_SECRET") or None
    if (oidc_issuer or oidc_client_id) and not (oidc_issuer and oidc_client_id and secret):
        click.echo("error: OpenID Connect sign-in needs --oidc-issuer, --oidc-client-id and the environment "
                   "variable XBORDER_OIDC_CLIENT_SECRET", err=True)
        sys.exit(2)
    settings = Settings(db=db, log_key=log_key, cors_origins=cors_origins, rate_per_second=rate_limit,
                        rate_burst=max(1, int(rate_limit * 2)), max_body_bytes=max_body, threads=threads,
                        oidc_issuer=oidc_issuer, oidc_client_id=oidc_client_id, oidc_client_secret=secret,
                        public_url=public_url)
    try:
        engine, token = prepare_database(settings)
    except Exception as exc:  # a database we cannot reach or migrate: one line, no trace
        click.echo(f"error: cannot prepare the database {redact_url(db)}: {type(exc).__name__}", err=True)
        sys.exit(2)
    engine.dispose()
    if token:
        click.echo("A fresh database: the administrator's API token (shown once, stored only as a hash):")
        click.echo(f"  {token}")
    if migrate_only:
        click.echo(f"database {redact_url(db)} is at the newest schema")
        return
    import uvicorn

    os.environ.update(settings.env())
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    sign_in = f"; people sign in through {oidc_issuer}" if settings.oidc else ""
    click.echo(f"serving on http://{host}:{port} ({workers} worker(s), database {redact_url(db)}{sign_in})", err=True)
    options = {"app": "xborder.service.app:app_from_env", "factory": True, "access_log": False,
               "log_level": "warning", "server_header": False, "log_config": worker_logging()}
    from xborder.service import workers as reuseport

    if workers > 1 and reuseport.supported():  # a listening socket per worker: connections spread evenly
        try:
            sys.exit(reuseport.run(host, port, workers, options))
        except OSError as exc:
            click.echo(f"error: cannot listen on {host}:{port}: {exc.strerror}", err=True)
            sys.exit(2)
    uvicorn.run(host=host, port=port, workers=workers, **options)  # type: ignore[arg-type]
