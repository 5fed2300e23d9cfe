"""Alembic environment: run with a connection handed over by `xborder.service.migrate`."""

from __future__ import annotations

from alembic import context

from xborder.service.db import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from xborder.service.db import open_engine

        engine = open_engine(config.get_main_option("sqlalchemy.url") or "xborder-service.db")
        with engine.connect() as conn:
            context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
