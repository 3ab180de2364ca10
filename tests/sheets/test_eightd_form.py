"""The 8D form: header and D2 pre-filled from the register and the lots, only the response areas unlocked,
and what a supplier types into them read back by ``read_eight_d``."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.issues import column_letter
from srm_xl.messages import Lang
from srm_xl.schema import spec
from srm_xl.sheets.eightd_form import eight_d_draft, read_eight_d
from srm_xl.sheets.eightd_layout import FACT_ROWS, HEADER, LOTS_ROW, RESPONSES, STEP_ROWS
from tests.capa.frames import lot, typed

SCAR = {
    "scar_id": "SCAR-2026-0A1B2C",
    "supplier": "S001",
    "part": "P-1",
    "source": "lot",
    "trigger": "L1",
    "lots": "L1; L2",
    "defect_type": "毛刺",
    "problem": "2批来料毛刺",
    "issued": date(2026, 6, 1),
    "d3_due": date(2026, 6, 2),
    "d4_due": date(2026, 6, 8),
    "due_date": date(2026, 7, 1),
    "state": "due_soon",
    "reopened": 0,
    "root_cause": "模具磨损",
}
LOTS = typed("inspections", [lot("L1", date(2026, 5, 20)), lot("L2", date(2026, 5, 28), critical=1)])


def write_form(path: Path, lang: Lang = "zh", *, for_supplier: bool = False) -> Path:
    book = FileWorkbook.create(path, lang)
    book.stage(eight_d_draft(SCAR, LOTS, lang, for_supplier=for_supplier))
    book.commit()
    return path


def test_header_d2_and_lots_are_prefilled(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(write_form(tmp_path / "form.xlsx"))["8D报告-SCAR-2026-0A1B2C"]
    assert sheet["A1"].value == "8D 纠正措施报告 — SCAR-2026-0A1B2C"
    assert (sheet["A3"].value, sheet["B3"].value, sheet["D3"].value, sheet["H3"].value.date()) == (
        "SCAR编号",
        "SCAR-2026-0A1B2C",
        "S001",
        date(2026, 6, 1),
    )
    assert sheet["B4"].value == "来料拒收" and sheet["H5"].value == "即将到期", "choice keys are shown as labels"
    assert sheet[f"A{STEP_ROWS['D2']}"].value == "D2 问题描述"
    facts = {k: sheet[f"B{r}"].value for k, r in FACT_ROWS.items()}
    assert facts == {
        "what": "毛刺 — 2批来料毛刺",
        "where": "S001 / P-1",
        "when": "2026-05-20 – 2026-05-28",
        "how_many": "2 批, 来料 1000 件, 抽样 100 件, 致命/严重/轻微 1/4/2",
    }
    assert [sheet.cell(LOTS_ROW + 2 + i, 1).value for i in range(3)] == ["L1", "L2", None]
    assert sheet.cell(LOTS_ROW + 3, 5).value == 1 and sheet.cell(LOTS_ROW + 1, 1).value == "批号"
    assert sheet[f"B{RESPONSES['root_cause'].row}"].value == "模具磨损", "a response already given is shown"


def test_only_the_response_areas_are_unlocked(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(write_form(tmp_path / "form.xlsx"))["8D报告-SCAR-2026-0A1B2C"]
    assert sheet.protection.sheet
    unlocked = {c.coordinate for row in sheet.iter_rows() for c in row if not c.protection.locked}
    expected = {f"{column_letter(c)}{r}" for area in RESPONSES.values() for r, c in area.cells()}
    assert unlocked == expected
    assert sheet[f"B{RESPONSES['why_3'].row}"].fill.fgColor.rgb == "FFFFF2CC", "response areas are highlighted"
    merged = {str(m) for m in sheet.merged_cells.ranges}
    area = RESPONSES["containment"]
    assert (
        f"B{area.row}:H{area.last_row}" in merged
        and f"E{RESPONSES['is_not_what'].row}:H{RESPONSES['is_not_what'].row}" in merged
    )


def test_supplier_copy_leaves_out_internal_state(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(write_form(tmp_path / "form.xlsx", "en", for_supplier=True))["8D-SCAR-2026-0A1B2C"]
    values = {c.value for row in sheet.iter_rows(max_row=6) for c in row}
    assert "Due date" in values and "Computed state" not in values and "Due soon" not in values


def test_header_labels_are_the_register_headers(tmp_path: Path) -> None:
    """The form's header block names each value exactly as the register's column does, in the form's language."""
    register = spec("corrective_actions")
    for lang in ("zh", "en"):
        book = openpyxl.load_workbook(write_form(tmp_path / f"form_{lang}.xlsx", lang))
        sheet = book.worksheets[0]
        labels = [sheet.cell(row, col).value for row in range(3, 6) for col in (1, 3, 5, 7)]
        assert labels == [register.column(k).header(lang) for k in HEADER]


def test_read_eight_d_reads_back_what_a_supplier_typed(tmp_path: Path) -> None:
    path = write_form(tmp_path / "form.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["8D报告-SCAR-2026-0A1B2C"]
    typed_in = {key: f"回复 {key}" for key in RESPONSES}
    for key, area in RESPONSES.items():
        sheet.cell(area.row, area.first_col + 1).value = typed_in[key]
    sheet.cell(RESPONSES["response_date"].row, 2).value = datetime(2026, 6, 3)
    workbook.save(path)
    with FileWorkbook(path) as book:
        read = read_eight_d(book.read_rows("8D报告-SCAR-2026-0A1B2C"))
    expected_date = read.pop("response_date")
    assert read == {"scar_id": "SCAR-2026-0A1B2C", **{k: v for k, v in typed_in.items() if k != "response_date"}}
    assert expected_date is not None and expected_date.startswith("2026-06-03")


def test_empty_form_reads_as_no_responses_except_given_ones(tmp_path: Path) -> None:
    with FileWorkbook(write_form(tmp_path / "form.xlsx")) as book:
        read = read_eight_d(book.read_rows("8D报告-SCAR-2026-0A1B2C"))
    assert {k: v for k, v in read.items() if v is not None} == {"scar_id": "SCAR-2026-0A1B2C", "root_cause": "模具磨损"}
