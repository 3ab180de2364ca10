"""An OOXML package (.xlsx/.xlsm) as parts: read what is needed, change a few parts, copy the rest as-is.

Writing makes a new zip, copying every unchanged member's compressed bytes untouched (no inflate, no re-deflate,
so cost follows the size of what changed); :mod:`srm_xl.io.safe_write` decides where it goes.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from srm_xl.errors import UnsafeFileError
from srm_xl.io.deflate import deflate, inflate

NS = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_BASE = "application/vnd.openxmlformats-officedocument."
WORKSHEET_CT = CT_BASE + "spreadsheetml.worksheet+xml"
COMPRESS_LEVEL = 1
"""zlib's deflate level of the small parts a job writes (large ones go through :mod:`srm_xl.io.deflate`): fast;
files come out about a fifth larger than at level 6."""
_DIGEST_CHUNK = 1024 * 1024
_KEPT_BYTES = 256 * 1024
"""Stored parts up to this size are kept once read (the workbook part, relationships, styles: every read asks)."""
_FAST_INFLATE = 1024 * 1024
"""Members this large (unpacked) are inflated through ISA-L (:mod:`srm_xl.io.deflate`), three times zlib's speed."""
_EARLY_DEFLATE = 1024 * 1024
"""Changed parts this large are compressed as soon as they are written (see :meth:`Package.write`)."""


class MissingPartError(UnsafeFileError, KeyError):
    """A part the workbook's structure needs is not in the package."""

    def __str__(self) -> str:
        return self.message("en")


@dataclass(frozen=True)
class SheetRef:
    """A sheet as the workbook part lists it: name, ids, the part holding it, and visibility."""

    name: str
    sheet_id: int
    rid: str
    part: str
    state: str = "visible"


def rels_path(part: str) -> str:
    """``xl/worksheets/sheet1.xml`` → ``xl/worksheets/_rels/sheet1.xml.rels``."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(source_part: str, target: str) -> str:
    """A relationship target made absolute within the package."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def parse(data: bytes) -> Element:
    """Parse a small part with entity expansion and DTDs forbidden."""
    return ElementTree.fromstring(data, forbid_dtd=True)


