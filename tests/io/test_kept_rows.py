"""Totals rows as Excel saves them, moved below a longer table: a sum filled right stays one shared formula, and
only this sheet's references into the table move."""

from __future__ import annotations

from srm_xl.io.kept_rows import Moves, kept_rows, rows_below

SHEET = (
    b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    b'<row r="2"><c r="E2"><v>5</v></c></row><row r="3"><c r="E3"><v>6</v></c></row>'
    b'<row r="5" spans="1:6" ht="20" customHeight="1"><c r="A5" s="3" t="s"><v>7</v></c>'
    b'<c r="E5" s="4"><f t="shared" ref="E5:F5" si="0">SUM(E2:E3)</f><v>11</v></c>'
    b'<c r="F5" s="4"><f t="shared" si="0"/><v>0</v></c>'
    b'<c r="G5"><f>IF(E5&gt;0,"E2",Plan!E3)+LOG10(E3)</f><v>1</v></c></row>'
    b'</sheetData><mergeCells count="1"><mergeCell ref="B5:D5"/></mergeCells></worksheet>'
)


def test_a_sum_filled_right_moves_as_one_formula_reaching_the_new_last_row() -> None:
    rows, merges = rows_below(SHEET, [5])
    kept = kept_rows(rows, merges, Moves((1, 1), (3, 9), {c: c for c in range(7)}, 7))
    assert kept is not None and kept.last_row == 11 and kept.formulas and kept.merges == ["B11:D11"]
    assert kept.xml == (
        '<row r="11" ht="20" customHeight="1"><c r="A11" s="3" t="s"><v>7</v></c>'
        '<c r="E11" s="4"><f t="shared" ref="E11:F11" si="0">SUM(E2:E9)</f></c>'
        '<c r="F11" s="4"><f t="shared" si="0"/></c>'
        '<c r="G11"><f>IF(E11&gt;0,"E2",Plan!E3)+LOG10(E3)</f></c></row>'
    )


def test_a_sum_filled_right_whose_columns_move_keeps_its_values() -> None:
    rows, merges = rows_below(SHEET, [5])
    kept = kept_rows(rows, merges, Moves((1, 1), (3, 3), {0: 0, 4: 5, 5: 4, 6: 6}, 7))
    assert kept is not None
    assert '<c r="E5" s="4"><v>0</v></c><c r="F5" s="4"><v>11</v></c>' in kept.xml


def test_cells_written_without_their_reference_keep_their_columns() -> None:
    """A totals row whose cells have no ``r`` (valid XML: each follows the cell before it), after a row closed as
    ``</row >``: each cell written once, in its column — all were written at A5, a sheet Excel repairs."""
    sheet = (
        b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row ><row r="2"><c r="E2"><v>5</v></c></row>'
        b'<row r="5"><c t="s"><v>7</v></c><c/><c/><c/><c><f>SUM(E2:E2)</f><v>5</v></c><c r="G5"><v>1</v></c><c/>'
        b"</row></sheetData></worksheet>"
    )
    rows, merges = rows_below(sheet, [5])
    kept = kept_rows(rows, merges, Moves((1, 1), (2, 4), {c: c for c in range(8)}, 8))
    assert kept is not None
    assert kept.xml == (
        '<row r="7"><c r="A7" t="s"><v>7</v></c><c r="B7"/><c r="C7"/><c r="D7"/>'
        '<c r="E7"><f>SUM(E2:E4)</f></c><c r="G7"><v>1</v></c><c r="H7"/></row>'
    )
