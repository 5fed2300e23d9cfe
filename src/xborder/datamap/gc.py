"""Pausing the cyclic garbage collector around bulk object construction."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector while building many acyclic objects.

    Loading and assessing a large map allocate millions of small objects and free almost
    none until the end, so generational collections would only re-scan live data (a third
    of the run time at 100,000 flows). Reference counting still frees what dies.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
