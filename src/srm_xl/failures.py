"""What a front-end does with an exception that stopped a job: an exit code, one line for the user, and for anything
unexpected the details in a log file whose path the line names. Nothing here may itself fail.

Exit codes: 0 done, 1 done with data problems found, 2 could not run (file, permission, disk, lock, hostile input),
3 internal error.
"""

from __future__ import annotations

import csv
import os
import struct
import sys
import tempfile
import traceback
import zipfile
from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError

from srm_xl.errors import SrmError
from srm_xl.messages import Lang, render

DONE, DATA_PROBLEMS, CANNOT_RUN, INTERNAL = 0, 1, 2, 3
LOG_DIR_ENV = "SRM_XL_LOG_DIR"
_INPUT_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ParseError,
    struct.error,
    UnicodeError,
    EOFError,
    csv.Error,
)
"""Raised by readers on a workbook they cannot make sense of: the input's fault, not the product's."""


def describe(error: BaseException) -> str:
    """``Type: text`` of any exception, even one whose ``str`` fails (some XML error objects do)."""
    name = _safe(lambda: type(error).__name__, "Exception")
    text = _safe(lambda: str(error), "") or _safe(lambda: repr(error), "")
    text = " ".join(text.split())[:300]
    return f"{name}: {text}" if text else name


def _safe(make: object, default: str) -> str:
    try:
        value = make()  # type: ignore[operator]
        return value if isinstance(value, str) else default
    except Exception:  # noqa: BLE001 - describing a failure must never fail
        return default


def _input_error(error: BaseException) -> bool:
    try:
        import fastexcel

        readers: tuple[type[BaseException], ...] = (*_INPUT_ERRORS, fastexcel.FastExcelError)
    except ImportError:
        readers = _INPUT_ERRORS
    return isinstance(error, readers)


def exit_code(error: BaseException) -> int:
    """2 for what stops a job from running (a problem to fix, the file, the system), 3 for a defect of ours."""
    if isinstance(error, (SrmError, OSError, MemoryError)) or _input_error(error):
        return CANNOT_RUN
    return INTERNAL


def log_dir() -> Path:
    """Where failure logs go: ``$SRM_XL_LOG_DIR``, else the user's local state folder, else the temp folder."""
    configured = os.environ.get(LOG_DIR_ENV)
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "srm_xl" / "logs"


def write_log(error: BaseException, context: str) -> Path | None:
    """The full story of ``error`` in a new log file (None if no folder would take it)."""
    stamp = datetime.now()
    try:
        details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    except Exception:  # noqa: BLE001 - a traceback that cannot be formatted still gets a log line
        details = describe(error)
    text = (
        f"time: {stamp.isoformat(timespec='seconds')}\ncontext: {context}\nargv: {sys.argv!r}\n"
        f"python: {sys.version}\nerror: {describe(error)}\n\n{details}"
    )
    name = f"srm_xl-{stamp:%Y%m%d-%H%M%S}-{os.getpid()}.log"
    for folder in (log_dir(), Path(tempfile.gettempdir()) / "srm_xl-logs"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8", errors="replace")
            return path
        except OSError:
            continue
    return None


def failure_message(error: BaseException, lang: Lang, context: str) -> tuple[str, int]:
    """One line for the user and the exit code; anything but an :class:`SrmError` is logged and the log named."""
    code = exit_code(error)
    if isinstance(error, SrmError):
        message = _safe(lambda: error.message(lang), "")
        if message:
            return message, code
    log = write_log(error, context)
    where = str(log) if log else "-"
    key = (
        "failed_internal"
        if code == INTERNAL
        else ("failed_system" if isinstance(error, (OSError, MemoryError)) else "failed_input")
    )
    try:
        return render(key, lang, context=context, error=describe(error), log=where), code
    except Exception:  # noqa: BLE001 - the catalogue itself failing must still leave the user a line
        return f"{context}: {describe(error)} (log: {where})", code
