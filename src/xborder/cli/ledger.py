"""`xborder ledger ...`: the transfer ledger from the command line.

A thin shell over `xborder.ledger`: it reads files, prints (Rich tables, JSON) and maps
outcomes to exit codes -- 0 ok, 1 verification failed or a transfer refused,
2 usage or operational error (bad arguments or input, missing ledger or key, an output
that cannot be written); see docs/ledger.md. Every message that shows a ledger URL goes
through `xborder.redact`, so a password never reaches the terminal.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click
import orjson
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from xborder.ledger.audit import Pin, Problem, audit
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
from xborder.ledger.verify import ProofError, verify_consistency
from xborder.ledger.witness import Policy, Witness, WitnessRefusal, WitnessStateError, load_witness_state, witnessed_state
from xborder.redact import redact_text, redact_url

EXIT_FAILED = 1
EXIT_USAGE = 2

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

_urls: list[str] = []  # ledger URLs given on this command line: their passwords are masked everywhere


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    err.print("[red]error:[/red] ", end="")
    err.print(redact_text(message, *_urls), markup=False)
    sys.exit(code)


def _open(url: str, *, must_exist: bool = True) -> LedgerStore:
    _urls.append(url)
    shown = redact_url(url)
    if must_exist and "://" not in url and not Path(url.removeprefix("sqlite:///")).exists():
        _fail(f"no ledger at {shown} (create one with `xborder ledger init`)")
    try:
        store = open_store(url)
    except LedgerError as exc:
        _fail(str(exc))
    except Exception as exc:  # driver errors: unreachable server, bad file
        _fail(f"cannot open ledger {shown}: {exc}")
    try:
        if must_exist:
            store.origin  # noqa: B018 - raises LedgerError when not initialised
        return store
    except LedgerError as exc:
        store.close()
        _fail(str(exc))
    except Exception as exc:  # e.g. not an SQLite file
        store.close()
        _fail(f"cannot read ledger {shown}: {exc}")


def _writable(path: Path | None, option: str) -> None:
    """Refuse an output path before any state changes, so nothing is left half-done."""
    if path is None:
        return
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        _fail(f"{option} {path}: is a folder, not a file")
    if not parent.is_dir():
        _fail(f"{option} {path}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        _fail(f"{option} {path}: not writable")


def _write_output(path: Path, text: str, option: str) -> None:
    """Write atomically (temporary file beside it, then rename) so a reader never sees half."""
    tmp = path.with_name(f".{path.name}.partial")
    try:
        tmp.write_text(text)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        _fail(f"{option} {path}: cannot write: {exc.strerror or exc}")


def _ranges(indexes: Sequence[int]) -> str:
    """1,2,3,7,8 -> '1..3, 7..8': the exact indexes written, even when other writers interleave."""
    spans: list[list[int]] = []
    for i in indexes:
        if spans and spans[-1][1] == i - 1:
            spans[-1][1] = i
        else:
            spans.append([i, i])
    return ", ".join(f"{a}..{b}" for a, b in spans)


def _read_text(value: str) -> str:
    p = Path(value)
    return p.read_text() if p.is_file() else value


def _vkey(value: str) -> VerifierKey:
    try:
        return VerifierKey.parse(_read_text(value).strip())
    except (NoteError, OSError, UnicodeDecodeError) as exc:
        _fail(f"bad verifier key {value!r}: {exc}")


def _skey(path: str) -> SigningKey:
    try:
        return SigningKey.parse(Path(path).read_text())
    except (NoteError, OSError, UnicodeDecodeError) as exc:
        _fail(f"bad signing key {path!r}: {exc}")


def _note_file(path: Path, option: str) -> str:
    try:
        return path.read_text()
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"{option} {path}: cannot read: {exc}")


def _write_key(path: Path, key: SigningKey) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key.encode() + "\n")
    Path(f"{path}.pub").write_text(key.verifier().encode() + "\n")


def _emit_json(obj: Any) -> None:
    click.echo(json.dumps(obj, indent=2))


def _policy(log_key: VerifierKey, witnesses: Sequence[str], quorum: int | None) -> Policy:
    """The witness policy: ``quorum`` of ``witnesses`` (default: all of them)."""
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
    _writable(out_path, "--out")
    try:
        key = SigningKey.generate(name, witness=witness)
        _write_key(out_path, key)
    except FileExistsError:
        _fail(f"{out_path} exists; refusing to overwrite a key")
    except NoteError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"--out {out_path}: cannot write: {exc.strerror or exc}")
    click.echo(key.verifier().encode())


@ledger.command()
@click.argument("ledger_url", metavar="LEDGER")
@click.option("--key", "key_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Log signing key; created (with KEY.pub) if absent.")
@click.option("--origin", help="Log origin, e.g. example.com/xborder/transfers (needed to create a key).")
def init(ledger_url: str, key_path: Path, origin: str | None) -> None:
    """Create a ledger and pin its origin and log public key."""
    new_key = not key_path.exists()
    if not new_key:
        key = _skey(str(key_path))
        if origin and origin != key.name:
            _fail(f"key {key_path} is named {key.name!r}, not {origin!r}")
    else:
        if not origin:
            _fail("--origin is needed to create a new log key")
        _writable(key_path, "--key")
        try:
            key = SigningKey.generate(origin)
        except NoteError as exc:
            _fail(str(exc))
    store = _open(ledger_url, must_exist=False)
    with store:
        try:
            if new_key and store.get_meta("log_key") is not None:
                _fail(f"{store.url} is already initialised with another log key; no key was created")
            store.initialise(key.name, key.verifier())
        except LedgerError as exc:
            _fail(str(exc))
        except Exception as exc:  # e.g. not an SQLite file
            _fail(f"cannot initialise {store.url}: {exc}")
        if new_key:  # only once the ledger pinned it: a refusal leaves no stray key behind
            _write_key(key_path, key)
        click.echo(f"ledger {redact_url(store.url)} origin {key.name}")
        click.echo(f"log key: {key.verifier().encode()}")


def _read_events(source: Any, name: str) -> Iterator[tuple[int, TransferEvent]]:
    for lineno, raw in enumerate(source, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            _fail(f"{name}: line {lineno}: not UTF-8 text (byte {exc.start + 1}); nothing was appended")
        if line.strip():
            try:
                yield lineno, TransferEvent.from_json(line)
            except EventError as exc:
                _fail(f"{name}: line {lineno}: {exc}; nothing was appended")


@ledger.command()
@click.argument("ledger_url", metavar="LEDGER")
@click.argument("events", type=click.File("rb"), default="-")
@click.option("--batch", default=10000, show_default=True, type=click.IntRange(1, 1_000_000),
              help="Entries per atomic batch.")
def append(ledger_url: str, events: Any, batch: int) -> None:
    """Append transfer events (JSON lines) from EVENTS (default stdin), in atomic batches.

    Every event is validated before the first batch is written. The indexes printed are
    the ones each batch's own transaction wrote.
    """
    name = getattr(events, "name", "-")
    name = "stdin" if name in ("-", "<stdin>") or not isinstance(name, str) else name
    items = [ev for _, ev in _read_events(events, name)]
    written: list[int] = []
    with _open(ledger_url) as store:
        with Progress(TextColumn("appending"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=err, transient=True, disable=len(items) < 50000) as bar:
            task = bar.add_task("append", total=len(items))
            for i in range(0, len(items), batch):
                try:
                    written += store.append(items[i : i + batch])
                except Exception as exc:  # storage failure: say exactly what is durable
                    done = (f"{len(written)} entries were appended (indexes {_ranges(written)}) before it"
                            if written else "nothing was appended")
                    _fail(f"append failed: {exc}; {done}")
                bar.advance(task, len(items[i : i + batch]))
        size = store.size()
    if written:
        click.echo(f"appended {len(written)} entries (indexes {_ranges(written)}); size {size}")
    else:
        click.echo(f"nothing to append; size {size}")


@ledger.command()
@click.argument("ledger_url", metavar="LEDGER")
@click.option("--key", "key_path", required=True, help="The log signing key.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write the note here.")
def checkpoint(ledger_url: str, key_path: str, out_path: Path | None) -> None:
    """Sign a checkpoint of the current tree, store it and print it."""
    _writable(out_path, "--out")  # before the checkpoint is stored: nothing half-done
    key = _skey(key_path)
    with _open(ledger_url) as store:
        if key.verifier() != store.log_key:
            _fail("this key is not the ledger's pinned log key")
        try:
            size = store.size()
            note = sign_checkpoint(Checkpoint(store.origin, size, store.root(size)), key)
            stored = store.add_checkpoint(note)
        except (LedgerError, NoteError) as exc:
            _fail(str(exc))
    if out_path:
        _write_output(out_path, stored.note, "--out")
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
    _writable(out_path, "--out")  # before the witness state moves on
    try:
        witness = Witness(_skey(witness_key), state_path)
    except NoteError as exc:
        _fail(f"--witness-key {witness_key}: {exc}")
    pinned = _vkey(log_key)
    with _open(ledger_url) as store:
        latest = store.latest_checkpoint()
        if latest is None:
            _fail("the ledger has no checkpoint yet (run `xborder ledger checkpoint`)")
        try:
            prev = witness.last(pinned.name)
            proof: tuple[bytes, ...] = ()
            if prev is not None and 0 < prev.size <= latest.size:
                proof = store.consistency_proof(prev.size, latest.size).proof
            cosigned = witness.cosign(latest.note, pinned, proof)
        except WitnessRefusal as exc:
            _fail(f"witness {witness.key.name} refuses: {exc}", EXIT_FAILED)
        except WitnessStateError as exc:
            _fail(f"{exc}; nothing was cosigned")
        except (LedgerError, OSError) as exc:
            _fail(f"cannot cosign: {exc}")
        try:
            stored = store.add_checkpoint(cosigned)
        except LedgerError as exc:
            _fail(f"the cosignature could not be stored: {exc}")
        mine = witness.key.verifier()
        if SignedNote.parse(stored.note).find(mine) is None:  # a lost race must never look like success
            _fail(f"the stored checkpoint of size {stored.size} does not carry {mine.name}'s cosignature; run cosign again")
    if out_path:
        _write_output(out_path, stored.note, "--out")
    click.echo(stored.note, nl=False)


def _pins(store: LedgerStore, log_key: VerifierKey, checkpoint_file: Path | None,
          state_file: Path | None) -> list[Pin]:
    """Tree heads the auditor holds from outside the log, checked before they are trusted."""
    pins: list[Pin] = []
    if checkpoint_file is not None:
        text = _note_file(checkpoint_file, "--checkpoint")
        try:
            # the auditor's own copy: it must carry the log's signature (witnesses are demanded
            # of the log's latest checkpoint, which must extend this one)
            cp = Policy(log_key).verify(text)[0]
        except (NoteError, SignatureError) as exc:
            _fail(f"--checkpoint {checkpoint_file}: not a checkpoint signed by the log key: {exc}", EXIT_FAILED)
        if cp.origin != store.origin:
            _fail(f"--checkpoint {checkpoint_file} is for log {cp.origin!r}, this ledger is {store.origin!r}",
                  EXIT_FAILED)
        pins.append(Pin(cp.size, cp.root, f"the pinned checkpoint {checkpoint_file}"))
    if state_file is not None:
        try:
            entry = witnessed_state(load_witness_state(state_file), store.origin, state_file)
        except WitnessStateError as exc:
            _fail(str(exc))
        if entry is None:
            _fail(f"--witness-state {state_file} has no entry for {store.origin!r}")
        pins.append(Pin(entry.size, entry.root, f"the witness state {state_file}"))
    return pins


def _consistent_with_pins(store: LedgerStore, pins: Sequence[Pin]) -> list[str]:
    """Check a consistency proof from each pinned head to the latest checkpoint (or the current tree)."""
    problems: list[str] = []
    latest = store.latest_checkpoint()
    size = store.size()
    new_size, new_root = (latest.size, latest.root) if latest else (size, store.root(size))
    for pin in pins:
        if pin.size > new_size:
            continue  # reported by the audit as missing leaves
        try:
            proof = store.consistency_proof(pin.size, new_size).proof
            verify_consistency(pin.size, new_size, pin.root, new_root, proof)
        except (LedgerError, ProofError) as exc:
            problems.append(f"{pin.source} (size {pin.size}) is not consistent with size {new_size}: {exc}")
    return problems


@ledger.command()
@click.argument("ledger_url", metavar="LEDGER")
@click.option("--log-key", help="Pin the log key (file or string) instead of trusting the one stored.")
@click.option("--witness", "witnesses", multiple=True, help="A witness verifier key (file or string); repeatable.")
@click.option("--quorum", type=click.IntRange(0), help="Witnesses needed on the latest checkpoint (default: all given).")
@click.option("--checkpoint", "checkpoint_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A checkpoint note you hold: the log must still contain it (same root at its size).")
@click.option("--witness-state", "state_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A witness's state file: the log must still contain the tree it cosigned.")
@format_option
def verify(ledger_url: str, log_key: str | None, witnesses: tuple[str, ...], quorum: int | None,
           checkpoint_file: Path | None, state_file: Path | None, fmt: str) -> None:
    """Recompute the whole log from its leaves; name the first bad leaf, node or checkpoint.

    With --log-key, --witness or --quorum the log must carry a checkpoint meeting them.
    Exit 1 if anything does not match.
    """
    for path, option in ((checkpoint_file, "--checkpoint"), (state_file, "--witness-state")):
        if path is not None and not path.is_file():
            _fail(f"{option} {path}: no such file")
    pinned_key = _vkey(log_key) if log_key else None
    with _open(ledger_url) as store:
        try:
            stored_key = store.log_key
        except NoteError as exc:
            _fail(f"the ledger's stored log key is unreadable: {exc}", EXIT_FAILED)
        if pinned_key is not None and pinned_key != stored_key:
            _fail("the ledger's stored log key differs from the pinned one", EXIT_FAILED)
        trusted_key = pinned_key or stored_key
        demanding = pinned_key is not None or bool(witnesses) or quorum is not None
        policy = _policy(trusted_key, witnesses, quorum) if witnesses or quorum is not None else None
        pins = _pins(store, trusted_key, checkpoint_file, state_file)
        size = store.size()
        with Progress(TextColumn("verifying"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=err, transient=True, disable=size < 200000) as bar:
            task = bar.add_task("verify", total=size)
            report = audit(store, policy=policy, progress=lambda n: bar.update(task, completed=n), pinned=pins)
        if demanding and not store.checkpoints():
            report.add(Problem("checkpoint", 0, "the log has no checkpoint: nothing signed by the log key "
                                                "(or cosigned by the witnesses) vouches for it"))
        for problem in _consistent_with_pins(store, pins):
            report.add(Problem("pinned", 0, problem))
    first = report.first_bad
    key_note = None if pinned_key else ("the log key is the ledger's own stored key, not authenticated: "
                                        "pin it with --log-key to detect a forger who replaced it and re-signed")
    if fmt == "json":
        _emit_json({
            "ok": report.ok, "tree_size": report.size, "root_hash": report.root.hex(),
            "leaves_checked": report.leaves_checked, "nodes_checked": report.nodes_checked,
            "checkpoints_checked": report.checkpoints_checked, "problem_count": report.problem_count,
            "log_key_pinned": pinned_key is not None, "pinned": [{"size": p.size, "root": p.root.hex(),
                                                                  "source": p.source} for p in pins],
            "first_bad": None if first is None else {"kind": first.kind, "index": first.index,
                                                     "level": first.level, "node_index": first.node_index,
                                                     "detail": first.describe()},
            "problems": [p.describe() for p in report.problems],
        })
    elif report.ok:
        pinned_text = "".join(f"; contains {p.source} (size {p.size})" for p in pins)
        click.echo(f"ok: {report.leaves_checked} leaves, {report.nodes_checked} nodes, "
                   f"{_plural(report.checkpoints_checked, 'checkpoint')}; root {report.root.hex()}{pinned_text}")
    else:
        click.echo(f"TAMPERED: {report.problem_count} problem(s); first bad: {first.describe() if first else '?'}")
        for p in report.problems[:20]:
            click.echo(f"  - {p.describe()}")
    if key_note and fmt != "json":  # JSON carries it as log_key_pinned: false
        err.print(f"note: {key_note}", markup=False)
    if not report.ok:
        sys.exit(EXIT_FAILED)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@ledger.command()
@click.argument("ledger_url", metavar="LEDGER")
@click.argument("index", type=click.IntRange(0))
@click.option("--size", type=click.IntRange(0), help="Tree size to prove against (default: the latest checkpoint's, else current).")
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
@click.argument("old", type=click.IntRange(0))
@click.argument("new", type=click.IntRange(0))
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
@click.option("--quorum", type=click.IntRange(0), help="Witness cosignatures required (default: all given).")
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
    except orjson.JSONDecodeError as exc:
        _fail(f"{proof_file} is not JSON: {exc}")
    if not isinstance(obj, dict):
        _fail(f"{proof_file} is not a proof: expected a JSON object from `prove` or `consistency --format json`, "
              f"got a JSON {type(obj).__name__}")
    checkpoint_text = _note_file(checkpoint_file, "--checkpoint")
    unwitnessed = "" if policy.quorum else " (no witness cosignature was required: add --witness/--quorum)"
    try:
        if "audit_path" in obj:
            proof = InclusionProof.from_json(obj)
            try:
                leaf = leaf_file.read_bytes() if leaf_file else (
                    obj["leaf_data"].encode() if isinstance(obj.get("leaf_data"), str) else None)
            except OSError as exc:
                _fail(f"--leaf {leaf_file}: cannot read: {exc}")
            cp, good = verify_inclusion_offline(proof, checkpoint_text, policy, leaf)
            click.echo(f"ok: leaf {proof.leaf_index} is in {cp.origin} at size {cp.size}"
                       f"{' (leaf data checked)' if leaf is not None else ''}; "
                       f"witnessed by {', '.join(good) or 'no witness'}{unwitnessed}")
        elif "proof" in obj:
            if old_checkpoint is None:
                _fail("a consistency proof needs --old-checkpoint")
            cproof = ConsistencyProof.from_json(obj)
            old, new = verify_consistency_offline(cproof, _note_file(old_checkpoint, "--old-checkpoint"),
                                                  checkpoint_text, policy)
            click.echo(f"ok: {new.origin} size {new.size} extends size {old.size}{unwitnessed}")
        else:
            _fail(f"{proof_file} is not a proof: it has neither audit_path (inclusion) nor proof (consistency)")
    except (ProofError, NoteError, SignatureError) as exc:
        _fail(f"verification failed: {exc}", EXIT_FAILED)


@ledger.command()
@click.argument("ledger_url", metavar="LEDGER")
@click.option("--last", default=10, show_default=True, type=click.IntRange(0),
              help="Show this many of the latest entries.")
@click.option("--index", type=click.IntRange(0), help="Show one entry in full.")
@format_option
def show(ledger_url: str, last: int, index: int | None, fmt: str) -> None:
    """The ledger's origin, size, root, checkpoints (with cosigners) and latest entries."""
    with _open(ledger_url) as store:
        if index is not None:
            try:
                data = store.leaf(index)
            except LedgerError as exc:
                _fail(str(exc))
            try:
                click.echo(json.dumps(orjson.loads(data), indent=2) if fmt == "text" else data.decode())
            except (orjson.JSONDecodeError, UnicodeDecodeError):
                click.echo(data.decode("utf-8", "replace"))  # a leaf that is not an event
            return
        size = store.size()
        root = store.root(size)
        cps = store.checkpoints()
        entries = list(store.iter_leaves(max(0, size - last), size))
        info = {"ledger": redact_url(store.url), "origin": store.origin, "log_key": store.log_key.encode(),
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
    """What left for where, on which grounds, per period (table or JSON, optional SVG chart).

    Individuals are counted once per set of people: the same dataset of the same exporter
    on several events in a period is one set of individuals, as the engine counts.
    """
    _writable(chart, "--chart")
    with _open(ledger_url) as store:
        summary = summarise(store, period,  # type: ignore[arg-type]
                            since.date() if since else None, until.date() if until else None)
        origin = store.origin
    if chart:
        _write_output(chart, render_svg(summary.rows, metric, f"{origin}"), "--chart")  # type: ignore[arg-type]
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


def parse_ran_at(value: str | None) -> dt.datetime | None:
    """``--ran-at``: an RFC 3339 time (2026-12-02T14:30:00Z) or a date (midnight UTC)."""
    if value is None:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a time such as 2026-12-02T14:30:00Z or a date 2026-12-02",
                                 param_hint="--ran-at") from None
    if when.tzinfo is None:
        if len(value) > 10:
            raise click.BadParameter(f"{value!r} has no time zone (add Z for UTC)", param_hint="--ran-at")
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).replace(microsecond=0)


