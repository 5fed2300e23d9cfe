"""`xborder evidence`: plan a request without a data map, seal evidence, keep and verify its
chain of custody, and write the counsel's report. The logic lives in `xborder.evidence`."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import orjson
from rich.console import Console
from rich.table import Table

from xborder.cli.assess_cmd import _date  # the one --as-of parser of the CLI
from xborder.cli.output import OutputError, output_target, write_output
from xborder.evidence.custody import CustodyError, CustodyReport, case_uco, item_id, record, seal, verify_case
from xborder.evidence.standalone import RequestSpecError, load_request_file, parse_spec, plan_request
from xborder.kb import OutOfRange
from xborder.report import evidence as render

EXIT_PROBLEMS = 1  # verification found problems
EXIT_INPUT = 2  # the request, a file or an option is wrong


@click.group()
def evidence() -> None:
    """Evidence requests without a data map, sealed items and their chain of custody."""


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(EXIT_INPUT)


def _write(output: Path | None, text: str) -> None:
    """Print, or write through the CLI's one output helper (checked, atomic, never over a device)."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        write_output(output_target(output), text.encode("utf-8"))
    except OutputError as exc:
        _fail(str(exc))
    click.echo(f"wrote {output}", err=True)


def _time(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.datetime:
    if value is None:
        return dt.datetime.now(dt.UTC)
    try:
        ts = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a time (ISO 8601, e.g. 2026-12-02T09:30:00Z)") from None
    if ts.tzinfo is None:
        raise click.BadParameter(f"{value!r} has no time zone (add Z or +01:00)")
    return ts


def _request_options(f: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--request", "request_file", type=click.Path(path_type=Path, dir_okay=False),
                     help="A request file (YAML); see docs/evidence.md. Flags below are for no file."),
        click.option("--id", "request_id", default="request", show_default=True, help="The request's id."),
        click.option("--authority", help="Country of the requesting authority (ISO code)."),
        click.option("--authority-kind", type=click.Choice(["law-enforcement", "court", "intelligence", "regulator"]),
                     default="law-enforcement", show_default=True),
        click.option("--holder-country", help="Where the holder is established."),
        click.option("--holder-parent", "holder_parents", multiple=True,
                     help="Country of an entity controlling the holder, nearest first; repeatable."),
        click.option("--location", help="Where the data sits."),
        click.option("--data", "data_type", type=click.Choice(["subscriber", "traffic", "content"]), default="content",
                     show_default=True),
        click.option("--subjects", multiple=True, help="Where the people the data is about live; repeatable or a,b."),
        click.option("--not-personal", is_flag=True, help="The data sought is not personal data."),
        click.option("--urgent", is_flag=True, help="An emergency (danger to life or limb)."),
        click.option("--target-country", help="Where the person the request targets is located."),
        click.option("--target-us-person/--target-not-us-person", default=None,
                     help="Whether the target is a US citizen, national or permanent resident."),
        click.option("--as-of", "as_of", callback=_date, help="Apply the law in force on this date (default today)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _plan(kw: dict[str, Any]) -> dict[str, Any]:
    as_of = kw["as_of"]
    try:
        if kw["request_file"] is not None:
            spec, file_as_of = load_request_file(kw["request_file"])
            as_of = as_of or file_as_of
        else:
            missing = [f"--{n.replace('_', '-')}" for n in ("authority", "holder_country", "location") if not kw[n]]
            if missing:
                _fail(f"give --request FILE or {', '.join(missing)}")
            subjects = tuple(c.strip() for s in kw["subjects"] for c in s.split(",") if c.strip())
            target = None
            if kw["target_country"] is not None or kw["target_us_person"] is not None:
                target = {"country": kw["target_country"], "us_person": kw["target_us_person"]}
            spec = parse_spec({
                "id": kw["request_id"], "authority": {"country": kw["authority"], "kind": kw["authority_kind"]},
                "holder": {"country": kw["holder_country"], "parents": list(kw["holder_parents"])},
                "location": kw["location"], "data_type": kw["data_type"], "subjects": list(subjects),
                "personal": not kw["not_personal"], "urgent": kw["urgent"], "target": target})
        return plan_request(spec, as_of)
    except (RequestSpecError, OutOfRange) as exc:
        _fail(str(exc))
        raise AssertionError from None  # unreachable: _fail exits


@evidence.command()
@_request_options
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown", "html"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False))
def plan(fmt: str, output: Path | None, **kw: Any) -> None:
    """Who compels, what bars, which channel lifts every bar and how long it takes."""
    result = _plan(kw)
    if fmt == "json":
        _write(output, orjson.dumps(result, option=orjson.OPT_INDENT_2).decode() + "\n")
    elif fmt == "markdown":
        _write(output, render.plan_markdown(result))
    elif fmt == "html":
        _write(output, render.page(f"Evidence request {result['id']}", [render.plan_html_section(result)]))
    else:
        _write(output, _plan_table(result))


def _plan_table(r: dict[str, Any]) -> str:
    console = Console(width=int(os.environ.get("COLUMNS", "100")), record=True, file=io.StringIO())
    console.print(f"[bold]{r['id']}[/]: {r['authority']['country']} {r['authority']['kind']} → "
                  f"{r['holder']['entity']} ({r['holder']['country']}), data in {r['location']['country']}, "
                  f"as of {r['as_of']}", markup=True, highlight=False)
    for label, items in (("compelled by", r["compelled_by"]), ("blocked by", r["blocked_by"])):
        names = ", ".join(f"{f['regime']} ({f['citation']})" for f in items) or "nothing encoded"
        console.print(f"{label}: {names}", markup=False, highlight=False)
    console.print(f"conflict: {'yes' if r['conflict'] else 'no'}", markup=False)
    table = Table("channel", "lifts", "still blocked by", "duration", expand=False)
    for c in r["channels"]:
        days = c["duration"]["days"]
        table.add_row(c["id"], ", ".join(c["lifts"]) or "—", ", ".join(c["still_blocked_by"]) or "—",
                      f"{days} days" if days is not None else "unknown")
    console.print(table)
    console.print(f"recommended: {r['recommended_channel'] or 'none'}" +
                  (f" (preserve first: {r['preserve_first']})" if r["preserve_first"] else ""), markup=False)
    for s in r["timeline"]["steps"]:
        console.print(f"  · {s['step']}: {render._duration(s)}" + (f" ({s['source']})" if s["source"] else ""),
                      markup=False, highlight=False)
    return console.export_text()


def _open_ledger(url: str) -> Any:
    from xborder.ledger import LedgerError, open_store

    if "://" not in url and not Path(url).is_file():
        _fail(f"--ledger: {url} does not exist (create it with `xborder ledger init {url} --key LOG.key`)")
    try:
        store = open_store(url)
        _ = store.origin
        return store
    except LedgerError as exc:
        _fail(f"--ledger: {exc}")


@evidence.command("seal")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--case", required=True, help="The case id.")
@click.option("--by", "by", required=True, help="Who collected the items (an id).")
@click.option("--ledger", "ledger_url", required=True, help="The custody ledger (SQLite path or PostgreSQL URL).")
@click.option("--at", "at", callback=_time, help="When they were collected (default now, UTC).")
def seal_cmd(files: tuple[Path, ...], case: str, by: str, ledger_url: str, at: dt.datetime) -> None:
    """Fingerprint FILES (SHA-256, size) and record their collection in the custody ledger."""
    for path in files:
        if not path.is_file():
            _fail(f"{path}: not a regular file")
    store = _open_ledger(ledger_url)
    try:
        sealed = seal(store, case, files, by, at)
    except CustodyError as exc:
        _fail(str(exc))
    finally:
        store.close()
    for index, ev in sealed:
        click.echo(f"sealed {ev.item}: sha256 {ev.sha256}, {ev.size} bytes, collected by {ev.by} at {ev.time} "
                   f"(entry {index})")


@evidence.command("event")
@click.option("--case", required=True)
@click.option("--item", required=True, help="The item id (as `seal` printed it).")
@click.option("--event", "event", required=True,
              type=click.Choice(["transferred", "received", "opened", "produced"]))
@click.option("--by", "by", required=True, help="Who acts (an id).")
@click.option("--to", "to", help="The recipient of a transfer (an id).")
@click.option("--file", "path", type=click.Path(path_type=Path, dir_okay=False),
              help="The item's file, fingerprinted again for this event.")
@click.option("--sha256", help="The item's fingerprint, where the file is not at hand.")
@click.option("--ledger", "ledger_url", required=True)
@click.option("--at", "at", callback=_time, help="When (default now, UTC).")
def event_cmd(case: str, item: str, event: str, by: str, to: str | None, path: Path | None, sha256: str | None,
              ledger_url: str, at: dt.datetime) -> None:
    """Record a custody event (transferred, received, opened, produced) for a sealed item."""
    store = _open_ledger(ledger_url)
    try:
        index, ev = record(store, case, item, event, by, at, path=path, to=to, sha256=sha256)
    except CustodyError as exc:
        _fail(str(exc))
    finally:
        store.close()
    click.echo(f"recorded {ev.item} {ev.event} by {ev.by}" + (f" to {ev.to}" if ev.to else "") +
               f" at {ev.time} (entry {index})")


def _keys(log_key: str | None, witnesses: tuple[str, ...]) -> tuple[Any, tuple[Any, ...]]:
    from xborder.ledger import VerifierKey
    from xborder.ledger.note import NoteError

    def parse(text: str, what: str) -> VerifierKey:
        raw = Path(text).read_text(encoding="utf-8") if Path(text).is_file() else text
        try:
            return VerifierKey.parse(raw)
        except (NoteError, ValueError) as exc:
            _fail(f"{what}: not a verifier key ({exc})")
            raise AssertionError from None

    return (parse(log_key, "--log-key") if log_key else None), tuple(parse(w, "--witness") for w in witnesses)


def _files(files: tuple[str, ...]) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for spec in files:
        item, sep, path = spec.partition("=")
        p = Path(path if sep else item)
        if not p.is_file():
            _fail(f"{p}: not a regular file")
        out[item if sep else item_id(p)] = p
    return out


def _custody(case: str, ledger_url: str, files: tuple[str, ...], log_key: str | None, witnesses: tuple[str, ...],
             quorum: int | None) -> CustodyReport:
    key, wits = _keys(log_key, witnesses)
    if quorum is not None and not wits:
        _fail("--quorum: give the witnesses' keys with --witness")
    store = _open_ledger(ledger_url)
    try:
        return verify_case(store, case, _files(files), key, wits, quorum)
    except (CustodyError, ValueError) as exc:
        _fail(str(exc))
        raise AssertionError from None
    finally:
        store.close()


_custody_options = [
    click.option("--case", required=True),
    click.option("--ledger", "ledger_url", required=True),
    click.option("--file", "files", multiple=True, help="An item's file to re-hash: PATH or ITEM=PATH; repeatable."),
    click.option("--log-key", help="Pin the log's verifier key (file or string); else the ledger's own is used."),
    click.option("--witness", "witnesses", multiple=True, help="A witness verifier key; repeatable."),
    click.option("--quorum", type=click.IntRange(min=1), help="Witnesses needed (default: all given)."),
]


def _with_custody_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_custody_options):
        f = option(f)
    return f


@evidence.command("verify")
@_with_custody_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html", "case-uco"]), default="text",
              show_default=True, help="case-uco: the record as CASE/UCO JSON-LD.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False))
def verify_cmd(case: str, ledger_url: str, files: tuple[str, ...], log_key: str | None, witnesses: tuple[str, ...],
               quorum: int | None, fmt: str, output: Path | None) -> None:
    """Re-hash the items, prove every custody event against the witnessed checkpoint, check the chain."""
    checked = _custody(case, ledger_url, files, log_key, witnesses, quorum)
    report = checked.as_dict()
    if fmt == "json":
        _write(output, orjson.dumps(report, option=orjson.OPT_INDENT_2).decode() + "\n")
    elif fmt == "case-uco":
        _write(output, orjson.dumps(case_uco(checked), option=orjson.OPT_INDENT_2).decode() + "\n")
    elif fmt == "markdown":
        _write(output, render.custody_markdown(report))
    elif fmt == "html":
        _write(output, render.page(f"Custody record {case}", [render.custody_html_section(report)]))
    else:
        _write(output, render.custody_markdown(report))
    if report["log_key"] != "given":
        click.echo("note: the log key is the ledger's own and unauthenticated; pin it with --log-key", err=True)
    if not report["ok"]:
        click.echo(f"custody of case {case}: {len(report['problems'])} problem(s); first: {report['problems'][0]}",
                   err=True)
        raise SystemExit(EXIT_PROBLEMS)


@evidence.command("report")
@_request_options
@click.option("--case", help="A custody case to include.")
@click.option("--ledger", "ledger_url", help="The custody ledger of --case.")
@click.option("--file", "files", multiple=True, help="An item's file to re-hash: PATH or ITEM=PATH; repeatable.")
@click.option("--log-key")
@click.option("--witness", "witnesses", multiple=True)
@click.option("--quorum", type=click.IntRange(min=1))
@click.option("--format", "fmt", type=click.Choice(["markdown", "html"]), default="markdown", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False))
def report_cmd(case: str | None, ledger_url: str | None, files: tuple[str, ...], log_key: str | None,
               witnesses: tuple[str, ...], quorum: int | None, fmt: str, output: Path | None, **kw: Any) -> None:
    """The counsel's report: the request, the conflict article by article, the route and its time line,
    and the custody record."""
    result = _plan(kw)
    custody = None
    if case is not None:
        if ledger_url is None:
            _fail("--case needs --ledger")
        custody = _custody(case, ledger_url, files, log_key, witnesses, quorum).as_dict()
    if fmt == "html":
        sections = [render.plan_html_section(result)] + ([render.custody_html_section(custody)] if custody else [])
        _write(output, render.page("Counsel's report", sections))
    else:
        _write(output, render.counsel_markdown(result, custody))


COMMANDS = [evidence]
