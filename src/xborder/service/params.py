"""Bounds on the numbers a route takes in its path or query: an id beyond what the database's
integers hold is a request that names nothing (404 or 422), never an overflow inside it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

MAX_ROW = 2**63 - 1  # the largest integer SQLite and PostgreSQL's BIGINT hold

RowId = Annotated[int, Path(ge=0, le=MAX_ROW)]
Year = Annotated[int, Path(ge=1, le=9999)]
