"""`xborder audit EVENTS --map MAP`: a log of transfer events checked against the law.

Exit codes (the README's table of every command):
  0  audited; no event reached the --fail-on level and (with --ledger) none is missing
  1  audited; some event ran while its hop was at or above --fail-on, or (with --ledger)
     some audited event is not in the ledger
  2  bad input: the log (a missing column, a bad value, an id the map lacks), the data map,
     an option, or an output path; one message naming the file and column, nothing written
  3  the knowledge base cannot answer (events before 25 May 2018) or the ledger cannot be
     proven against (no checkpoint, a signature or proof that fails)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click
import orjson
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from xborder.cli.output import OutputError, fail, follow_symlinks_option, open_output, output_target
from xborder.datamap import MapError, load_map

EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_CANNOT = 0, 1, 2, 3
SEVERITY = {"compliant": 0, "action_required": 1, "prohibited": 2}


def _progress_bar(err: Console) -> tuple[Progress, Any]:
    bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                   TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal)
    tasks: dict[str, Any] = {}

    def report(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    return bar, report


@click.command()
@click.argument("events", type=click.Path(path_type=str))
@click.option("--map", "map_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The data map the transfers ran under.")
@click.option("--table", "table", help="The table of events, when EVENTS is a DuckDB database.")
@click.option("--engine", type=click.Choice(["embedded", "spark"]), default="embedded", show_default=True,
              help="embedded: DuckDB on this machine; spark: PySpark (local[2] unless XBORDER_SPARK_MASTER).")
@click.option("--approx", is_flag=True, help="Count distinct subjects with HyperLogLog sketches (error stated).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "parquet"]), default="table", show_default=True,
              help="parquet: every event with its verdict (needs -o).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path),
              help="Also draw each exporter's running counts against its thresholds (SVG).")
@click.option("--fail-on", type=click.Choice(["action_required", "prohibited"]),
              help="Exit 1 if any event ran while its hop was at or above this status.")
@click.option("--ledger", "ledger_url", help="Check every audited event is in this transfer ledger (path or URL).")
@click.option("--memory-limit", default="2GB", show_default=True, help="Memory the embedded engine may use.")
@follow_symlinks_option
def audit(events: str, map_file: Path, table: str | None, engine: str, approx: bool, fmt: str, output: Path | None,
          chart: Path | None, fail_on: str | None, ledger_url: str | None, memory_limit: str,
          follow_symlinks: bool) -> None:
    """Check a log of transfer events (EVENTS: a Parquet, CSV or JSON Lines file or folder) against the law.

    Per event, the verdict of its hop on its day (each distinct hop shape assessed once per
    interval of unchanged law); per exporter, distinct people counted the way the law counts
    them (CN: since 1 January; US: per foreign person over the preceding 12 months) and the
    day each threshold was crossed. The log's schema: docs/audit.md.
    """
    from xborder.audit import EventSchemaError, locate, run_audit
    from xborder.audit.ledger_link import LedgerLinkError
    from xborder.kb import KnowledgeBaseError

    err = Console(stderr=True)
    if fmt == "parquet" and output is None:
        fail("--format parquet writes a file: give -o FILE.parquet", EXIT_INPUT)
    try:
        target = output_target(output, follow_symlinks=follow_symlinks) if output else None
        chart_target = output_target(chart, follow_symlinks=follow_symlinks) if chart else None
    except OutputError as exc:
        fail(str(exc), EXIT_INPUT)
    try:
        datamap = load_map(map_file)
    except MapError as exc:
        click.echo(f"{len(exc.problems)} problem(s) in the data map; nothing was audited:", err=True)
        for p in exc.problems:
            click.echo(f"  {p}", err=True)
        sys.exit(EXIT_INPUT)
    store = None
    if ledger_url:
        from xborder.ledger.storage import LedgerError, open_store

        if "://" not in ledger_url and not Path(ledger_url).is_file():
            fail(f"--ledger {ledger_url}: no such ledger file", EXIT_INPUT)
        try:
            store = open_store(ledger_url)
        except LedgerError as exc:
            fail(f"--ledger {ledger_url}: {exc}", EXIT_CANNOT)
    runner = _engine(engine, memory_limit)
    parquet_tmp = None
    if fmt == "parquet" and target is not None:
        parquet_tmp = target.real.with_name(f".{target.real.name}.{os.getpid()}.partial")
    bar, report = _progress_bar(err)
    try:
        with bar:
            result = run_audit(runner, locate(events, table), datamap, approx=approx, ledger=store,
                               events_out=parquet_tmp, events_out_all=True,
                               keep_points=True if chart else None, progress=report)
    except EventSchemaError as exc:
        for line in str(exc).splitlines():
            click.echo(f"error: {line}", err=True)
        sys.exit(EXIT_INPUT)
    except (KnowledgeBaseError, LedgerLinkError) as exc:
        fail(str(exc), EXIT_CANNOT)
    finally:
        runner.close()
        if store is not None:
            store.close()
    try:
        if parquet_tmp is not None and target is not None:
            with open_output(target) as fh, parquet_tmp.open("rb") as src:
                while chunk := src.read(1 << 20):
                    fh.write(chunk)
        elif target is not None:
            with open_output(target, text=fmt == "table") as fh:
                _write(result, fmt, fh, to_file=True)
        else:
            _write(result, fmt, sys.stdout, to_file=False)
        if chart_target is not None:
            from xborder.audit.picture import running_counts_svg

            with open_output(chart_target, text=True) as fh:
                fh.write(running_counts_svg(result))
    except OutputError as exc:
        fail(str(exc), EXIT_INPUT)
    finally:
        if parquet_tmp is not None and parquet_tmp.exists():
            parquet_tmp.unlink()
    _exit(result, fail_on)


def _engine(name: str, memory_limit: str) -> Any:
    if name == "spark":
        from xborder.audit.spark import SparkEngine
        from xborder.scanner.errors import ScanError

        try:
            return SparkEngine(stop_on_close=True)
        except ScanError as exc:
            fail(str(exc), EXIT_CANNOT)
    from xborder.audit.embedded import EmbeddedEngine

    try:
        return EmbeddedEngine(memory_limit=memory_limit)
    except Exception as exc:  # duckdb refuses a bad memory limit with its own error type
        fail(f"--memory-limit {memory_limit}: {str(exc).splitlines()[0]}", EXIT_INPUT)


def _exit(result: Any, fail_on: str | None) -> None:
    code = EXIT_OK
    if fail_on:
        failing = result.failing(fail_on)
        if failing:
            n = sum(g.events for g in failing)
            flows = sorted({g.as_dict()["flow"] or g.verdict.flow_id for g in failing})
            click.echo(f"xborder: {n} event(s) ran while their hop was at or above {fail_on}: "
                       f"{', '.join(flows[:20])}{' ...' if len(flows) > 20 else ''}", err=True)
            code = EXIT_FAIL
    if result.ledger and result.ledger["missing_events"]:
        click.echo(f"xborder: {result.ledger['missing_events']} audited event(s) are not in the ledger", err=True)
        code = EXIT_FAIL
    sys.exit(code)


def _write(result: Any, fmt: str, out: Any, to_file: bool) -> None:
    if fmt == "json":
        data = orjson.dumps(result.as_dict(), option=orjson.OPT_INDENT_2) + b"\n"
        if to_file:
            out.write(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        return
    width = int(os.environ.get("COLUMNS", "0") or 0) or (None if out.isatty() else 120)
    console = Console(file=out, width=width, force_terminal=False if to_file else None, highlight=False)
    render_table(result, console)


def render_table(result: Any, console: Console) -> None:
    s = result.by_status()
    counted = "exact counts" if not result.approx else "approximate counts (HyperLogLog)"
    console.print(f"xborder audit {result.source}  ·  {result.engine}  ·  {result.events:,} events "
                  f"{result.first_day}..{result.last_day}  ·  {counted}")
    console.print(f"{s['compliant']:,} compliant  {s['action_required']:,} action required  "
                  f"{s['prohibited']:,} prohibited")
    bad = [g for g in result.groups if g.verdict.status != "compliant"]
    if bad:
        t = Table(title="events that ran while their hop was not compliant", title_justify="left", box=None)
        for col in ("flow", "exporter → importer", "status", "events", "last ran", "missing"):
            t.add_column(col, overflow="fold", no_wrap=col != "missing", justify="right" if col == "events" else "left")
        for g in bad:
            d = g.as_dict()
            t.add_row(d["flow"] or "(no flow)", f"{d['shape']['exporter']} → {d['shape']['importer']}",
                      d["status"], f"{g.events:,}", d["last_day"], ", ".join(d["missing"]))
        console.print(t)
    if result.series:
        t = Table(title="distinct people per exporter", title_justify="left", box=None)
        for col in ("regime", "exporter", "counterpart", "data", "window", "count", "crossed"):
            t.add_column(col, overflow="fold")
        crossed: dict[Any, list[str]] = {}
        for c in result.crossings:
            crossed.setdefault(c.series, []).append(f"{c.threshold.value:,} ({c.threshold.name}) on {c.day}")
        for series in result.series:
            k = series.key
            window = str(k.year) if k.year else "12 months"
            count = f"{series.final:,}" if k.year else f"{series.final:,} (peak {series.peak:,})"
            t.add_row(k.regime, k.exporter, k.counterpart or "all", k.metric, window, count,
                      "; ".join(crossed.get(k, [])) or "-")
        console.print(t)
    for note in result.notes:
        console.print(f"note: {note}")
    if result.ledger:
        lg = result.ledger
        console.print(f"ledger: checkpoint size {lg['checkpoint']['size']}; {lg['covered_events']:,} event(s) "
                      f"covered, {lg['missing_events']:,} missing")
        for m in lg["missing"][:50]:
            console.print(f"  missing: {m['flow'] or '(no flow)'} {m['exporter']} → {m['importer']} on {m['day']}: "
                          f"{m['events']:,} event(s) ({m['reason']})")
        if len(lg["missing"]) > 50:
            console.print(f"  ... and {len(lg['missing']) - 50} more (see --format json)")
