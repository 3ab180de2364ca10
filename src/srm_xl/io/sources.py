"""Opening files users bring to import: workbooks (with merged cells filled), CSV in any common encoding,
and legacy .xls and OpenDocument .ods converted through LibreOffice when it is installed."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from srm_xl.errors import SrmError, UnsafeFileError
from srm_xl.io.cell_words import error_marked
from srm_xl.io.guard_zip import stream_member
from srm_xl.io.package import Package

ENCODINGS = ("utf-8-sig", "gb18030")
"""Tried in order for CSV files without a UTF-16 byte-order mark."""
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters:
        index = index * 26 + char - 64
    return index - 1


_ERROR_CELL = re.compile(
    rb"<(?:\w+:)?c\b([^<>]*?\bt\s*=\s*[\"']e[\"'][^<>]*)(?<!/)>(?:[^<]|<(?!/?(?:\w+:)?c\b))*?"
    rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>"
)
"""An error cell and its value: each try reads no further than the next cell's tag, so that the search stays linear
in the sheet's size (a try that ran on to the next ``</c>`` made 2,000 error cells without a value take 17 s)."""
_REF = re.compile(rb"\br\s*=\s*[\"']([A-Z]{1,3})([1-9]\d*)[\"']")
_CELL_ENDS = (b"</c>", b":c>")
"""How a cell ends, with a namespace prefix (``</x:c>``) or not."""
_SEAM = 4096
"""Bytes of a chunk carried into the next search: an error cell cut between two chunks is found whole."""
_MAX_CARRY = 1 << 20
"""Bytes without a cell's end held over to the next chunk at most (an error cell is far shorter)."""


@dataclass
class SheetMarks:
    """What a source sheet holds beside its cells' values: its merged areas, 0-based (first row, first col, last
    row, last col), and its error cells (``#N/A``, ``#DIV/0!`` of formulas that failed), which fastexcel reads as
    no value, by 0-based (row, col)."""

    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


def sheet_marks(package: Package, part: str) -> SheetMarks:
    """The :class:`SheetMarks` of a sheet part, streamed once (through ISA-L from the file: merged areas follow a
    year's rows); chunks without an error cell's ``t="e"`` are not searched for one."""
    merged: set[tuple[int, int, int, int]] = set()
    errors: dict[tuple[int, int], str] = {}
    carry = b""

    def feed(chunk: bytes) -> None:
        nonlocal carry
        data = carry + chunk
        for m in _MERGE.finditer(data) if b"mergeCell" in data else ():
            r1, c1 = int(m.group(2)) - 1, _column_index(m.group(1))
            r2 = int(m.group(4)) - 1 if m.group(4) else r1
            c2 = _column_index(m.group(3)) if m.group(3) else c1
            merged.add((r1, c1, r2, c2))
        if not error_marked(data):  # the chunks without an error cell's type are not searched
            carry = data[-_SEAM:]
            return
        end = max((at + len(tag) for tag in _CELL_ENDS if (at := data.rfind(tag)) >= 0), default=0)
        for cell in _ERROR_CELL.finditer(data, 0, end):
            ref = _REF.search(cell.group(1))
            if ref is not None:
                at = (int(ref.group(2)) - 1, _column_index(ref.group(1)))
                errors[at] = cell.group(2).decode("utf-8", "replace").strip()
        carry = data[max(end, len(data) - _MAX_CARRY) :]

    if package.path is not None and package.stored(part):
        stream_member(package.path, part, feed)
    else:
        feed(package.read(part))
    return SheetMarks(sorted(merged), errors)


