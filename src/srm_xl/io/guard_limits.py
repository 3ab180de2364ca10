"""The limits the hostile-file guard enforces, with their documented defaults, and the kinds it recognises."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MB = 1024 * 1024

FileKind = Literal["xlsx", "xlsm", "xltx", "xltm", "csv"]
"""What ``check_file`` found: an Office Open XML workbook or template, or delimited text."""


@dataclass(frozen=True)
class Limits:
    """What the guard lets through; callers tighten it for riskier sources (supplier replies)."""

    max_file_bytes: int = 500 * MB
    """Size of the file on disk."""
    max_members: int = 10_000
    """Parts in a zip package (a workbook has tens; thousands only with many images or sheets)."""
    max_total_bytes: int = 2048 * MB
    """All parts unpacked together (a 1,000,000-row × 14-column sheet is about 640 MB of XML)."""
    max_member_bytes: int = 1536 * MB
    """One part unpacked."""
    max_ratio: int = 200
    """Compression ratio refused on parts above ``ratio_min_bytes`` (sheet XML compresses 10–30:1)."""
    ratio_min_bytes: int = 4 * MB
    """Smaller parts may compress better than ``max_ratio`` (runs of empty cells) without harm."""
    max_rows: int = 1_048_576
    """Highest row a cell may use (Excel's own limit by default)."""
    max_cols: int = 16_384
    """Highest column a cell may use (Excel's own limit, XFD, by default)."""
    max_cells: int = 100_000_000
    """Cells in the rectangle a sheet declares or uses (a reader allocates ~32 bytes per cell of it)."""
    sparse_cells: int = 10_000_000
    """Cells any sheet may span whatever its size (sparse sheets with a stray far cell stay readable)."""
    cells_per_byte: int = 4
    """Beyond ``sparse_cells``, cells a sheet may span per byte of its XML (dense sheets hold ~0.04)."""
    max_parsed_bytes: int = 64 * MB
    """Structural parts the guard parses whole (content types, relationships, workbook.xml)."""
