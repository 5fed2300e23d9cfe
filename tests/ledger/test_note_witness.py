"""Signed-note checkpoints, witness cosigning (consistency-checked) and k-of-n policies."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from conftest import ORIGIN

from xborder.ledger.note import (
    Checkpoint,
    NoteError,
    SignatureError,
    SignedNote,
    SigningKey,
    VerifierKey,
    key_hash,
    open_checkpoint,
    sign_checkpoint,
)
from xborder.ledger.storage import LedgerStore
from xborder.ledger.witness import Policy, PolicyError, Witness, WitnessRefusal


def test_checkpoint_body_format() -> None:
    cp = Checkpoint("example.com/log", 42, bytes(range(32)))
    body = cp.body()
    assert body == "example.com/log\n42\n" + base64.b64encode(bytes(range(32))).decode() + "\n"
    assert Checkpoint.parse(body) == cp
    for bad in ["example.com/log\n042\nAAAA\n", "x\n1\n", "x\n1\n" + base64.b64encode(b"a" * 32).decode()]:
        with pytest.raises(NoteError):
            Checkpoint.parse(bad)


def test_keys_round_trip_and_key_hash(log_key: SigningKey) -> None:
    v = log_key.verifier()
    assert VerifierKey.parse(v.encode()) == v
    assert SigningKey.parse(log_key.encode()) == log_key
    name, hash_hex, _ = v.encode().split("+", 2)
    assert name == ORIGIN and int(hash_hex, 16) == key_hash(ORIGIN, 1, v.public)
    with pytest.raises(NoteError):
        VerifierKey.parse(v.encode().replace(hash_hex, "00000000"))


def test_signed_checkpoint_verifies_and_detects_tampering(log_key: SigningKey) -> None:
    text = sign_checkpoint(Checkpoint(ORIGIN, 7, b"\x11" * 32), log_key)
    assert text.count("\n\n") == 1 and "\u2014 " + ORIGIN + " " in text
    cp, note = open_checkpoint(text, log_key.verifier())
    assert cp.size == 7 and note.text() == text
    tampered = text.replace("\n7\n", "\n8\n")
    with pytest.raises(SignatureError):
        open_checkpoint(tampered, log_key.verifier())
    other = SigningKey.generate(ORIGIN)
    with pytest.raises(SignatureError):
        open_checkpoint(text, other.verifier())


def _signed(store: LedgerStore, key: SigningKey) -> str:
    size = store.size()
    return store.add_checkpoint(sign_checkpoint(Checkpoint(ORIGIN, size, store.root(size)), key)).note


def test_witness_cosigns_only_consistent_checkpoints(
    store: LedgerStore, log_key: SigningKey, witness_keys: list[SigningKey], tmp_path: Path
) -> None:
    reg = Witness(witness_keys[0], tmp_path / "reg.json")
    store.append([b"a", b"b", b"c"])
    note1 = _signed(store, log_key)
    cosigned1 = reg.cosign(note1, log_key.verifier(), ())
    assert reg.last(ORIGIN).size == 3
    store.append([b"d", b"e"])
    note2 = _signed(store, log_key)
    proof = store.consistency_proof(3, 5).proof
    cosigned2 = reg.cosign(note2, log_key.verifier(), proof, timestamp=1_700_000_000)
    assert reg.last(ORIGIN).size == 5
    policy = Policy(log_key.verifier(), (witness_keys[0].verifier(),), 1)
    assert policy.verify(cosigned2)[1] == ["regulator.example"]
    assert policy.verify(cosigned1)[0].size == 3
    # rollback to size 3 is refused
    with pytest.raises(WitnessRefusal, match="rollback"):
        reg.cosign(note1, log_key.verifier(), ())
    # a fork: a different tree of size 6 that does not extend what was cosigned
    forked = sign_checkpoint(Checkpoint(ORIGIN, 6, b"\x22" * 32), log_key)
    with pytest.raises(WitnessRefusal, match="not consistent"):
        reg.cosign(forked, log_key.verifier(), store.consistency_proof(3, 5).proof)
    assert reg.last(ORIGIN).size == 5  # state untouched by refusals
    # a checkpoint not signed by the pinned log key
    with pytest.raises(WitnessRefusal, match="log signature"):
        reg.cosign(sign_checkpoint(Checkpoint(ORIGIN, 9, b"\x33" * 32), SigningKey.generate(ORIGIN)),
                   log_key.verifier(), ())


def test_policy_k_of_n(store: LedgerStore, log_key: SigningKey, witness_keys: list[SigningKey],
                       tmp_path: Path) -> None:
    store.append([b"x"] * 4)
    note = _signed(store, log_key)
    for i, wk in enumerate(witness_keys[:2]):
        note = Witness(wk, tmp_path / f"w{i}.json").cosign(note, log_key.verifier(), ())
    vkeys = tuple(w.verifier() for w in witness_keys)
    cp, good = Policy(log_key.verifier(), vkeys, 2).verify(note)
    assert cp.size == 4 and sorted(good) == ["auditor.example", "regulator.example"]
    with pytest.raises(PolicyError, match="needs 3 of 3"):
        Policy(log_key.verifier(), vkeys, 3).verify(note)
    # a forged cosignature line does not count
    parsed = SignedNote.parse(note)
    forged = [s if s.name != "auditor.example" else type(s)(s.name, s.hash, s.data[:-1] + bytes([s.data[-1] ^ 1]))
              for s in parsed.signatures]
    with pytest.raises(PolicyError):
        Policy(log_key.verifier(), vkeys, 2).verify(SignedNote(parsed.body, tuple(forged)).text())
    with pytest.raises(ValueError):
        Policy(log_key.verifier(), vkeys, 4)


def test_cosignature_format_is_c2sp_v1(witness_keys: list[SigningKey], log_key: SigningKey, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    note = sign_checkpoint(Checkpoint(ORIGIN, 0, b"\x00" * 32), log_key)
    cosigned = Witness(witness_keys[1], tmp_path / "w.json").cosign(note, log_key.verifier(), (), timestamp=1234)
    sig = SignedNote.parse(cosigned).find(witness_keys[1].verifier())
    assert sig is not None and int.from_bytes(sig.data[:8], "big") == 1234
    body = SignedNote.parse(cosigned).body
    message = f"cosignature/v1\ntime 1234\n{body}".encode()
    Ed25519PublicKey.from_public_bytes(witness_keys[1].verifier().public).verify(sig.data[8:], message)
