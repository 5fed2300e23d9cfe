"""Proof records as served to third parties, and their JSON form.

JSON keys are the contract of `xborder ledger prove/consistency --format json`; hashes
are lowercase hex, the audit path in RFC 9162 order (leaf side first).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from xborder.ledger.verify import ProofError, verify_consistency, verify_inclusion


def _hex_list(values: Any, key: str) -> tuple[bytes, ...]:
    if not isinstance(values, list):
        raise ProofError(f"{key} must be a list of hex hashes")
    try:
        return tuple(bytes.fromhex(v) for v in values)
    except (TypeError, ValueError):
        raise ProofError(f"{key} holds a value that is not hex") from None


def _hex(value: Any, key: str) -> bytes:
    try:
        return bytes.fromhex(value)
    except (TypeError, ValueError):
        raise ProofError(f"{key} is not hex") from None


def _int(value: Any, key: str) -> int:
    if type(value) is not int or value < 0:
        raise ProofError(f"{key} must be a non-negative integer")
    return value


@dataclass(frozen=True, slots=True)
class InclusionProof:
    leaf_index: int
    tree_size: int
    leaf_hash: bytes
    root_hash: bytes
    audit_path: tuple[bytes, ...]

    def verify(self) -> None:
        """Check the path leads from the leaf to ``root_hash`` (which the caller must trust)."""
        verify_inclusion(self.leaf_index, self.tree_size, self.leaf_hash, self.audit_path, self.root_hash)

    def to_json(self) -> dict[str, Any]:
        return {
            "leaf_index": self.leaf_index,
            "tree_size": self.tree_size,
            "leaf_hash": self.leaf_hash.hex(),
            "root_hash": self.root_hash.hex(),
            "audit_path": [h.hex() for h in self.audit_path],
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> InclusionProof:
        return cls(
            _int(d.get("leaf_index"), "leaf_index"),
            _int(d.get("tree_size"), "tree_size"),
            _hex(d.get("leaf_hash"), "leaf_hash"),
            _hex(d.get("root_hash"), "root_hash"),
            _hex_list(d.get("audit_path"), "audit_path"),
        )


@dataclass(frozen=True, slots=True)
class ConsistencyProof:
    old_size: int
    new_size: int
    old_root: bytes
    new_root: bytes
    proof: tuple[bytes, ...]

    def verify(self) -> None:
        verify_consistency(self.old_size, self.new_size, self.old_root, self.new_root, self.proof)

    def to_json(self) -> dict[str, Any]:
        return {
            "old_size": self.old_size,
            "new_size": self.new_size,
            "old_root": self.old_root.hex(),
            "new_root": self.new_root.hex(),
            "proof": [h.hex() for h in self.proof],
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ConsistencyProof:
        return cls(
            _int(d.get("old_size"), "old_size"),
            _int(d.get("new_size"), "new_size"),
            _hex(d.get("old_root"), "old_root"),
            _hex(d.get("new_root"), "new_root"),
            _hex_list(d.get("proof"), "proof"),
        )
