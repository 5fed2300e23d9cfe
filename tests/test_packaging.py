"""An installed xborder knows the same ids as a checkout: the id pages ship as package data."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT
from xborder import vocabulary


def test_the_package_reads_the_id_pages_through_its_link_to_docs_ids() -> None:
    assert vocabulary.DOCS_IDS.resolve() == (ROOT / "docs" / "ids").resolve()
    assert sorted(p.name for p in vocabulary.DOCS_IDS.glob("*.md")) == sorted(p.name for p in (ROOT / "docs" / "ids").glob("*.md"))


def test_the_wheel_carries_the_id_pages() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["xborder"]
    assert "ids_pages/*.md" in data
