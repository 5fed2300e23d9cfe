"""`xborder filings`: each filing of a map, its state on the date, and what lapses soon.

Also the notice that `xborder assess --warn-within` prints after its report.
Exit codes: 0 listed; 2 the map is invalid or the window unreadable; 3 the date cannot be used.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import click
import orjson
from rich import box
from rich.console import Console
from rich.table import Table

from xborder.cli.assess_cmd import EXIT_KB, _date, _load, _window
from xborder.datamap import DataMap
from xborder.engine.expiry import Expiry, expiring_within, filing_table
from xborder.engine.filings import FilingState
from xborder.kb import KnowledgeBaseError

STATE_STYLE = {"in_effect": "green", "not_yet": "yellow", "outstanding": "yellow", "expired": "bold red",
               "refused": "bold red"}


def expiries_or_exit(datamap: DataMap, as_of: dt.date, days: int, err: Console) -> list[Expiry]:
    try:
        return expiring_within(datamap, as_of, days)
    except KnowledgeBaseError as exc:
        err.print(f"[bold red]cannot look ahead:[/] {exc}")
        sys.exit(EXIT_KB)


def expiry_lines(expiries: Sequence[Expiry], days: int) -> list[str]:
    """The notice as plain lines (table and Markdown reports end with it)."""
    if not expiries:
        return [f"No filing lapses within {days} days."]
    out = [f"{len(expiries)} filing(s) lapse within {days} days:"]
    for e in expiries:
        f = e.state.filing
        out.append(f"  {f.id} ({f.mechanism}): last day {e.state.expires}, {e.days_left} days left")
        for t in e.turns:
            out.append(f"    {t.flow}: {t.before} now, {t.after} from {e.lapses_on}")
        if not e.turns:
            out.append("    no flow's status changes the day it lapses")
    return out


def write_expiries(expiries: Sequence[Expiry], days: int, fmt: str, out: IO[bytes]) -> None:
    """The notice after a table (plain lines) or a Markdown report (a section with a list)."""
    lines = expiry_lines(expiries, days)
    if fmt == "markdown":
        items = "\n".join(f"- {line.strip()}" for line in lines[1:]) if expiries else "None."
        text = f"\n## Filings lapsing within {days} days\n\n{items}\n"
    else:
        text = "\n" + "\n".join(lines) + "\n"
    out.write(text.encode())


@click.command()
@click.argument("map_file", type=click.Path(exists=False, dir_okay=False, path_type=Path))
@click.option("--as-of", "as_of", callback=_date, help="The state of each filing on this date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--warn-within", "warn_within", metavar="WINDOW", callback=lambda c, p, v: _window(v),
              help="Also list the filings lapsing within this window (90d, 12w, 1y) and the flows that turn worse.")
def filings(map_file: Path, as_of: dt.date | None, fmt: str, warn_within: int | None) -> None:
    """List the filings of MAP_FILE with their state on the date assessed."""
    err = Console(stderr=True)
    datamap = _load(map_file, err)
    on = as_of or datamap.as_of or dt.date.today()
    try:
        rows = filing_table(datamap, on)
    except KnowledgeBaseError as exc:
        err.print(f"[bold red]cannot assess:[/] {exc}")
        sys.exit(EXIT_KB)
    expiries = expiries_or_exit(datamap, on, warn_within, err) if warn_within is not None else None
    if fmt == "json":
        doc: dict = {"as_of": on.isoformat(),
                     "filings": [{**state.as_dict(), "flows": list(flows)} for state, flows in rows]}
        if expiries is not None:
            doc["expiring"] = {"within_days": warn_within, "filings": [e.as_dict() for e in expiries]}
        sys.stdout.buffer.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
        return
    console = Console(width=None if sys.stdout.isatty() else 140)
    console.print(_table(rows, on))
    if expiries is not None:
        sys.stdout.flush()
        write_expiries(expiries, warn_within or 0, "table", sys.stdout.buffer)


def _table(rows: Sequence[tuple[FilingState, Sequence[str]]], on: dt.date) -> Table:
    table = Table(title=f"Filings on {on}", box=box.SIMPLE_HEAD, title_justify="left")
    for column in ("filing", "mechanism", "status", "state", "in effect", "flows"):
        table.add_column(column, overflow="fold")
    for state, flows in rows:
        f = state.filing
        span = "—" if state.starts is None else f"{state.starts} → {state.expires or 'open'}"
        table.add_row(f.id, f.mechanism, f.status, f"[{STATE_STYLE[state.state]}]{state.state}[/]", span,
                      ", ".join(flows) or "none")
    if not rows:
        table.add_row("none", "", "", "", "", "")
    return table


COMMANDS = (filings,)
