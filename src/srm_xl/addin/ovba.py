"""A ``vbaProject.bin`` built from module text, following [MS-OVBA] and [MS-CFB] (version 3), byte-reproducible.

The project carries source only: its ``_VBA_PROJECT`` stream is the 7-byte form the specification prescribes for
writers (no performance cache), so Excel compiles the modules from their text when the add-in is first opened.
Modules are stored with MS-OVBA compression (2.4.1); the ``PROJECT`` stream's protection fields use the data
encryption of 2.4.3 with a seed derived from the project id, so the same sources always give the same bytes.
"""

from __future__ import annotations

import hashlib
import struct
import uuid
from dataclasses import dataclass

CODE_PAGE = 1252
_CHUNK = 4096
_SECTOR = 512
_MINI = 64
_CUTOFF = 4096
_END, _FREE, _FAT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
_NONE = 0xFFFFFFFF
_REFERENCES = (
    ("stdole", "*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\\Windows\\System32\\stdole2.tlb#OLE Automation"),
    (
        "Office",
        "*\\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\\Program Files\\Common Files\\Microsoft Shared"
        "\\OFFICE16\\MSO.DLL#Microsoft Office 16.0 Object Library",
    ),
)
_DOCUMENTS = {
    "ThisWorkbook": "0{00020819-0000-0000-C000-000000000046}",
    "Sheet1": "0{00020820-0000-0000-C000-000000000046}",
}


@dataclass(frozen=True)
class Module:
    """A module as stored: its name, kind (``std``, ``class`` or ``document``) and code with its attribute lines."""

    name: str
    kind: str
    code: str


def document_module(name: str) -> Module:
    """The code-less document module of the workbook (``ThisWorkbook``) or a sheet (``Sheet1``)."""
    attributes = [
        f'Attribute VB_Name = "{name}"',
        f'Attribute VB_Base = "{_DOCUMENTS[name]}"',
        "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False",
        "Attribute VB_PredeclaredId = True",
        "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = True",
    ]
    return Module(name, "document", "\r\n".join(attributes) + "\r\n")


# --- compression (MS-OVBA 2.4.1) -----------------------------------------------------------------------------


def _copy_token_help(position: int) -> tuple[int, int]:
    """(bit count of the offset, maximum match length) at ``position`` bytes into a chunk."""
    bits = max((position - 1).bit_length(), 4)
    return bits, (0xFFFF >> bits) + 3


