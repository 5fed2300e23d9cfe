"""`xborder scan SOURCE`: which personal data a table holds, how much, how sensitive.

Exit codes:
    0  scanned (and, with --update-map, the map was updated)
    1  --fail-on matched: personal (or sensitive) data was found
    2  usage error (bad option or value)
    3  the source cannot be scanned: unreadable file, bad URL or connection, unknown
       table, empty table
    4  --update-map failed: invalid map, unknown dataset, or the result would not
       validate (the map is left unchanged)
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click
import orjson
from rich import box
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

EXIT_FOUND, EXIT_SOURCE, EXIT_MAP = 1, 3, 4

_SHORT = {"art9": "Art 9", "art10": "Art 10", "ordinary": "ordinary", "sensitive": "sensitive", "general": "general"}


@click.command("scan", epilog="Exit codes: 0 scanned; 1 --fail-on matched; 2 usage error; 3 the source cannot be "
                               "scanned (unreadable, bad URL, unknown or empty table); 4 --update-map failed "
                               "(map left unchanged). Docs: docs/scanner.md")
@click.argument("source")
@click.option("--table", "-t", "tables", multiple=True,
              help="Only these tables (names or glob patterns; repeatable). Files are tables too.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report here.")
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
@click.option("--fail-on", type=click.Choice(["personal", "sensitive"]),
              help="Exit 1 if personal data is found, or sensitive data (CN-PIPL sensitive, EU-GDPR Art 9/10, "
                   "children's birth dates): a CI gate.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def scan(source: str, tables: tuple[str, ...], fmt: str, output: str | None, full: bool, confidence: float,
         margin: float, sample_size: int | None, seed: int, engine: str, spark_master: str | None,
         only: str | None, skip_empty: bool, map_path: str | None, dataset: str | None, fail_on: str | None,
         quiet: bool) -> None:
    """Find personal data in SOURCE: a CSV, JSON Lines, Parquet or Excel file, a folder
    of them, or a SQLAlchemy URL (sqlite:///file.db, postgresql+psycopg://user@host/db).

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
        err.print(f"[red]error:[/] xborder scan needs the scan extra (missing {exc.name}): "
                  "pip install 'xborder[scan]'", highlight=False)
        sys.exit(EXIT_SOURCE)

    if bool(map_path) != bool(dataset):
        raise click.UsageError("--update-map and --dataset go together")
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

    try:
        with progress:
            report = run_scan(source, tables=tables, plan=plan, engine=engine,
                              only=[d.strip() for d in only.split(",") if d.strip()] if only else None,
                              progress=tick, skip_empty=skip_empty, spark_master=spark_master)
    except ScanError as exc:
        err.print(f"[red]error:[/] {exc}", markup=True, highlight=False)
        sys.exit(EXIT_SOURCE)
    except Exception as exc:  # never let a driver's message leak a password
        from xborder.scanner.masking import scrub

        err.print(f"[red]error:[/] scanning {shown} failed: {scrub(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, source)}",
                  markup=True, highlight=False)
        sys.exit(EXIT_SOURCE)

    data = report.to_dict()
    if fmt == "json":
        payload = orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
        if output:
            with open(output, "wb") as fh:
                fh.write(payload)
        else:
            sys.stdout.buffer.write(payload)
    else:
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                _render(Console(file=fh, width=160), data)
        else:
            out = Console()
            _render(out if out.is_terminal else Console(width=170), data)

    if map_path and dataset:
        from xborder.scanner.update_map import update_map

        try:
            result = update_map(map_path, dataset, report)
        except MapUpdateError as exc:
            err.print(f"[red]error:[/] {exc}", markup=True, highlight=False)
            sys.exit(EXIT_MAP)
        added = ", ".join(result.added_categories) or "none new"
        count = f"; subjects count set to {result.count} (estimate)" if result.count is not None else ""
        count += "; minors: true (birth dates under 14 found)" if result.minors else ""
        err.print(f"updated {map_path}: dataset {dataset}: categories added: {added}{count}", highlight=False)
        for note in result.notes:
            err.print(f"note: {note}", highlight=False)

    if fail_on:
        found = any(t["categories"] for t in data["tables"])
        if fail_on == "sensitive":
            # CN sensitive personal information or EU special/criminal data; US bulk-data
            # categories cover ordinary identifiers too, so they do not count here
            found = any(t["sensitivity"]["CN-PIPL"] or t["sensitivity"]["EU-GDPR"] or t.get("minors_under_14")
                        for t in data["tables"])
        if found:
            sys.exit(EXIT_FOUND)


def _log_to(console: Console) -> None:
    logger = logging.getLogger("xborder.scanner")
    if not any(isinstance(h, RichHandler) for h in logger.handlers):
        handler = RichHandler(console=console, show_time=False, show_path=False, markup=False)
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)
        logger.propagate = False


