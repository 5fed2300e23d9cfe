"""Shared fixtures. `SHARED` is the ../shared folder beside the checkout (contract, scenarios)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def load_reference_checker() -> ModuleType:
    """The reference checker of scenario semantics shipped in ../shared/tools."""
    path = SHARED / "tools" / "check_scenarios.py"
    spec = importlib.util.spec_from_file_location("check_scenarios", path)
    assert spec and spec.loader, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def reference_checker() -> ModuleType:
    return load_reference_checker()
