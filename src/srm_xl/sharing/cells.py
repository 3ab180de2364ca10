"""Cells as text by sheet and reference, and the signature over them (packages, surveys, customer forms)."""

from __future__ import annotations

import hashlib
import hmac
import json
import re

from srm_xl.issues import column_letter

Cells = dict[str, dict[str, str]]
"""Sheet name → cell reference → text, non-empty cells only, row by row."""
_REF = re.compile(r"^([A-Z]+)(\d+)$")


def cell_map(rows: list[list[str | None]]) -> dict[str, str]:
    """The non-empty cells of rows read with ``read_rows`` (row 1 first), by reference."""
    return {
        f"{column_letter(c)}{r + 1}": value
        for r, row in enumerate(rows)
        for c, value in enumerate(row)
        if value is not None and value != ""
    }


def split_ref(ref: str) -> tuple[int, int]:
    """``"C5"`` → (5, 2): 1-based row, 0-based column."""
    match = _REF.match(ref)
    if match is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    col = 0
    for letter in match.group(1):
        col = col * 26 + ord(letter) - 64
    return int(match.group(2)), col - 1


def locked(cells: Cells, editable: dict[str, set[str]], skip: tuple[str, str]) -> list[tuple[str, str, str]]:
    """Every signed cell as (sheet, ref, text): all but the answer cells and the signature cell ``skip``."""
    return [
        (sheet, ref, value)
        for sheet, refs in cells.items()
        for ref, value in refs.items()
        if ref not in editable.get(sheet, ()) and (sheet, ref) != skip
    ]


def sign(key: bytes, package_id: str, supplier: str, period: str, signed: list[tuple[str, str, str]]) -> str:
    """HMAC-SHA256 over a canonical serialisation of the identity and the signed cells."""
    payload = json.dumps([package_id, supplier, period, signed], ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def same_signature(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
