"""Every module imports on its own, in any order (no import cycles)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import xborder

MODULES = sorted(m.name for m in pkgutil.walk_packages(xborder.__path__, "xborder."))


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_first(module: str) -> None:
    proc = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