def _compress_chunk(data: bytes) -> bytes:
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    position = 0
    while position < len(data):
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if position >= len(data):
                break
            best_length, best_offset = 0, 0
            if position > 0:
                bits, maximum = _copy_token_help(position)
                limit = min(maximum, len(data) - position)
                for start in reversed(seen.get(data[position : position + 3], [])[-64:]):
                    length = 0
                    while length < limit and data[start + length] == data[position + length]:
                        length += 1
                    if length > best_length:
                        best_length, best_offset = length, position - start
                        if length == limit:
                            break
            if best_length >= 3:
                bits, _ = _copy_token_help(position)
                out += struct.pack("<H", ((best_offset - 1) << (16 - bits)) | (best_length - 3))
                flags |= 1 << bit
                step = best_length
            else:
                out.append(data[position])
                step = 1
            for at in range(position, position + step):
                seen.setdefault(data[at : at + 3], []).append(at)
            position += step
        out[flag_at] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """``data`` as an MS-OVBA CompressedContainer."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), _CHUNK):
        chunk = data[start : start + _CHUNK]
        body = _compress_chunk(chunk)
        if len(body) > _CHUNK - 2 and len(chunk) == _CHUNK:
            out += struct.pack("<H", 0x3000 | (_CHUNK - 1)) + chunk
        else:
            out += struct.pack("<H", 0xB000 | (len(body) + 2 - 3)) + body
    return bytes(out)


# --- project streams (MS-OVBA 2.3) ----------------------------------------------------------------------------


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HI", kind, len(data)) + data


def _text_record(kind: int, unicode_kind: int, text: str) -> bytes:
    return _record(kind, text.encode("cp1252")) + _record(unicode_kind, text.encode("utf-16-le"))


def dir_stream(modules: list[Module], project: str = "VBAProject") -> bytes:
    """The uncompressed ``VBA/dir`` stream: project information, references and module records."""
    out = bytearray()
    out += _record(0x0001, struct.pack("<I", 1))
    out += _record(0x0002, struct.pack("<I", 0x0409))
    out += _record(0x0014, struct.pack("<I", 0x0409))
    out += _record(0x0003, struct.pack("<H", CODE_PAGE))
    out += _record(0x0004, project.encode("cp1252"))
    out += _text_record(0x0005, 0x0040, "")
    out += _text_record(0x0006, 0x003D, "")
    out += _record(0x0007, struct.pack("<I", 0))
    out += _record(0x0008, struct.pack("<I", 0))
    out += struct.pack("<HIIH", 0x0009, 4, 1, 0)
    out += _text_record(0x000C, 0x003C, "")
    for name, libid in _REFERENCES:
        out += _text_record(0x0016, 0x003E, name)
        encoded = libid.encode("cp1252")
        out += _record(0x000D, struct.pack("<I", len(encoded)) + encoded + struct.pack("<IH", 0, 0))
    out += _record(0x000F, struct.pack("<H", len(modules)))
    out += _record(0x0013, struct.pack("<H", 0xFFFF))
    for module in modules:
        out += _record(0x0019, module.name.encode("cp1252"))
        out += _record(0x0047, module.name.encode("utf-16-le"))
        out += _text_record(0x001A, 0x0032, module.name)
        out += _text_record(0x001C, 0x0048, "")
        out += _record(0x0031, struct.pack("<I", 0))
        out += _record(0x001E, struct.pack("<I", 0))
        out += _record(0x002C, struct.pack("<H", 0xFFFF))
        out += struct.pack("<HI", 0x0021 if module.kind == "std" else 0x0022, 0)
        out += struct.pack("<HI", 0x002B, 0)
    out += struct.pack("<HI", 0x0010, 0)
    return bytes(out)


def _encrypt(project_id: str, data: bytes) -> str:
    """MS-OVBA 2.4.3.2 data encryption, as upper-case hex; the seed is derived from the id and the data."""
    seed = hashlib.sha256(project_id.encode() + data).digest()[0]
    key = sum(project_id.encode("cp1252")) & 0xFF
    version_enc, key_enc = seed ^ 2, seed ^ key
    out = [seed, version_enc, key_enc]
    unencrypted, enc1, enc2 = key, key_enc, version_enc
    for byte in bytes((seed & 6) // 2) + struct.pack("<I", len(data)) + data:
        byte_enc = byte ^ ((enc2 + unencrypted) & 0xFF)
        out.append(byte_enc)
        enc2, enc1, unencrypted = enc1, byte_enc, byte
    return bytes(out).hex().upper()


def project_stream(modules: list[Module], project_id: str, project: str = "VBAProject") -> bytes:
    """The ``PROJECT`` stream: the project's properties as text."""
    lines = [f'ID="{project_id}"']
    for module in modules:
        lines.append(
            {
                "document": f"Document={module.name}/&H00000000",
                "class": f"Class={module.name}",
                "std": f"Module={module.name}",
            }[module.kind]
        )
    lines += [
        f'Name="{project}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{_encrypt(project_id, bytes(4))}"',
        f'DPB="{_encrypt(project_id, bytes(1))}"',
        f'GC="{_encrypt(project_id, bytes([0xFF]))}"',
        "",
        "[Host Extender Info]",
        "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
        "",
        "[Workspace]",
    ]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def project_wm(modules: list[Module]) -> bytes:
    """The ``PROJECTwm`` stream: each module name in ANSI and in UTF-16."""
    return b"".join(m.name.encode("cp1252") + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m in modules) + b"\0\0"


# --- compound file (MS-CFB, version 3) ------------------------------------------------------------------------


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[_Entry] | None = None
    sid: int = 0
    start: int = _END
    left: int = _NONE
    right: int = _NONE
    child: int = _NONE


def _sort_key(entry: _Entry) -> tuple[int, str]:
    return len(entry.name), entry.name.upper()


def _tree(entries: list[_Entry]) -> int:
    """Link ``entries`` (sorted) as a balanced binary tree by sibling ids; returns the root's id."""
    if not entries:
        return _NONE
    middle = len(entries) // 2
    root = entries[middle]
    root.left, root.right = _tree(entries[:middle]), _tree(entries[middle + 1 :])
    return root.sid


def _chain(fat: list[int], first: int, count: int) -> None:
    for n in range(count):
        fat[first + n] = first + n + 1 if n + 1 < count else _END


