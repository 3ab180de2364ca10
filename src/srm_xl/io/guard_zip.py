"""Zip packages (.xlsx and kin): the central directory checked first, then every member streamed with limits.

Nothing is inflated before the directory passes (member count, names, declared sizes and ratios, encryption,
compression methods, overlapping entries). Members are then inflated chunk by chunk from their local headers,
stopping as soon as the output outgrows what the member declared, and their CRCs are checked. The structural parts
(content types, relationships, the workbook) are parsed with defusedxml to find the workbook and its sheets, and
every relationship part must be complete (Id, Type, Target); every other XML part except sheets must parse as it
streams (:class:`~srm_xl.io.guard_xml.WellFormed`); sheet XML, the bulk of a big file, is scanned by
:class:`~srm_xl.io.guard_xml.SheetScan` and left to the readers. Large sheets are checked on two lanes of their
own, one per core, while the caller starts reading (:class:`PendingCheck`); the first refusal in the package's
order is the one raised, as when every part is checked in turn.
Sheets a job writes get the same sheet checks as they are written (:func:`sheet_passes`).
"""

from __future__ import annotations

import posixpath
import re
import struct
import threading
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO, NoReturn

from srm_xl.errors import UnsafeFileError
from srm_xl.io import deflate, guard_findings, guard_memo
from srm_xl.io.cell_words import UNKNOWN, StringSearch
from srm_xl.io.guard_limits import MB, FileKind, Limits
from srm_xl.io.guard_xml import HEAD_BYTES, Prologue, SharedStringsHead, SheetScan, WellFormed, parse

_READ = 1024 * 1024
_OUT = 4 * 1024 * 1024
_EOCD = b"PK\x05\x06"
_EOCD_SEARCH = 65_557
_CD_BYTES_PER_MEMBER = 512
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_LOCAL_HEADER = 30
_BAD_NAME = re.compile(r"(^|/)\.\.(/|$)|^/|\\|^[A-Za-z]:|\x00")
_XML_SUFFIXES = (".xml",)
_LOOSE_XML = (".vml",)
"""Legacy drawing parts: Excel itself writes them as not quite well-formed XML, so only their prologue is checked."""
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationships"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_KINDS: dict[str, FileKind] = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "xlsm",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "xltx",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": "xltm",
}
_XLSB = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"
_SHARED_STRINGS = "xl/sharedStrings.xml"
_LANE_BYTES = 16 * MB
"""Sheets this large are streamed on lanes of their own (two, one per core) while readers start on the rest;
smaller ones are not worth a thread."""

Sink = Callable[[bytes], None]


class PendingCheck:
    """A package whose directory, structure and small parts passed the guard while its large sheets are still
    streamed, on lanes of their own (one per core). A reader waits with :meth:`ready` before letting calamine
    parse a sheet; :meth:`done` waits for every lane. The first refusal in the package's order is the one raised,
    as when every part is checked in turn."""

    def __init__(self, kind: FileKind, lanes: list[_Lane], failures: list[tuple[int, BaseException]]) -> None:
        self.kind, self._lanes, self._failures = kind, lanes, failures
        for lane in lanes:
            lane.start()

    def ready(self, part: str) -> None:
        """Return once ``part`` passed; the refusal if any part failed."""
        for lane in self._lanes:
            lane.wait(part)
        if self._failures:
            self.done()

    def done(self) -> FileKind:
        """The workbook kind once every part passed; the first refusal in the package's order otherwise."""
        self.join()
        if self._failures:
            raise min(self._failures, key=lambda failure: failure[0])[1]
        return self.kind

    def join(self) -> None:
        """Wait for the lanes (without raising what they found)."""
        for lane in self._lanes:
            lane.join()


class _Lane(threading.Thread):
    """Large sheets streamed in the package's order through a handle of their own; each part's event is set once
    it passed (or the lane stopped), a failure goes to the shared list."""

    def __init__(
        self,
        path: Path,
        members: dict[str, zipfile.ZipInfo],
        limits: Limits,
        sheets: list[zipfile.ZipInfo],
        order: dict[str, int],
        failures: list[tuple[int, BaseException]],
    ) -> None:
        super().__init__(daemon=True)
        self.path, self.members, self.limits, self.order, self.failures = path, members, limits, order, failures
        self.sheets = sorted(sheets, key=lambda i: order[i.filename])
        self.passed = {info.filename: threading.Event() for info in self.sheets}

    def wait(self, part: str) -> None:
        if part in self.passed:
            self.passed[part].wait()

    def run(self) -> None:
        info = self.sheets[0]
        try:
            with self.path.open("rb") as fh, ThreadPoolExecutor(max_workers=1) as pool:
                package = _Package(fh, self.path.name, self.members, self.limits)
                for info in self.sheets:
                    _stream_sheet(self.path, package, info, pool)
                    self.passed[info.filename].set()
        except BaseException as error:  # noqa: BLE001 - handed to PendingCheck, which raises it in order
            self.failures.append((self.order[info.filename], error))
        finally:
            for event in self.passed.values():
                event.set()


