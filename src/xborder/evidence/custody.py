"""Chain of custody: evidence items fingerprinted and their custody events kept in a witnessed
transfer ledger (RFC 9162), so that who held what, when, and whether it changed can be shown.

Each custody event is one ledger leaf, canonical JSON like the transfer events' and, like
them, without free text: the case and item ids, the event (collected, transferred, received,
opened, produced), the item's SHA-256 and size at that moment, the time (UTC), who acted and,
for a transfer, to whom. Verifying a case

1. recomputes the whole log from its leaves (a rewritten ledger no longer matches its signed
   checkpoint) and checks the latest checkpoint's signature, with the log key given by the
   verifier (the ledger's own stored key is only a fallback, and said to be unauthenticated)
   and, if asked, a quorum of witness cosignatures;
2. proves each event's inclusion against that checkpoint (an event appended after it is not
   yet witnessed);
3. checks the chain: an item starts with `collected`; every event is by the item's holder at
   the time; a `transferred` is followed by a `received` by its recipient before anything
   else happens to the item; every event's fingerprint equals the one taken at collection;
4. re-hashes the files handed in and compares them with that fingerprint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from xborder.ledger import LedgerStore, Policy, VerifierKey, leaf_hash
from xborder.ledger.audit import audit
from xborder.ledger.note import NoteError, SignatureError, open_checkpoint
from xborder.ledger.verify import ProofError, verify_inclusion

EVENTS = ("collected", "transferred", "received", "opened", "produced")
KIND = "custody"
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,199}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class CustodyError(ValueError):
    """A custody event or request that cannot be recorded; the message names the field."""


def _utc(ts: dt.datetime) -> str:
    if ts.tzinfo is None:
        raise CustodyError("time: must carry a time zone")
    return ts.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class CustodyEvent:
    case: str
    item: str
    event: str
    sha256: str
    size: int
    time: str  # UTC, ISO 8601 with Z
    by: str
    to: str | None = None

    def __post_init__(self) -> None:
        for name in ("case", "item", "by"):
            value = getattr(self, name)
            if not isinstance(value, str) or not _ID.match(value):
                raise CustodyError(f"{name}: {value!r} is not an id ([a-z0-9._-], starting with a letter or digit)")
        if self.event not in EVENTS:
            raise CustodyError(f"event: {self.event!r} is not one of {', '.join(EVENTS)}")
        if self.event == "transferred" and not self.to:
            raise CustodyError("to: a transfer names its recipient")
        if self.to is not None and not _ID.match(self.to):
            raise CustodyError(f"to: {self.to!r} is not an id")
        if not _HEX64.match(self.sha256):
            raise CustodyError("sha256: not a SHA-256 hex digest")
        if type(self.size) is not int or self.size < 0:
            raise CustodyError("size: a byte count >= 0")

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"v": 1, "kind": KIND, "case": self.case, "item": self.item, "event": self.event,
                             "sha256": self.sha256, "size": self.size, "time": self.time, "by": self.by}
        if self.to is not None:
            d["to"] = self.to
        return d

    def canonical(self) -> bytes:
        return orjson.dumps(self.to_dict(), option=orjson.OPT_SORT_KEYS)

    @classmethod
    def from_leaf(cls, data: bytes) -> CustodyEvent | None:
        """The custody event a leaf holds, or None for a leaf of another kind."""
        try:
            d = orjson.loads(data)
        except orjson.JSONDecodeError:
            return None
        if not isinstance(d, dict) or d.get("kind") != KIND:
            return None
        try:
            return cls(d["case"], d["item"], d["event"], d["sha256"], d["size"], d["time"], d["by"], d.get("to"))
        except (KeyError, CustodyError, TypeError):
            return None


def fingerprint_file(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a regular file, read in chunks."""
    if not path.is_file():
        raise CustodyError(f"{path}: not a regular file")
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def item_id(path: Path) -> str:
    """An item id from a file name: lower case, other characters folded to '-'."""
    stem = re.sub(r"[^a-z0-9._-]+", "-", path.name.lower()).strip("-.") or "item"
    return stem[:200]


def seal(store: LedgerStore, case: str, files: Iterable[Path], by: str, at: dt.datetime,
         items: Mapping[Path, str] | None = None) -> list[tuple[int, CustodyEvent]]:
    """Fingerprint each file and append one `collected` event per item, in one batch."""
    events = []
    for path in files:
        sha, size = fingerprint_file(path)
        name = (items or {}).get(path) or item_id(path)
        events.append(CustodyEvent(case, name, "collected", sha, size, _utc(at), by))
    names = [e.item for e in events]
    if len(set(names)) != len(names):
        raise CustodyError("items: two files give the same item id; name them with --item")
    known = {e.item for _, e in case_events(store, case)}
    again = sorted(set(names) & known)
    if again:
        raise CustodyError(f"items: {', '.join(again)} already sealed in case {case}")
    indexes = store.append([e.canonical() for e in events])
    return list(zip(indexes, events, strict=True))


