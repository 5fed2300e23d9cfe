"""Several uvicorn workers, each with a listening socket of its own (Linux `SO_REUSEPORT`).

uvicorn's own workers share one listening socket, and whichever wakes first accepts a whole
burst of new connections: 32 keep-alive clients connecting at once landed as [28, 2, 1, 1]
on four workers, so one worker queued most of the calls while the others idled (the
benchmark's tail latency). With a socket per worker in one `SO_REUSEPORT` group the kernel
spreads connections over the workers by a hash of their addresses. This supervisor starts
the workers, restarts one that dies, and stops them all on SIGINT or SIGTERM; elsewhere than
Linux `xborder serve` keeps uvicorn's own workers.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
import threading
import time
from typing import Any

BACKLOG = 2048  # uvicorn's default
QUICK_DEATH_SECONDS = 10.0  # a worker that dies this soon after starting, again and again, is not restarted
MAX_QUICK_DEATHS = 3


def supported() -> bool:
    return sys.platform == "linux" and hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    return sock


def _worker(host: str, port: int, options: dict[str, Any]) -> None:  # pragma: no cover - runs in a child
    import uvicorn

    sock = listening_socket(host, port)
    uvicorn.Server(uvicorn.Config(**options)).run(sockets=[sock])


def run(host: str, port: int, workers: int, options: dict[str, Any]) -> int:
    """Serve with `workers` processes until SIGINT/SIGTERM; the exit status (1: workers kept dying)."""
    listening_socket(host, port).close()  # the port is free (or ours to share): fail here, not in each child
    ctx = multiprocessing.get_context("spawn")
    stop = threading.Event()

    def start() -> tuple[Any, float]:
        proc = ctx.Process(target=_worker, args=(host, port, options), daemon=False)
        proc.start()
        return proc, time.monotonic()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    procs = [start() for _ in range(workers)]
    quick_deaths = 0
    status = 0
    while not stop.wait(0.5):
        for i, (proc, started) in enumerate(procs):
            if proc.is_alive():
                continue
            quick_deaths = quick_deaths + 1 if time.monotonic() - started < QUICK_DEATH_SECONDS else 0
            if quick_deaths >= MAX_QUICK_DEATHS:
                print(f"error: the workers keep stopping at start (last exit code {proc.exitcode})", file=sys.stderr)
                stop.set()
                status = 1
                break
            procs[i] = start()
    for proc, _ in procs:
        if proc.is_alive():
            proc.terminate()  # SIGTERM: uvicorn finishes the requests in flight
    for proc, _ in procs:
        proc.join(30)
        if proc.is_alive():
            proc.kill()
            proc.join()
    return status
