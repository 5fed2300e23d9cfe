"""`xborder assess`, `xborder explain`, `xborder schema`.

Exit codes (documented in the README):
  0  assessed; no flow reached the --fail-on level
  1  assessed; at least one flow reached the --fail-on level
  2  the data map is invalid (every problem printed with file, line and key)
  3  the knowledge base or the requested date cannot be used
Click's usage errors and an output path that cannot be written (`-o` into a missing
folder, a symlink without --follow-symlinks, a directory) exit 2 as well, with one line.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
import orjson
from rich.console import Console
from rich.tree import Tree

from xborder.cli.output import OutputError, OutputTarget, fail, follow_symlinks_option, open_output, output_target
from xborder.datamap import DataMap, MapError, load_map
from xborder.datamap.loader import flow_lines
from xborder.datamap.schema import map_json_schema
from xborder.engine import Assessment, assess_map
from xborder.kb import KnowledgeBaseError
from xborder.report import FORMATS, render
from xborder.rules.base import fill

EXIT_OK, EXIT_FAIL_ON, EXIT_BAD_MAP, EXIT_KB = 0, 1, 2, 3
SEVERITY = {"compliant": 0, "action_required": 1, "prohibited": 2}


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _load(path: Path, err: Console) -> DataMap:
    try:
        return load_map(path)
    except MapError as exc:
        err.print(f"[bold red]{len(exc.problems)} problem(s) in the data map; nothing was assessed:[/]")
        for p in exc.problems:
            click.echo(f"  {p}", err=True)  # one unwrapped line each, for editors and CI logs
        sys.exit(EXIT_BAD_MAP)


def _load_and_assess(path: Path, as_of: dt.date | None, err: Console) -> tuple[DataMap, Assessment]:
    datamap = _load(path, err)
    try:
        return datamap, assess_map(datamap, as_of=as_of)
    except KnowledgeBaseError as exc:
        err.print(f"[bold red]cannot assess:[/] {exc}")
        sys.exit(EXIT_KB)


@click.command()
@click.argument("map_file", type=click.Path(exists=False, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output format; json is the stable contract.")
@click.option("--as-of", "as_of", callback=_date, help="Apply the law in force on this date (YYYY-MM-DD).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--fail-on", type=click.Choice(["action_required", "prohibited"]),
              help="Exit 1 if any flow has this status or a worse one (for CI gates).")
@click.option("--record", "ledger", type=click.Path(dir_okay=False, path_type=Path),
              help="Append one ledger event per transfer that ran (see --ran); refused for any "
                   "flow that is not compliant.")
@click.option("--ran", multiple=True, metavar="FLOW",
              help="With --record: the flow ids that ran (repeatable; default: every flow).")
@click.option("--jobs", "-j", type=click.IntRange(1, None),
              help="Processes for large maps in JSON (default: every core).")
@follow_symlinks_option
def assess(map_file: Path, fmt: str, as_of: dt.date | None, output: Path | None, fail_on: str | None,
           ledger: Path | None, ran: tuple[str, ...], jobs: int | None, follow_symlinks: bool) -> None:
    """Assess every flow of MAP_FILE under each regime that reaches it."""
    err = Console(stderr=True)
    target = _target(output, follow_symlinks)  # checked before any work (or ledger record) is done
    if fmt == "json" and ledger is None:
        summary = _json_on_all_cores(map_file, as_of, target, jobs, err)
        if fail_on and any(n and SEVERITY[status] >= SEVERITY[fail_on] for status, n in summary.items()):
            sys.exit(EXIT_FAIL_ON)
        return
    datamap, assessment = _load_and_assess(map_file, as_of, err)
    if target:
        try:
            with open_output(target) as fh:  # a crash never leaves a half-written report
                render(assessment, fmt, fh, map_uri=str(map_file), flow_lines=_lines(fmt, map_file))
        except OutputError as exc:
            fail(str(exc))
    else:
        render(assessment, fmt, sys.stdout.buffer, map_uri=str(map_file), flow_lines=_lines(fmt, map_file))
        sys.stdout.flush()
    if ledger is not None:
        _record(ledger, datamap, assessment, ran, err)
    if fail_on and any(SEVERITY[f.status] >= SEVERITY[fail_on] for f in assessment.flows):
        sys.exit(EXIT_FAIL_ON)


def _target(output: Path | None, follow_symlinks: bool) -> OutputTarget | None:
    try:
        return output_target(output, follow_symlinks=follow_symlinks) if output else None
    except OutputError as exc:
        fail(str(exc))


def _json_on_all_cores(map_file: Path, as_of: dt.date | None, output: OutputTarget | None, jobs: int | None,
                       err: Console) -> dict[str, int]:
    from xborder.engine.assess import prepare_assessment
    from xborder.engine.parallel import write_json_parallel

    datamap = _load(map_file, err)
    try:
        prepared = prepare_assessment(datamap, as_of=as_of)
        if output is None:
            summary = write_json_parallel(prepared, sys.stdout.buffer, jobs)
            sys.stdout.flush()
            return summary
        with open_output(output) as fh:
            summary = write_json_parallel(prepared, fh, jobs)
        return summary
    except OutputError as exc:
        fail(str(exc))
    except KnowledgeBaseError as exc:
        err.print(f"[bold red]cannot assess:[/] {exc}")
        sys.exit(EXIT_KB)


def _lines(fmt: str, map_file: Path) -> dict[str, int] | None:
    return flow_lines(map_file) if fmt == "sarif" else None


def _record(ledger: Path, datamap, assessment: Assessment, ran: tuple[str, ...], err: Console) -> None:  # type: ignore[no-untyped-def]
    from xborder.ledger.recording import record_transfers

    try:
        indexes = record_transfers(ledger, datamap, assessment, list(ran) or None)
    except Exception as exc:  # the ledger's refusal names the flows; nothing was appended
        err.print(f"[bold red]not recorded:[/] {exc}")
        sys.exit(EXIT_FAIL_ON)
    err.print(f"recorded {len(indexes)} transfer(s) in {ledger}")


@click.command()
@click.argument("map_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("flow_id")
@click.option("--as-of", "as_of", callback=_date, help="Apply the law in force on this date.")
@click.option("--regime", help="Only this regime (e.g. CN-PIPL).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the explanation (plain text) to this file instead of standard output.")
@follow_symlinks_option
def explain(map_file: Path, flow_id: str, as_of: dt.date | None, regime: str | None, output: Path | None,
            follow_symlinks: bool) -> None:
    """Print the reasoning behind FLOW_ID's verdicts as a tree: facts → rules → verdict."""
    err = Console(stderr=True)
    target = _target(output, follow_symlinks)
    _, assessment = _load_and_assess(map_file, as_of, err)
    try:
        flow = assessment.flow(flow_id)
    except KeyError:
        known = ", ".join(f.id for f in assessment.flows[:20])
        err.print(f"[bold red]no flow {flow_id!r} in {map_file}[/] (flows: {known})")
        sys.exit(EXIT_BAD_MAP)
    if target is None:
        Console().print(explain_tree(assessment, flow, regime))
        return
    try:
        with open_output(target, text=True) as fh:
            Console(file=fh, width=120, no_color=True).print(explain_tree(assessment, flow, regime))
    except OutputError as exc:
        fail(str(exc))


