"""The hostile-file guard: every untrusted file passes ``check_file`` before any reader touches it, or
``start_check``, which returns once all but a workbook's large sheets passed and checks those while the reader
starts on the rest; no sheet reaches calamine before it passed.

calamine (under fastexcel) sizes its buffers from what a file declares and aborts the whole process on absurd
values; openpyxl and calamine both inflate zip bombs. The guard identifies a file by its bytes (never its
extension), checks a zip package's directory before inflating anything, then streams every member with limits,
refusing DTDs in XML and cell ranges out of proportion to the data. It never writes to the file; every refusal is
an :class:`~srm_xl.errors.UnsafeFileError` whose message names the file, the problem and the fix.
"""

from __future__ import annotations

from pathlib import Path

from srm_xl.errors import UnsafeFileError
from srm_xl.io.guard_limits import MB, FileKind, Limits
from srm_xl.io.guard_ole import check_ole
from srm_xl.io.guard_zip import PendingCheck, start_package

__all__ = ["FileKind", "Limits", "PendingCheck", "check_file", "start_check"]

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_SAMPLE = 64 * 1024
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13})


def check_file(path: Path, *, limits: Limits = Limits()) -> FileKind:
    """The kind of the workbook or CSV file at ``path``, or :class:`UnsafeFileError` if no reader should open it."""
    return start_check(path, limits=limits).done()


def start_check(path: Path, *, limits: Limits = Limits()) -> PendingCheck:
    """:func:`check_file`, returning once everything but a workbook's large sheets passed; those are checked on
    lanes of their own while the caller starts reading (:class:`PendingCheck`: wait for a sheet with ``ready``
    before calamine parses it, for all with ``done``)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(_TEXT_SAMPLE)
    except OSError as exc:
        raise UnsafeFileError("guard_unreadable", file=path.name, reason=exc.strerror or type(exc).__name__) from None
    if size == 0:
        raise UnsafeFileError("guard_empty", file=path.name)
    if size > limits.max_file_bytes:
        raise UnsafeFileError(
            "guard_too_large", file=path.name, size_mb=size // MB, limit_mb=limits.max_file_bytes // MB
        )
    if head.startswith(_ZIP_MAGIC):
        return start_package(path, limits)
    if head.startswith(_OLE_MAGIC):
        check_ole(path, size)
    return PendingCheck(_check_text(path, head), [], [])


def _check_text(path: Path, head: bytes) -> FileKind:
    """``"csv"`` for delimited text (UTF-8, UTF-16 with BOM or GB18030); refuses binary data and markup."""
    text = _decode(head)
    if text is None or any(ch in text for ch in _CONTROL.decode("ascii")):
        raise UnsafeFileError("guard_not_workbook", file=path.name)
    if text.lstrip().startswith("<"):
        raise UnsafeFileError("guard_markup", file=path.name)
    return "csv"


def _decode(head: bytes) -> str | None:
    """The sample as text, tolerating a multi-byte character cut at its end; ``None`` if it is not text."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
        head = head[: len(head) // 2 * 2]
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        for cut in range(4):
            try:
                return head[: len(head) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
    return None
