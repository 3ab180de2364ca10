"""Formulas and error values kept when a data sheet is rewritten: in place, with the value the job writes, and a
formula filled down (Excel's shared formula) only as a whole."""

from __future__ import annotations

import polars as pl

from srm_xl.io.draft import TableBlock
from srm_xl.io.epoch import EPOCH_1900
from srm_xl.io.kept_cells import has_kept_cells, kept_cells
from srm_xl.io.styles import Style

HEADERS = ["Lot", "Qty", "Rate"]


def block(rates: list[float | None]) -> TableBlock:
    frame = pl.DataFrame({"lot": ["L1", "L2", "L3"], "qty": [10.0, 20.0, 30.0], "rate": rates})
    return TableBlock(frame, HEADERS, [Style()] * 3, [10.0] * 3)


def sheet(rate_cells: list[str]) -> bytes:
    """A sheet as Excel saves it, the rate column's cells as given."""
    head = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>' for c, h in zip("ABC", HEADERS, strict=True))
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>L{r - 1}</t></is></c><c r="B{r}"><v>{10 * (r - 1)}</v></c>'
        f"{cell}</row>"
        for r, cell in zip(range(2, 5), rate_cells, strict=True)
    )
    return f'<worksheet><sheetData><row r="1">{head}</row>{rows}</sheetData></worksheet>'.encode()


SHARED = [
    '<c r="C2" s="1"><f t="shared" ref="C2:C4" si="0">B2/100</f><v>0.1</v></c>',
    '<c r="C3" s="1"><f t="shared" si="0"/><v>0.2</v></c>',
    '<c r="C4" s="1"><f t="shared" si="0"/><v>0.3</v></c>',
]
ORIGIN = pl.Series([2, 3, 4])


def kept(
    xml: bytes, rates: list[float | None], origin: pl.Series = ORIGIN, header: dict[str, str] | None = None
) -> dict:
    """``kept_cells`` of ``xml`` with the sheet's header row as the reader gave it (by default the block's own)."""
    found = kept_cells(xml, block(rates), origin, header or dict(zip("ABC", HEADERS, strict=True)), EPOCH_1900)
    return {i: cells.to_list() for i, cells in found.items()}


def test_a_formula_filled_down_is_kept_whole_with_its_values() -> None:
    xml = sheet(SHARED)
    assert has_kept_cells(xml)
    assert kept(xml, [0.1, 0.2, 0.3]) == {
        2: [
            '><f t="shared" ref="C2:C4" si="0">B2/100</f><v>0.1</v></c>',
            '><f t="shared" si="0"/><v>0.2</v></c>',
            '><f t="shared" si="0"/><v>0.3</v></c>',
        ]
    }


def test_a_filled_down_formula_the_job_changes_anywhere_is_written_as_values_everywhere() -> None:
    """One cell of the fill-down now gets another value: keeping the others would leave cells pointing at a
    shared formula that is no longer written (a damaged sheet), so the whole fill-down is written as values."""
    assert kept(sheet(SHARED), [0.1, 0.25, 0.3]) == {}


def test_cells_kept_only_in_place_and_under_the_same_header() -> None:
    single = [
        '<c r="C2"><f>B2/100</f><v>0.1</v></c>',
        '<c r="C3" t="e"><v>#N/A</v></c>',
        '<c r="C4" t="str"><f>TEXT(B4,"0")</f><v>30</v></c>',
    ]
    assert kept(sheet(single), [0.1, None, 30.0]) == {
        2: ["><f>B2/100</f><v>0.1</v></c>", ' t="e"><v>#N/A</v></c>', ' t="str"><f>TEXT(B4,"0")</f><v>30</v></c>']
    }
    moved = pl.Series([3, 2, 4])  # the job put the first two rows in another order: their formulas would misread
    assert kept(sheet(single), [0.1, None, 30.0], moved) == {
        2: [None, None, ' t="str"><f>TEXT(B4,"0")</f><v>30</v></c>']
    }
    assert kept(sheet(single), [0.1, None, 30.0], header={"A": "Lot", "B": "Qty", "C": "Rate %"}) == {}
    assert kept(sheet(single), [0.1, 5.0, 31.0]) == {2: ["><f>B2/100</f><v>0.1</v></c>", None, None]}


def test_a_sheet_without_formulas_or_errors_is_not_searched() -> None:
    assert not has_kept_cells(sheet(['<c r="C2"><v>1</v></c>'] * 3))
