"""The migrations build the schema from an empty database, and it is the models' schema."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from xborder.service.app import prepare_database
from xborder.service.config import Settings
from xborder.service.db import Base, open_engine
from xborder.service.migrate import current_revision, head_revision


def test_migrating_an_empty_database_gives_the_models_schema(db_url: str, tmp_path: Path) -> None:
    engine = open_engine(db_url)
    assert inspect(engine).get_table_names() == []
    engine.dispose()
    engine, token = prepare_database(Settings(db=db_url, log_key=str(tmp_path / "log.key")))
    assert token is not None
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    # a second start migrates nothing and creates no second administrator
    engine.dispose()
    engine, again = prepare_database(Settings(db=db_url, log_key=str(tmp_path / "log.key")))
    assert again is None
    engine.dispose()
