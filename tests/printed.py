"""What a printed sheet looks like: drawing anchors against the print area and page breaks, pages rendered to
grey images and compared with reviewed reference images."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path, PurePosixPath

import numpy as np
import openpyxl
from openpyxl.utils import column_index_from_string

REFERENCES = Path(__file__).parent / "golden" / "pages"
UPDATE = os.environ.get("SRM_XL_UPDATE_REFERENCES") == "1"
"""Set to 1 to (re)write reference images after looking at the pages yourself."""
DPI = 40


def drawing_anchors(xlsx: Path, sheet: str) -> list[tuple[int, int, int, int]]:
    """(first column, first row, end column, end row), 0-based as stored, of every drawing on ``sheet``."""
    with zipfile.ZipFile(xlsx) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rid = re.search(rf'<sheet name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', workbook).group(1)
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
        part = "xl/" + re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1).lstrip("/").removeprefix("xl/")
        sheet_rels = PurePosixPath(part).parent / "_rels" / (PurePosixPath(part).name + ".rels")
        if str(sheet_rels) not in archive.namelist():
            return []
        target = re.search(r'Type="[^"]+/drawing" Target="([^"]+)"', archive.read(str(sheet_rels)).decode())
        if target is None:
            return []
        drawing = archive.read(
            str(PurePosixPath(os.path.normpath(PurePosixPath(part).parent / target.group(1))))
        ).decode()
    numbers = re.findall(
        r"<xdr:from><xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)</xdr:row>.*?<xdr:to><xdr:col>(\d+)</xdr:col>"
        r".*?<xdr:row>(\d+)</xdr:row>",
        drawing,
        re.DOTALL,
    )
    return [tuple(int(n) for n in found) for found in numbers]


def print_area(xlsx: Path, sheet: str) -> tuple[int, int]:
    """Last column (1-based) and last row of ``sheet``'s print area."""
    area = openpyxl.load_workbook(xlsx)[sheet].print_area
    column, row = re.search(r"\$([A-Z]+)\$(\d+)$", area).groups()
    return column_index_from_string(column), int(row)


def assert_drawings_inside(xlsx: Path, sheet: str) -> None:
    """No drawing on ``sheet`` reaches past its print area or straddles a manual page break."""
    last_col, last_row = print_area(xlsx, sheet)
    breaks = [b.id for b in openpyxl.load_workbook(xlsx)[sheet].row_breaks.brk]
    for c1, r1, c2, r2 in drawing_anchors(xlsx, sheet):
        assert c2 <= last_col and r2 <= last_row, (
            f"{sheet}: drawing {(c1, r1, c2, r2)} crosses the print area A1:{last_col}/{last_row}"
        )
        assert not any(r1 < b < r2 for b in breaks), (
            f"{sheet}: drawing {(c1, r1, c2, r2)} crosses a page break at {breaks}"
        )


def page_image(pdf: Path, page: int, dpi: int = DPI) -> np.ndarray:
    """Page ``page`` (1-based) of ``pdf`` as a grey image (pdftoppm, PGM)."""
    done = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return read_pgm(done.stdout)


def read_pgm(data: bytes) -> np.ndarray:
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    width, height = int(header.group(1)), int(header.group(2))
    return np.frombuffer(data[header.end() : header.end() + width * height], dtype=np.uint8).reshape(height, width)


def assert_looks_like(pdf: Path, page: int, name: str, *, tolerance: float = 0.02) -> None:
    """Page ``page`` matches the reviewed reference image ``name``: same size, and at most ``tolerance`` of the
    pixels differ by more than a quarter of the grey scale (print dates and font hinting move a few)."""
    got = page_image(pdf, page)
    reference = REFERENCES / f"{name}.pgm"
    if UPDATE:
        reference.parent.mkdir(parents=True, exist_ok=True)
        reference.write_bytes(f"P5\n{got.shape[1]} {got.shape[0]}\n255\n".encode() + got.tobytes())
    expected = read_pgm(reference.read_bytes())
    assert got.shape == expected.shape, f"{name}: page size {got.shape} differs from the reference {expected.shape}"
    differing = float(np.mean(np.abs(got.astype(int) - expected.astype(int)) > 64))
    assert differing <= tolerance, f"{name}: {differing:.1%} of the pixels differ from the reviewed reference"


def print_drafts(drafts: list, lang: str, folder: Path, name: str) -> tuple[Path, Path]:
    """``drafts`` written to a workbook of their own in ``folder`` and printed by LibreOffice: (xlsx, pdf)."""
    from srm_xl.io.file_workbook import FileWorkbook
    from tests.libreoffice import convert

    path = folder / f"{name}.xlsx"
    book = FileWorkbook.create(path, lang)  # type: ignore[arg-type]
    for draft in drafts:
        book.stage(draft)
    book.commit()
    return path, convert(path, folder / "pdf", "pdf")
