"""Signed notes and checkpoints in the transparency-dev / C2SP formats.

* Keys and notes follow golang.org/x/mod/sumdb/note: verifier keys are
  ``<name>+<hex key hash>+<base64(alg || public key)>``, signature lines are
  ``— <name> <base64(key hash || signature)>``.
* A checkpoint body follows C2SP tlog-checkpoint: origin, decimal size, base64 root hash,
  optional extension lines, each ending in a newline.
* Witness cosignatures follow C2SP tlog-cosignature v1 (algorithm 0x04): the witness signs
  ``cosignature/v1\\ntime <t>\\n`` + the checkpoint body, and its signature line carries
  the 8-byte timestamp before the Ed25519 signature.

Staying with these formats means a checkpoint we publish can be checked by existing
tooling (e.g. the Go `note` package, the witness network), not only by xborder.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from xborder.ledger.hashing import HASH_SIZE

ALG_ED25519 = 0x01
ALG_COSIGNATURE_V1 = 0x04
SIG_PREFIX = "\u2014 "  # em dash and space
_ALGS = {ALG_ED25519: "ed25519", ALG_COSIGNATURE_V1: "cosignature/v1"}


class NoteError(ValueError):
    """Malformed key, note or checkpoint text."""


class SignatureError(ValueError):
    """A required signature is absent or does not verify."""


def _b64d(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except ValueError as exc:
        raise NoteError(f"invalid base64: {text!r}") from exc


def _check_name(name: str) -> None:
    if not name or any(c.isspace() for c in name) or "+" in name:
        raise NoteError(f"key name {name!r} must be non-empty, without spaces or '+'")


def key_hash(name: str, alg: int, public: bytes) -> int:
    """First four bytes of SHA-256(name || '\\n' || alg || key), big-endian."""
    digest = hashlib.sha256(name.encode() + b"\n" + bytes([alg]) + public).digest()
    return struct.unpack(">I", digest[:4])[0]


@dataclass(frozen=True, slots=True)
class VerifierKey:
    """A public key with its note name: what a verifier pins."""

    name: str
    alg: int
    public: bytes

    @property
    def hash(self) -> int:
        return key_hash(self.name, self.alg, self.public)

    def encode(self) -> str:
        data = base64.b64encode(bytes([self.alg]) + self.public).decode()
        return f"{self.name}+{self.hash:08x}+{data}"

    @classmethod
    def parse(cls, text: str) -> VerifierKey:
        parts = text.strip().split("+", 2)  # base64 may itself contain '+'
        if len(parts) != 3:
            raise NoteError("a verifier key reads <name>+<hash>+<base64 key>")
        name, hash_hex, data = parts
        _check_name(name)
        raw = _b64d(data)
        if len(raw) != 33 or raw[0] not in _ALGS:
            raise NoteError(f"unsupported verifier key for {name!r}")
        key = cls(name, raw[0], raw[1:])
        if f"{key.hash:08x}" != hash_hex.lower():
            raise NoteError(f"key hash of {name!r} does not match its key")
        return key

    def _ed25519(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.public)


@dataclass(frozen=True, slots=True)
class SigningKey:
    """A private key with its note name; ``alg`` says log (0x01) or witness (0x04) use."""

    name: str
    alg: int
    seed: bytes = field(repr=False)

    @classmethod
    def generate(cls, name: str, *, witness: bool = False) -> SigningKey:
        _check_name(name)
        seed = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return cls(name, ALG_COSIGNATURE_V1 if witness else ALG_ED25519, seed)

    def _ed25519(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    def verifier(self) -> VerifierKey:
        public = self._ed25519().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return VerifierKey(self.name, self.alg, public)

    def encode(self) -> str:
        data = base64.b64encode(bytes([self.alg]) + self.seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.verifier().hash:08x}+{data}"

    @classmethod
    def parse(cls, text: str) -> SigningKey:
        parts = text.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise NoteError("a signer key reads PRIVATE+KEY+<name>+<hash>+<base64 key>")
        name, hash_hex, data = parts[2:]
        _check_name(name)
        raw = _b64d(data)
        if len(raw) != 33 or raw[0] not in _ALGS:
            raise NoteError(f"unsupported signer key for {name!r}")
        key = cls(name, raw[0], raw[1:])
        if f"{key.verifier().hash:08x}" != hash_hex.lower():
            raise NoteError(f"key hash of {name!r} does not match its key")
        return key

    def sign(self, message: bytes) -> bytes:
        return self._ed25519().sign(message)


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The published unit: (origin, size, root hash) plus optional extension lines."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def body(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode(), *self.extensions]
        return "".join(f"{line}\n" for line in lines)

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        if not body.endswith("\n"):
            raise NoteError("checkpoint body must end with a newline")
        lines = body[:-1].split("\n")
        if len(lines) < 3 or not lines[0]:
            raise NoteError("checkpoint needs origin, size and root hash lines")
        origin, size_text, root_text, *ext = lines
        if not size_text.isdigit() or (size_text.startswith("0") and size_text != "0"):
            raise NoteError(f"checkpoint size {size_text!r} is not a decimal number")
        root = _b64d(root_text)
        if len(root) != HASH_SIZE:
            raise NoteError("checkpoint root hash must be 32 bytes")
        if any(not line for line in ext):
            raise NoteError("empty extension line in checkpoint")
        return cls(origin, int(size_text), root, tuple(ext))


@dataclass(frozen=True, slots=True)
class NoteSignature:
    """One signature line: signer name, key hash, and the signature bytes after the hash."""

    name: str
    hash: int
    data: bytes

    def line(self) -> str:
        blob = struct.pack(">I", self.hash) + self.data
        return f"{SIG_PREFIX}{self.name} {base64.b64encode(blob).decode()}\n"


@dataclass(frozen=True, slots=True)
class SignedNote:
    """A note body and its signature lines, in order."""

    body: str
    signatures: tuple[NoteSignature, ...]

    def text(self) -> str:
        return self.body + "\n" + "".join(s.line() for s in self.signatures)

    @classmethod
    def parse(cls, text: str) -> SignedNote:
        if not text.endswith("\n"):
            raise NoteError("a signed note ends with a newline")
        split = text.rfind("\n\n")
        if split < 0:
            raise NoteError("a signed note has a blank line before its signatures")
        body, sig_block = text[: split + 1], text[split + 2 :]
        sigs: list[NoteSignature] = []
        for line in sig_block.splitlines():
            if not line.startswith(SIG_PREFIX):
                raise NoteError(f"malformed signature line {line!r}")
            parts = line[len(SIG_PREFIX) :].split(" ")
            if len(parts) != 2:
                raise NoteError(f"malformed signature line {line!r}")
            blob = _b64d(parts[1])
            if len(blob) < 5:
                raise NoteError(f"signature of {parts[0]!r} is too short")
            sigs.append(NoteSignature(parts[0], struct.unpack(">I", blob[:4])[0], blob[4:]))
        if not sigs:
            raise NoteError("a signed note has at least one signature")
        return cls(body, tuple(sigs))

    def with_signature(self, sig: NoteSignature) -> SignedNote:
        """Add ``sig``, replacing an earlier one by the same key."""
        kept = tuple(s for s in self.signatures if (s.name, s.hash) != (sig.name, sig.hash))
        return SignedNote(self.body, (*kept, sig))

    def find(self, key: VerifierKey) -> NoteSignature | None:
        for s in self.signatures:
            if s.name == key.name and s.hash == key.hash:
                return s
        return None


def _cosigned_message(body: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n{body}".encode()


def sign_note(body: str, key: SigningKey, *, timestamp: int | None = None) -> NoteSignature:
    """Sign ``body`` as a log (alg 0x01) or as a witness cosigner (alg 0x04, needs a time)."""
    if not body.endswith("\n"):
        raise NoteError("note body must end with a newline")
    vkey = key.verifier()
    if key.alg == ALG_COSIGNATURE_V1:
        if timestamp is None:
            raise NoteError("a cosignature needs a timestamp")
        data = struct.pack(">Q", timestamp) + key.sign(_cosigned_message(body, timestamp))
    else:
        data = key.sign(body.encode())
    return NoteSignature(vkey.name, vkey.hash, data)


def verify_signature(body: str, sig: NoteSignature, key: VerifierKey) -> int | None:
    """Raise SignatureError unless ``sig`` is ``key``'s over ``body``; return a cosignature's time."""
    if (sig.name, sig.hash) != (key.name, key.hash):
        raise SignatureError(f"signature by {sig.name!r} is not from key {key.name!r}")
    try:
        if key.alg == ALG_COSIGNATURE_V1:
            if len(sig.data) != 8 + 64:
                raise SignatureError(f"cosignature by {key.name!r} has the wrong length")
            timestamp = struct.unpack(">Q", sig.data[:8])[0]
            key._ed25519().verify(sig.data[8:], _cosigned_message(body, timestamp))
            return timestamp
        key._ed25519().verify(sig.data, body.encode())
        return None
    except InvalidSignature:
        raise SignatureError(f"signature by {key.name!r} does not verify") from None


def sign_checkpoint(checkpoint: Checkpoint, key: SigningKey) -> str:
    """The signed-note text of ``checkpoint`` signed by the log key."""
    if key.alg != ALG_ED25519:
        raise NoteError("a log signs checkpoints with an Ed25519 note key, not a witness key")
    body = checkpoint.body()
    return SignedNote(body, (sign_note(body, key),)).text()


def open_checkpoint(text: str, log_key: VerifierKey) -> tuple[Checkpoint, SignedNote]:
    """Parse a checkpoint note and check the log's signature and origin."""
    note = SignedNote.parse(text)
    sig = note.find(log_key)
    if sig is None:
        raise SignatureError(f"checkpoint carries no signature by log key {log_key.name!r}")
    verify_signature(note.body, sig, log_key)
    checkpoint = Checkpoint.parse(note.body)
    if checkpoint.origin != log_key.name:
        raise SignatureError(f"checkpoint origin {checkpoint.origin!r} is not the log key's name {log_key.name!r}")
    return checkpoint, note
