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


def _window(value: str | None) -> int | None:
    if value is None:
        return None
    from xborder.engine.expiry import parse_window

    try:
        return parse_window(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


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
@click.option("--record", "ledger", metavar="LEDGER",
              help="Append one ledger event per transfer that ran (see --ran) to a ledger path or "
                   "postgresql:// URL; refused for any flow that is not compliant.")
@click.option("--ran", multiple=True, metavar="FLOW[,FLOW]",
              help="With --record: the flow ids that ran (comma-separated or repeated; default: every flow).")
@click.option("--ran-at", metavar="TIME",
              help="With --record: when the transfers ran (RFC 3339 or YYYY-MM-DD; default: now); "
                   "the law is applied as of that day.")
@click.option("--jobs", "-j", type=click.IntRange(1, None),
              help="Processes for large maps in JSON (default: every core).")
@click.option("--trade-lens", is_flag=True,
              help="After the report: for each localization or transfer restriction, the trade agreements "
                   "binding the two countries and the exception it would have to fit.")
# -- selection and summary (docs/reports.md): cut a large map down to what a reader asked for --
@click.option("--only", "only", multiple=True, metavar="STATUS",
              help="Only flows with this status: compliant, action_required, prohibited (repeatable).")
@click.option("--flow", "flow_ids", multiple=True, metavar="ID", help="Only this flow (repeatable).")
@click.option("--regime", "regimes", multiple=True, metavar="ID",
              help="Only flows this regime applies to, e.g. CN-PIPL (repeatable).")
@click.option("--country", "countries", multiple=True, metavar="CC",
              help="Only flows leaving from or arriving in this country (repeatable).")
@click.option("--dataset", "dataset_ids", multiple=True, metavar="ID", help="Only flows carrying this dataset (repeatable).")
@click.option("--summary", "with_summary", is_flag=True,
              help="Counts by regime, exporter and recipient; table and markdown print only these, "
                   "json adds them as `breakdown`.")
@click.option("--warn-within", "warn_within", metavar="WINDOW", callback=lambda c, p, v: _window(v),
              help="List the filings that lapse within this window (90d, 12w, 1y) and the flows that turn "
                   "worse the day after; json adds them as `expiring`.")
@follow_symlinks_option
def assess(map_file: Path, fmt: str, as_of: dt.date | None, output: Path | None, fail_on: str | None,
           ledger: str | None, ran: tuple[str, ...], ran_at: str | None, jobs: int | None, only: tuple[str, ...],
           flow_ids: tuple[str, ...], regimes: tuple[str, ...], countries: tuple[str, ...],
           dataset_ids: tuple[str, ...], with_summary: bool, follow_symlinks: bool, trade_lens: bool = False,
           warn_within: int | None = None) -> None:
    """Assess every flow of MAP_FILE under each regime that reaches it."""
    if trade_lens:  # the lens runs after the assessment, whatever its exit
        from xborder.cli.atlas_cmd import trade_lens_after

        ctx = click.get_current_context()
        ctx.call_on_close(lambda: trade_lens_after(map_file, as_of, to_stdout=fmt == "table" and output is None))
    from xborder.report.select import Selection

    err = Console(stderr=True)
    target = _target(output, follow_symlinks)  # checked before any work (or ledger record) is done
    selection = Selection(only, flow_ids, regimes, countries, dataset_ids)
    if ledger is not None:
        from xborder.cli.ledger import parse_ran_at

        when = parse_ran_at(ran_at)
    if fmt == "json" and ledger is None and not selection and not with_summary and warn_within is None:
        summary = _json_on_all_cores(map_file, as_of, target, jobs, err)
        if fail_on and any(n and SEVERITY[status] >= SEVERITY[fail_on] for status, n in summary.items()):
            failing = {s: n for s, n in summary.items() if n and SEVERITY[s] >= SEVERITY[fail_on]}
            click.echo(f"xborder: {sum(failing.values())} flow(s) at or above {fail_on} "
                       f"({', '.join(f'{n} {s}' for s, n in failing.items())}); list them with "
                       f"`xborder assess {map_file} --only {' --only '.join(failing)}`", err=True)
            sys.exit(EXIT_FAIL_ON)
        return
    datamap, assessment = _load_and_assess(map_file, as_of, err)
    whole = assessment
    if selection:
        assessment = _select(assessment, selection, err)
    report = _Report(assessment, fmt, str(map_file), _lines(fmt, map_file),
                     len(whole.flows) if selection else None, selection, with_summary)
    if warn_within is not None:
        from xborder.cli.filings_cmd import expiries_or_exit

        report.expiring = (warn_within, expiries_or_exit(datamap, whole.as_of, warn_within, err))
    if target:
        try:
            with open_output(target) as fh:  # a crash never leaves a half-written report
                report.write(fh)
        except OutputError as exc:
            fail(str(exc))
    else:
        report.write(sys.stdout.buffer)
        sys.stdout.flush()
    if ledger is not None:
        from xborder.cli.ledger import record_from_cli

        # what ran does not depend on what is shown
        code = record_from_cli(ledger, datamap, whole, ran, when)
        if code:
            sys.exit(code)
    if fail_on:
        failing = [f.id for f in assessment.flows if SEVERITY[f.status] >= SEVERITY[fail_on]]
        if failing:
            shown = ", ".join(failing[:FAIL_ON_NAMED]) + (f" and {len(failing) - FAIL_ON_NAMED} more"
                                                         if len(failing) > FAIL_ON_NAMED else "")
            click.echo(f"xborder: {len(failing)} flow(s) at or above {fail_on}: {shown}", err=True)
            sys.exit(EXIT_FAIL_ON)


FAIL_ON_NAMED = 20  # flows named in the --fail-on message; the report lists them all


def _select(assessment: Assessment, selection, err: Console) -> Assessment:  # type: ignore[no-untyped-def]
    from xborder.report.select import check_selection, select_flows
    from xborder.rules import REGIMES

    # the statutes' regimes, and the map's own policies' (ORG-...)
    known = {r.id for r in REGIMES} | {r.regime for f in assessment.flows for r in f.regimes}
    problems = check_selection(selection, assessment, known)
    if problems:
        err.print(f"[bold red]{len(problems)} problem(s) in the selection; nothing was reported:[/]")
        for p in problems:
            click.echo(f"  {p}", err=True)
        sys.exit(EXIT_BAD_MAP)
    return select_flows(assessment, selection)


class _Report:
    """The report of an assessment as the options asked for: selected flows, or the breakdown."""

    def __init__(self, assessment: Assessment, fmt: str, map_uri: str, lines: dict[str, int] | None,
                 shown_of: int | None, selection, with_summary: bool) -> None:  # type: ignore[no-untyped-def]
        self.assessment, self.fmt, self.map_uri, self.lines = assessment, fmt, map_uri, lines
        self.shown_of, self.selection, self.with_summary = shown_of, selection, with_summary
        self.expiring: tuple[int, list] | None = None  # (window in days, expiries), with --warn-within

    def write(self, out) -> None:  # type: ignore[no-untyped-def]
        from xborder.report.breakdown import breakdown

        extra: dict = {}
        if self.expiring is not None:
            days, expiries = self.expiring
            extra["expiring"] = {"within_days": days, "filings": [e.as_dict() for e in expiries]}
        if self.shown_of is not None:
            extra["selection"] = {**self.selection.as_dict(), "flows": len(self.assessment.flows), "of": self.shown_of}
        if self.with_summary:
            extra["breakdown"] = breakdown(self.assessment)
        if self.with_summary and self.fmt in ("table", "markdown"):
            from xborder.report.breakdown_views import write_breakdown

            write_breakdown(self.assessment, extra["breakdown"], self.fmt, out, self.shown_of)
            return
        render(self.assessment, self.fmt, out, map_uri=self.map_uri, flow_lines=self.lines,
               shown_of=self.shown_of, extra=extra, provenance=_provenance(self.map_uri) if self.fmt == "html" else None)
        if self.expiring is not None and self.fmt != "json":
            from xborder.cli.filings_cmd import expiry_lines, write_expiries

            days, expiries = self.expiring
            if self.fmt in ("table", "markdown"):
                out.flush()
                write_expiries(expiries, days, self.fmt, out)
            else:  # SARIF and HTML have no place for it: the notice goes to standard error
                click.echo("\n".join(expiry_lines(expiries, days)), err=True)


def _provenance(map_uri: str) -> dict[str, str]:
    """What an archived HTML report says about how it was made."""
    import hashlib

    from xborder import __version__

    digest = hashlib.sha256(Path(map_uri).read_bytes()).hexdigest()
    return {"data map": map_uri, "map sha256": digest, "generator": f"xborder {__version__}",
            "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")}


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
    regime = _regime_id(regime, err)
    target = _target(output, follow_symlinks)
    _, assessment = _load_and_assess(map_file, as_of, err)
    try:
        flow = assessment.flow(flow_id)
    except KeyError:
        from xborder import vocabulary

        known = ", ".join(f.id for f in assessment.flows[:20])
        hint = vocabulary.suggest(flow_id, [f.id for f in assessment.flows], cutoff=0.6)
        err.print(f"[bold red]no flow {flow_id!r} in {map_file}[/]" + (f" (did you mean {hint!r}?)" if hint else "")
                  + f" (flows: {known})")
        sys.exit(EXIT_BAD_MAP)
    if target is None:
        Console().print(explain_tree(assessment, flow, regime))
    else:
        try:
            with open_output(target, text=True) as fh:
                Console(file=fh, width=120, no_color=True).print(explain_tree(assessment, flow, regime))
        except OutputError as exc:
            fail(str(exc))
    if regime and all(r.regime != regime for r in flow.regimes):
        err.print(f"{regime} has no tie to {flow_id} (regimes on it: {', '.join(r.regime for r in flow.regimes) or 'none'})")