def explain_tree(assessment: Assessment, flow, regime: str | None = None) -> Tree:  # type: ignore[no-untyped-def]
    from xborder.report.table import STATUS_STYLE, VERDICT_STYLE

    hop = flow.hop
    root = Tree(f"[bold]{flow.id}[/]: {hop.sender.id} ({hop.sender.location_country}) → "
                f"{hop.recipient.id} ({hop.recipient.location_country})  "
                f"[{STATUS_STYLE[flow.status]}]{flow.status}[/]  (law as of {assessment.as_of})")
    facts = root.add("[bold]facts of the map[/]")
    facts.add(f"datasets: {', '.join(d.id for d in hop.datasets)}; categories: {', '.join(sorted(hop.categories))}")
    facts.add(f"purpose: {hop.flow.purpose or '—'}; necessity: {hop.flow.necessity or '—'}; "
              f"transaction: {hop.flow.transaction or '—'}; safeguards: {', '.join(hop.flow.safeguards) or 'none'}")
    if hop.upstream:
        facts.add(f"route: after {', '.join(hop.upstream)}; data from {', '.join(sorted(hop.origin_countries))}")
    for r in flow.regimes:
        if regime and r.regime != regime:
            continue
        node = root.add(f"[bold]{r.regime}[/]: [{VERDICT_STYLE[r.verdict.value]}]{r.verdict.value}[/]"
                        + ("  [dim]satisfied[/]" if r.applies and r.satisfied else
                           f"  missing: {', '.join(r.missing)}" if r.missing else ""))
        for step in r.steps:
            mark = {True: " [green]✓ taken[/]", False: " [dim]✗ not taken[/]", None: ""}[step.taken]
            cite = f"  [blue]{step.cite.label}[/]" if step.cite else ""
            node.add(f"[dim]{step.kind}[/] {_escape(fill(step.text, flow.names))}{mark}{cite}")
    for c in flow.conflicts:
        root.add(f"[magenta]conflict ({c.kind})[/]: {_escape(c.description)}")
    return root


def _escape(text: str) -> str:
    return text.replace("[", "\\[")


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the schema to this file instead of standard output.")
@follow_symlinks_option
def schema(output: Path | None, follow_symlinks: bool) -> None:
    """Print the JSON Schema of the data map (for editors and CI validation)."""
    target = _target(output, follow_symlinks)
    data = orjson.dumps(map_json_schema(), option=orjson.OPT_INDENT_2) + b"\n"
    if target:
        try:
            with open_output(target) as fh:
                fh.write(data)
        except OutputError as exc:
            fail(str(exc))
    else:
        sys.stdout.buffer.write(data)


COMMANDS = (assess, explain, schema)
