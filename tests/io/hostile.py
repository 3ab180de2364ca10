"""Builders of hostile and broken files for tests of the guard and of every importer of untrusted files.

Each builder writes one file at the path it is given and returns that path. Legitimate starting points come from
openpyxl; hostile variants are made by rewriting parts (``rezip``) or patching bytes of the zip structure.
"""

from __future__ import annotations

import random
import struct
import zipfile
import zlib
from pathlib import Path

SHEET = "xl/worksheets/sheet1.xml"
SHARED = "xl/sharedStrings.xml"
XLSM_TYPE = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLSX_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    + b"]>\n"
)


def workbook(path: Path, rows: int = 20) -> Path:
    """A normal openpyxl workbook: a header, ``rows`` rows of text and numbers (so it has shared strings)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Inspections"
    sheet.append(["lot", "supplier", "qty", "result"])
    for i in range(rows):
        sheet.append([f"L{i:04d}", f"SUP-{i % 3}", 100 + i, "accept" if i % 5 else "reject"])
    book.save(path)
    return path


def lone_corner_cell(path: Path) -> Path:
    """A legitimate sparse sheet: one value in the last cell Excel has (XFD1048576), nothing else."""
    import xlsxwriter

    book = xlsxwriter.Workbook(path)
    book.add_worksheet().write("XFD1048576", "corner")
    book.close()
    return path


def rezip(
    src: Path,
    dst: Path,
    *,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
    method: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A copy of the package ``src`` with parts replaced or added."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", method) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name, data in add.items():
            new.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return dst


def xlsm(path: Path) -> Path:
    """A macro-enabled workbook (content type of xlsm; the guard does not need a VBA project)."""
    base = workbook(path.with_suffix(".base.xlsx"))
    with zipfile.ZipFile(base) as z:
        types = z.read("[Content_Types].xml").replace(XLSX_TYPE, XLSM_TYPE)
    return rezip(base, path, replace={"[Content_Types].xml": types})


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def with_part(path: Path, name: str, data: bytes) -> Path:
    """A normal workbook whose part ``name`` is replaced (or added) with ``data``."""
    base = workbook(path.with_suffix(".base.xlsx"))
    with zipfile.ZipFile(base) as z:
        exists = name in z.namelist()
    return rezip(base, path, replace={name: data} if exists else None, add=None if exists else {name: data})


def sheet_edit(path: Path, old: bytes, new: bytes) -> Path:
    """A normal workbook whose first sheet's XML has ``old`` replaced by ``new`` (once). Empty elements match
    however openpyxl's serialiser closes them (``<a/>`` with lxml installed, ``<a />`` without)."""
    base = workbook(path.with_suffix(".base.xlsx"))
    xml = part(base, SHEET)
    if old not in xml and old.replace(b" />", b"/>") in xml:
        old = old.replace(b" />", b"/>")
    assert old in xml, old
    return rezip(base, path, replace={SHEET: xml.replace(old, new, 1)})


def zeros_member(path: Path, size: int, name: str = "xl/media/image1.bin") -> Path:
    """A normal workbook plus a member of ``size`` zero bytes, streamed so it is never held in memory."""
    base = workbook(path.with_suffix(".base.xlsx"))
    rezip(base, path)
    block = bytes(1024 * 1024)
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "a") as z, z.open(info, "w", force_zip64=True) as out:
        left = size
        while left:
            out.write(block[: min(left, len(block))])
            left -= min(left, len(block))
    return path


def _patch_entry(path: Path, name: str, *, cd_offset: int, local_offset: int, fmt: str, value: int) -> None:
    """Overwrite one field of ``name``'s central-directory entry and local header."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info, cd = z.getinfo(name), z.start_dir
    encoded = name.encode()
    while data[cd + 46 : cd + 46 + len(encoded)] != encoded:
        cd = data.find(b"PK\x01\x02", cd + 4)
    struct.pack_into(fmt, data, cd + cd_offset, value)
    struct.pack_into(fmt, data, info.header_offset + local_offset, value)
    path.write_bytes(bytes(data))


def lying_size(path: Path, size: int, declared: int) -> Path:
    """A member of ``size`` zeros whose zip entry declares only ``declared`` bytes (a bomb hiding its size)."""
    zeros_member(path, size, name="xl/media/image1.bin")
    _patch_entry(path, "xl/media/image1.bin", cd_offset=24, local_offset=22, fmt="<I", value=declared)
    return path


def encrypted_member(path: Path) -> Path:
    """A workbook one of whose members is flagged as zip-encrypted (general-purpose flag bit 0)."""
    rezip(workbook(path.with_suffix(".base.xlsx")), path)
    with zipfile.ZipFile(path) as z:
        flags = z.getinfo(SHEET).flag_bits
    _patch_entry(path, SHEET, cd_offset=8, local_offset=6, fmt="<H", value=flags | 1)
    return path


def corrupt_crc(path: Path) -> Path:
    """A workbook whose stored (uncompressed) sheet has one byte changed after its CRC was recorded."""
    rezip(workbook(path.with_suffix(".base.xlsx")), path, method=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    at = data.find(b"<sheetData>")
    data[at + 1] = ord("S")
    path.write_bytes(bytes(data))
    return path


def many_members(path: Path, count: int) -> Path:
    """A workbook plus ``count`` tiny extra members."""
    extra = {f"xl/media/m{i}.bin": b"x" for i in range(count)}
    return rezip(workbook(path.with_suffix(".base.xlsx")), path, add=extra)


def docx(path: Path) -> Path:
    """A minimal Word package (a zip with content types but no workbook part)."""
    types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="word/document.xml"/></Relationships>'
    )
    doc = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", doc)
    return path


def ods(path: Path) -> Path:
    """The skeleton of an OpenDocument spreadsheet (stored ``mimetype`` first, as the format requires)."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(
            "content.xml",
            b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return path


