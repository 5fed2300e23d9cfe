"""The web console: the service's data maps, routes, what-if edits, atlas, regulator's desk
and ledger as server-rendered pages in English and Simplified Chinese.

A thin shell like the API: every verdict comes from the engine, every write goes through the
service's own route functions (so roles, validation and the audit log are the same).
`mount_console(app)` is the one hook the service's app factory calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def mount_console(app: FastAPI) -> None:
    """Serve the console under /console (and its files under /console/static)."""
    from xborder.console.web import install

    install(app)
