"""The terminal table at 80, 120 and 200 columns, piped with COLUMNS set and without it.

Ids must come out whole (a reader copies them), no line may exceed the width, and a
regime's colour must say whether it is satisfied, not how demanding its verdict is.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from tests.conftest import ROOT
from xborder.datamap import load_map
from xborder.engine import assess_map
from xborder.report.table import print_table

EXAMPLE = ROOT / "examples" / "ecommerce.yaml"
XBORDER = str(Path(sys.executable).parent / "xborder")  # the installed command, run through a pipe
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def assessment():  # type: ignore[no-untyped-def]
    return assess_map(load_map(EXAMPLE))


def _ids(assessment) -> set[str]:  # type: ignore[no-untyped-def]
    """Every id the table prints: flows, regimes, missing ids (each alternative), what met a regime."""
    out = set()
    for f in assessment.flows:
        out.add(f.id)
        for r in f.regimes:
            out.add(r.regime)
            out.update(alt for m in r.missing for alt in m.split("|"))
            out.update(r.exemptions)
            if r.applies:
                out.update(s for s in f.hop.flow.safeguards if s in set(r.one_of) | set(r.obligations))
    return out


def _whole(text: str, token: str) -> bool:
    return re.search(rf"(?<![\w.\-]){re.escape(token)}(?![\w\-]|\.\w)", text) is not None


def _run(env_columns: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    if env_columns is not None:
        env["COLUMNS"] = env_columns
    proc = subprocess.run([XBORDER, "assess", str(EXAMPLE)],
                          capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("width", [80, 120, 200])
def test_piped_table_honours_columns_and_keeps_ids_whole(assessment, width: int) -> None:  # type: ignore[no-untyped-def]
    out = _run(str(width))
    lines = out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    assert max(len(line.rstrip()) for line in lines) > width - 40  # uses the width it was given
    for token in _ids(assessment):
        assert _whole(out, token), f"{token!r} is split or missing at {width} columns"


def test_piped_table_without_columns_is_120_wide(assessment) -> None:  # type: ignore[no-untyped-def]
    out = _run(None)
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 120
    for token in _ids(assessment):
        assert _whole(out, token)


def _coloured(assessment, width: int) -> list[str]:  # type: ignore[no-untyped-def]
    console = Console(file=io.StringIO(), width=width, force_terminal=True, color_system="standard")
    print_table(assessment, console)
    return console.file.getvalue().splitlines()  # type: ignore[attr-defined]


def _regime_line(lines: list[str], flow_id: str, regime: str) -> str:
    start = next(i for i, line in enumerate(lines) if ANSI.sub("", line).startswith(flow_id + " ")
                 or ANSI.sub("", line).strip().startswith(flow_id + " "))
    return next(line for line in lines[start:] if regime in ANSI.sub("", line))


@pytest.mark.parametrize("width", [80, 200])
def test_chip_colour_follows_satisfaction_not_verdict(assessment, width: int) -> None:  # type: ignore[no-untyped-def]
    lines = _coloured(assessment, width)
    # orders-to-seller is action_required: CN-PIPL "permitted" but its onward-transfer obligation is missing
    unsatisfied = _regime_line(lines, "orders-to-seller", "CN-PIPL")
    assert re.search(r"\x1b\[33m[^\x1b]*CN-PIPL", unsatisfied) and "\x1b[32m" not in unsatisfied.split("CN:")[0]
    assert "✗" in unsatisfied
    # orders-to-sg-cloud is compliant: CN-PIPL "conditional" and satisfied by the declared standard contract
    satisfied = _regime_line(lines, "orders-to-sg-cloud", "CN-PIPL")
    assert re.search(r"\x1b\[32m[^\x1b]*CN-PIPL", satisfied) and "✓" in satisfied


def test_table_names_what_satisfied_a_regime(assessment) -> None:  # type: ignore[no-untyped-def]
    for width in (80, 200):
        text = "\n".join(ANSI.sub("", line) for line in _coloured(assessment, width))
        block = text[text.index("orders-to-sg-cloud"):text.index("orders-to-seller")]
        assert "met by cn.standard-contract" in " ".join(block.split())
