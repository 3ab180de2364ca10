"""What the guard already passed: a sheet part byte for byte the same as one checked before is not streamed again.

A mark is keyed by the digest of the part's compressed bytes as stored, its directory entry (sizes, CRC,
method), the limits it was checked under and the product's code, so only identical bytes checked by the same code
under the same limits skip the scan; the verdict depends on nothing else. A sheet a job writes is marked when its
XML passed the same checks as it was written. Marks are small files in the read
cache's folder (``guard/``), the newest :data:`MAX_MARKS` kept, each holding what the guard found in the part
(whether the part holds cells a typed read would not read as their text, or the shared strings that are
missing words: :mod:`~srm_xl.io.cell_words`); with the cache turned off nothing is remembered.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import BinaryIO

from srm_xl.io.package import stored_digest
from srm_xl.io.read_cache import cache_folder, code_fingerprint

MAX_MARKS = 2000


def part_key(fh: BinaryIO, info: zipfile.ZipInfo, limits: object, role: str = "sheet") -> str | None:
    """The mark's key for member ``info`` of the open package ``fh``, checked as ``role`` (``sheet`` or
    ``strings``: the checks differ); ``None`` with no cache."""
    if _folder() is None:
        return None
    return stored_digest(fh, info, f"{limits!r}{code_fingerprint()}:{role}")


def written_keys(path: Path, parts: list[str], limits: object) -> dict[str, str | None]:
    """The marks' keys of ``parts`` of the package a job has just written at ``path`` (nothing with no cache)."""
    if _folder() is None or not parts:
        return {}
    with path.open("rb") as fh, zipfile.ZipFile(fh) as package:
        return {part: part_key(fh, package.getinfo(part), limits) for part in parts}


def verdict(key: str | None) -> frozenset[str] | None:
    """``None`` when no part with this key passed the guard before; else what the guard found in it then."""
    folder = _folder()
    if key is None or folder is None:
        return None
    try:
        found = (folder / key).read_text(encoding="ascii")
        os.utime(folder / key)
    except (OSError, UnicodeDecodeError):
        return None
    return frozenset(found.split())


def remember(key: str | None, found: frozenset[str]) -> None:
    """Mark a part as passed, with what the guard found in it; a folder that cannot be written is skipped
    silently (it is only a memo)."""
    folder = _folder()
    if key is None or folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / key).write_text(" ".join(sorted(found)), encoding="ascii")
        marks = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in marks[MAX_MARKS:]:
            old.unlink(missing_ok=True)
    except OSError:
        return


def _folder() -> Path | None:
    folder = cache_folder()
    return None if folder is None else folder / "guard"
