"""Witnesses and the verifier policy that counts them.

A witness (a regulator, an auditor) keeps, per log, the last checkpoint it cosigned and
cosigns a new one only when a consistency proof shows the new tree extends the old: the
log then cannot show one history to a partner and another to the regulator without a
witness refusing. A verifier policy demands k of n named witnesses, so no single party
-- the exporter included -- can rewrite history unnoticed.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xborder.ledger.note import (
    ALG_COSIGNATURE_V1,
    Checkpoint,
    NoteError,
    SignatureError,
    SignedNote,
    SigningKey,
    VerifierKey,
    open_checkpoint,
    sign_note,
    verify_signature,
)
from xborder.ledger.verify import ProofError, verify_consistency


class WitnessRefusal(Exception):
    """The witness will not cosign: bad signature, rollback, fork or a failing proof."""


class WitnessStateError(Exception):
    """The witness's state file cannot be read as what it must be; nothing was cosigned."""


class PolicyError(SignatureError):
    """A checkpoint lacks the witness cosignatures the verifier's policy demands."""


@dataclass(frozen=True, slots=True)
class WitnessedState:
    size: int
    root: bytes


class Witness:
    """One witness: its cosigning key and a JSON state file of what it last cosigned.

    The state is written (atomically, fsynced) *before* the cosignature is returned, so a
    crash can never leave a cosignature the witness has forgotten about.
    """

    def __init__(self, key: SigningKey, state_path: str | os.PathLike[str]) -> None:
        if key.alg != ALG_COSIGNATURE_V1:
            raise NoteError("a witness signs with a cosignature/v1 key (made with --witness)")
        self.key = key
        self.state_path = Path(state_path)

    def _load(self) -> dict[str, dict[str, Any]]:
        return load_witness_state(self.state_path)

    def _save(self, state: dict[str, dict[str, Any]]) -> None:
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.state_path.parent, prefix=".witness-")
        with os.fdopen(fd, "w") as fh:
            json.dump(state, fh, indent=2, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.state_path)

    def last(self, origin: str) -> WitnessedState | None:
        """What this witness last cosigned for ``origin``, if anything."""
        return witnessed_state(self._load(), origin, self.state_path)

    def cosign(
        self,
        note_text: str,
        log_key: VerifierKey,
        proof: Sequence[bytes],
        *,
        timestamp: int | None = None,
    ) -> str:
        """Check ``note_text`` against the last cosigned state and return it cosigned.

        ``proof`` is the consistency proof from the last cosigned size to the new one
        (empty for a first cosignature or an unchanged tree).
        """
        try:
            checkpoint, note = open_checkpoint(note_text, log_key)
        except (NoteError, SignatureError) as exc:
            raise WitnessRefusal(f"log signature check failed: {exc}") from exc
        state = self._load()
        prev = self.last(checkpoint.origin)
        if prev is not None:
            if checkpoint.size < prev.size:
                raise WitnessRefusal(
                    f"rollback: size {checkpoint.size} is below the cosigned size {prev.size}"
                )
            try:
                verify_consistency(prev.size, checkpoint.size, prev.root, checkpoint.root, proof)
            except ProofError as exc:
                raise WitnessRefusal(
                    f"not consistent with the cosigned checkpoint of size {prev.size}: {exc}"
                ) from exc
        state[checkpoint.origin] = {"size": checkpoint.size, "root": checkpoint.root.hex()}
        self._save(state)
        ts = int(time.time()) if timestamp is None else timestamp
        return note.with_signature(sign_note(note.body, self.key, timestamp=ts)).text()


def load_witness_state(path: Path) -> dict[str, dict[str, Any]]:
    """A witness state file ``{origin: {"size": n, "root": hex}}``; absent means empty."""
    if not path.exists():
        return {}
    try:
        state = json.loads(path.read_bytes())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise WitnessStateError(f"witness state {path} is not readable JSON: {exc}") from None
    if not isinstance(state, dict):
        raise WitnessStateError(f"witness state {path} must be a JSON object of origin -> {{size, root}}")
    for origin in state:
        witnessed_state(state, origin, path)
    return state


def witnessed_state(state: dict[str, Any], origin: str, path: Path) -> WitnessedState | None:
    """The entry for ``origin`` in a loaded state, checked."""
    entry = state.get(origin)
    if entry is None:
        return None
    try:
        size, root = entry["size"], bytes.fromhex(entry["root"])
    except (KeyError, TypeError, ValueError):
        raise WitnessStateError(f"witness state {path}: entry {origin!r} needs a size and a hex root") from None
    if type(size) is not int or size < 0 or len(root) != 32:
        raise WitnessStateError(f"witness state {path}: entry {origin!r} has a bad size or root")
    return WitnessedState(size, root)


@dataclass(frozen=True, slots=True)
class Policy:
    """Trust a checkpoint when the log signed it and ``quorum`` of ``witnesses`` cosigned it."""

    log_key: VerifierKey
    witnesses: tuple[VerifierKey, ...] = ()
    quorum: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.quorum <= len(self.witnesses):
            raise ValueError(f"quorum {self.quorum} is not between 0 and {len(self.witnesses)}")
        for w in self.witnesses:
            if w.alg != ALG_COSIGNATURE_V1:
                raise ValueError(f"witness key {w.name!r} is not a cosignature/v1 key")

    def verify(self, note_text: str) -> tuple[Checkpoint, list[str]]:
        """The checkpoint and the names of witnesses whose cosignatures verified."""
        checkpoint, note = open_checkpoint(note_text, self.log_key)
        good: list[str] = []
        for w in self.witnesses:
            sig = note.find(w)
            if sig is None:
                continue
            try:
                verify_signature(note.body, sig, w)
            except SignatureError:
                continue
            good.append(w.name)
        if len(good) < self.quorum:
            raise PolicyError(
                f"checkpoint has {len(good)} valid witness cosignature(s) "
                f"({', '.join(good) or 'none'}), policy needs {self.quorum} of {len(self.witnesses)}"
            )
        return checkpoint, good


def cosigners(note_text: str) -> list[str]:
    """Names on a note's signature lines, for display (unverified)."""
    return [s.name for s in SignedNote.parse(note_text).signatures]