class Package:
    """Read access to a package's parts plus a set of pending changes, applied by :meth:`save`."""

    def __init__(self, source: Path | BinaryIO) -> None:
        self.path = source if isinstance(source, Path) else None
        self._zip = zipfile.ZipFile(source)
        self._names = set(self._zip.namelist())
        self.changed: dict[str, bytes] = {}
        self.removed: set[str] = set()
        self._kept: dict[str, bytes] = {}
        self._rels: dict[str, tuple[bytes, list[dict[str, str]]]] = {}
        """Relationship parts as parsed, with the bytes they were parsed from."""
        self._digests: dict[str, str] = {}
        self._sheets: tuple[tuple[bytes, bytes], tuple[SheetRef, ...]] | None = None
        self.workbook_part = self._find_workbook_part()
        self._deflating: dict[str, Future[tuple[int, bytes]]] = {}
        self._deflater: ThreadPoolExecutor | None = None

    def close(self) -> None:
        if self._deflater is not None:
            self._deflater.shutdown(cancel_futures=True)
        self._zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def names(self) -> set[str]:
        return (self._names | set(self.changed)) - self.removed

    def exists(self, part: str) -> bool:
        return part in self.names()

    def read(self, part: str) -> bytes:
        """A part's bytes; :class:`MissingPartError` (a ``KeyError``) when the package has no such part."""
        if part in self.changed:
            return self.changed[part]
        if part in self.removed or part not in self._names:
            raise MissingPartError("part_missing", part=part, file=self.path.name if self.path else "?")
        if (kept := self._kept.get(part)) is not None:
            return kept
        info = self._zip.getinfo(part)
        if info.compress_type == zipfile.ZIP_DEFLATED and info.file_size >= _FAST_INFLATE:
            data = inflate(b"".join(_raw_chunks(self._zip, info)), info.file_size, info.CRC)
        else:
            data = self._zip.read(part)
        if len(data) <= _KEPT_BYTES:
            self._kept[part] = data
        return data

    def stored(self, part: str) -> bool:
        """Whether ``part`` is in the package as stored (unchanged since it was opened)."""
        return part in self._names and part not in self.changed and part not in self.removed

    def member(self, part: str) -> zipfile.ZipInfo:
        """The stored part's directory entry."""
        return self._zip.getinfo(part)

    def open_stream(self, part: str):  # noqa: ANN201 - a binary file object
        """A streaming reader of an unchanged part (for large sheets)."""
        if part in self.changed:
            return io.BytesIO(self.changed[part])
        return self._zip.open(part)

    def write(self, part: str, data: bytes) -> None:
        """Change ``part``; a large one starts compressing at once, on the second core, while the job goes on."""
        self.changed[part] = data
        self.removed.discard(part)
        self._deflating.pop(part, None)
        if len(data) >= _EARLY_DEFLATE:
            self._deflater = self._deflater or ThreadPoolExecutor(max_workers=1)
            self._deflating[part] = self._deflater.submit(deflate, data)

    def remove(self, part: str) -> None:
        self.changed.pop(part, None)
        self._deflating.pop(part, None)
        if part in self._names:
            self.removed.add(part)

    def digest(self, part: str) -> str:
        """A digest of ``part`` as stored: its compressed bytes hashed as they are (nothing is inflated)."""
        if part in self.changed:
            return hashlib.sha256(self.changed[part]).hexdigest()
        if part not in self._digests:  # a stored part never changes: a year's log is hashed once
            self._digests[part] = stored_digest(self._zip.fp, self._zip.getinfo(part))  # type: ignore[arg-type]
        return self._digests[part]

    def relationships(self, part: str) -> list[dict[str, str]]:
        """The relationships of ``part`` (Id, Type, Target, TargetMode), targets resolved for internal ones."""
        path = rels_path(part) if part else "_rels/.rels"
        if not self.exists(path):
            return []
        data = self.read(path)
        cached = self._rels.get(path)
        if cached is not None and cached[0] is data:
            return [dict(item) for item in cached[1]]
        rels = []
        for rel in parse(data).findall("rel:Relationship", NS):
            item = dict(rel.attrib)
            if item.get("TargetMode") != "External":
                item["Part"] = resolve(part or "/", item["Target"]) if part else item["Target"].lstrip("/")
            rels.append(item)
        self._rels[path] = (data, rels)
        return [dict(item) for item in rels]

    def _find_workbook_part(self) -> str:
        for rel in self.relationships(""):
            if rel["Type"].endswith("/officeDocument"):
                return rel["Part"]
        raise KeyError("workbook part")

    def sheets(self) -> list[SheetRef]:
        """The workbook's worksheets in tab order (chart sheets and dialogs are left out); parsed again only when
        the workbook part or its relationships changed (a job asks for them a hundred times)."""
        rels = rels_path(self.workbook_part)
        source = (self.read(self.workbook_part), self.read(rels) if self.exists(rels) else b"")
        if self._sheets is not None and self._sheets[0] == source:
            return list(self._sheets[1])
        targets = {r["Id"]: r for r in self.relationships(self.workbook_part)}
        refs = []
        root = parse(source[0])
        for sheet in root.iterfind("main:sheets/main:sheet", NS):
            rid = sheet.get(f"{{{NS['r']}}}id", "")
            rel = targets.get(rid)
            if rel is None or not rel["Type"].endswith("/worksheet"):
                continue
            refs.append(
                SheetRef(
                    sheet.get("name", ""),
                    int(sheet.get("sheetId", "0")),
                    rid,
                    rel["Part"],
                    sheet.get("state", "visible"),
                )
            )
        self._sheets = (source, tuple(refs))
        return refs

    def write_to(self, handle: BinaryIO) -> None:
        """Write the package with its changes into ``handle`` (see :mod:`srm_xl.io.safe_write` for where)."""
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as out:
            self._write_members(out)

    def _write_members(self, out: zipfile.ZipFile) -> None:
        written: set[str] = set()
        order = [i for i in self._zip.infolist() if i.filename not in self.removed]
        for info in order:
            name = info.filename
            if name in self.changed:
                self._write_changed(out, name)
            else:
                _copy_raw(self._zip, info, out)
            written.add(name)
        for name in self.changed:
            if name not in written:
                self._write_changed(out, name)

    def _write_changed(self, out: zipfile.ZipFile, name: str) -> None:
        """A changed part into ``out``: compressed already if it is large, else now."""
        data = self.changed[name]
        if name not in self._deflating:
            out.writestr(member_info(name), data)
            return
        crc, raw = self._deflating[name].result()
        entry = member_info(name)
        entry.CRC, entry.compress_size, entry.file_size = crc, len(raw), len(data)
        _write_raw(out, entry, [raw])


