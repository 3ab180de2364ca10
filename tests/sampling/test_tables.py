"""Every cell of Table 1 and Tables 2-A/2-B/2-C against independent transcriptions (see reference/README.md)."""

from __future__ import annotations

import pytest

from conftest import gb_cells, reference_rows
from srm_xl.sampling.plans import CODES, Plan, plan
from srm_xl.sampling.tables import AQL_SERIES, LEVELS, code_letters, master_table

AQL_TEXT = [
    "0.010",
    "0.015",
    "0.025",
    "0.040",
    "0.065",
    "0.10",
    "0.15",
    "0.25",
    "0.40",
    "0.65",
    "1.0",
    "1.5",
    "2.5",
    "4.0",
    "6.5",
    "10",
    "15",
    "25",
    "40",
    "65",
    "100",
    "150",
    "250",
    "400",
    "650",
    "1000",
]


def test_table_1_matches_aqlschemes_in_every_cell() -> None:
    table = code_letters()
    rows = reference_rows("aqlschemes_table1.csv")
    assert len(rows) == len(table.lot_min) == 15
    for band, row in enumerate(rows):
        assert int(row["lot_range"].split("-")[0]) == table.lot_min[band]
        for col, level in enumerate(LEVELS):
            assert table.letters[band, col] == row[level], (row["lot_range"], level)


def test_table_1_matches_the_second_source() -> None:
    table = code_letters()
    for band, row in enumerate(reference_rows("table1_second_source.csv")):
        for level in ("S-2", "S-3", "I", "II", "III"):
            if row[level]:
                assert table.letters[band, LEVELS.index(level)] == row[level], (row["lot_range"], level)


@pytest.mark.parametrize(
    ("severity", "fam"),
    [("normal", "iso"), ("tightened", "iso"), ("normal", "z14"), ("tightened", "z14"), ("reduced", "z14")],
)
def test_resolved_plans_match_aqlschemes_in_every_cell(severity: str, fam: str) -> None:
    """AQLSchemes stores each code letter × AQL as the plan after the arrows; ours must agree cell for cell."""
    table = master_table(severity, fam)
    cells = [r for r in reference_rows("aqlschemes_z14_single.csv") if r["severity"] == severity]
    assert len(cells) == 16 * 26
    for cell in cells:
        i, j = table.row(cell["code"]), AQL_TEXT.index(cell["aql"])
        got = (int(table.n[i, j]), int(table.ac[i, j]), int(table.re[i, j]))
        assert got == (int(cell["n"]), int(cell["ac"]), int(cell["re"])), (severity, fam, cell)


@pytest.mark.parametrize("severity", ["normal", "tightened", "reduced"])
def test_gb_tables_match_the_gb_transcription_in_every_cell(severity: str) -> None:
    """Code letter, n, Ac and Re of every cell after the arrows, against the GB/T 2828.1-2012 transcription."""
    table = master_table(severity, "iso")
    cells = gb_cells(severity)
    assert len(cells) == (17 if severity == "tightened" else 16) * 26
    for (code, aql), expected in cells.items():
        i, j = table.row(code), AQL_TEXT.index(aql)
        if expected == "-":  # row S of Table 2-B holds a plan only at AQL 0.025
            assert table.cells[i][j] == "", (code, aql)
            continue
        if (severity, code, aql) == ("tightened", "A", "10"):
            # The transcription reads 0/1 on 2 units; MIL-STD-105E / Z1.4 (AQLSchemes, nibs) print ↓ (D: 8, 1/2)
            # and GB/T 2828.1 states its Table 2-B equals theirs, so the two Z1.4 sources decide this cell.
            assert expected == "A/2/0/1" and table.cells[i][j] == "down"
            continue
        got = f"{table.code[i, j]}/{table.n[i, j]}/{table.ac[i, j]}/{table.re[i, j]}"
        assert got == expected, (severity, code, aql)


