"""`xborder scan SOURCE`: which personal data a table holds, how much, how sensitive.

Exit codes:
    0  scanned (and, with --update-map, the map was updated)
    1  --fail-on matched: personal (or sensitive) data was found
    2  usage error (bad option or value), or the -o path cannot be written (nothing written)
    3  the source cannot be scanned: unreadable file, bad URL or connection, unknown
       table, empty table
    4  --update-map failed: invalid map, unknown dataset, or the result would not
       validate (the map is left unchanged)
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import click
import orjson
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from xborder.cli.output import OutputError, fail, follow_symlinks_option, open_output, output_target

EXIT_FOUND, EXIT_SOURCE, EXIT_MAP = 1, 3, 4
WIDE = 150  # below this width, one block per column instead of a nine-column table

_SHORT = {"art9": "Art 9", "art10": "Art 10", "ordinary": "ordinary", "sensitive": "sensitive", "general": "general"}


@click.command("scan", epilog="Exit codes: 0 scanned; 1 --fail-on matched; 2 usage error or -o not writable; 3 the "
                               "source cannot be scanned (unreadable, not a regular file, bad URL, unknown or empty "
                               "table); 4 --update-map failed (map left unchanged). Docs: docs/scanner.md")
@click.argument("source")
@click.option("--table", "-t", "tables", multiple=True,
              help="Only these tables (names or glob patterns; repeatable). Files are tables too.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report here.")
@follow_symlinks_option
@click.option("--full", is_flag=True, help="Examine every value of every column (no sampling).")
@click.option("--confidence", type=click.FloatRange(0.5, 0.999), default=0.95, show_default=True,
              help="Confidence level of the sample.")
@click.option("--margin", type=click.FloatRange(0.001, 0.2), default=0.01, show_default=True,
              help="Margin of error (±) of a column's match rate at that confidence.")
@click.option("--sample-size", type=click.IntRange(1), help="Read at most this many rows per table instead.")
@click.option("--seed", type=int, default=20261122, show_default=True, help="Seed of the sample.")
@click.option("--engine", type=click.Choice(["embedded", "spark"]), default="embedded", show_default=True)
@click.option("--spark-master", help="Spark master URL (default local[2]).")
@click.option("--detectors", "only", help="Only these detectors, comma-separated (e.g. email,phone,national_id).")
@click.option("--skip-empty", is_flag=True, help="Skip empty tables instead of failing.")
@click.option("--update-map", "map_path", type=click.Path(dir_okay=False), help="Write categories and counts into this data map.")
@click.option("--dataset", help="The dataset id in --update-map to write into.")
@click.option("--replace-counts", is_flag=True,
              help="With --update-map: write the scan's individual count even when the map declares a larger one.")
@click.option("--stdin-format", type=click.Choice(["csv", "tsv", "jsonl"]), default="csv", show_default=True,
              help="Format of standard input when SOURCE is '-'.")
@click.option("--fail-on", type=click.Choice(["personal", "sensitive"]),
              help="Exit 1 if personal data is found, or sensitive data (CN-PIPL sensitive, EU-GDPR Art 9/10, "
                   "children's birth dates): a CI gate.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def scan(source: str, tables: tuple[str, ...], fmt: str, output: str | None, follow_symlinks: bool, full: bool,
         confidence: float, margin: float, sample_size: int | None, seed: int, engine: str,
         spark_master: str | None, only: str | None, skip_empty: bool, map_path: str | None, dataset: str | None,
         replace_counts: bool, stdin_format: str, fail_on: str | None, quiet: bool) -> None:
    """Find personal data in SOURCE: a CSV, JSON Lines, Parquet or Excel file, a folder
    of them, a SQLAlchemy URL (sqlite:///file.db, postgresql+psycopg://user@host/db), or
    '-' for standard input (see --stdin-format).

    Per column: the data categories found (fideslang names), confidence, values sampled
    and matched, distinct values, and the sensitivity tier under CN-PIPL, EU-GDPR and the
    US bulk-data rule. Per table: the column that identifies a person and an estimate
    of how many individuals the table holds. Reports never contain raw values.
    """
    err = Console(stderr=True)
    try:
        from xborder.scanner import MapUpdateError, SamplePlan, ScanError
        from xborder.scanner import scan as run_scan
        from xborder.scanner.masking import mask_url
    except ImportError as exc:
        # plain text: Rich would read "[scan]" as markup and print "pip install 'xborder'"
        fail(f"xborder scan needs the scan extra (missing {exc.name}): pip install 'xborder[scan]' "
             "(from a checkout: pip install -e '.[scan]')", EXIT_SOURCE)

    if bool(map_path) != bool(dataset):
        raise click.UsageError("--update-map and --dataset go together")
    if replace_counts and not map_path:
        raise click.UsageError("--replace-counts goes with --update-map")
    try:
        target = output_target(output, follow_symlinks=follow_symlinks) if output else None
    except OutputError as exc:
        fail(str(exc))
    _log_to(err)
    shown = mask_url(source)
    plan = SamplePlan(full=full, confidence=confidence, margin=margin, seed=seed, max_rows=sample_size)
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, transient=True, disable=quiet or not err.is_terminal)
    tasks: dict[str, Any] = {}

    def tick(name: str, done: int, total: int) -> None:
        if name not in tasks:
            tasks[name] = progress.add_task(f"scanning {name}", total=total)
        progress.update(tasks[name], completed=done, total=total)

    spool = _spool_stdin(stdin_format) if source == "-" else None
    try:
        with progress:
            report = run_scan(str(spool) if spool else source, tables=tables, plan=plan, engine=engine,
                              only=[d.strip() for d in only.split(",") if d.strip()] if only else None,
                              progress=tick, skip_empty=skip_empty, spark_master=spark_master)
    except ScanError as exc:
        # one unwrapped line (CI logs are not terminals); messages never carry cell values
        fail(str(exc), EXIT_SOURCE)
    except Exception as exc:  # never let a driver's message leak a password or a value
        from xborder.scanner.masking import scrub

        fail(f"scanning {shown} failed: {type(exc).__name__}: "
             f"{scrub(str(exc).splitlines()[0][:200] if str(exc) else '', source)}", EXIT_SOURCE)
    finally:
        if spool is not None:
            shutil.rmtree(spool.parent, ignore_errors=True)
    if spool is not None:
        report.source = "-"

    data = report.to_dict()
    for t in data["tables"]:
        for note in t.get("notes", []):
            click.echo(f"warning: {t['name']}: {note}", err=True)
    try:
        if fmt == "json":
            payload = orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
            if target:
                with open_output(target) as fh:
                    fh.write(payload)
            else:
                sys.stdout.buffer.write(payload)
        elif target:
            with open_output(target, text=True) as fh:
                _render(Console(file=fh, width=_width(None)), data)
        else:
            out = Console()
            _render(out if out.is_terminal else Console(width=_width(None)), data)
    except OutputError as exc:
        fail(str(exc))

    if map_path and dataset:
        from xborder.scanner.update_map import update_map

        try:
            result = update_map(map_path, dataset, report, replace_counts=replace_counts)
        except MapUpdateError as exc:
            fail(str(exc), EXIT_MAP)
        click.echo(f"updated {map_path}: dataset {dataset}: {result.describe()}", err=True)
        for note in result.notes:
            click.echo(f"note: {note}", err=True)

    if fail_on:
        found = any(t["categories"] for t in data["tables"])
        if fail_on == "sensitive":
            # CN sensitive personal information or EU special/criminal data; US bulk-data
            # categories cover ordinary identifiers too, so they do not count here
            found = any(t["sensitivity"]["CN-PIPL"] or t["sensitivity"]["EU-GDPR"] or t.get("minors_under_14")
                        for t in data["tables"])
        if found:
            sys.exit(EXIT_FOUND)


def _width(default: int | None) -> int:
    """Width for a report that is not going to a terminal: COLUMNS when set (CI logs,
    `COLUMNS=80 xborder scan ... | less`), else wide enough for the full table."""
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else (default or 160)


def _spool_stdin(fmt: str) -> Path:
    """Standard input, copied to a private temporary file so the engines can read it twice
    (counts, then the sample); the folder is removed after the scan."""
    folder = Path(tempfile.mkdtemp(prefix="xborder-stdin-"))
    path = folder / f"stdin.{fmt}"
    with path.open("wb") as fh:
        shutil.copyfileobj(sys.stdin.buffer, fh)
    return path


class _StderrHandler(logging.Handler):
    """Scanner warnings as plain, unwrapped lines on the current stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"{record.levelname.lower()}: {record.getMessage()}", err=True)