def compound_file(root_children: list[_Entry]) -> bytes:
    """A compound file holding ``root_children`` (streams and storages), laid out deterministically."""
    root = _Entry("Root Entry", 5, children=root_children)
    order: list[_Entry] = []

    def number(entry: _Entry) -> None:
        entry.sid = len(order)
        order.append(entry)
        for child in sorted(entry.children or [], key=_sort_key):
            number(child)

    number(root)
    for entry in order:
        if entry.children is not None:
            entry.child = _tree(sorted(entry.children, key=_sort_key))
    streams = [e for e in order if e.kind == 2]
    big = [e for e in streams if len(e.data) >= _CUTOFF]
    small = [e for e in streams if len(e.data) < _CUTOFF]
    sectors = bytearray()
    fat: list[int] = []

    def put(data: bytes) -> int:
        count = -(-len(data) // _SECTOR)
        if count == 0:
            return _END
        first = len(fat)
        fat.extend([0] * count)
        _chain(fat, first, count)
        sectors.extend(data.ljust(count * _SECTOR, b"\0"))
        return first

    for entry in big:
        entry.start = put(entry.data)
    mini = bytearray()
    minifat: list[int] = []
    for entry in small:
        count = -(-len(entry.data) // _MINI)
        if count:
            entry.start = len(minifat)
            minifat.extend([0] * count)
            _chain(minifat, entry.start, count)
            mini.extend(entry.data.ljust(count * _MINI, b"\0"))
    root.data = bytes(mini)
    root.start = put(root.data)
    minifat_count = -(-len(minifat) // (_SECTOR // 4))
    minifat += [_FREE] * (minifat_count * (_SECTOR // 4) - len(minifat))
    minifat_start = put(b"".join(struct.pack("<I", v) for v in minifat)) if minifat else _END
    slots = -(-len(order) // (_SECTOR // 128)) * (_SECTOR // 128)
    dir_start = put(b"".join(_dir_entry(e) for e in order) + _EMPTY_ENTRY * (slots - len(order)))
    fat_count = 1
    while fat_count * (_SECTOR // 4) < len(fat) + fat_count:
        fat_count += 1
    fat_start = len(fat)
    fat.extend([_FAT] * fat_count)
    table = fat + [_FREE] * (fat_count * (_SECTOR // 4) - len(fat))
    sectors.extend(b"".join(struct.pack("<I", v) for v in table))
    difat = list(range(fat_start, fat_start + fat_count)) + [_FREE] * (109 - fat_count)
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack(
            "<HHHHH6xIIIIIIIII",
            0x3E,
            3,
            0xFFFE,
            9,
            6,
            0,
            fat_count,
            dir_start,
            0,
            _CUTOFF,
            minifat_start,
            minifat_count,
            _END,
            0,
        )
        + b"".join(struct.pack("<I", v) for v in difat)
    )
    return header + bytes(sectors)


_EMPTY_ENTRY = bytes(68) + struct.pack("<III", _NONE, _NONE, _NONE) + bytes(48)


def _dir_entry(entry: _Entry) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\0\0"
    size = len(entry.data) if entry.kind in (2, 5) else 0
    return (
        name.ljust(64, b"\0")
        + struct.pack("<HBB", len(name), entry.kind, 1)
        + struct.pack("<III", entry.left, entry.right, entry.child)
        + bytes(16)
        + bytes(4)
        + bytes(16)
        + struct.pack("<IQ", entry.start if entry.kind != 1 else 0, size)
    )


def vba_project(modules: list[Module], project_id: str | None = None) -> bytes:
    """A ``vbaProject.bin`` holding the workbook's document modules and ``modules``."""
    every = [document_module(name) for name in _DOCUMENTS] + modules
    pid = (
        project_id
        or "{" + str(uuid.UUID(hashlib.md5("".join(m.code for m in every).encode()).hexdigest())).upper() + "}"
    )
    vba = [_Entry("_VBA_PROJECT", 2, bytes.fromhex("CC61FFFF000000")), _Entry("dir", 2, compress(dir_stream(every)))]
    vba += [_Entry(m.name, 2, compress(m.code.encode("cp1252"))) for m in every]
    return compound_file(
        [
            _Entry("VBA", 1, children=vba),
            _Entry("PROJECT", 2, project_stream(every, pid)),
            _Entry("PROJECTwm", 2, project_wm(every)),
        ]
    )