# Along each row of the reduced table, ANSI Z1.4 prints 0/1, ↑, ↓, 0/2, 1/3, 1/4, 2/5 … and GB/T 2828.1-2012 /
# ISO 2859-1:1999 (which "changed the reduced plans to eliminate the gap between the acceptance and rejection
# numbers") prints 0/1, ↑, ↓, ↓, 1/2, 2/3, 3/4, 5/6, 6/7, 8/9, 10/11 … in the same cells.
_Z14_ROW = ("0/1", "up", "down", "0/2", "1/3", "1/4", "2/5", "3/6", "5/8", "7/10", "10/13", "14/17", "21/24")
_GB_ROW = ("0/1", "up", "down", "down", "1/2", "2/3", "3/4", "5/6", "6/7", "8/9", "10/11", "14/15", "21/22")
_GB_FOR_Z14 = dict(zip(_Z14_ROW, _GB_ROW, strict=True)) | {
    "2/4": "2/3",
    "3/5": "3/4",  # row B (n = 2): same Ac, Re = Ac + 1
    **{pair: pair for pair in ("1/2", "2/3", "3/4", "5/6", "7/8", "10/11", "14/15", "21/22", "30/31")},  # row A
}
_GB_REDUCED_OWN_CELLS = {
    ("R", "0.025"): "up",  # ↓ from the last row would lead off the table: the GB table prints a long ↑ to N (0/1)
    ("Q", "0.025"): "up",
    **{
        ("B", aql): pair
        for aql, pair in (
            ("100", "5/6"),
            ("150", "7/8"),
            ("250", "10/11"),
            ("400", "14/15"),
            ("650", "21/22"),
            ("1000", "30/31"),
        )
    },  # Z1.4: ↑ to row A, same plan
}


def test_gb_reduced_table_is_the_z14_table_with_the_gap_closed() -> None:
    """Second line of evidence for Table 2-C: the Z1.4 reduced table (checked against AQLSchemes above) with
    each printed pair replaced as ISO 2859-1:1999 did, gives the GB table in every printed cell but eight."""
    gb, z14 = master_table("reduced", "iso"), master_table("reduced", "z14")
    assert (gb.sample_sizes == z14.sample_sizes).all() and gb.codes == z14.codes
    own = {}
    for i, code in enumerate(gb.codes):
        for j, aql in enumerate(AQL_TEXT):
            if gb.cells[i][j] != _GB_FOR_Z14[z14.cells[i][j]]:
                own[code, aql] = gb.cells[i][j]
    assert own == _GB_REDUCED_OWN_CELLS


@pytest.mark.parametrize(
    ("lot", "level", "aql", "expected"),
    [
        (2000, "II", 0.25, Plan("M", 125, 1, 2, False)),  # code K, AQL 0.25: ↓ ↓ to M
        (20, "III", 25, Plan("D", 3, 3, 4, False)),
        (22_500, "S-1", 6.5, Plan("E", 5, 1, 2, False)),  # code D: ↓ to E
    ],
)
def test_reduced_plans_of_the_worked_examples(lot: int, level: str, aql: float, expected: Plan) -> None:
    for standard in ("GB/T 2828.1", "ISO 2859-1"):
        assert plan(lot, level, aql, "reduced", standard) == expected


@pytest.mark.parametrize("severity", ["normal", "tightened"])
def test_printed_cells_match_the_mil_std_105e_transcription(severity: str) -> None:
    """Arrows and rejection numbers as printed, AQL 0.65-15 (nibs.org transcription of MIL-STD-105E)."""
    table = master_table(severity)
    for row in (r for r in reference_rows("nibs_mil105e_level_ii.csv") if r["table"] == severity):
        i = table.row(row["code"])
        assert table.sample_sizes[i] == int(row["n"])
        for aql in AQL_TEXT[9:17]:
            ours = table.cells[i][AQL_TEXT.index(aql)]
            if (severity, row["code"], aql) == ("normal", "A", "10"):
                # Printed ↑ in the first row points at no plan; it is read as ↓ (as AQLSchemes resolves it).
                assert (ours, row[aql]) == ("down", "up")
                continue
            assert (ours if ours in ("up", "down") else ours.split("/")[1]) == row[aql], (row["code"], aql)


def test_every_code_letter_of_table_1_has_a_row_in_every_master_table() -> None:
    letters = set(code_letters().letters.ravel())
    for severity in ("normal", "tightened", "reduced"):
        assert letters <= set(master_table(severity).codes)
    assert master_table("tightened").codes[-1] == "S" and CODES.endswith("S")
    assert len(AQL_SERIES) == 26
