"""Assess a large map on every core and stream the contract's JSON.

The serial part (loading, resolving hops, the regimes' look across all hops) runs once;
then worker processes forked from it, sharing that state copy-on-write, each assess a
contiguous slice of hops and return its flows already serialised. The output is the
same document the serial path writes (`report.json_out`), flows in the map's order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import BinaryIO

import orjson

from xborder.datamap.gc import paused_gc
from xborder.engine.assess import PreparedAssessment, Status

# Below this many flows, starting processes costs more than it saves.
MIN_FLOWS_PER_WORKER = 5_000

_STATE: PreparedAssessment | None = None  # set in the parent just before forking


def _work(bounds: tuple[int, int]) -> tuple[bytes, dict[str, int]]:
    assert _STATE is not None
    counts = {Status.COMPLIANT: 0, Status.ACTION_REQUIRED: 0, Status.PROHIBITED: 0}
    parts = []
    for hop in _STATE.hops[bounds[0]:bounds[1]]:
        flow = _STATE.assess_hop(hop)
        counts[flow.status] += 1
        parts.append(flow.json_bytes())
    return b",".join(parts), counts


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def write_json_parallel(prepared: PreparedAssessment, out: BinaryIO, jobs: int | None = None) -> dict[str, int]:
    """Assess every hop and write the assessment JSON; returns the count of flows per status."""
    global _STATE
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
                _emit(map(_work, bounds), out, summary)
        else:
            # Results are acyclic, so workers need no cyclic collector; and the state they
            # inherit is frozen first, so no collection walks it (which would cost time and
            # copy every shared page).
            gc.freeze()
            with multiprocessing.get_context("fork").Pool(jobs, initializer=gc.disable) as pool:
                _emit(pool.imap(_work, bounds), out, summary)
    finally:
        _STATE = None
    out.write(b'],"requests":' + orjson.dumps(prepared.requests()))
    out.write(b',"summary":' + orjson.dumps(summary) + b"}\n")
    return summary


def _emit(results, out: BinaryIO, summary: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    first = True
    for data, counts in results:
        if not data:
            continue
        if not first:
            out.write(b",")
        out.write(data)
        first = False
        for k, v in counts.items():
            summary[k] += v