def _log_to(console: Console) -> None:
    logger = logging.getLogger("xborder.scanner")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)
        logger.propagate = False


def _tier(value: str | None, unknown: bool = False) -> str:
    if value is None:
        return "?" if unknown else "-"
    return _SHORT.get(value, value)


def _cells(c: dict[str, Any], unknown: bool) -> dict[str, str]:
    """What the report shows of one column, in Rich markup (names and labels escaped)."""
    if not c["categories"]:
        return {}
    first = c["categories"][0]
    tiers = c["sensitivity"].get(first, {})
    cn = _tier(tiers.get("CN-PIPL"), unknown)
    eu = _tier(tiers.get("EU-GDPR"), unknown)
    return {
        "found": "\n".join(c["categories"]),
        "labels": escape(", ".join(dict.fromkeys(d["label"] for d in c["detectors"]))
                         or "identifies a person (named as an id)"),
        "conf": f"{c['confidence']:.2f}",
        "matched": f"{c['matched']:,}/{c['sampled']:,}",
        "cn": f"[red]{cn}[/]" if cn == "sensitive" else cn,
        "eu": f"[red]{eu}[/]" if eu in ("Art 9", "Art 10") else eu,
        "us": escape(_tier(tiers.get("US-DSP"), unknown)),
        "example": escape(next((e for d in c["detectors"] for e in d["examples"]), "")),
    }