def file_checksum(path: Path) -> str:
    """A short SHA-256 digest of a file's bytes, for the audit log."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:16]


def member_info(name: str) -> zipfile.ZipInfo:
    """A zip entry with a fixed date, so the same content always makes the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = COMPRESS_LEVEL  # noqa: SLF001 - a ZipInfo given to writestr keeps its own level (3.11)
    info.external_attr = 0o600 << 16
    return info


def _copy_raw(source: zipfile.ZipFile, info: zipfile.ZipInfo, out: zipfile.ZipFile) -> None:
    """Copy one member's compressed bytes without inflating them (same CRC, same data, byte for byte)."""
    copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    copy.compress_type = info.compress_type
    copy.CRC = info.CRC
    copy.compress_size = info.compress_size
    copy.file_size = info.file_size
    copy.external_attr = info.external_attr
    copy.flag_bits = info.flag_bits & ~0x08
    _write_raw(out, copy, _raw_chunks(source, info))


def _write_raw(out: zipfile.ZipFile, entry: zipfile.ZipInfo, raw: Iterable[bytes]) -> None:
    """A member whose compressed bytes (``raw``, in chunks), CRC and sizes are known: its local header, then the
    bytes."""
    entry.extra = b""
    zip64 = entry.file_size > zipfile.ZIP64_LIMIT or entry.compress_size > zipfile.ZIP64_LIMIT
    entry.header_offset = out.fp.tell()
    out.fp.write(entry.FileHeader(zip64))
    for chunk in raw:
        out.fp.write(chunk)
    out.filelist.append(entry)
    out.NameToInfo[entry.filename] = entry
    out.start_dir = out.fp.tell()
    out._didModify = True  # noqa: SLF001 - zipfile writes its directory only when told


def stored_digest(fh: BinaryIO, info: zipfile.ZipInfo, salt: str = "") -> str:
    """A digest of one member as stored: its directory entry, ``salt`` and its compressed bytes, read in chunks
    past the local header (nothing is inflated, nothing held whole)."""
    entry = f"{info.filename}:{info.compress_type}:{info.CRC}:{info.file_size}:{info.compress_size}:{salt}"
    digest = hashlib.sha256(entry.encode())  # SHA-256 runs in hardware: twice BLAKE2's speed on a 100 MB sheet
    _seek_data(fh, info)
    left = info.compress_size
    while left > 0 and (chunk := fh.read(min(left, _DIGEST_CHUNK))):
        digest.update(chunk)
        left -= len(chunk)
    return digest.hexdigest()


def _raw_chunks(source: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """One member's compressed bytes as stored, read past its local header in chunks (a large sheet is never
    held whole: copying it costs a page-cache copy, not an allocation of its size)."""
    fh = source.fp
    _seek_data(fh, info)  # type: ignore[arg-type]
    left = info.compress_size
    while left > 0 and (chunk := fh.read(min(left, _DIGEST_CHUNK))):  # type: ignore[union-attr]
        left -= len(chunk)
        yield chunk
    if left:
        file = Path(str(source.filename or "")).name
        raise UnsafeFileError("guard_part_corrupt", file=file, part=info.filename, reason="data cut short")


def _seek_data(fh: BinaryIO, info: zipfile.ZipInfo) -> None:
    """Move ``fh`` to the first compressed byte of ``info``, past its local header."""
    fh.seek(info.header_offset)
    header = fh.read(30)
    name_len = int.from_bytes(header[26:28], "little")
    extra_len = int.from_bytes(header[28:30], "little")
    fh.seek(info.header_offset + 30 + name_len + extra_len)
