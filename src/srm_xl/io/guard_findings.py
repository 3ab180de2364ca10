"""What the guard saw in a package's parts while it streamed them, for readers that would otherwise inflate them
again: that a sheet holds no cell a typed read would not read as their text (or the columns of those it holds,
once the reader found them), the shared strings that are missing words, and the columns of the cells showing
those (:mod:`srm_xl.io.cell_words`). Kept for the life of the
process, keyed by the file (path, size, modification time) and the members as stored (name, CRC, sizes, offset),
so a file changed since is unknown.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

_MAX = 512
_found: dict[tuple[object, ...], frozenset[str]] = {}


def _key(
    path: Path, info: zipfile.ZipInfo, strings: zipfile.ZipInfo | None, words: frozenset[str] | None
) -> tuple[object, ...] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    members = tuple(
        (m.filename, m.CRC, m.compress_size, m.file_size, m.header_offset) for m in (info, strings) if m is not None
    )
    return (os.path.realpath(path), stat.st_size, stat.st_mtime_ns, members, words)


def record(
    path: Path,
    info: zipfile.ZipInfo,
    found: frozenset[str],
    strings: zipfile.ZipInfo | None = None,
    words: frozenset[str] | None = None,
) -> None:
    """What was found in member ``info`` of the package at ``path``: its suspect cells' columns (or missing words'
    indices), or with ``strings`` and ``words``, the columns of its cells showing those shared strings."""
    key = _key(path, info, strings, words)
    if key is None:
        return
    if len(_found) >= _MAX:
        _found.pop(next(iter(_found)))
    _found[key] = found


def lookup(
    path: Path, info: zipfile.ZipInfo, strings: zipfile.ZipInfo | None = None, words: frozenset[str] | None = None
) -> frozenset[str] | None:
    """What was recorded (as :func:`record` was given it) for member ``info`` of the package at ``path`` as it is
    now; ``None``: nothing."""
    key = _key(path, info, strings, words)
    return None if key is None else _found.get(key)