def start_package(path: Path, limits: Limits) -> PendingCheck:
    """Check the zip package at ``path``: its directory, structure and every part but the large sheets now, the
    large sheets on lanes of their own (:class:`PendingCheck`)."""
    file = path.name
    failures: list[tuple[int, BaseException]] = []
    with path.open("rb") as fh:
        _check_end_record(fh, file, limits)
        try:
            infos = zipfile.ZipFile(fh).infolist()
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            EOFError,
            ValueError,
            NotImplementedError,
            struct.error,
        ) as exc:
            raise UnsafeFileError("guard_zip_corrupt", file=file, reason=str(exc) or "bad central directory") from None
        members = _check_directory(infos, file, limits)
        package = _Package(fh, file, members, limits)
        kind, sheets, shared = package.structure()
        sheet_bytes = sum(members[name].file_size for name in sheets)
        order = {name: i for i, name in enumerate(members)}
        large = [members[name] for name in members if name in sheets and name not in package.streamed]
        lanes = [_Lane(path, members, limits, lane, order, failures) for lane in _lanes(large) if lane]
        pending = PendingCheck(kind, lanes, failures)
        beside = {info.filename for lane in lanes for info in lane.sheets}
        at = 0
        try:
            with ThreadPoolExecutor(max_workers=1) as pool:
                for name, info in members.items():
                    at = order[name]
                    if name in package.streamed or name in beside:
                        continue
                    if name in sheets:
                        _stream_sheet(path, package, info, pool)
                    elif name in shared:
                        _stream_strings(path, package, info, SharedStringsHead(file, name, info.file_size, sheet_bytes))
                    elif name.endswith(".rels"):
                        package.relationships(name)
                    elif name.endswith(_XML_SUFFIXES):
                        package.stream_xml(info, [])
                    else:
                        package.stream(info, [Prologue(file, name).feed] if name.endswith(_LOOSE_XML) else [])
        except BaseException as error:  # noqa: BLE001 - the first failure in the package's order is raised
            failures.append((at, error))
            pending.done()
    return pending


def _lanes(sheets: list[zipfile.ZipInfo]) -> tuple[list[zipfile.ZipInfo], list[zipfile.ZipInfo]]:
    """The large sheets (none when they are small) shared between two lanes, about half the bytes each."""
    large = sorted((i for i in sheets if i.file_size >= _LANE_BYTES), key=lambda i: -i.file_size)
    lanes: tuple[list[zipfile.ZipInfo], list[zipfile.ZipInfo]] = ([], [])
    for info in large:
        min(lanes, key=lambda lane: sum(i.file_size for i in lane)).append(info)
    return lanes


def _stream_sheet(path: Path, package: _Package, info: zipfile.ZipInfo, pool: ThreadPoolExecutor) -> None:
    """One sheet scanned, unless the memo says these bytes passed before; remembered once passed, with what was
    found about its cells (:mod:`~srm_xl.io.guard_findings`)."""
    key = package.memo_key(info)
    found = guard_memo.verdict(key)
    if found is None:
        found = frozenset(package.stream_sheet(info, pool).cells.found)
        guard_memo.remember(key, found)
    if UNKNOWN not in found:  # else the reader looks for the suspect cells' columns
        guard_findings.record(path, info, found)


def _stream_strings(path: Path, package: _Package, info: zipfile.ZipInfo, head: SharedStringsHead) -> None:
    """The shared strings scanned, unless the memo says these bytes passed before (then only their head is
    inflated: its counts are weighed against the sheets as they are now); remembered once passed, with what was
    found about its strings."""
    key = package.memo_key(info, "strings")
    found = guard_memo.verdict(key)
    if found is None:
        words = StringSearch()
        package.stream_xml(info, [head.feed, words.feed])
        words.finish()
        found = frozenset(words.found)
        guard_memo.remember(key, found)
    else:
        head.feed(package.head(info, HEAD_BYTES))
    guard_findings.record(path, info, found)