def _distinct(c: dict[str, Any]) -> str:
    return f"{c['distinct']:,}" if c["distinct"] is not None else ""


def _wide_table(t: dict[str, Any], unknown: bool) -> Table:
    longest = max((len(cat) for c in t["columns"] for cat in c["categories"]), default=16)
    grid = Table(box=box.SIMPLE_HEAD, show_lines=False, pad_edge=False)
    for head, just in (("column", "left"), ("found", "left"), ("conf.", "right"), ("matched", "right"),
                       ("distinct", "right"), ("CN-PIPL", "left"), ("EU-GDPR", "left"), ("US-DSP", "left"),
                       ("example (masked)", "left")):
        grid.add_column(head, justify=just, overflow="fold",  # type: ignore[arg-type]
                        min_width=longest if head == "found" else None)
    for c in t["columns"]:
        cells = _cells(c, unknown)
        if not cells:
            grid.add_row(escape(c["name"]), "[dim]nothing personal[/]", "", "", _distinct(c), "", "", "", "")
            continue
        grid.add_row(escape(c["name"]), f"{cells['found']}\n[dim]{cells['labels']}[/]", cells["conf"],
                     cells["matched"], _distinct(c), cells["cn"], cells["eu"], cells["us"], cells["example"])
    return grid


def _blocks(t: dict[str, Any], unknown: bool) -> Table:
    """Narrow terminals and CI logs: one block per column, the details wrapped at spaces
    (a category id is never split)."""
    grid = Table(box=box.SIMPLE_HEAD, show_lines=True, pad_edge=False)
    grid.add_column("column", overflow="fold", max_width=18)
    grid.add_column("found (masked example) · conf. · matched/sampled · distinct · CN-PIPL / EU-GDPR / US-DSP",
                    overflow="fold", ratio=1)
    for c in t["columns"]:
        cells = _cells(c, unknown)
        distinct = f"distinct {_distinct(c)}" if c["distinct"] is not None else ""
        if not cells:
            grid.add_row(escape(c["name"]), f"[dim]nothing personal[/]  {distinct}")
            continue
        example = f" ({cells['example']})" if cells["example"] else ""
        grid.add_row(escape(c["name"]),
                     f"{cells['found']}\n[dim]{cells['labels']}[/]{example}\n"
                     f"conf. {cells['conf']} · matched {cells['matched']} · {distinct}\n"
                     f"CN-PIPL {cells['cn']} · EU-GDPR {cells['eu']} · US-DSP {cells['us']}")
    return grid


def _render(console: Console, data: dict[str, Any]) -> None:
    sampling = data["sampling"]
    if sampling.get("mode") == "full":
        how = "every value of every column"
    elif "rows" in sampling:
        how = f"a seeded sample of up to {sampling['rows']:,} rows per table"
    else:
        how = (f"a seeded sample per table sized for ±{sampling['margin']:.0%} at {sampling['confidence']:.0%} "
               "confidence (whole table when small)")
    console.print(f"[bold]xborder scan[/] {escape(data['source'])}  ·  engine {data['engine']}  ·  examined {how}",
                  highlight=False)
    unknown = any("sensitivity tiers unknown" in n for n in data.get("notes", []))
    for t in data["tables"]:
        console.print()
        basis = "exact" if t["individuals_basis"].endswith("exact") else "estimate"
        people = (f"{'' if basis == 'exact' else '~'}{t['individuals']:,} individuals "
                  f"(distinct [bold]{escape(t['subject_key'])}[/], {basis})"
                  if t["individuals"] is not None else "no column identifies a person")
        minors = (f"; [red]{t['minors_under_14']:,} birth dates of children under 14[/]"
                  if t.get("minors_under_14") else "")
        console.print(f"[bold cyan]{escape(t['name'])}[/]: {t['rows']:,} rows, {people}; "
                      f"{t['sampled_rows']:,} rows examined{minors}", highlight=False)
        for note in t.get("notes", []):
            console.print(f"[yellow]note:[/] {escape(note)}", highlight=False)
        console.print(_wide_table(t, unknown) if console.width >= WIDE else _blocks(t, unknown))
    console.print("[dim]matched/sampled: non-empty values examined and how many were recognised (with checksums "
                  "where the format has one). distinct: distinct values in the whole column. conf.: 0-1, share "
                  "matched weighted by how strict the test is, higher when the column name agrees. Tiers: CN-PIPL "
                  "sensitive personal information, EU-GDPR Art 9 special category / Art 10 criminal data, US-DSP "
                  "bulk-data category (28 CFR 202). '-' = not in that regime's lists; '?' = the knowledge base could "
                  "not answer.[/]")
