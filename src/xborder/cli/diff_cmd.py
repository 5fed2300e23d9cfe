"""`xborder diff`: what changed between two maps, or in one map between two dates.

    xborder diff old.yaml new.yaml                         # what this pull request changes
    xborder diff map.yaml --as-of 2020-07-15 --to 2023-07-10   # what the law's change did

Exit codes: 0 compared (with or without changes; `--fail-on worse` exits 1 if a flow got
worse), 2 a map or the options are invalid, 3 the knowledge base cannot answer a date.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.console import Console

from xborder.cli.assess_cmd import EXIT_BAD_MAP, EXIT_FAIL_ON, _date, _load_and_assess
from xborder.report.diff import diff_assessments
from xborder.report.diff_views import DIFF_FORMATS, diff_json, diff_markdown, diff_text


@click.command()
@click.argument("before", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("after", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", "as_of", callback=_date,
              help="The date of the law for BEFORE (and for AFTER, unless --to is given).")
@click.option("--to", "to", callback=_date, help="The date of the law for AFTER (or for the same map again).")
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="table", show_default=True,
              help="markdown is made for a pull-request comment; json for scripts.")
@click.option("--fail-on", type=click.Choice(["worse"]), help="Exit 1 if any flow's status got worse.")
def diff(before: Path, after: Path | None, as_of: dt.date | None, to: dt.date | None, fmt: str,
         fail_on: str | None) -> None:
    """Compare the assessments of BEFORE and AFTER (two maps), or of BEFORE at --as-of and --to."""
    err = Console(stderr=True)
    if after is None and to is None:
        err.print("[bold red]give a second map, or --to DATE to compare one map at two dates[/]")
        sys.exit(EXIT_BAD_MAP)
    if after is None and as_of is None:
        err.print("[bold red]comparing one map at two dates needs --as-of DATE as well as --to DATE[/]")
        sys.exit(EXIT_BAD_MAP)
    _, old = _load_and_assess(before, as_of, err)
    _, new = _load_and_assess(after or before, to or as_of, err)
    result = diff_assessments(old, new)
    if fmt == "json":
        sys.stdout.buffer.write(diff_json(result))
    elif fmt == "markdown":
        sys.stdout.write(diff_markdown(result))
    else:
        from xborder.report.render import table_width

        console = Console(width=table_width(sys.stdout))
        console.print(diff_text(result, console.width))
    sys.stdout.flush()
    worse = [c.id for c in result.changed if c.direction == "worse"]
    if fail_on == "worse" and worse:
        click.echo(f"xborder: {len(worse)} flow(s) got worse: {', '.join(worse[:20])}"
                   + (f" and {len(worse) - 20} more" if len(worse) > 20 else ""), err=True)
        sys.exit(EXIT_FAIL_ON)
