"""`assess --summary` in the terminal and in Markdown: counts per regime, exporter, recipient."""

from __future__ import annotations

import io
import sys
from typing import Any, BinaryIO

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from xborder.engine import Assessment
from xborder.report.breakdown import STATUSES

PARTY_ROWS = 25  # exporters and recipients listed, the most in need of work first


def _regime_rows(b: dict[str, Any]) -> list[list[str]]:
    return [[r["regime"], str(r["applies"]), str(r["satisfied"]), str(r["unsatisfied"]),
             ", ".join(f"{m['id']} ({m['flows']})" for m in r["most_missing"]) or "—"] for r in b["by_regime"]]


def _party_rows(rows: list[dict[str, Any]]) -> list[list[str]]:
    return [[r["entity"], r["country"], str(r["flows"]), *(str(r[s]) for s in STATUSES)] for r in rows[:PARTY_ROWS]]


REGIME_HEAD = ["regime", "applies", "satisfied", "not satisfied", "most often missing (flows)"]
PARTY_HEAD = ["entity", "country", "flows", *STATUSES]


def breakdown_text(assessment: Assessment, b: dict[str, Any], width: int, shown_of: int | None) -> Group:
    from xborder.report.table import _head

    parts: list[Any] = [_head(assessment, shown_of)]
    for title, head, rows, total in (
        ("by regime", REGIME_HEAD, _regime_rows(b), len(b["by_regime"])),
        ("by exporter", PARTY_HEAD, _party_rows(b["by_exporter"]), len(b["by_exporter"])),
        ("by recipient (vendor)", PARTY_HEAD, _party_rows(b["by_recipient"]), len(b["by_recipient"])),
    ):
        more = f" (first {len(rows)} of {total})" if total > len(rows) else ""
        table = Table(title=Text(title + more, style="bold"), title_justify="left", box=box.SIMPLE_HEAVY)
        for h in head:
            numeric = h not in ("regime", "entity", "country", REGIME_HEAD[-1])
            table.add_column(h, justify="right" if numeric else "left", no_wrap=h != REGIME_HEAD[-1])
        for row in rows:
            table.add_row(*row)
        parts.append(table)
    return Group(*parts)


def breakdown_markdown(assessment: Assessment, b: dict[str, Any], shown_of: int | None) -> str:
    s = assessment.summary()
    lines = [f"# Transfer assessment summary: {assessment.name or 'data map'}", "",
             f"Law applied as of **{assessment.as_of}**; knowledge base `{assessment.kb_version}`.", "",
             f"**{s['compliant']}** compliant · **{s['action_required']}** action required · "
             f"**{s['prohibited']}** prohibited" + (f" (a selection of {shown_of} flows)" if shown_of is not None else "")]
    for title, head, rows in (("By regime", REGIME_HEAD, _regime_rows(b)),
                              ("By exporter", PARTY_HEAD, _party_rows(b["by_exporter"])),
                              ("By recipient (vendor)", PARTY_HEAD, _party_rows(b["by_recipient"]))):
        lines += ["", f"## {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_breakdown(assessment: Assessment, b: dict[str, Any], fmt: str, out: BinaryIO,
                    shown_of: int | None) -> None:
    if fmt == "markdown":
        out.write(breakdown_markdown(assessment, b, shown_of).encode())
        return
    from xborder.report.render import table_width

    is_stdout = out is getattr(sys.stdout, "buffer", None)
    target = sys.stdout if is_stdout else io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    console = Console(file=target, width=table_width(target))
    console.print(breakdown_text(assessment, b, console.width, shown_of))