def record_from_cli(ledger_url: str, datamap: Any, assessment: Any, ran: Sequence[str],
                    ran_at: dt.datetime | None = None) -> int:
    """Record the assessed transfers; returns the exit code (0 recorded, 1 refused, 2 error).

    A transfer is recorded with the law as of the day it ran (``ran_at``, default now),
    not the map's ``as_of``: when the two differ the map is assessed again for that day.
    """
    from xborder.engine import assess_map
    from xborder.kb import KnowledgeBaseError
    from xborder.ledger.recording import RecordingRefused, flows_from_option, record_transfers

    when = ran_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    printed = assessment.as_of
    if printed != when.date():
        try:
            assessment = assess_map(datamap, as_of=when.date())
        except KnowledgeBaseError as exc:
            err.print(f"[red]not recorded:[/red] the law on {when.date()} (when the transfer ran) "
                      f"cannot be applied: {exc}")
            return EXIT_USAGE
        err.print(f"recording with the law as of {when.date()}, the day the transfers ran "
                  f"(the report applies the law as of {printed})", markup=False)
    _urls.append(ledger_url)
    try:
        store = open_store(ledger_url)
        store.origin  # noqa: B018 - raises LedgerError when not initialised
    except Exception as exc:  # driver errors: unreachable server, not a ledger
        err.print("[red]not recorded:[/red] ", end="")
        err.print(redact_text(f"cannot open ledger {redact_url(ledger_url)}: {exc}", ledger_url), markup=False)
        return EXIT_USAGE
    try:
        with store:
            indexes = record_transfers(store, datamap, assessment, flows_from_option(ran), time=when)
            size = store.size()
    except RecordingRefused as exc:
        err.print("[red]not recorded:[/red] ", end="")
        err.print(str(exc), markup=False)
        return EXIT_FAILED
    except Exception as exc:  # storage failure: the batch was rolled back
        err.print("[red]not recorded:[/red] ", end="")
        err.print(redact_text(str(exc), ledger_url), markup=False)
        return EXIT_USAGE
    if indexes:
        err.print(f"recorded {len(indexes)} transfer(s) in {redact_url(ledger_url)}: indexes "
                  f"{_ranges(indexes)}; size {size}", markup=False)
    return 0