def _tier(value: str | None, unknown: bool = False) -> str:
    if value is None:
        return "?" if unknown else "-"
    return _SHORT.get(value, value)


def _render(console: Console, data: dict[str, Any]) -> None:
    sampling = data["sampling"]
    if sampling.get("mode") == "full":
        how = "every value of every column"
    elif "rows" in sampling:
        how = f"a seeded sample of up to {sampling['rows']:,} rows per table"
    else:
        how = (f"a seeded sample per table sized for ±{sampling['margin']:.0%} at {sampling['confidence']:.0%} "
               "confidence (whole table when small)")
    console.print(f"[bold]xborder scan[/] {data['source']}  ·  engine {data['engine']}  ·  examined {how}",
                  highlight=False)
    unknown = any("sensitivity tiers unknown" in n for n in data.get("notes", []))
    for t in data["tables"]:
        console.print()
        people = (f"~{t['individuals']:,} individuals (distinct [bold]{t['subject_key']}[/], estimate)"
                  if t["individuals"] is not None else "no column identifies a person")
        minors = (f"; [red]{t['minors_under_14']:,} birth dates of children under 14[/]"
                  if t.get("minors_under_14") else "")
        console.print(f"[bold cyan]{t['name']}[/]: {t['rows']:,} rows, {people}; "
                      f"{t['sampled_rows']:,} rows examined{minors}", highlight=False)
        grid = Table(box=box.SIMPLE_HEAD, show_lines=False, pad_edge=False)
        for head, just in (("column", "left"), ("found", "left"), ("conf.", "right"), ("matched", "right"),
                           ("distinct", "right"), ("CN-PIPL", "left"), ("EU-GDPR", "left"), ("US-DSP", "left"),
                           ("example (masked)", "left")):
            grid.add_column(head, justify=just, overflow="fold")  # type: ignore[arg-type]
        for c in t["columns"]:
            if not c["categories"]:
                grid.add_row(c["name"], "[dim]nothing personal[/]", "", "", f"{c['distinct']:,}" if c["distinct"] is not None else "", "", "", "", "")
                continue
            first = c["categories"][0]
            tiers = c["sensitivity"].get(first, {})
            labels = ", ".join(dict.fromkeys(d["label"] for d in c["detectors"]))
            example = next((e for d in c["detectors"] for e in d["examples"]), "")
            cn = _tier(tiers.get("CN-PIPL"), unknown)
            eu = _tier(tiers.get("EU-GDPR"), unknown)
            grid.add_row(
                c["name"],
                "\n".join(c["categories"]) + f"\n[dim]{labels}[/]",
                f"{c['confidence']:.2f}",
                f"{c['matched']:,}/{c['sampled']:,}",
                f"{c['distinct']:,}" if c["distinct"] is not None else "",
                f"[red]{cn}[/]" if cn == "sensitive" else cn,
                f"[red]{eu}[/]" if eu in ("Art 9", "Art 10") else eu,
                _tier(tiers.get("US-DSP"), unknown),
                example,
            )
        console.print(grid)
    console.print("[dim]matched/sampled: non-empty values examined and how many were recognised (with checksums "
                  "where the format has one). distinct: distinct values in the whole column. conf.: 0-1, share "
                  "matched weighted by how strict the test is, higher when the column name agrees. Tiers: CN-PIPL "
                  "sensitive personal information, EU-GDPR Art 9 special category / Art 10 criminal data, US-DSP "
                  "bulk-data category (28 CFR 202). '-' = not in that regime's lists; '?' = the knowledge base could "
                  "not answer.[/]")