def _check_end_record(fh: BinaryIO, file: str, limits: Limits) -> None:
    """Refuse a directory too large for ``limits`` before :mod:`zipfile` loads it (zip64 placeholders excepted)."""
    size = fh.seek(0, 2)
    fh.seek(max(0, size - _EOCD_SEARCH))
    tail = fh.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise UnsafeFileError(
            "guard_zip_corrupt", file=file, reason="no end-of-directory record; the file is cut short"
        )
    count, cd_bytes = struct.unpack_from("<HI", tail, at + 10)
    if count != 0xFFFF and count > limits.max_members:
        raise UnsafeFileError("guard_too_many_members", file=file, count=count, limit=limits.max_members)
    if cd_bytes != 0xFFFFFFFF and cd_bytes > limits.max_members * _CD_BYTES_PER_MEMBER:
        raise UnsafeFileError("guard_zip_corrupt", file=file, reason=f"central directory of {cd_bytes} bytes")


def _check_directory(infos: list[zipfile.ZipInfo], file: str, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    """Members by name, after every check that needs only the central directory."""
    if len(infos) > limits.max_members:
        raise UnsafeFileError("guard_too_many_members", file=file, count=len(infos), limit=limits.max_members)
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if _BAD_NAME.search(info.orig_filename):
            raise UnsafeFileError("guard_bad_name", file=file, part=info.orig_filename)
        if name in members:
            raise UnsafeFileError("guard_duplicate_name", file=file, part=name)
        if info.flag_bits & 0x1:
            raise UnsafeFileError("guard_encrypted_member", file=file, part=name)
        if info.compress_type not in _METHODS:
            raise UnsafeFileError("guard_compression", file=file, part=name, method=info.compress_type)
        if info.file_size > limits.max_member_bytes:
            raise UnsafeFileError(
                "guard_member_size",
                file=file,
                part=name,
                size_mb=info.file_size // MB,
                limit_mb=limits.max_member_bytes // MB,
            )
        ratio = info.file_size // max(1, info.compress_size)
        if info.file_size > limits.ratio_min_bytes and ratio > limits.max_ratio:
            raise UnsafeFileError("guard_ratio", file=file, part=name, ratio=ratio, limit=limits.max_ratio)
        total += info.file_size
        members[name] = info
    if total > limits.max_total_bytes:
        raise UnsafeFileError("guard_total_size", file=file, size_mb=total // MB, limit_mb=limits.max_total_bytes // MB)
    _check_overlaps(infos, file)
    return members


def _check_overlaps(infos: Iterable[zipfile.ZipInfo], file: str) -> None:
    """Refuse entries sharing compressed data (the overlapping-file zip bomb)."""
    end = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset < end:
            raise UnsafeFileError("guard_zip_corrupt", file=file, reason=f"entry '{info.filename}' overlaps another")
        end = info.header_offset + _LOCAL_HEADER + info.compress_size


class _Package:
    """Streams members of one open package; remembers which were already checked."""

    def __init__(self, fh: BinaryIO, file: str, members: dict[str, zipfile.ZipInfo], limits: Limits) -> None:
        self.fh, self.file, self.members, self.limits = fh, file, members, limits
        self.streamed: set[str] = set()
        self._roots: dict[str, ET.Element] = {}

    def structure(self) -> tuple[FileKind, set[str], set[str]]:
        """The workbook kind, its sheet parts and its shared-strings parts, from the package's relationships.

        Shared strings are also looked for where calamine reads them whatever the relationships say.
        """
        if "[Content_Types].xml" not in self.members:
            mimetype = self.members.get("mimetype")
            if mimetype is not None and self.read(mimetype, xml=False).startswith(_ODS):
                self._stream_all()
                raise UnsafeFileError("guard_ods", file=self.file)
            raise UnsafeFileError("guard_no_workbook", file=self.file)
        types = self._content_types()
        workbook = next(iter(self._targets("_rels/.rels", "", "/officeDocument")), None)
        if workbook is None or workbook not in self.members:
            raise UnsafeFileError("guard_no_workbook", file=self.file)
        content_type = types.get(workbook, "")
        if content_type == _XLSB:
            raise UnsafeFileError("guard_xlsb", file=self.file)
        if content_type not in _KINDS:
            raise UnsafeFileError("guard_no_workbook", file=self.file)
        rels = posixpath.join(posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels")
        base = posixpath.dirname(workbook)
        sheets = {p for p in self._targets(rels, base, "sheet") if p in self.members}
        sheets |= {p for p, t in types.items() if t.endswith(("worksheet+xml", "macrosheet+xml", "dialogsheet+xml"))}
        shared = {_SHARED_STRINGS, *self._targets(rels, base, "/sharedStrings")}
        root = parse(self.file, workbook, self.read(self.members[workbook]))
        if not root.tag.endswith("}workbook") or not any(child.tag.endswith("}sheets") for child in root):
            raise UnsafeFileError("guard_xml_bad", file=self.file, part=workbook, reason="no list of sheets")
        return _KINDS[content_type], sheets & self.members.keys(), shared

    def _stream_all(self) -> None:
        """Every member inflated within the limits and every XML part parsed as it streams: an .ods refused only
        for its kind (to be converted by LibreOffice) passed all a package's checks but those of sheet XML."""
        for name, info in self.members.items():
            if name.endswith(_XML_SUFFIXES):
                self.stream_xml(info, [])
            else:
                self.stream(info, [])

    def _content_types(self) -> dict[str, str]:
        root = parse(self.file, "[Content_Types].xml", self.read(self.members["[Content_Types].xml"]))
        defaults = {e.get("Extension", "").lower(): e.get("ContentType", "") for e in root.iter(f"{_CT}Default")}
        types = {name: defaults.get(name.rpartition(".")[2].lower(), "") for name in self.members}
        types.update((e.get("PartName", "").lstrip("/"), e.get("ContentType", "")) for e in root.iter(f"{_CT}Override"))
        return types

    def _targets(self, rels: str, base: str, type_suffix: str) -> list[str]:
        """Parts targeted from the relationships part ``rels`` by relationships whose type ends ``type_suffix``."""
        if rels not in self.members:
            return []
        return [
            posixpath.normpath(posixpath.join(base, target)).lstrip("/")
            if not target.startswith("/")
            else target.lstrip("/")
            for rel in self.relationships(rels)
            if rel.get("Type", "").endswith(type_suffix) and rel.get("TargetMode") != "External"
            for target in [rel.get("Target", "")]
        ]

    def relationships(self, rels: str) -> list[ET.Element]:
        """The relationships of part ``rels``, refused unless it parses and every one has an Id, Type and Target."""
        if rels not in self._roots:
            root = parse(self.file, rels, self.read(self.members[rels]))
            ids: set[str] = set()
            if root.tag != _RELS:
                raise UnsafeFileError(
                    "guard_xml_bad", file=self.file, part=rels, reason=f"root element {root.tag[:80]}"
                )
            for rel in root:
                rid, kind, target = rel.get("Id"), rel.get("Type"), rel.get("Target")
                if (
                    rel.tag != _REL
                    or not rid
                    or not kind
                    or target is None
                    or rid in ids
                    or rel.get("TargetMode", "Internal") not in ("Internal", "External")
                ):
                    raise UnsafeFileError(
                        "guard_xml_bad",
                        file=self.file,
                        part=rels,
                        reason=f"relationship '{(rid or '?')[:40]}' is incomplete or repeated",
                    )
                ids.add(rid)
            self._roots[rels] = root
        return list(self._roots[rels])

    def stream_xml(self, info: zipfile.ZipInfo, sinks: list[Sink]) -> None:
        """Stream an XML part through ``sinks``, refusing it unless it parses (no tree is kept)."""
        checker = WellFormed(self.file, info.filename)
        self.stream(info, [Prologue(self.file, info.filename).feed, checker.feed, *sinks])
        checker.finish()

    def read(self, info: zipfile.ZipInfo, *, xml: bool = True) -> bytes:
        """A structural part whole, checked on the way like any other member."""
        if info.file_size > self.limits.max_parsed_bytes:
            raise UnsafeFileError(
                "guard_member_size",
                file=self.file,
                part=info.filename,
                size_mb=info.file_size // MB,
                limit_mb=self.limits.max_parsed_bytes // MB,
            )
        chunks: list[bytes] = []
        self.stream(info, [Prologue(self.file, info.filename).feed, chunks.append] if xml else [chunks.append])
        return b"".join(chunks)

    def memo_key(self, info: zipfile.ZipInfo, role: str = "sheet") -> str | None:
        """The key under which :mod:`~srm_xl.io.guard_memo` remembers this member passed as ``role`` (its local
        header is checked first, as before streaming it)."""
        self._seek_data(info)
        return guard_memo.part_key(self.fh, info, self.limits, role)

    def head(self, info: zipfile.ZipInfo, size: int) -> bytes:
        """The first ``size`` bytes of a member already known to inflate whole (its memo mark)."""
        self._seek_data(info)
        if info.compress_type != zipfile.ZIP_DEFLATED:
            return self.fh.read(min(size, info.compress_size))
        inflater, out = zlib.decompressobj(-15), b""
        left = info.compress_size
        try:
            while left and len(out) < size and not inflater.eof:
                raw = self.fh.read(min(left, _READ))
                if not raw:
                    break
                left -= len(raw)
                out += inflater.decompress(raw, size - len(out))
        except zlib.error as exc:
            self._corrupt(info, str(exc))
        return out

    def stream_sheet(self, info: zipfile.ZipInfo, pool: ThreadPoolExecutor, *, exact: bool = False) -> SheetScan:
        """The sheet streamed and scanned; a second time, exactly, when the first scan's assumed bounds exceed
        the limit (see :class:`~srm_xl.io.guard_xml.SheetScan`)."""
        scan = SheetScan(self.file, info.filename, info.file_size, self.limits, pool, exact=exact)
        self.stream(info, [Prologue(self.file, info.filename).feed, scan.feed])
        scan.finish()
        if scan.inexact:
            self.streamed.discard(info.filename)
            return self.stream_sheet(info, pool, exact=True)
        return scan

    def stream(self, info: zipfile.ZipInfo, sinks: list[Sink]) -> None:
        """Inflate ``info`` chunk by chunk into ``sinks``; refuses size lies, truncation and CRC errors."""
        if info.filename in self.streamed:
            return
        self.streamed.add(info.filename)
        self._seek_data(info)
        inflater = deflate.inflater() if info.compress_type == zipfile.ZIP_DEFLATED else None
        left, total, crc = info.compress_size, 0, 0
        try:
            while left:
                raw = self.fh.read(min(left, _READ))
                left -= len(raw)
                if not raw:
                    raise ValueError("data cut short")
                pending = raw
                while True:
                    out = pending if inflater is None else inflater.decompress(pending, _OUT)
                    pending = b"" if inflater is None else inflater.unconsumed_tail
                    total += len(out)
                    if total > info.file_size:
                        raise UnsafeFileError(
                            "guard_size_lie", file=self.file, part=info.filename, declared=info.file_size
                        )
                    crc = deflate.crc32(out, crc)
                    for sink in sinks:
                        sink(out)
                    if not pending and len(out) < _OUT:
                        break
        except (*deflate.ERRORS, ValueError) as exc:
            self._corrupt(info, str(exc))
        if inflater is not None and not inflater.eof:
            self._corrupt(info, "compressed data cut short")
        if total != info.file_size or crc != info.CRC:
            self._corrupt(info, "CRC check failed" if total == info.file_size else "size differs from the directory")

    def _seek_data(self, info: zipfile.ZipInfo) -> None:
        self.fh.seek(info.header_offset)
        header = self.fh.read(_LOCAL_HEADER)
        if len(header) < _LOCAL_HEADER or not header.startswith(b"PK\x03\x04"):
            self._corrupt(info, "missing local header")
        name_len, extra_len = struct.unpack_from("<HH", header, 26)
        name = self.fh.read(name_len).decode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace")
        if name != info.orig_filename:
            self._corrupt(info, f"local name '{name[:80]}' differs from the directory")
        self.fh.seek(extra_len, 1)

    def _corrupt(self, info: zipfile.ZipInfo, reason: str) -> NoReturn:
        raise UnsafeFileError("guard_part_corrupt", file=self.file, part=info.filename, reason=reason)


def stream_member(path: Path, part: str, sink: Sink, limits: Limits = Limits()) -> None:
    """Member ``part`` of the package at ``path`` inflated chunk by chunk into ``sink`` (through ISA-L), its size
    and CRC checked as the guard checks them."""
    with path.open("rb") as fh, zipfile.ZipFile(fh) as package:
        info = package.getinfo(part)
        _Package(fh, path.name, {part: info}, limits).stream(info, [sink])


def sheet_verdict(file: str, part: str, data: bytes, limits: Limits = Limits()) -> frozenset[str] | None:
    """Whether sheet XML a job is writing (``data``, the part's bytes) passes the checks a sheet part of ``file``
    gets when the guard streams it: ``None`` if not, else what it found of its suspect cells (as
    :func:`~srm_xl.io.guard_memo.verdict`). A job remembers the parts that pass, so the next does not stream them."""
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            scan = SheetScan(file, part, len(data), limits, pool)
            prologue = Prologue(file, part)
            for start in range(0, len(data), _OUT):
                prologue.feed(data[start : start + _OUT])
                scan.feed(data[start : start + _OUT])
            scan.finish()
    except UnsafeFileError:
        return None
    return frozenset(scan.cells.found)
