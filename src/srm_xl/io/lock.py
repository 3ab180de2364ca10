"""One writer at a time: an exclusive lock file beside the workbook, held for a job's read → compute → write.

The lock file (``.~srm-lock.<name>``) is created with ``O_EXCL`` and says who holds it: pid, user, host, job and
start time. A lock is stale, and is taken over, when its process is gone (same host) or it is older than
``STALE_AFTER`` (another host, or a pid reused). A job that finds a live lock waits up to ``wait`` seconds, telling
the caller once, then refuses with a message naming the holder.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import secrets
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from srm_xl.errors import SrmError, os_error

STALE_AFTER = 6 * 3600.0
"""Seconds after which any lock is stale (no job runs that long; covers locks left on another host)."""
POLL = 0.2
_UNREADABLE_GRACE = 10.0
"""A lock file without readable contents is being written; after this many seconds it is debris."""


def lock_path(book: Path) -> Path:
    return book.with_name(f".~srm-lock.{book.name}")


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` of this computer still runs (True when that cannot be told)."""
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    """``os.kill(pid, 0)`` would terminate the process on Windows; ask for its exit code instead."""
    import ctypes

    kernel = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        return not kernel.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value == 259  # STILL_ACTIVE
    finally:
        kernel.CloseHandle(handle)


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as written in the lock file."""

    pid: int
    user: str
    host: str
    job: str
    started: str
    token: str

    @classmethod
    def me(cls, job: str) -> Holder:
        return cls(
            os.getpid(),
            current_user(),
            socket.gethostname(),
            job,
            datetime.now().isoformat(timespec="seconds"),
            secrets.token_hex(8),
        )

    def alive(self) -> bool:
        """False only when the holder's process is known to be gone (same host, no such pid)."""
        return self.host != socket.gethostname() or pid_alive(self.pid)

    def fields(self) -> dict[str, object]:
        return {"job": self.job, "user": self.user, "host": self.host, "pid": self.pid, "since": self.started}


def _read(path: Path) -> tuple[Holder | None, float]:
    """The holder written in ``path`` (None if unreadable) and the file's age in seconds; FileNotFoundError if gone."""
    age = time.time() - path.stat().st_mtime
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Holder(
            int(data["pid"]),
            str(data["user"]),
            str(data["host"]),
            str(data["job"]),
            str(data["started"]),
            str(data["token"]),
        ), age
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None, age


class BookLock:
    """The lock on one workbook; use as a context manager or call :meth:`acquire` / :meth:`release`."""

    def __init__(
        self, book: Path, job: str, *, wait: float = 30.0, on_wait: Callable[[Holder | None], None] | None = None
    ) -> None:
        self.book = Path(book)
        self.path = lock_path(self.book)
        self.job = job
        self.wait = wait
        self.on_wait = on_wait
        self.holder: Holder | None = None

    def __enter__(self) -> BookLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the lock, waiting up to ``wait`` seconds for a live holder; SrmError ``book_locked`` after that."""
        me = Holder.me(self.job)
        deadline = time.monotonic() + self.wait
        told = False
        while True:
            if self._create(me):
                self.holder = me
                return
            other = self._other()
            if other is False:
                continue
            if time.monotonic() >= deadline:
                fields = other.fields() if other else {"job": "?", "user": "?", "host": "?", "pid": "?", "since": "?"}
                raise SrmError(
                    "book_locked", file=self.book.name, lock=self.path.name, waited=round(self.wait), **fields
                )
            if not told and self.on_wait is not None:
                self.on_wait(other)
                told = True
            time.sleep(POLL)

    def _create(self, me: Holder) -> bool:
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        except OSError as error:
            raise SrmError(
                "folder_not_writable", folder=str(self.book.parent), reason=error.strerror or type(error).__name__
            ) from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(asdict(me), handle)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            self.path.unlink(missing_ok=True)
            raise os_error(error, self.book) from None
        return True

    def _other(self) -> Holder | None | bool:
        """The live holder (None if its file is still being written); False when the lock was gone or stale and
        removed, so the caller tries again at once."""
        try:
            other, age = _read(self.path)
        except FileNotFoundError:
            return False
        stale = (
            age > STALE_AFTER
            or (other is None and age > _UNREADABLE_GRACE)
            or (other is not None and not other.alive())
        )
        if not stale:
            return other
        self._break(other)
        return False

    def _break(self, stale: Holder | None) -> None:
        """Remove a stale lock, unless another job replaced it meanwhile (it is moved aside, checked, put back)."""
        aside = self.path.with_name(f"{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        try:
            os.rename(self.path, aside)
        except FileNotFoundError:
            return
        try:
            moved, _ = _read(aside)
        except FileNotFoundError:
            return
        if moved is not None and (stale is None or moved.token != stale.token):
            with contextlib.suppress(OSError):
                os.link(aside, self.path)
        aside.unlink(missing_ok=True)

    def held(self) -> bool:
        """Whether the lock file still names this job (a check made just before the book is replaced)."""
        if self.holder is None:
            return False
        try:
            current, _ = _read(self.path)
        except FileNotFoundError:
            return False
        return current is not None and current.token == self.holder.token

    def release(self) -> None:
        if self.held():
            self.path.unlink(missing_ok=True)
        self.holder = None
