"""Replacing a workbook so that a kill, a full disk or another program can never leave it, or its last good
backup, half-written.

The new file is written under a temporary name beside the book and synced. Backups rotate by rename
(``book.backup.xlsx`` → ``book.backup-2.xlsx`` …) and the newest is a hard link to the book as it was (a copy under
a temporary name, then renamed, where links are not supported): no backup is ever overwritten in place and no
whole-file copy is made on the write path. The new file gets the book's permissions and owner, then is renamed
over the book. Temporary files of a killed run are removed by the next one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import socket
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from srm_xl.errors import SrmError, os_error
from srm_xl.io.lock import pid_alive

TEMP_PREFIX = ".~srm-tmp."
DEBRIS_AFTER = 6 * 3600.0
"""Seconds after which a temporary file whose writer cannot be checked (another host) is debris."""
_TEMP = re.compile(r"\.(?P<host>[^.]*)\.(?P<pid>\d+)\.[0-9a-f]+$")


_HASHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="srm-xl-checksum")
"""Checksums are worked out on a thread of their own (SHA-256 runs without Python's lock): a job goes on while
its 110 MB book is hashed."""


def _sha256(handle: BinaryIO) -> str:
    digest = hashlib.sha256()
    with handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """A file as it was read: size, modification time and SHA-256 of its bytes (worked out beside the caller,
    waited for when asked)."""

    size: int
    mtime_ns: int
    _digest: Future[str] = field(repr=False, compare=False)

    @classmethod
    def of(cls, path: Path) -> Snapshot:
        handle = path.open("rb")
        stat = os.fstat(handle.fileno())
        return cls(stat.st_size, stat.st_mtime_ns, _HASHER.submit(_sha256, handle))

    @classmethod
    def taken(cls, path: Path) -> Snapshot | None:
        """:meth:`of`, or ``None`` when the file cannot be opened now."""
        try:
            return cls.of(path)
        except OSError:
            return None

    @property
    def digest(self) -> str:
        return self._digest.result()

    def settled(self) -> Snapshot:
        """This snapshot once its checksum is worked out (the file is no longer open: Windows renames no open
        file)."""
        self._digest.result()
        return self

    def matches(self, path: Path, seen: Snapshot | None = None) -> bool:
        """Whether ``path`` still holds exactly these bytes (size and time first, then the checksum; ``seen``: a
        snapshot of ``path`` taken since, its time and size still those of the file)."""
        try:
            stat = path.stat()
        except FileNotFoundError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (self.size, self.mtime_ns):
            return False
        if seen is None or (seen.size, seen.mtime_ns) != (self.size, self.mtime_ns):
            seen = Snapshot.of(path)
        return seen.digest == self.digest


def backup_path(book: Path, number: int = 1) -> Path:
    """Backup ``number`` of ``book`` (1 = the book before the last job: ``book.backup.xlsx``, then ``-2``, ``-3`` …)."""
    tag = "backup" if number == 1 else f"backup-{number}"
    return book.with_name(f"{book.stem}.{tag}{book.suffix}")


def _host() -> str:
    return re.sub(r"[^0-9A-Za-z-]", "-", socket.gethostname())[:40]


def temp_path(target: Path) -> Path:
    """``.~srm-tmp.<name>.<host>.<pid>.<random>`` beside ``target``: whose it is, for :func:`clean_debris`."""
    return target.with_name(f"{TEMP_PREFIX}{target.name}.{_host()}.{os.getpid()}.{secrets.token_hex(4)}")


def clean_debris(book: Path) -> list[Path]:
    """Remove temporary files killed runs left in ``book``'s folder (their process gone, or older than any job)."""
    removed = []
    host = _host()
    try:
        entries = [e for e in os.scandir(book.parent) if e.name.startswith(TEMP_PREFIX)]
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP.search(entry.name)
        try:
            age = time.time() - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        dead = match is not None and match["host"] == host and not pid_alive(int(match["pid"]))
        if dead or age > DEBRIS_AFTER:
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                continue
    return removed


def write_temp(target: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Write a new file beside ``target`` under a temporary name, synced to disk; a failure leaves nothing."""
    temp = temp_path(target)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as error:
        raise os_error(error, target) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as error:
        temp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise os_error(error, target) from None
        raise
    return temp


def refuse_read_only(book: Path) -> None:
    """SrmError when ``book`` or its folder is read-only (judged by its permission bits, as for every user)."""
    try:
        mode = book.stat().st_mode
        folder = book.parent.stat().st_mode
    except OSError as error:
        raise os_error(error, book) from None
    if not mode & 0o222 or not os.access(book, os.W_OK):
        raise SrmError("book_read_only", file=book.name)
    if not folder & 0o222 or not os.access(book.parent, os.W_OK | os.X_OK):
        raise SrmError("folder_not_writable", folder=str(book.parent), reason="read-only")


def replace_book(temp: Path, book: Path, *, backups: int) -> None:
    """Rename ``temp`` over ``book`` with the book's permissions and owner, after rotating ``backups`` backups."""
    try:
        if book.exists():
            stat = book.stat()
            os.chmod(temp, stat.st_mode & 0o7777)
            if hasattr(os, "chown") and (stat.st_uid, stat.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(PermissionError):
                    os.chown(temp, stat.st_uid, stat.st_gid)
            if backups > 0:
                _rotate(book, backups)
        os.replace(temp, book)
    except BaseException as error:
        temp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise os_error(error, book) from None
        raise
    _sync_folder(book.parent)


def _rotate(book: Path, keep: int) -> None:
    """The backups moved one place down and the book linked (or copied) in as the newest, each name replaced in one
    rename while it still names its old file: a job killed in between leaves every backup name whole (renaming
    ``book.backup.xlsx`` away before the new one was in place left that name missing)."""
    newest = backup_path(book)
    if newest.exists() and os.path.samefile(newest, book):
        return
    for number in range(keep, 1, -1):
        older = backup_path(book, number - 1)
        if older.exists() and not _link_over(older, backup_path(book, number)):
            os.replace(older, backup_path(book, number))  # where links are refused, as renames always did
    if not _link_over(book, newest):
        os.replace(_copy_beside(book, newest), newest)


def _link_over(source: Path, target: Path) -> bool:
    """``source``'s file also named ``target``, the old ``target`` replaced in one rename; whether the file system
    allowed the hard link."""
    temp = temp_path(target)
    try:
        os.link(source, temp)
    except OSError:
        return False
    try:
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return True


def _copy_beside(source: Path, target: Path) -> Path:
    """A synced copy of ``source`` under a temporary name beside ``target`` (where hard links are refused)."""
    return write_temp(target, lambda out: _copy_into(source, out))


def _copy_into(source: Path, out: BinaryIO) -> None:
    with source.open("rb") as handle:
        shutil.copyfileobj(handle, out, 1 << 20)


def keep_aside(temp: Path, book: Path) -> Path:
    """Rename a finished ``temp`` to ``<book>.results-<time>.xlsx`` beside the book, and return that path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for attempt in range(100):
        tag = f"results-{stamp}" + (f"-{attempt}" if attempt else "")
        side = book.with_name(f"{book.stem}.{tag}{book.suffix}")
        if not side.exists():
            os.replace(temp, side)
            return side
    raise SrmError("write_failed", file=book.name, reason="no free name for the results file")


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