def record(store: LedgerStore, case: str, item: str, event: str, by: str, at: dt.datetime,
           path: Path | None = None, to: str | None = None, sha256: str | None = None) -> tuple[int, CustodyEvent]:
    """Append a later custody event; the item's fingerprint is taken again from `path` when given."""
    history = [e for _, e in case_events(store, case) if e.item == item]
    if not history:
        raise CustodyError(f"item: {item!r} was never sealed in case {case}")
    if path is not None:
        sha, size = fingerprint_file(path)
    elif sha256 is not None:
        sha, size = sha256, history[-1].size
    else:
        raise CustodyError("file: give the item's file (or its --sha256) so the event attests its state")
    ev = CustodyEvent(case, item, event, sha, size, _utc(at), by, to)
    (index,) = store.append([ev.canonical()])
    return index, ev


def case_events(store: LedgerStore, case: str) -> list[tuple[int, CustodyEvent]]:
    out = []
    for index, _hash, data in store.iter_leaves():
        ev = CustodyEvent.from_leaf(data)
        if ev is not None and ev.case == case:
            out.append((index, ev))
    return out


@dataclass(slots=True)
class CustodyReport:
    case: str
    log_size: int
    checkpoint_size: int | None
    key_source: str  # "given" | "the ledger's own (unauthenticated)"
    checkpoint_root: str | None = None
    witnesses: list[str] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"case": self.case, "ok": self.ok, "log_size": self.log_size, "checkpoint_size": self.checkpoint_size,
                "checkpoint_root": self.checkpoint_root,
                "log_key": self.key_source, "witnesses": self.witnesses, "items": self.items,
                "events": self.events, "problems": self.problems}


def verify_case(store: LedgerStore, case: str, files: Mapping[str, Path] | None = None,
                log_key: VerifierKey | None = None, witnesses: tuple[VerifierKey, ...] = (),
                quorum: int | None = None) -> CustodyReport:
    """Everything `evidence verify` checks (see the module docstring), as a report."""
    key = log_key or store.log_key
    report = CustodyReport(case, store.size(), None, "given" if log_key else "the ledger's own (unauthenticated)")
    _check_log(store, key, witnesses, quorum, report)
    events = case_events(store, case)
    if not events:
        report.problems.append(f"case {case}: no custody event in the ledger")
        return report
    _check_inclusion(store, events, report)
    _check_chain(events, report)
    _check_files(files or {}, report)
    return report


def _check_log(store: LedgerStore, key: VerifierKey, witnesses: tuple[VerifierKey, ...], quorum: int | None,
               report: CustodyReport) -> None:
    policy = Policy(key, witnesses, len(witnesses) if quorum is None else quorum) if witnesses else None
    for problem in audit(store).problems:
        report.problems.append(f"ledger: {problem.describe()}")
    latest = store.latest_checkpoint()
    if latest is None:
        report.problems.append("ledger: no checkpoint, so no custody event is witnessed yet")
        return
    try:
        if policy is not None:
            checkpoint, good = policy.verify(latest.note)
            report.witnesses = good
        else:
            checkpoint, _ = open_checkpoint(latest.note, key)
    except (SignatureError, NoteError) as exc:
        report.problems.append(f"ledger: the latest checkpoint does not verify: {exc}")
        return
    if checkpoint.size > store.size():
        report.problems.append(f"ledger: the checkpoint covers {checkpoint.size} entries, the log holds {store.size()}")
        return
    if store.root(checkpoint.size) != checkpoint.root:
        report.problems.append(f"ledger: the log's root at size {checkpoint.size} is not the signed checkpoint's")
        return
    report.checkpoint_size = checkpoint.size
    report.checkpoint_root = checkpoint.root.hex()


def _check_inclusion(store: LedgerStore, events: list[tuple[int, CustodyEvent]], report: CustodyReport) -> None:
    size, root_hex = report.checkpoint_size, report.checkpoint_root
    for index, ev in events:
        row: dict[str, Any] = {"index": index, **ev.to_dict()}
        row.pop("v"), row.pop("kind")
        if size is None or root_hex is None:
            row["included"] = None
        elif index >= size:
            row["included"] = False
            report.problems.append(f"event {index} ({ev.item} {ev.event}): appended after the latest checkpoint, "
                                   "not yet witnessed")
        else:
            proof = store.inclusion_proof(index, size)
            try:
                verify_inclusion(index, size, leaf_hash(ev.canonical()), proof.audit_path, bytes.fromhex(root_hex))
                row["included"] = True
            except ProofError:
                row["included"] = False
                report.problems.append(f"event {index} ({ev.item} {ev.event}): its inclusion proof fails")
        report.events.append(row)


