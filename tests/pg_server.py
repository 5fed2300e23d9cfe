"""A throwaway PostgreSQL cluster for tests: reusable by any test package.

Usage from a conftest::

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests/ folder
    from pg_server import postgres_url_fixture
    pg_url = postgres_url_fixture()          # a session-scoped fixture yielding a URL

`throwaway_postgres(tmpdir)` is the underlying context manager. It uses
``XBORDER_TEST_POSTGRES_URL`` when set (an existing server); otherwise it runs ``initdb``
and ``pg_ctl`` from PATH or /usr/local/bin (or ``$PG_BIN``) in a temp dir on a free
localhost port, as the ``postgres`` OS user when running as root (PostgreSQL refuses
root), and stops it afterwards. Anything missing raises `PostgresUnavailable`, which the
fixture turns into a clean skip with the reason.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


class PostgresUnavailable(RuntimeError):
    """No server can be started here (binaries, OS user or driver missing)."""


def _find(binary: str) -> str:
    for d in filter(None, [os.environ.get("PG_BIN"), "/usr/local/bin", "/usr/lib/postgresql/15/bin",
                           "/usr/lib/postgresql/16/bin"]):
        p = Path(d) / binary
        if p.exists():
            return str(p)
    found = shutil.which(binary)
    if not found:
        raise PostgresUnavailable(f"{binary} not found (set PG_BIN or XBORDER_TEST_POSTGRES_URL)")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def throwaway_postgres(base_dir: str | None = None, *, durable: bool = False,
                       max_connections: int = 50) -> Iterator[str]:
    """Yield a ``postgresql://`` URL of a fresh, trust-auth cluster; stop and delete it after.

    ``durable``: keep fsync on (benchmarks that claim durable commits); tests run without it."""
    existing = os.environ.get("XBORDER_TEST_POSTGRES_URL")
    if existing:
        yield existing
        return
    initdb, pg_ctl = _find("initdb"), _find("pg_ctl")
    user: str | None = None
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            raise PostgresUnavailable("running as root and there is no `postgres` OS user") from None
        user = "postgres"
    root = Path(tempfile.mkdtemp(prefix="xborder-pg-", dir=base_dir))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if user:
        for p in (root, sock):
            os.chown(p, pw.pw_uid, pw.pw_gid)
    port = _free_port()
    run: Callable[..., subprocess.CompletedProcess[str]] = lambda *args: subprocess.run(
        list(args), user=user, capture_output=True, text=True, timeout=120, cwd=root
    )
    try:
        r = run(initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        if r.returncode:
            raise PostgresUnavailable(f"initdb failed: {r.stderr.strip()[-500:]}")
        opts = (f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync={'on' if durable else 'off'} "
                f"-c max_connections={max_connections}")
        r = run(pg_ctl, "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w", "-t", "60", "start")
        if r.returncode:
            log = (root / "log").read_text()[-800:] if (root / "log").exists() else ""
            raise PostgresUnavailable(f"pg_ctl start failed: {r.stderr.strip()} {log}")
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            run(pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def postgres_url_fixture(name: str = "pg_url") -> Callable[..., Iterator[str]]:
    """A session-scoped pytest fixture (assign it to a module-level name in a conftest)."""

    @pytest.fixture(scope="session", name=name)
    def _fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            pytest.skip("psycopg is not installed (pip install 'xborder[postgres]')")
        try:
            with throwaway_postgres() as url:
                yield url
        except PostgresUnavailable as exc:
            pytest.skip(f"PostgreSQL unavailable: {exc}")

    return _fixture