def random_bytes(path: Path, size: int = 64 * 1024, seed: int = 0) -> Path:
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


_SECTOR = 512
_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_MINI_CUTOFF = 4096


def cfb(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal valid OLE2 compound file holding ``streams`` in the root storage (version 3, 512-byte sectors).

    Streams are padded to the mini-stream cutoff so all live in regular sectors; one FAT sector (128 sectors).
    """
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    datas = [streams[n].ljust(_MINI_CUTOFF, b"\0") for n in names]
    entries = 1 + len(names)
    dir_sectors = -(-entries // 4)
    fat = [_FATSECT] + [i + 1 if i < dir_sectors else _END for i in range(1, dir_sectors + 1)]
    starts = []
    for data in datas:
        count = -(-len(data) // _SECTOR)
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 for i in range(count - 1)] + [_END]
    assert len(fat) <= _SECTOR // 4, "the tiny writer holds one FAT sector"
    fat += [_FREE] * (_SECTOR // 4 - len(fat))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(encoded), kind, 1, _NOSTREAM, right, child)
            + bytes(16)
            + bytes(4)
            + bytes(16)
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, _NOSTREAM, 1 if names else _NOSTREAM, _END, 0)
    for i, (name, data, start) in enumerate(zip(names, datas, starts), start=1):
        directory += entry(name, 2, i + 1 if i < len(names) else _NOSTREAM, _NOSTREAM, start, len(data))
    empty = bytes(64) + struct.pack("<HBB3I", 0, 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM) + bytes(48)
    directory = directory.ljust(dir_sectors * _SECTOR, b"\0")
    directory = b"".join(
        block if block.strip(b"\0") else empty
        for block in (directory[i : i + 128] for i in range(0, len(directory), 128))
    )
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<9I", 0, 1, 1, 0, _MINI_CUTOFF, _END, 0, _END, 0)
        + struct.pack("<109I", 0, *([_FREE] * 108))
    )
    body = (
        struct.pack(f"<{_SECTOR // 4}I", *fat)
        + directory
        + b"".join(d.ljust(-(-len(d) // _SECTOR) * _SECTOR, b"\0") for d in datas)
    )
    path.write_bytes(header + body)
    return path


def encrypted_workbook(path: Path) -> Path:
    """What Excel writes for a password-protected workbook: an OLE2 file with the encryption streams."""
    return cfb(path, {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": zlib.compress(b"x")})


def legacy_xls(path: Path) -> Path:
    """An Excel 97-2003 file: an OLE2 file with a ``Workbook`` stream (a BOF record is enough for the guard)."""
    return cfb(path, {"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00", "\x05SummaryInformation": b"\xfe\xff"})


def word_97(path: Path) -> Path:
    """An old Word document: an OLE2 file with a ``WordDocument`` stream."""
    return cfb(path, {"WordDocument": b"\xec\xa5", "1Table": b"\0"})


def big_sheet(path: Path, size: int, tail: bytes = b"") -> Path:
    """A workbook whose sheet is about ``size`` bytes of repeated small rows, then ``tail`` before the sheet ends.

    Highly compressible: check it with a raised ``max_ratio``.
    """
    row = b'<row r="%d">' + b"".join(b'<c r="%s%%d"><v>1</v></c>' % col for col in (b"A", b"B", b"C", b"D")) + b"</row>"
    count = size // len(row % ((500_000,) * 5))
    assert count < 1_000_000, "rows must stay below the row limit"
    rows = b"".join(row % ((r,) * 5) for r in range(1, count + 1))
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>' + rows + tail + b"</sheetData></worksheet>"
    )
    return with_part(path, SHEET, xml)
