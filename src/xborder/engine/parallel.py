"""Assess a large map on every core and stream the contract's JSON.

The serial part (loading, resolving hops, the regimes' look across all hops) runs once;
then worker processes forked from it, sharing that state copy-on-write, each assess a
contiguous slice of hops and write its flows, already serialised, to a spool file of its
own. The parent copies the spool files into the output in the map's order: the same
document the serial path writes (`report.json_out`).

Spool files rather than the pool's result pipe: a worker hands over tens of megabytes per
slice, and through a pipe it would wait for the parent to drain each one before starting
its next slice.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import orjson

from xborder.datamap.gc import paused_gc
from xborder.engine.assess import PreparedAssessment, Status

# Below this many flows, starting processes costs more than it saves.
MIN_FLOWS_PER_WORKER = 5_000

_STATE: PreparedAssessment | None = None  # set in the parent just before forking
_SPOOL: Path | None = None  # the parent's spool folder, likewise


def _assess_slice(bounds: tuple[int, int]) -> tuple[bytes, dict[str, int]]:
    assert _STATE is not None
    counts = {Status.COMPLIANT: 0, Status.ACTION_REQUIRED: 0, Status.PROHIBITED: 0}
    parts = []
    for hop in _STATE.hops[bounds[0]:bounds[1]]:
        flow = _STATE.assess_hop(hop)
        counts[flow.status] += 1
        parts.append(flow.json_bytes())
    return b",".join(parts), counts


def _spool_slice(bounds: tuple[int, int]) -> tuple[Path, dict[str, int]]:
    """In a worker: assess one slice and write its JSON to a spool file."""
    assert _SPOOL is not None
    data, counts = _assess_slice(bounds)
    path = _SPOOL / f"{bounds[0]}.json"
    path.write_bytes(data)
    return path, counts


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def write_json_parallel(prepared: PreparedAssessment, out: BinaryIO, jobs: int | None = None) -> dict[str, int]:
    """Assess every hop and write the assessment JSON; returns the count of flows per status."""
    global _STATE, _SPOOL
    hops = prepared.hops
    jobs = max(1, min(jobs or default_jobs(), len(hops) // MIN_FLOWS_PER_WORKER or 1))
    chunk = -(-len(hops) // (jobs * 4)) if hops else 1
    bounds = [(i, min(i + chunk, len(hops))) for i in range(0, len(hops), chunk)]
    summary = {Status.COMPLIANT: 0, Status.ACTION_REQUIRED: 0, Status.PROHIBITED: 0}
    header = prepared.assessment([]).header()
    out.write(orjson.dumps({k: v for k, v in header.items() if k != "summary"})[:-1] + b',"flows":[')
    _STATE = prepared
    try:
        if jobs == 1:
            with paused_gc():
                _emit(map(_assess_slice, bounds), out, summary)
        else:
            # Results are acyclic, so workers need no cyclic collector; and the state they
            # inherit is frozen first, so no collection walks it (which would cost time and
            # copy every shared page).
            gc.freeze()
            with tempfile.TemporaryDirectory(prefix="xborder-") as spool:
                _SPOOL = Path(spool)
                with multiprocessing.get_context("fork").Pool(jobs, initializer=gc.disable) as pool:
                    _emit(pool.imap(_spool_slice, bounds), out, summary)
    finally:
        _STATE = _SPOOL = None
    out.write(b'],"requests":' + orjson.dumps(prepared.requests()))
    out.write(b',"summary":' + orjson.dumps(summary) + b"}\n")
    return summary


def _emit(slices: Iterable[tuple[bytes | Path, dict[str, int]]], out: BinaryIO, summary: dict[str, int]) -> None:
    """Write the slices' flows, comma-separated, in order: each given as bytes or a spool file."""
    first = True
    for payload, counts in slices:
        for k, v in counts.items():
            summary[k] += v
        if not any(counts.values()):
            continue
        if not first:
            out.write(b",")
        first = False
        if isinstance(payload, Path):
            with open(payload, "rb") as src:
                shutil.copyfileobj(src, out, 1 << 22)
            payload.unlink()
        else:
            out.write(payload)
