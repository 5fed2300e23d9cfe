"""The fact loader names the file and key of every problem (shared with the agreements loader)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from xborder.kb import KnowledgeBaseError, load_knowledge_base

GOOD = """title: T
kind: list
source: {law: L, article: "1", url: https://example.org}
checked: 2026-12-02
members: [{key: SG, from: 2020-01-01}]
"""


def _root(tmp_path: Path, text: str) -> Path:
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "fact.yaml").write_text(text, "utf-8")
    return tmp_path


def test_a_good_fact_loads(tmp_path: Path) -> None:
    assert load_knowledge_base(_root(tmp_path, GOOD)).members("xx.fact", dt.date(2021, 1, 1)) == {"SG"}


@pytest.mark.parametrize(("text", "message"), [
    ("- a list\n", "a fact file is a mapping"),
    (GOOD.replace("kind: list", "kind: table"), "kind"),
    (GOOD.replace("from: 2020-01-01", "from: 2020-02-30"), "members.0.from"),
    (GOOD + "extra: 1\n", "extra"),
    ("title: [unclosed\n", "kb/data/xx/fact.yaml"),
])
def test_problems_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(KnowledgeBaseError) as err:
        load_knowledge_base(_root(tmp_path, text))
    assert str(err.value).startswith("kb/data/xx/fact.yaml: ") and message in str(err.value)
