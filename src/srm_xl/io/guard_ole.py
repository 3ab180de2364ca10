"""OLE2 compound files (legacy .xls, password-protected OOXML, old Word/PowerPoint): name the kind, then refuse.

Only the header, the FAT and the directory sector chain are read — every loop bounded by the file's sector count —
to list the stream names; nothing else in the file is interpreted.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO, NoReturn

from srm_xl.errors import UnsafeFileError

_HEADER = 512
_DIR_ENTRY = 128
_END_OF_CHAIN = 0xFFFFFFFE
_HEADER_DIFAT = 109
_ENCRYPTED = {"encryptioninfo", "encryptedpackage"}
_WORKBOOK = {"workbook", "book"}


class _Corrupt(Exception):
    """The compound file's structure cannot be followed."""


def check_ole(path: Path, size: int) -> NoReturn:
    """Refuse the compound file at ``path`` with the code naming what it is."""
    try:
        with path.open("rb") as fh:
            names = _stream_names(fh, size)
    except (_Corrupt, struct.error) as exc:
        raise UnsafeFileError("guard_ole_corrupt", file=path.name, reason=str(exc) or "bad header") from None
    if names >= _ENCRYPTED:
        raise UnsafeFileError("guard_encrypted", file=path.name)
    if names & _WORKBOOK:
        raise UnsafeFileError("guard_legacy_xls", file=path.name)
    raise UnsafeFileError("guard_ole_other", file=path.name)


def _stream_names(fh: BinaryIO, size: int) -> set[str]:
    """Lower-cased names of every directory entry."""
    header = fh.read(_HEADER)
    shift = struct.unpack_from("<H", header, 0x1E)[0]
    if shift not in (9, 12):
        raise _Corrupt(f"sector size 2^{shift}")
    sector = 1 << shift
    sectors = max(0, (size - _HEADER) // sector + 1)
    (first_dir,) = struct.unpack_from("<I", header, 0x30)
    fat = _fat(fh, header, sector, sectors)
    names: set[str] = set()
    for sid in _chain(first_dir, fat, sectors):
        fh.seek(_HEADER + sid * sector)
        block = fh.read(sector)
        for offset in range(0, len(block) - _DIR_ENTRY + 1, _DIR_ENTRY):
            length = min(struct.unpack_from("<H", block, offset + 64)[0], 64)
            if length >= 2 and block[offset + 66] in (1, 2, 5):
                names.add(block[offset : offset + length - 2].decode("utf-16-le", "replace").lower())
    return names


def _fat(fh: BinaryIO, header: bytes, sector: int, sectors: int) -> list[int]:
    """The file allocation table, gathered from the header's DIFAT and the DIFAT sector chain."""
    fat_sids = [s for s in struct.unpack_from(f"<{_HEADER_DIFAT}I", header, 0x4C) if s < sectors]
    (next_difat,) = struct.unpack_from("<I", header, 0x44)
    per_sector = sector // 4
    seen: set[int] = set()
    while next_difat < sectors and next_difat not in seen:
        seen.add(next_difat)
        fh.seek(_HEADER + next_difat * sector)
        entries = struct.unpack(f"<{per_sector}I", _read_exact(fh, sector))
        fat_sids.extend(s for s in entries[:-1] if s < sectors)
        next_difat = entries[-1]
    fat: list[int] = []
    for sid in fat_sids[:sectors]:
        fh.seek(_HEADER + sid * sector)
        fat.extend(struct.unpack(f"<{per_sector}I", _read_exact(fh, sector)))
    return fat


def _chain(start: int, fat: list[int], sectors: int) -> list[int]:
    """The sector ids of the chain from ``start``; refuses loops and pointers outside the file."""
    chain: list[int] = []
    sid = start
    while sid != _END_OF_CHAIN:
        if sid >= min(sectors, len(fat)) or len(chain) >= sectors:
            raise _Corrupt("broken directory chain")
        chain.append(sid)
        sid = fat[sid]
    if not chain:
        raise _Corrupt("no directory")
    return chain


def _read_exact(fh: BinaryIO, n: int) -> bytes:
    data = fh.read(n)
    if len(data) != n:
        raise _Corrupt("file cut short")
    return data