def _check_chain(events: list[tuple[int, CustodyEvent]], report: CustodyReport) -> None:
    by_item: dict[str, list[tuple[int, CustodyEvent]]] = {}
    for index, ev in events:
        by_item.setdefault(ev.item, []).append((index, ev))
    for item, history in by_item.items():
        first_index, first = history[0]
        state: dict[str, Any] = {"sha256": first.sha256, "size": first.size, "holder": first.by,
                                 "collected": first.time, "events": len(history), "changed": False,
                                 "holders": [first.by]}
        report.items[item] = state
        if first.event != "collected":
            report.problems.append(f"item {item}: its first event (index {first_index}) is {first.event}, "
                                   "not collected")
        pending: tuple[int, CustodyEvent] | None = None
        for index, ev in history[1:]:
            if ev.sha256 != first.sha256:
                state["changed"] = True
                report.problems.append(f"item {item}: fingerprint changed at event {index} ({ev.event} by {ev.by}, "
                                       f"{ev.time}): {ev.sha256[:12]}… ≠ {first.sha256[:12]}… at collection")
            if pending is not None:
                sent_index, sent = pending
                if ev.event == "received" and ev.by == sent.to:
                    state["holder"] = ev.by
                    state["holders"].append(ev.by)
                    pending = None
                    continue
                report.problems.append(f"item {item}: transferred to {sent.to} at event {sent_index} ({sent.time}) "
                                       f"but no received event by {sent.to} before event {index} ({ev.event} by "
                                       f"{ev.by})")
                pending = None
            if ev.event == "received":
                report.problems.append(f"item {item}: received by {ev.by} at event {index} with no transfer to it")
                continue
            if ev.by != state["holder"]:
                report.problems.append(f"item {item}: event {index} ({ev.event}) is by {ev.by}, but {state['holder']} "
                                       "held the item")
            if ev.event == "transferred":
                pending = (index, ev)
        if pending is not None:
            sent_index, sent = pending
            report.problems.append(f"item {item}: transferred to {sent.to} at event {sent_index} ({sent.time}), "
                                   f"no received event by {sent.to} recorded")
            state["holder"] = f"in transit to {sent.to}"


def _check_files(files: Mapping[str, Path], report: CustodyReport) -> None:
    for item, path in files.items():
        state = report.items.get(item)
        if state is None:
            report.problems.append(f"file {path}: item {item} is not in the case")
            continue
        sha, size = fingerprint_file(path)
        state["rehashed"] = sha == state["sha256"]
        if sha != state["sha256"]:
            report.problems.append(f"item {item}: the file {path.name} no longer matches its fingerprint at collection "
                                   f"({sha[:12]}… ≠ {state['sha256'][:12]}…, {size} bytes)")
    for item, state in report.items.items():
        state.setdefault("rehashed", None)


def case_uco(report: CustodyReport) -> dict[str, Any]:
    """The custody record as CASE/UCO JSON-LD: the items as uco-observable:File objects with
    their SHA-256 hash facet, and each custody event as a case-investigation:InvestigativeAction
    performed by an identity on the item at a time."""
    base = f"kb:case-{report.case}-"
    graph: list[dict[str, Any]] = [{
        "@id": f"{base}investigation", "@type": "case-investigation:Investigation",
        "uco-core:name": report.case,
        "uco-core:object": [{"@id": f"{base}item-{item}"} for item in report.items],
    }]
    people = sorted({e["by"] for e in report.events} | {e["to"] for e in report.events if e.get("to")})
    for who in people:
        graph.append({"@id": f"{base}identity-{who}", "@type": "uco-identity:Identity", "uco-core:name": who})
    for item, state in report.items.items():
        graph.append({
            "@id": f"{base}item-{item}", "@type": "uco-observable:File", "uco-core:name": item,
            "uco-core:hasFacet": [{
                "@id": f"{base}item-{item}-content", "@type": "uco-observable:ContentDataFacet",
                "uco-observable:sizeInBytes": {"@type": "xsd:integer", "@value": state["size"]},
                "uco-observable:hash": [{
                    "@id": f"{base}item-{item}-sha256", "@type": "uco-types:Hash",
                    "uco-types:hashMethod": {"@type": "uco-vocabulary:HashNameVocab", "@value": "SHA256"},
                    "uco-types:hashValue": {"@type": "xsd:hexBinary", "@value": state["sha256"]},
                }],
            }],
        })
    for e in report.events:
        action: dict[str, Any] = {
            "@id": f"{base}action-{e['index']}", "@type": "case-investigation:InvestigativeAction",
            "uco-core:name": e["event"],
            "uco-action:startTime": {"@type": "xsd:dateTime", "@value": e["time"]},
            "uco-action:performer": {"@id": f"{base}identity-{e['by']}"},
            "uco-action:object": [{"@id": f"{base}item-{e['item']}"}],
            "uco-core:description": f"ledger entry {e['index']}; included in the witnessed log: {e['included']}",
        }
        if e.get("to"):
            action["uco-action:participant"] = [{"@id": f"{base}identity-{e['to']}"}]
        graph.append(action)
    return {
        "@context": {
            "kb": "http://example.org/kb/",
            "case-investigation": "https://ontology.caseontology.org/case/investigation/",
            "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
            "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
            "uco-identity": "https://ontology.unifiedcyberontology.org/uco/identity/",
            "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
            "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
            "uco-vocabulary": "https://ontology.unifiedcyberontology.org/uco/vocabulary/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@graph": graph,
    }
