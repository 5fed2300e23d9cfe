"""The offline verifier: a checkpoint, public keys and a proof -- no access to the ledger.

This is what a regulator or partner runs. The checkpoint is trusted only through the
policy (log signature plus k of n witness cosignatures); the proof must then lead to that
checkpoint's exact size and root.
"""

from __future__ import annotations

from xborder.ledger.bundles import ConsistencyProof, InclusionProof
from xborder.ledger.hashing import leaf_hash
from xborder.ledger.note import Checkpoint
from xborder.ledger.verify import ProofError, RootMismatchError
from xborder.ledger.witness import Policy


def verify_inclusion_offline(
    proof: InclusionProof, checkpoint_note: str, policy: Policy, leaf_data: bytes | None = None
) -> tuple[Checkpoint, list[str]]:
    """Raise unless ``proof`` (and ``leaf_data``, if given) is in the policy-trusted checkpoint."""
    checkpoint, witnesses = policy.verify(checkpoint_note)
    if proof.tree_size != checkpoint.size:
        raise ProofError(f"proof is for tree size {proof.tree_size}, checkpoint is size {checkpoint.size}")
    if proof.root_hash != checkpoint.root:
        raise RootMismatchError(checkpoint.root, proof.root_hash, "proof root vs checkpoint root")
    if leaf_data is not None and leaf_hash(leaf_data) != proof.leaf_hash:
        raise RootMismatchError(proof.leaf_hash, leaf_hash(leaf_data), "leaf hash")
    proof.verify()
    return checkpoint, witnesses


def verify_consistency_offline(
    proof: ConsistencyProof, old_note: str, new_note: str, policy: Policy
) -> tuple[Checkpoint, Checkpoint]:
    """Raise unless the policy-trusted new checkpoint extends the policy-trusted old one."""
    old, _ = policy.verify(old_note)
    new, _ = policy.verify(new_note)
    if (proof.old_size, proof.new_size) != (old.size, new.size):
        raise ProofError(f"proof is for sizes {proof.old_size}->{proof.new_size}, "
                         f"checkpoints are {old.size}->{new.size}")
    if proof.old_root != old.root or proof.new_root != new.root:
        raise RootMismatchError(new.root, proof.new_root, "proof roots vs checkpoint roots")
    proof.verify()
    return old, new
