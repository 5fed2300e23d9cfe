"""Pick a renderer by name and write the assessment to a binary stream."""

from __future__ import annotations

import io
import os
import shutil
import sys
from typing import Any, BinaryIO

import orjson
from rich.console import Console

from xborder.engine import Assessment

FORMATS = ("table", "json", "markdown", "html", "sarif")
PIPE_WIDTH = 120  # a pipe or a file has no width of its own: wide enough for the table layout


def table_width(target: object) -> int:
    """`COLUMNS` if set (also when piped), else the terminal's width, else PIPE_WIDTH."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    isatty = getattr(target, "isatty", None)
    if isatty is not None and isatty():
        return shutil.get_terminal_size((PIPE_WIDTH, 24)).columns
    return PIPE_WIDTH


def render(assessment: Assessment, fmt: str, out: BinaryIO, *, map_uri: str = "map.yaml",
           flow_lines: dict[str, int] | None = None, console: Console | None = None,
           shown_of: int | None = None, extra: dict[str, Any] | None = None,
           provenance: dict[str, str] | None = None) -> None:
    """`shown_of`: the number of flows of the whole map when `assessment` holds a selection;
    `extra`: fields added to the JSON (`selection`, `breakdown`; docs/reports.md);
    `provenance`: how the report was made (map file and hash, generator, time), for the HTML."""
    if fmt == "json":
        from xborder.report.json_out import write_json

        write_json(assessment, out, extra)
    elif fmt == "table":
        from xborder.report.table import print_table

        if console is None:
            is_stdout = out is getattr(sys.stdout, "buffer", None)
            target = sys.stdout if is_stdout else io.TextIOWrapper(out, encoding="utf-8", write_through=True)
            console = Console(file=target, width=table_width(target))
        print_table(assessment, console, shown_of)
    elif fmt == "markdown":
        from xborder.report.markdown import to_markdown

        out.write(to_markdown(assessment).encode())
    elif fmt == "html":
        from xborder.report.html import to_html

        out.write(to_html(assessment, extra, provenance).encode())
    elif fmt == "sarif":
        from xborder.report.sarif import to_sarif

        out.write(orjson.dumps(to_sarif(assessment, map_uri, flow_lines or {}), option=orjson.OPT_INDENT_2))
    else:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
