"""Every cell of Table 1 and Tables 2-A/2-B/2-C against independent transcriptions (see reference/README.md)."""

from __future__ import annotations

import pytest
from conftest import reference_rows

from srm_xl.sampling.plans import CODES
from srm_xl.sampling.tables import AQL_SERIES, LEVELS, code_letters, master_table

AQL_TEXT = ["0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65", "1.0", "1.5",
            "2.5", "4.0", "6.5", "10", "15", "25", "40", "65", "100", "150", "250", "400", "650", "1000"]


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


@pytest.mark.parametrize(("severity", "fam"), [("normal", "iso"), ("tightened", "iso"), ("normal", "z14"),
                                               ("tightened", "z14"), ("reduced", "z14")])
def test_resolved_plans_match_aqlschemes_in_every_cell(severity: str, fam: str) -> None:
    """AQLSchemes stores each code letter × AQL as the plan after the arrows; ours must agree cell for cell."""
    table = master_table(severity, fam)
    cells = [r for r in reference_rows("aqlschemes_z14_single.csv") if r["severity"] == severity]
    assert len(cells) == 16 * 26
    for cell in cells:
        i, j = table.row(cell["code"]), AQL_TEXT.index(cell["aql"])
        got = (int(table.n[i, j]), int(table.ac[i, j]), int(table.re[i, j]))
        assert got == (int(cell["n"]), int(cell["ac"]), int(cell["re"])), (severity, fam, cell)


def test_iso_reduced_plans_keep_the_acceptance_numbers_and_close_the_gap() -> None:
    """ISO 2859-1:1999 removed the Ac/Re gap of the reduced plans: same n and Ac as Z1.4, Re = Ac + 1."""
    iso, z14 = master_table("reduced", "iso"), master_table("reduced", "z14")
    assert (iso.n == z14.n).all() and (iso.ac == z14.ac).all()
    assert (iso.re == iso.ac + 1).all()
    assert (z14.re > z14.ac + 1).any()


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
