"""Every scenario (the public ones in ../shared/scenarios and ours in tests/scenarios) holds.

A scenario is a data map with an `expect:` block (see ../shared/scenarios/README.md). The
engine's JSON assessment is checked with the reference checker from ../shared/tools.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
import yaml

from tests.conftest import ROOT, SHARED
from xborder.datamap import load_map
from xborder.engine import assess_map

PUBLIC = sorted((SHARED / "scenarios").glob("*.yaml"))
OURS = sorted((ROOT / "tests" / "scenarios").rglob("*.yaml"))


def _check(path: Path, checker) -> list[str]:  # type: ignore[no-untyped-def]
    assessment = orjson.loads(orjson.dumps(assess_map(load_map(path)).as_dict()))
    scenario = yaml.safe_load(path.read_text("utf-8"))
    return checker.check(scenario, assessment)


@pytest.mark.parametrize("path", PUBLIC, ids=[p.stem for p in PUBLIC])
def test_public_scenario(path: Path, reference_checker) -> None:  # type: ignore[no-untyped-def]
    assert _check(path, reference_checker) == []


@pytest.mark.parametrize("path", OURS, ids=[str(p.relative_to(ROOT / "tests" / "scenarios")) for p in OURS])
def test_our_scenario(path: Path, reference_checker) -> None:  # type: ignore[no-untyped-def]
    assert _check(path, reference_checker) == []
