"""`xborder zones`: a pilot zone's lists and, for a map, every exporter that files under them.

Exit codes: 0 listed; 2 the map is invalid; 3 the knowledge base cannot be read.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
import orjson
from rich import box
from rich.console import Console
from rich.table import Table

from xborder.cli.assess_cmd import EXIT_KB, _date, _load
from xborder.kb import KnowledgeBaseError
from xborder.zones.report import editions, filers

OUTCOME_STYLE = {"off_list": "green", "pre_cleared": "green", "on_list": "yellow", "not_in_force": "dim",
                 "excluded": "yellow", "undetermined": "yellow"}


@click.command("zones")
@click.argument("map_file", required=False, type=click.Path(exists=False, dir_okay=False, path_type=Path))
@click.option("--as-of", "as_of", callback=_date, help="The lists in force on this date (YYYY-MM-DD).")
@click.option("--zone", help="Only this zone id.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def zones(map_file: Path | None, as_of: dt.date | None, zone: str | None, fmt: str) -> None:
    """List the pilot-zone lists (editions, dates, how much is verified); with MAP_FILE, also each
    exporter in a zone and what the zone's list does to each of its flows (docs/zones.md)."""
    err = Console(stderr=True)
    datamap = _load(map_file, err) if map_file else None
    on = as_of or (datamap.as_of if datamap else None) or dt.date.today()
    try:
        listed = [e for e in editions(datamap) if zone is None or zone in e["zones"]]
        rows = [r for r in filers(datamap, on) if zone is None or r.zone == zone] if datamap else []
    except KnowledgeBaseError as exc:
        err.print(f"[bold red]cannot read the zone lists:[/] {exc}")
        sys.exit(EXIT_KB)
    if fmt == "json":
        doc = {"as_of": on.isoformat(), "editions": listed, "filers": [r.as_dict() for r in rows]}
        sys.stdout.buffer.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
        return
    console = Console(width=None if sys.stdout.isatty() else 140)
    table = Table(title="Zone lists", box=box.SIMPLE_HEAD, title_justify="left")
    for column in ("edition", "zones", "from", "scope", "complete", "verified", "entries"):
        table.add_column(column, overflow="fold")
    for e in listed:
        entries = f"{e['entries']['negative']} negative, {e['entries']['white']} white"
        table.add_row(e["edition"], ", ".join(e["zones"]), e["effective"] or "—", e["scope"],
                      "yes" if e["complete"] else "no", "yes" if e["verified"] else "no", entries)
    console.print(table)
    if datamap is None:
        return
    table = Table(title=f"Exporters under the zone lists on {on}", box=box.SIMPLE_HEAD, title_justify="left")
    for column in ("zone", "exporter", "flow", "outcome", "why", "filings"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(r.zone, r.exporter, r.flow, f"[{OUTCOME_STYLE[r.outcome]}]{r.outcome}[/]",
                      "; ".join(r.detail).replace("[", "\\[") or "—", ", ".join(r.filings) or "none")
    if not rows:
        table.add_row("none", "", "", "", "", "")
    console.print(table)


COMMANDS = (zones,)
