"""Where a command writes a file it was asked for (`-o/--output`, `--out`, `--chart`): one
helper for every command, so none of them can destroy what the path names.

- A regular file, or a path that does not exist yet, is written to a temporary file beside
  it and renamed over it only once complete: a failure never leaves a half-written file.
- A character device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is written to as
  a stream, never replaced (as root, a rename would replace `/dev/null` itself).
- A symbolic link is refused unless the caller allows following it (`--follow-symlinks`);
  then its target is written by the same rules and the link is kept.
- A missing folder, a directory, a socket, a permission or disk problem raises
  `OutputError` with one line naming the path; the CLI prints it and exits `EXIT_OUTPUT`.

Check the target first (`output_target`), before any work with side effects, then write
(`open_output`):

    target = output_target(path, follow_symlinks=follow)   # OutputError if unusable
    ...
    with open_output(target) as fh:
        fh.write(data)
"""

from __future__ import annotations

import errno
import io
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NoReturn, TypeVar

import click

EXIT_OUTPUT = 2  # a usage error: the path given for the output cannot be written

# Errors of the write itself (not of the command's own work) that mean "cannot write here".
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EPIPE, errno.EROFS,
                           errno.EACCES, errno.EPERM})

F = TypeVar("F", bound=Callable[..., Any])


class OutputError(Exception):
    """The output path cannot be written; the message is one line and names the path."""


@dataclass(frozen=True)
class OutputTarget:
    """A checked output path: `path` as the user gave it, `real` where the bytes go (the
    link's target when following a symlink), `stream` for devices and FIFOs."""

    path: Path
    real: Path
    stream: bool


def output_target(path: str | os.PathLike[str], *, follow_symlinks: bool = False) -> OutputTarget:
    """Check that PATH can be written without destroying anything; raise OutputError if not."""
    given = Path(path)
    real = given
    info = _stat(os.lstat, given, given)
    if info is not None and stat.S_ISLNK(info.st_mode):
        if not follow_symlinks:
            raise OutputError(f"cannot write {given}: it is a symbolic link (to {os.readlink(given)}); "
                              "pass --follow-symlinks to write to its target")
        real = Path(os.path.realpath(given))
        info = _stat(os.stat, real, given)
    if info is not None:
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise OutputError(f"cannot write {given}: it is a folder; give a file name")
        if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
            if not os.access(real, os.W_OK):
                raise OutputError(f"cannot write {given}: permission denied")
            return OutputTarget(given, real, stream=True)
        if not stat.S_ISREG(mode):
            raise OutputError(f"cannot write {given}: it is not a regular file, a device or a FIFO")
    folder = real.parent
    if not folder.exists():
        raise OutputError(f"cannot write {given}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise OutputError(f"cannot write {given}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {given}: permission denied in the folder {folder}")
    return OutputTarget(given, real, stream=False)


@contextmanager
def open_output(target: OutputTarget | str | os.PathLike[str], *, text: bool = False,
                follow_symlinks: bool = False) -> Iterator[IO[Any]]:
    """A file object for the target (binary, or UTF-8 text with `text`). A regular file
    appears, complete, only when the block ends without an exception."""
    if not isinstance(target, OutputTarget):
        target = output_target(target, follow_symlinks=follow_symlinks)
    if target.stream:
        try:
            fd = os.open(target.real, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        except OSError as exc:
            raise OutputError(f"cannot write {target.path}: {_reason(exc)}") from None
        with _wrapped(fd, text) as fh, _as_output_error(target):
            yield fh
        return
    tmp = target.real.with_name(f".{target.real.name}.{secrets.token_hex(4)}.partial")
    try:
        # O_EXCL: never write into something another process put there; 0o666 minus umask,
        # as a plain open() would create it.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise OutputError(f"cannot write {target.path}: {_reason(exc)}") from None
    try:
        with _as_output_error(target):
            with _wrapped(fd, text) as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.chmod(tmp, stat.S_IMODE(os.stat(target.real).st_mode))  # keep the old file's mode
            except FileNotFoundError:
                pass
            os.replace(tmp, target.real)
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def write_output(target: OutputTarget | str | os.PathLike[str], data: bytes, *,
                 follow_symlinks: bool = False) -> None:
    """Write DATA to the target by the rules above."""
    with open_output(target, follow_symlinks=follow_symlinks) as fh:
        fh.write(data)


def _stat(how: Callable[[Path], os.stat_result], path: Path, given: Path) -> os.stat_result | None:
    """`how(path)`, or None when nothing is there; any other failure names the path the user gave."""
    try:
        return how(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"cannot write {given}: {_reason(exc)}") from None


def fail(message: str, code: int = EXIT_OUTPUT) -> NoReturn:
    """Print one unwrapped error line on stderr (no markup: paths may hold brackets) and exit."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def follow_symlinks_option(func: F) -> F:
    """The `--follow-symlinks` flag, for every command that writes a file."""
    return click.option("--follow-symlinks", is_flag=True,
                        help="Write through a symbolic link given as the output path (refused otherwise).")(func)


class _KeepOpen(io.BufferedWriter):
    """A writer that a caller's own wrapper cannot close (a TextIOWrapper closes what it
    wraps when it is collected); the helper closes it once, after fsync and rename."""

    def close(self) -> None:
        if not self.closed:
            self.flush()

    def really_close(self) -> None:
        super().close()


@contextmanager
def _wrapped(fd: int, text: bool) -> Iterator[IO[Any]]:
    raw = _KeepOpen(io.FileIO(fd, "wb"))
    try:
        if not text:
            yield raw
            return
        wrapper = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        yield wrapper
        wrapper.flush()
    finally:
        raw.really_close()


@contextmanager
def _as_output_error(target: OutputTarget) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        if exc.errno in _WRITE_ERRNOS:
            raise OutputError(f"cannot write {target.path}: {_reason(exc)}") from None
        raise


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower() if exc.strerror else type(exc).__name__
