"""`xborder serve` as a subprocess on a free loopback port, for tests and the benchmark."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningServer:
    url: str
    admin_token: str
    process: subprocess.Popen[str]
    log: Path


@contextmanager
def serve(db: str, workdir: Path, *, workers: int = 2, extra: tuple[str, ...] = ()) -> Iterator[RunningServer]:
    port = free_port()
    log = workdir / "server.log"
    xborder = Path(sys.executable).with_name("xborder")
    with open(log, "w") as out:
        proc = subprocess.Popen([str(xborder), "serve", "--db", db, "--port", str(port), "--workers", str(workers),
                                 "--log-key", str(workdir / "log.key"), *extra],
                                stdout=subprocess.PIPE, stderr=out, text=True, cwd=workdir,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout is not None
        proc.stdout.readline()  # "A fresh database: ..."
        token = proc.stdout.readline().strip()
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield RunningServer(url, token, proc, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
