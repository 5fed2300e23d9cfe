"""The ledger link: is every audited event in the transfer ledger?

A ledger entry (`xborder.ledger.events.TransferEvent`) records that a flow of the map ran:
its parties, the countries it left and reached, and when. An audited event is covered by an
entry of the same flow, exporter, importer, countries and UTC day that is inside the
ledger's latest checkpoint: its inclusion proof (RFC 9162 § 2.1.3) must lead to the
checkpoint's root, and the checkpoint must carry a valid signature of the log's key. Events
with no such entry are listed, per flow and day; so are events that ran under no flow of
the map (nothing could have recorded them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from xborder.ledger.events import EventError, TransferEvent
from xborder.ledger.hashing import leaf_hash
from xborder.ledger.note import NoteError, SignatureError, VerifierKey, open_checkpoint
from xborder.ledger.storage import LedgerError, LedgerStore
from xborder.ledger.verify import ProofError

LedgerKey = tuple[str, str, str, str, str, dt.date]  # flow, exporter, importer, from, to, UTC day


@dataclass(slots=True)
class LedgerCheck:
    checkpoint_size: int
    checkpoint_root: str
    entries_read: int
    proofs_verified: int
    covered_events: int = 0
    missing: list[dict[str, Any]] = field(default_factory=list)  # one per flow/shape and day

    @property
    def missing_events(self) -> int:
        return sum(m["events"] for m in self.missing)

    def as_dict(self) -> dict[str, Any]:
        return {"checkpoint": {"size": self.checkpoint_size, "root": self.checkpoint_root},
                "entries_read": self.entries_read, "proofs_verified": self.proofs_verified,
                "covered_events": self.covered_events, "missing_events": self.missing_events,
                "missing": self.missing}


class LedgerLinkError(Exception):
    """The ledger cannot be used for the check (no checkpoint, bad signature, bad proof)."""


def ledger_index(store: LedgerStore, log_key: VerifierKey | None = None) -> tuple[dict[LedgerKey, int], int, bytes]:
    """Entries inside the latest checkpoint by key (the first index of each), with its size and root."""
    latest = store.latest_checkpoint()
    if latest is None:
        raise LedgerLinkError(f"{store.url}: the ledger has no checkpoint to prove against "
                              "(run `xborder ledger checkpoint`)")
    try:
        checkpoint, _ = open_checkpoint(latest.note, log_key or store.log_key)
    except (NoteError, SignatureError) as exc:
        raise LedgerLinkError(f"{store.url}: the latest checkpoint does not verify: {exc}") from None
    index: dict[LedgerKey, int] = {}
    for i, _, data in store.iter_leaves(0, checkpoint.size):
        try:
            e = TransferEvent.from_json(data)
        except EventError:
            continue  # not a transfer event: it cannot cover one
        key = (e.flow, e.exporter.entity, e.importer.entity, e.origin_country, e.destination_country,
               e.time.astimezone(dt.UTC).date())
        index.setdefault(key, i)
    return index, checkpoint.size, checkpoint.root


def check_ledger(
    store: LedgerStore,
    runs: Iterable[tuple[str | None, str, str, str, str, dt.date, int]],
    log_key: VerifierKey | None = None,
) -> LedgerCheck:
    """`runs`: (map flow id or None, exporter, importer, from country, to country, day, events)."""
    index, size, root = ledger_index(store, log_key)
    check = LedgerCheck(size, root.hex(), len(index), 0)
    proven: set[int] = set()
    for flow, exporter, importer, src, dst, day, events in runs:
        at = index.get((flow, exporter, importer, src, dst, day)) if flow else None
        if at is None:
            check.missing.append({"flow": flow, "exporter": exporter, "importer": importer, "from": src, "to": dst,
                                  "day": day.isoformat(), "events": events,
                                  "reason": "no ledger entry of this flow on this day" if flow else
                                  "ran under no flow of the data map"})
            continue
        if at not in proven:
            try:
                proof = store.inclusion_proof(at, size)
                if proof.root_hash != root or proof.leaf_hash != leaf_hash(store.leaf(at)):
                    raise ProofError("proof does not lead to the checkpoint's root")
                proof.verify()
            except (LedgerError, ProofError) as exc:
                raise LedgerLinkError(f"{store.url}: inclusion proof of entry {at} fails: {exc}") from None
            proven.add(at)
        check.covered_events += events
    check.proofs_verified = len(proven)
    check.missing.sort(key=lambda m: (m["day"], m["flow"] or "", m["exporter"]))
    return check
