"""Pick a renderer by name and write the assessment to a binary stream."""

from __future__ import annotations

import io
from typing import BinaryIO

import orjson
from rich.console import Console

from xborder.engine import Assessment

FORMATS = ("table", "json", "markdown", "html", "sarif")


def render(assessment: Assessment, fmt: str, out: BinaryIO, *, map_uri: str = "map.yaml",
           flow_lines: dict[str, int] | None = None, console: Console | None = None) -> None:
    if fmt == "json":
        from xborder.report.json_out import write_json

        write_json(assessment, out)
    elif fmt == "table":
        from xborder.report.table import print_table

        if console is None:
            is_stdout = getattr(out, "name", None) == "<stdout>" or out is getattr(__import__("sys").stdout, "buffer", None)
            console = Console() if is_stdout else Console(
                file=io.TextIOWrapper(out, encoding="utf-8", write_through=True), width=160)
        print_table(assessment, console)
    elif fmt == "markdown":
        from xborder.report.markdown import to_markdown

        out.write(to_markdown(assessment).encode())
    elif fmt == "html":
        from xborder.report.html import to_html

        out.write(to_html(assessment).encode())
    elif fmt == "sarif":
        from xborder.report.sarif import to_sarif

        out.write(orjson.dumps(to_sarif(assessment, map_uri, flow_lines or {}), option=orjson.OPT_INDENT_2))
    else:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
