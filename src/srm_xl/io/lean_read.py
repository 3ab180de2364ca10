"""Small sheets of a book with a large shared-strings part, read without parsing that part.

fastexcel parses the whole shared-strings part when it opens a workbook (0.5 s for the 48 MB of a year's log
saved by Excel), whichever sheet is then read. The sheets the product writes hold their text inline, so a job
that reads only those (the audit log, the score history, the Config sheet) hands fastexcel a package of that
sheet alone with the parts its values depend on: the workbook (sheet names, 1904 dates), its relationships, the
content types and the styles (number formats, hence dates). A sheet that refers to a shared string is read from
the whole book, as is any sheet of a book whose shared strings are small.
"""

from __future__ import annotations

import io
import re
import zipfile

from srm_xl.io.package import Package, rels_path

LEAN_SHEET = 64 * 1024 * 1024
"""Largest sheet (unpacked bytes) read on its own; a sheet larger than the shared strings is never (its bytes are
copied once, which would then cost more than parsing the strings)."""
LEAN_STRINGS = 1024 * 1024
"""Smallest shared-strings part (unpacked bytes) worth not parsing."""
_SHARED_CELL = re.compile(rb"""\st\s*=\s*["']s["']""")


def lean_package(package: Package, part: str | None, strings: str | None, styles: str | None) -> bytes | None:
    """A package holding sheet ``part`` and what its values depend on, or ``None`` when the whole book is to be
    read: the book's shared strings (``strings``) are small or absent, the sheet is larger than they are (or than
    :data:`LEAN_SHEET`) or not stored, or it refers to a shared string."""
    if strings is None or not package.stored(strings) or package.member(strings).file_size < LEAN_STRINGS:
        return None
    limit = min(LEAN_SHEET, package.member(strings).file_size)
    if part is None or not package.stored(part) or package.member(part).file_size > limit:
        return None
    sheet = package.read(part)
    if _SHARED_CELL.search(sheet):
        return None
    workbook = package.workbook_part
    kept = ["[Content_Types].xml", "_rels/.rels", workbook, rels_path(workbook), *([styles] if styles else [])]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as lean:
        for name in kept:
            if package.exists(name):
                lean.writestr(name, package.read(name))
        lean.writestr(part, sheet)
    return out.getvalue()
