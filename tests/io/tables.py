"""One check shared by the reading tests: two reads of a sheet gave the same table."""

from __future__ import annotations

from polars.testing import assert_frame_equal

from srm_xl.io.table import Table


def assert_same(read: Table, reference: Table) -> None:
    """Frame, problems, header row, column positions, header words and unknown columns all equal."""
    assert_frame_equal(read.frame, reference.frame)
    assert read.issues == reference.issues
    assert (read.sheet, read.header_row, read.columns, read.headers, read.extras) == (
        reference.sheet,
        reference.header_row,
        reference.columns,
        reference.headers,
        reference.extras,
    )
