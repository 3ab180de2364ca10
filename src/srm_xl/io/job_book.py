"""A workbook opened for a job that writes it: locked for the whole read → compute → write, refused early while a
spreadsheet program has it open or it is read-only, and left by killed runs cleaned up first."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from srm_xl.errors import SrmError, UnsafeFileError
from srm_xl.io.file_workbook import BACKUPS, FileWorkbook, IfOpen
from srm_xl.io.guard import start_check
from srm_xl.io.lock import BookLock, Holder
from srm_xl.io.owners import office_owner
from srm_xl.io.safe_write import clean_debris, refuse_read_only

WAIT = 30.0
"""Seconds a job waits for another job's lock on the same book before it refuses."""


@contextmanager
def open_for_job(
    path: Path,
    job: str,
    *,
    wait: float = WAIT,
    if_open: IfOpen = "refuse",
    backups: int = BACKUPS,
    on_wait: Callable[[Holder | None], None] | None = None,
) -> Iterator[FileWorkbook]:
    """``path`` as a :class:`FileWorkbook` under this job's lock (``on_wait`` is told once if it has to wait).

    The guard's check of the book's large sheets runs while the job reads the rest; every sheet is waited for
    before it is read, all before anything is written, and a refusal found meanwhile ends the job (it takes the
    place of any other error, the file being the cause)."""
    path = Path(path)
    with BookLock(path, job, wait=wait, on_wait=on_wait) as lock:
        guard = start_check(path)
        try:
            clean_debris(path)
            with FileWorkbook(path, guard=guard, backups=backups, if_open=if_open, lock=lock) as book:
                try:
                    _writable(path, if_open)
                except SrmError as error:
                    error.lang = book.lang
                    raise
                yield book
        except BaseException as error:
            guard.join()
            if isinstance(error, UnsafeFileError):
                raise
            guard.done()
            raise
        guard.done()


def _writable(path: Path, if_open: IfOpen) -> None:
    """Refuse before any work when the job could not write its results to ``path`` anyway."""
    owner = office_owner(path)
    if owner is not None and if_open == "refuse":
        raise SrmError("book_open_elsewhere", file=path.name, **owner.fields())
    if owner is None:
        refuse_read_only(path)
