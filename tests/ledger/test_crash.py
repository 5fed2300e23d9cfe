"""A writer killed with SIGKILL mid-append leaves a log that verifies and keeps every acknowledged entry."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ORIGIN

from xborder.ledger.audit import audit
from xborder.ledger.note import SigningKey
from xborder.ledger.storage import open_store

BATCH = 500

WRITER = textwrap.dedent(
    """
    import sys
    from xborder.ledger.storage import open_store
    store = open_store(sys.argv[1])
    while True:
        n = store.size()
        idx = store.append([f"entry {i} ".encode() * 8 for i in range(n, n + %d)])
        print(idx[-1], flush=True)   # acknowledged: the batch is committed
    """
    % BATCH
)


def _kill_after(path: Path, acks_wanted: int, extra_delay: float) -> list[int]:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    acked: list[int] = []
    assert proc.stdout is not None
    try:
        while len(acked) < acks_wanted:
            line = proc.stdout.readline()
            if not line:
                break
            acked.append(int(line))
        time.sleep(extra_delay)  # land the kill at varying points inside the next batch
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    # lines printed (after commit) but not yet read by us are acknowledged too
    acked += [int(x) for x in proc.stdout.read().split()]
    assert proc.returncode == -signal.SIGKILL
    return acked


@pytest.mark.parametrize("round_delays", [(0.0, 0.013, 0.031)])
def test_sigkill_during_appends(tmp_path: Path, log_key: SigningKey, round_delays: tuple[float, ...]) -> None:
    path = tmp_path / "crash.db"
    with open_store(str(path)) as s:
        s.initialise(ORIGIN, log_key.verifier())
    all_acked: list[int] = []
    for delay in round_delays:
        all_acked += _kill_after(path, 6, delay)
        with open_store(str(path)) as s:
            report = audit(s)
            assert report.ok, [p.describe() for p in report.problems]
            size = s.size()
            assert size % BATCH == 0, "a batch was half-applied"
            assert size == s.leaf_count()
            assert max(all_acked) < size
            for i in (0, *all_acked[-3:], size - 1):
                assert s.leaf(i) == f"entry {i} ".encode() * 8
            s.inclusion_proof(max(all_acked)).verify()
    assert len(all_acked) >= 18
