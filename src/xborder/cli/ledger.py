"""`xborder ledger ...`: the transfer ledger from the command line.

A thin shell over `xborder.ledger`: it reads files, prints (Rich tables, JSON) and maps
outcomes to exit codes -- 0 ok, 1 verification failed or a transfer refused,
2 usage or operational error (bad arguments, missing ledger or key).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
import orjson
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from xborder.ledger.audit import audit
from xborder.ledger.bundles import ConsistencyProof, InclusionProof
from xborder.ledger.events import EventError, TransferEvent
from xborder.ledger.note import (
    Checkpoint,
    NoteError,
    SignatureError,
    SignedNote,
    SigningKey,
    VerifierKey,
    sign_checkpoint,
)
from xborder.ledger.offline import verify_consistency_offline, verify_inclusion_offline
from xborder.ledger.report import render_svg, summarise
from xborder.ledger.storage import LedgerError, LedgerStore, open_store
from xborder.ledger.verify import ProofError
from xborder.ledger.witness import Policy, Witness, WitnessRefusal

EXIT_FAILED = 1
EXIT_USAGE = 2

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    err.print(f"[red]error:[/red] {message}")
    sys.exit(code)


def _open(url: str, *, must_exist: bool = True) -> LedgerStore:
    if must_exist and "://" not in url and not Path(url).exists():
        _fail(f"no ledger at {url} (create one with `xborder ledger init`)")
    try:
        store = open_store(url)
        if must_exist:
            store.origin  # noqa: B018 - raises LedgerError when not initialised
        return store
    except LedgerError as exc:
        _fail(str(exc))
    except Exception as exc:  # driver errors: unreachable server, bad file
        _fail(f"cannot open ledger {url}: {exc}")


def _read_text(value: str) -> str:
    p = Path(value)
    return p.read_text() if p.exists() else value


def _vkey(value: str) -> VerifierKey:
    try:
        return VerifierKey.parse(_read_text(value).strip())
    except (NoteError, OSError) as exc:
        _fail(f"bad verifier key {value!r}: {exc}")


def _skey(path: str) -> SigningKey:
    try:
        return SigningKey.parse(Path(path).read_text())
    except (NoteError, OSError) as exc:
        _fail(f"bad signing key {path!r}: {exc}")


def _write_key(path: Path, key: SigningKey) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key.encode() + "\n")
    Path(f"{path}.pub").write_text(key.verifier().encode() + "\n")


def _emit_json(obj: Any) -> None:
    click.echo(json.dumps(obj, indent=2))


def _policy(log_key: VerifierKey, witnesses: Sequence[str], quorum: int | None) -> Policy:
    keys = tuple(_vkey(w) for w in witnesses)
    try:
        return Policy(log_key, keys, len(keys) if quorum is None else quorum)
    except ValueError as exc:
        _fail(str(exc))


format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


@click.group()
def ledger() -> None:
    """The tamper-evident transfer ledger (RFC 9162 log, signed and witnessed checkpoints).

    LEDGER is a path (SQLite) or a postgresql:// URL.
    """


@ledger.command()
@click.argument("name")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Private key file to create (the public key goes to OUT.pub).")
@click.option("--witness", is_flag=True, help="Make a witness cosigning key (cosignature/v1).")
def keygen(name: str, out_path: Path, witness: bool) -> None:
    """Create an Ed25519 note key NAME (a log's key name is its origin)."""
    try:
        key = SigningKey.generate(name, witness=witness)
        _write_key(out_path, key)
    except FileExistsError:
        _fail(f"{out_path} exists; refusing to overwrite a key")
    except NoteError as exc:
        _fail(str(exc))
    click.echo(key.verifier().encode())


@ledger.command()
@click.argument("ledger_url", metavar="LEDGER")
@click.option("--key", "key_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Log signing key; created (with KEY.pub) if absent.")
@click.option("--origin", help="Log origin, e.g. example.com/xborder/transfers (needed to create a key).")
def init(ledger_url: str, key_path: Path, origin: str | None) -> None:
    """Create a ledger and pin its origin and log public key."""
    if key_path.exists():
        key = _skey(str(key_path))
        if origin and origin != key.name:
            _fail(f"key {key_path} is named {key.name!r}, not {origin!r}")
    else:
        if not origin:
            _fail("--origin is needed to create a new log key")
        try:
            key = SigningKey.generate(origin)
        except NoteError as exc:
            _fail(str(exc))
        _write_key(key_path, key)
    store = _open(ledger_url, must_exist=False)
    with store:
        try:
            store.initialise(key.name, key.verifier())
        except LedgerError as exc:
            _fail(str(exc))
        click.echo(f"ledger {store.url} origin {key.name}")
        click.echo(f"log key: {key.verifier().encode()}")


def _read_events(source: Any) -> Iterator[tuple[int, TransferEvent]]:
    for lineno, line in enumerate(source, 1):
        if line.strip():
            try:
                yield lineno, TransferEvent.from_json(line)
            except EventError as exc:
                _fail(f"line {lineno}: {exc}")


@ledger.command()
@click.argument("ledger_url", metavar="LEDGER")
@click.argument("events", type=click.File("r"), default="-")
@click.option("--batch", default=10000, show_default=True, help="Entries per atomic batch.")
def append(ledger_url: str, events: Any, batch: int) -> None:
    """Append transfer events (JSON lines) from EVENTS (default stdin), in atomic batches.

    Every event is validated before the first batch is written.
    """
    items = [ev for _, ev in _read_events(events)]
    with _open(ledger_url) as store:
        first = store.size()
        with Progress(TextColumn("appending"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=err, transient=True, disable=len(items) < 50000) as bar:
            task = bar.add_task("append", total=len(items))
            for i in range(0, len(items), batch):
                store.append(items[i : i + batch])
                bar.advance(task, len(items[i : i + batch]))
        size = store.size()
    if items:
        click.echo(f"appended {len(items)} entries (indexes {first}..{first + len(items) - 1}); size {size}")
    else:
        click.echo(f"nothing to append; size {size}")


@ledger.command()
@click.argument("ledger_url", metavar="LEDGER")
@click.option("--key", "key_path", required=True, help="The log signing key.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write the note here.")
def checkpoint(ledger_url: str, key_path: str, out_path: Path | None) -> None:
    """Sign a checkpoint of the current tree, store it and print it."""
    key = _skey(key_path)
    with _open(ledger_url) as store:
        if key.verifier() != store.log_key:
            _fail("this key is not the ledger's pinned log key")
        size = store.size()
        note = sign_checkpoint(Checkpoint(store.origin, size, store.root(size)), key)
        stored = store.add_checkpoint(note)
    if out_path:
        out_path.write_text(stored.note)
    click.echo(stored.note, nl=False)


@ledger.command()
@click.argument("ledger_url", metavar="LEDGER")
@click.option("--witness-key", required=True, help="The witness's private cosigning key.")
@click.option("--state", "state_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The witness's state file (last cosigned size and root per log).")
@click.option("--log-key", required=True, help="The log's verifier key (file or string), as the witness pinned it.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write the note here.")
def cosign(ledger_url: str, witness_key: str, state_path: Path, log_key: str, out_path: Path | None) -> None:
    """As a witness: check the latest checkpoint is consistent with what you last cosigned, then cosign it.

    Exit 1 (and no cosignature) on a bad log signature, a rollback or a fork.
    """
    witness = Witness(_skey(witness_key), state_path)
    pinned = _vkey(log_key)
    with _open(ledger_url) as store:
        latest = store.latest_checkpoint()
        if latest is None:
            _fail("the ledger has no checkpoint yet (run `xborder ledger checkpoint`)")
        prev = witness.last(pinned.name)
        proof: tuple[bytes, ...] = ()
        if prev is not None and 0 < prev.size <= latest.size:
            proof = store.consistency_proof(prev.size, latest.size).proof
        try:
            cosigned = witness.cosign(latest.note, pinned, proof)
        except WitnessRefusal as exc:
            _fail(f"witness {witness.key.name} refuses: {exc}", EXIT_FAILED)
        stored = store.add_checkpoint(cosigned)
    if out_path:
        out_path.write_text(stored.note)
    click.echo(stored.note, nl=False)


@ledger.command()
@click.argument("ledger_url", metavar="LEDGER")
@click.option("--log-key", help="Pin the log key (file or string) instead of trusting the one stored.")
@click.option("--witness", "witnesses", multiple=True, help="A witness verifier key (file or string); repeatable.")
@click.option("--quorum", type=int, help="Witnesses needed on the latest checkpoint (default: all given).")
@format_option
def verify(ledger_url: str, log_key: str | None, witnesses: tuple[str, ...], quorum: int | None, fmt: str) -> None:
    """Recompute the whole log from its leaves; name the first bad leaf, node or checkpoint.

    Exit 1 if anything does not match.
    """
    with _open(ledger_url) as store:
        if log_key and _vkey(log_key) != store.log_key:
            _fail("the ledger's stored log key differs from the pinned one", EXIT_FAILED)
        policy = _policy(store.log_key, witnesses, quorum) if witnesses else None
        size = store.size()
        with Progress(TextColumn("verifying"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=err, transient=True, disable=size < 200000) as bar:
            task = bar.add_task("verify", total=size)
            report = audit(store, policy=policy, progress=lambda n: bar.update(task, completed=n))
    first = report.first_bad
    if fmt == "json":
        _emit_json({
            "ok": report.ok, "tree_size": report.size, "root_hash": report.root.hex(),
            "leaves_checked": report.leaves_checked, "nodes_checked": report.nodes_checked,
            "checkpoints_checked": report.checkpoints_checked, "problem_count": report.problem_count,
            "first_bad": None if first is None else {"kind": first.kind, "index": first.index,
                                                     "level": first.level, "node_index": first.node_index,
                                                     "detail": first.describe()},
            "problems": [p.describe() for p in report.problems],
        })
    elif report.ok:
        click.echo(f"ok: {report.leaves_checked} leaves, {report.nodes_checked} nodes, "
                   f"{report.checkpoints_checked} checkpoints; root {report.root.hex()}")
    else:
        click.echo(f"TAMPERED: {report.problem_count} problem(s); first bad: {first.describe() if first else '?'}")
        for p in report.problems[:20]:
            click.echo(f"  - {p.describe()}")
    if not report.ok:
        sys.exit(EXIT_FAILED)


@ledger.command()
@click.argument("ledger_url", metavar="LEDGER")
@click.argument("index", type=int)
@click.option("--size", type=int, help="Tree size to prove against (default: the latest checkpoint's, else current).")
@format_option
def prove(ledger_url: str, index: int, size: int | None, fmt: str) -> None:
    """Inclusion proof of leaf INDEX (audit path in RFC 9162 order, leaf side first)."""
    with _open(ledger_url) as store:
        if size is None:
            latest = store.latest_checkpoint()
            size = latest.size if latest and latest.size > index else store.size()
        try:
            p = store.inclusion_proof(index, size)
            data = store.leaf(index)
        except LedgerError as exc:
            _fail(str(exc))
    if fmt == "json":
        _emit_json({**p.to_json(), "leaf_data": data.decode("utf-8", "replace")})
        return
    click.echo(f"leaf {p.leaf_index} of tree size {p.tree_size}")
    click.echo(f"leaf hash  {p.leaf_hash.hex()}")
    click.echo(f"root hash  {p.root_hash.hex()}")
    for i, h in enumerate(p.audit_path):
        click.echo(f"  path[{i}] {h.hex()}")


@ledger.command()
@click.argument("ledger_url", metavar="LEDGER")
@click.argument("old", type=int)
@click.argument("new", type=int)
@format_option
def consistency(ledger_url: str, old: int, new: int, fmt: str) -> None:
    """Consistency proof that the tree of size NEW extends the tree of size OLD."""
    with _open(ledger_url) as store:
        try:
            p = store.consistency_proof(old, new)
        except LedgerError as exc:
            _fail(str(exc))
    if fmt == "json":
        _emit_json(p.to_json())
        return
    click.echo(f"sizes {p.old_size} -> {p.new_size}")
    click.echo(f"old root {p.old_root.hex()}")
    click.echo(f"new root {p.new_root.hex()}")
    for i, h in enumerate(p.proof):
        click.echo(f"  proof[{i}] {h.hex()}")


@ledger.command("verify-proof")
@click.argument("proof_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--checkpoint", "checkpoint_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              required=True, help="The (new) checkpoint note the proof must lead to.")
@click.option("--old-checkpoint", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="For a consistency proof: the older checkpoint note.")
@click.option("--log-key", required=True, help="The log's verifier key (file or string).")
@click.option("--witness", "witnesses", multiple=True, help="A witness verifier key; repeatable.")
@click.option("--quorum", type=int, help="Witness cosignatures required (default: all given).")
@click.option("--leaf", "leaf_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The leaf's bytes, to check they hash to the proven leaf.")
def verify_proof(proof_file: Path, checkpoint_file: Path, old_checkpoint: Path | None, log_key: str,
                 witnesses: tuple[str, ...], quorum: int | None, leaf_file: Path | None) -> None:
    """Offline: check a proof (from `prove`/`consistency --format json`) against witnessed checkpoints.

    Needs no ledger access. Exit 1 if the proof, signatures or witness quorum fail.
    """
    policy = _policy(_vkey(log_key), witnesses, quorum)
    try:
        obj = orjson.loads(proof_file.read_bytes())
        if "audit_path" in obj:
            proof = InclusionProof.from_json(obj)
            leaf = leaf_file.read_bytes() if leaf_file else (
                obj["leaf_data"].encode() if isinstance(obj.get("leaf_data"), str) else None)
            cp, good = verify_inclusion_offline(proof, checkpoint_file.read_text(), policy, leaf)
            click.echo(f"ok: leaf {proof.leaf_index} is in {cp.origin} at size {cp.size}"
                       f"{' (leaf data checked)' if leaf is not None else ''}; "
                       f"witnessed by {', '.join(good) or 'no witness'}")
        else:
            if old_checkpoint is None:
                _fail("a consistency proof needs --old-checkpoint")
            cproof = ConsistencyProof.from_json(obj)
            old, new = verify_consistency_offline(cproof, old_checkpoint.read_text(),
                                                  checkpoint_file.read_text(), policy)
            click.echo(f"ok: {new.origin} size {new.size} extends size {old.size}")
    except (ProofError, NoteError, SignatureError) as exc:
        _fail(f"verification failed: {exc}", EXIT_FAILED)
    except orjson.JSONDecodeError as exc:
        _fail(f"{proof_file} is not JSON: {exc}")


@ledger.command()
@click.argument("ledger_url", metavar="LEDGER")
@click.option("--last", default=10, show_default=True, help="Show this many of the latest entries.")
@click.option("--index", type=int, help="Show one entry in full.")
@format_option
def show(ledger_url: str, last: int, index: int | None, fmt: str) -> None:
    """The ledger's origin, size, root, checkpoints (with cosigners) and latest entries."""
    with _open(ledger_url) as store:
        if index is not None:
            try:
                data = store.leaf(index)
            except LedgerError as exc:
                _fail(str(exc))
            click.echo(json.dumps(orjson.loads(data), indent=2) if fmt == "text" else data.decode())
            return
        size = store.size()
        root = store.root(size)
        cps = store.checkpoints()
        entries = list(store.iter_leaves(max(0, size - last), size))
        info = {"ledger": store.url, "origin": store.origin, "log_key": store.log_key.encode(),
                "tree_size": size, "root_hash": root.hex()}
    if fmt == "json":
        _emit_json({**info, "checkpoints": [
            {"size": c.size, "root_hash": c.root.hex(), "created_at": c.created_at,
             "signers": [s.name for s in SignedNote.parse(c.note).signatures]} for c in cps],
            "entries": [{"index": i, "leaf_hash": h.hex(), "leaf": orjson.loads(d)} for i, h, d in entries]})
        return
    for k, v in info.items():
        out.print(f"[bold]{k}[/bold]: {v}")
    if cps:
        t = Table(title="Checkpoints")
        for col in ("size", "root", "created", "signed by"):
            t.add_column(col)
        for c in cps[-10:]:
            t.add_row(str(c.size), c.root.hex()[:16] + "…", c.created_at,
                      ", ".join(s.name for s in SignedNote.parse(c.note).signatures))
        out.print(t)
    t = Table(title=f"Latest {len(entries)} of {size} entries")
    for col in ("#", "time", "flow", "from → to", "individuals", "status", "instruments"):
        t.add_column(col)
    for i, _, d in entries:
        try:
            e = orjson.loads(d)
            t.add_row(str(i), e["time"], e["flow"], f"{e['countries']['from']} → {e['countries']['to']}",
                      f"{e['individuals']:,}", e["verdict"]["status"], ", ".join(e["instruments"]) or "-")
        except (orjson.JSONDecodeError, KeyError, TypeError):
            t.add_row(str(i), "-", "(not an event)", "", "", "", "")
    out.print(t)


@ledger.command()
@click.argument("ledger_url", metavar="LEDGER")
@click.option("--period", type=click.Choice(["day", "month", "quarter", "year"]), default="month", show_default=True)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First day included.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last day included.")
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), help="Write an SVG chart here.")
@click.option("--metric", type=click.Choice(["individuals", "events", "records"]), default="individuals",
              show_default=True, help="What the chart's bars measure.")
@format_option
def report(ledger_url: str, period: str, since: dt.datetime | None, until: dt.datetime | None,
           chart: Path | None, metric: str, fmt: str) -> None:
    """What left for where, on which grounds, per period (table or JSON, optional SVG chart)."""
    with _open(ledger_url) as store:
        summary = summarise(store, period,  # type: ignore[arg-type]
                            since.date() if since else None, until.date() if until else None)
        origin = store.origin
    if chart:
        chart.write_text(render_svg(summary.rows, metric, f"{origin}"))  # type: ignore[arg-type]
    if fmt == "json":
        _emit_json({"origin": origin, "period": period, "leaves": summary.leaves, "skipped": summary.skipped,
                    "rows": [r.as_dict() for r in summary.rows]})
        return
    t = Table(title=f"Transfers recorded in {origin}, per {period}")
    for col, justify in (("period", "left"), ("from", "left"), ("to", "left"), ("grounds", "left"),
                         ("events", "right"), ("individuals", "right"), ("records", "right"),
                         ("importers", "left")):
        t.add_column(col, justify=justify)  # type: ignore[arg-type]
    for r in summary.rows:
        t.add_row(r.period, r.origin, r.destination, r.grounds, f"{r.events:,}", f"{r.individuals:,}",
                  f"{r.records:,}" if r.records else "-", ", ".join(sorted(r.importers)))
    out.print(t)
    if summary.skipped:
        out.print(f"{summary.skipped} leaves are not transfer events and were skipped")
    if chart:
        out.print(f"chart written to {chart}")


# --- `xborder assess --record LEDGER` ---------------------------------------------------------


def record_options(command: F) -> F:
    """Add ``--record LEDGER`` and ``--ran FLOW`` to an assess command (params ``record``, ``ran``)."""
    command = click.option("--ran", multiple=True, metavar="FLOW[,FLOW]",
                           help="With --record: the flows that ran (default: every flow in the map).")(command)
    return click.option("--record", metavar="LEDGER",
                        help="Append one ledger event per compliant transfer that ran; refuse "
                             "(exit 1, nothing appended) if any is prohibited or not compliant.")(command)


def record_from_cli(ledger_url: str, datamap: Any, assessment: Any, ran: Sequence[str]) -> int:
    """Record the assessed transfers; returns the exit code (0 recorded, 1 refused, 2 error)."""
    from xborder.ledger.recording import RecordingRefused, flows_from_option, record_transfers

    store = _open(ledger_url)
    try:
        with store:
            indexes = record_transfers(store, datamap, assessment, flows_from_option(ran))
            size = store.size()
    except RecordingRefused as exc:
        err.print(f"[red]refused:[/red] {exc}")
        return EXIT_FAILED
    except (LedgerError, EventError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        return EXIT_USAGE
    if indexes:
        err.print(f"recorded {len(indexes)} transfer(s) in {ledger_url}: indexes "
                  f"{indexes[0]}..{indexes[-1]}, size {size}")
    return 0
