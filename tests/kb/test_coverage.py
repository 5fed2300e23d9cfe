"""`xborder kb coverage`: per jurisdiction, picked up from the data folders and the regimes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
from click.testing import CliRunner

from xborder.cli.main import cli
from xborder.kb import load_knowledge_base
from xborder.kb.coverage import as_markdown, coverage, totals

FACT = """\
title: {title}
kind: list
source: {{law: L, article: "1", url: https://example.org}}
checked: {checked}
members:
  - {{key: A, from: 2020-01-01, until: 2021-01-01}}
  - {{key: B, from: 2017-01-01{flag}}}
"""


def _kb(tmp_path: Path) -> Path:
    for folder, name, checked, flag in [("zz", "one", "2026-01-05", ""), ("zz", "two", "2026-02-01", ", verified: false"),
                                        ("yy", "only", "2026-03-01", "")]:
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / f"{name}.yaml").write_text(FACT.format(title=name, checked=checked, flag=flag), "utf-8")
    return tmp_path


def test_rows_per_jurisdiction_with_regimes_counts_and_dates(tmp_path: Path) -> None:
    rows = coverage(load_knowledge_base(_kb(tmp_path)), [("ZZ-LAW", "ZZ"), ("XX-NEW", "XX")])
    by = {r.jurisdiction: r for r in rows}
    assert sorted(by) == ["xx", "yy", "zz"]  # a regime without facts is listed too
    zz = by["zz"]
    assert zz.regimes == ("ZZ-LAW",) and zz.facts == 2 and zz.verified == 1 and zz.share_verified == 0.5
    assert zz.oldest_checked == dt.date(2026, 1, 5)
    # dates before the modelled period (2017-01-01) change nothing it answers
    assert zz.change_dates == (dt.date(2020, 1, 1), dt.date(2021, 1, 1))
    assert by["xx"].facts == 0 and by["xx"].oldest_checked is None
    # items: one member of "two" is unread, so 3 of zz's 4 members are verified (75 %), 5 of 6 in all
    assert (zz.items, zz.items_verified) == (4, 3)
    assert totals(rows) == {"jurisdictions": 3, "with_regimes": 2, "regimes": 2, "facts": 3, "verified": 2,
                            "share_verified": 0.6667, "items": 6, "items_verified": 5, "share_items_verified": 0.8333}
    assert "| ZZ | ZZ-LAW | 2 | 50% | 75% of 4 | 2026-01-05 | from 2018-05-25; changes 2020-01-01, 2021-01-01 |" \
        in as_markdown(rows)


def test_cli_lists_every_registered_regime_s_jurisdiction() -> None:
    from xborder.rules import REGIMES

    out = CliRunner().invoke(cli, ["kb", "coverage", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = orjson.loads(out.output)
    listed = {r for j in data["jurisdictions"] for r in j["regimes"]}
    assert listed == {r.id for r in REGIMES}
    assert data["totals"]["jurisdictions"] == len(data["jurisdictions"])
    md = CliRunner().invoke(cli, ["kb", "coverage", "--format", "markdown"])
    assert md.exit_code == 0 and md.output.startswith("| jurisdiction | regimes |")
