"""The transfer ledger: a tamper-evident, witnessed log of cross-border transfers.

An append-only RFC 9162 Merkle tree (``hashing``, ``proof``, ``compact``, ``verify``) over
pluggable storage (``storage``: SQLite, PostgreSQL); signed checkpoints in the
transparency-dev note format (``note``) cosigned by witnesses under a k-of-n policy
(``witness``); leaf records with no raw personal data (``events``); full-log audits
(``audit``), offline proof checks (``offline``), assessment recording (``recording``)
and the period report (``report``).
"""

from xborder.ledger.bundles import ConsistencyProof, InclusionProof
from xborder.ledger.events import DatasetRef, EventError, Party, TransferEvent
from xborder.ledger.hashing import EMPTY_ROOT, leaf_hash, node_hash
from xborder.ledger.note import Checkpoint, SigningKey, VerifierKey, open_checkpoint, sign_checkpoint
from xborder.ledger.storage import LedgerError, LedgerStore, open_store
from xborder.ledger.verify import ProofError, RootMismatchError, verify_consistency, verify_inclusion
from xborder.ledger.witness import Policy, PolicyError, Witness, WitnessRefusal

__all__ = [
    "EMPTY_ROOT", "Checkpoint", "ConsistencyProof", "DatasetRef", "EventError", "InclusionProof",
    "LedgerError", "LedgerStore", "Party", "Policy", "PolicyError", "ProofError", "RootMismatchError",
    "SigningKey", "TransferEvent", "VerifierKey", "Witness", "WitnessRefusal", "leaf_hash", "node_hash",
    "open_checkpoint", "open_store", "sign_checkpoint", "verify_consistency", "verify_inclusion",
]