def with_errors(frame: pl.DataFrame, positions: list[int], errors: dict[tuple[int, int], str]) -> pl.DataFrame:
    """``frame`` (every cell as text, frame row i = sheet row i) with each error cell's text (``#N/A``) where
    fastexcel read no value, so that it is reported as what it is, and kept, like any cell that cannot be read."""
    names = dict(zip(positions, frame.columns, strict=True))
    by_column: dict[str, dict[int, str]] = {}
    for (row, col), text in errors.items():
        if col in names and row < frame.height:
            by_column.setdefault(names[col], {})[row] = text
    if not by_column:
        return frame
    return frame.with_columns(
        pl.col(name).fill_null(
            pl.Series(name, [None] * frame.height, pl.String).scatter(list(cells), list(cells.values()))
        )
        for name, cells in by_column.items()
    )


def fill_merged(frame: pl.DataFrame, positions: list[int], ranges: list[tuple[int, int, int, int]]) -> pl.DataFrame:
    """Copy each merged area's top-left value into every cell of the area (as the user sees it); a later area
    wins where two overlap. Only the frame's cells are laid out (an area may reach the sheet's last cell), and no
    more of them than the frame holds: areas one over another (no program writes them) beyond that, the earliest
    first, are left out."""
    if not ranges or frame.height == 0:
        return frame
    names = dict(zip(positions, frame.columns, strict=True))
    areas = (
        pl.DataFrame(ranges, schema=["r1", "c1", "r2", "c2"], orient="row")
        .filter(pl.col("r1") < frame.height, pl.col("c1").is_in(list(names)))
        .with_columns(pl.min_horizontal("r2", frame.height - 1), pl.min_horizontal("c2", max(names)))
    )
    size = (pl.col("r2") - pl.col("r1") + 1).clip(0) * (pl.col("c2") - pl.col("c1") + 1).clip(0)
    areas = areas.filter(size.reverse().cum_sum().reverse() <= frame.height * len(names))
    cells = (
        areas.with_columns(
            row=pl.int_ranges("r1", pl.col("r2") + 1),
            col=pl.int_ranges("c1", pl.col("c2") + 1),
        )
        .explode("row")
        .explode("col")
        .filter(pl.col("col").is_in(list(names)))
        .unique(["row", "col"], keep="last", maintain_order=True)
    )
    values = (
        pl.concat(
            [
                group.with_columns(value=frame[names[source]].cast(pl.String).gather(group["r1"]))
                for (source,), group in cells.group_by("c1")
            ]
        )
        if cells.height
        else cells.with_columns(value=pl.lit(None, pl.String))
    )
    filled = {
        names[target]: frame[names[target]].cast(pl.String).scatter(group["row"], group["value"])
        for (target,), group in values.group_by("col")
    }
    return frame.with_columns(pl.Series(name, column) for name, column in filled.items())


def read_csv_text(path: Path) -> pl.DataFrame:
    """A CSV file's cells as text (row i = line i+1): UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    raw = path.read_bytes()
    encodings = ("utf-16",) if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ENCODINGS
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SrmError("csv_encoding", path=str(path))
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",\t;|").delimiter
    except csv.Error:
        delimiter = ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    width = max((len(r) for r in rows), default=0)
    columns = {f"c{i}": [r[i] if i < len(r) and r[i] != "" else None for r in rows] for i in range(width)}
    return pl.DataFrame(columns, schema={name: pl.String for name in columns})


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_available() -> bool:
    """Whether LibreOffice is installed to convert legacy .xls and .ods files."""
    return _soffice() is not None


def convert_to_xlsx(path: Path, refusal: UnsafeFileError) -> Path:
    """A file the guard refused only for its kind (``refusal``: a legacy .xls, an .ods) converted to .xlsx in a
    temporary folder with LibreOffice (in its own process, time-limited); ``refusal`` raised if that fails."""
    soffice = _soffice()
    if soffice is None:
        raise refusal
    out = Path(tempfile.mkdtemp(prefix="srm-xl-convert-"))
    profile = out / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        check=False,
        capture_output=True,
        timeout=180,
    )
    converted = out / (path.stem + ".xlsx")
    if not converted.exists():
        raise refusal
    return converted
