"""What the guard saw in a package's parts while it streamed them, for readers that would otherwise inflate them
again: whether a sheet holds cells a typed read would not read as their text, whether the shared strings hold a
missing word (:mod:`srm_xl.io.cell_words`). Kept for the life of the process, keyed by the file (path, size,
modification time) and the member as stored (name, CRC, sizes, offset), so a file changed since is unknown.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

_MAX = 512
_found: dict[tuple[object, ...], bool] = {}


def _key(path: Path, info: zipfile.ZipInfo) -> tuple[object, ...] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    member = (info.filename, info.CRC, info.compress_size, info.file_size, info.header_offset)
    return (os.path.realpath(path), stat.st_size, stat.st_mtime_ns, *member)


def record(path: Path, info: zipfile.ZipInfo, suspect: bool) -> None:
    """Whether member ``info`` of the package at ``path`` holds suspect cells (or missing words)."""
    key = _key(path, info)
    if key is None:
        return
    if len(_found) >= _MAX:
        _found.pop(next(iter(_found)))
    _found[key] = suspect


def lookup(path: Path, info: zipfile.ZipInfo) -> bool | None:
    """What was recorded for member ``info`` of the package at ``path`` as it is now; ``None``: nothing."""
    key = _key(path, info)
    return None if key is None else _found.get(key)
