"""Owner files a spreadsheet program leaves beside a workbook it has open: Excel and WPS (``~$name.xlsx``), WPS on
Linux (``.~`` and the name, its first one or two letters dropped: ``.~ook.xlsx``) and LibreOffice (``.~lock.name.xlsx#``). While one is present the program will save over
whatever a job writes, so jobs refuse (or write a copy) instead of replacing the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_EXCEL_NAME_AT = 0x36
"""Excel's owner file: a length byte and the user name in the ANSI code page, then at 0x36 the name in UTF-16."""


@dataclass(frozen=True)
class Owner:
    """An owner file found beside a workbook: which program, the file, and the user it names (if readable)."""

    program: str
    file: Path
    user: str

    def fields(self) -> dict[str, object]:
        return {"program": self.program, "owner_file": self.file.name, "user": self.user or "?"}


def owner_files(book: Path) -> list[tuple[str, Path]]:
    """Where each program would put its owner file for ``book``."""
    name = book.name
    return [
        ("Excel / WPS", book.with_name(f"~${name}")),
        *(("WPS", book.with_name(f".~{name[cut:]}")) for cut in (0, 1, 2) if len(name) - cut > len(book.suffix)),
        ("LibreOffice", book.with_name(f".~lock.{name}#")),
    ]


def office_owner(book: Path) -> Owner | None:
    """The first owner file present beside ``book``, or None when no spreadsheet program has it open."""
    for program, file in owner_files(Path(book)):
        try:
            data = file.read_bytes()[:4096]
        except FileNotFoundError:
            continue
        except OSError:
            data = b""
        return Owner(program, file, _user(program, data))
    return None


def _user(program: str, data: bytes) -> str:
    """The user name an owner file records, best effort ("" when it cannot be read)."""
    if program == "LibreOffice":
        return data.decode("utf-8", "replace").split(",", 1)[0].strip()
    if len(data) > _EXCEL_NAME_AT + 2:
        count = int.from_bytes(data[_EXCEL_NAME_AT : _EXCEL_NAME_AT + 2], "little")
        wide = data[_EXCEL_NAME_AT + 2 : _EXCEL_NAME_AT + 2 + 2 * count]
        if count and len(wide) == 2 * count:
            return wide.decode("utf-16-le", "replace").strip("\x00 ")
    if data:
        return data[1 : 1 + data[0]].decode("latin-1").strip("\x00 ")
    return ""