def _regime_id(regime: str | None, err: Console) -> str | None:
    """The regime id as the engine writes it (case aside), or exit 2 with the nearest ids."""
    if regime is None:
        return None
    from xborder import vocabulary
    from xborder.rules import REGIMES

    known = {r.id.upper(): r.id for r in REGIMES}
    if regime.upper() in known:
        return known[regime.upper()]
    if regime.upper().startswith(("ORG-", "ZONE-")):  # a map's own policy or a zone's list: checked on the flow
        return regime
    hint = vocabulary.suggest(regime.upper(), known)
    err.print(f"[bold red]no regime {regime!r}[/]" + (f" (did you mean {known[hint]!r}?)" if hint else "")
              + f"; regimes: {', '.join(known.values())}")
    sys.exit(EXIT_BAD_MAP)


def explain_tree(assessment: Assessment, flow, regime: str | None = None) -> Tree:  # type: ignore[no-untyped-def]
    from xborder.report.table import STATUS_STYLE, VERDICT_STYLE

    hop = flow.hop
    root = Tree(f"[bold]{flow.id}[/]: {hop.sender.id} ({hop.sender.location_country}) → "
                f"{hop.recipient.id} ({hop.recipient.location_country})  "
                f"[{STATUS_STYLE[flow.status]}]{flow.status}[/]  (law as of {assessment.as_of})")
    facts = root.add("[bold]facts of the map[/]")
    facts.add(f"datasets: {', '.join(d.id for d in hop.datasets)}; categories: {', '.join(sorted(hop.categories))}")
    facts.add(f"purpose: {hop.flow.purpose or '—'}; necessity: {hop.flow.necessity or '—'}; "
              f"transaction: {hop.flow.transaction or '—'}; safeguards in place: {', '.join(hop.in_place) or 'none'}")
    for why in hop.evidence:
        facts.add(_escape(why))
    for filing in flow.filings:
        facts.add(f"filing {filing.filing.id} ({filing.filing.mechanism}, {filing.state}): {_escape(filing.why)}"
                  + (f"  [dim]{_escape(filing.cite.label)}[/]" if filing.cite else ""))
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
