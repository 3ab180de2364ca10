"""A supplier answers the survey's number questions the way people do: 约200人, 约5000万 for a turnover asked in
万元, 30公里左右. Each is read as the number it gives where it can be (in the unit asked), and kept as typed with
a word to the buyer where it cannot: no answer is lost."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.qualification_survey import export_survey, import_survey
from tests.qualification.books import candidate_book, records

TODAY = date(2026, 6, 1)
ANSWERS = {"员工人数": "约200人", "年营业额(万元)": "约1.2亿", "距离(公里)": "30公里左右", "运输周期(天)": "2"}


def answered(tmp_path: Path, answers: dict[str, str]) -> tuple[Path, Path]:
    book = candidate_book(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        export_survey(workbook, "C1", tmp_path / "out", today=TODAY)
    survey = next((tmp_path / "out").glob("survey_C1_*.xlsx"))
    workbook = openpyxl.load_workbook(survey)
    sheet = workbook["调查表"]
    rows = {sheet.cell(r, 2).value: r for r in range(1, sheet.max_row + 1)}
    for item, text in answers.items():
        sheet.cell(rows[item], 3).value = text
    workbook.save(survey)
    return book, survey


def test_rough_numbers_are_read_in_the_unit_asked_and_the_rest_kept_as_typed(tmp_path: Path) -> None:
    book, survey = answered(tmp_path, ANSWERS)
    with FileWorkbook(book) as workbook:
        report = import_survey(workbook, survey, today=TODAY)
    stored = {r["项目"]: r["答复"] for r in records(book, "供应商调查答复")}
    assert stored == {"员工人数": "200", "年营业额(万元)": "12000.0", "距离(公里)": "30公里左右", "运输周期(天)": "2.0"}
    said = {i.column: (i.code, i.severity) for i in report.issues}
    assert said == {
        "员工人数": ("qualification_answer_approximate", "info"),
        "年营业额(万元)": ("qualification_answer_approximate", "info"),
        "距离(公里)": ("qualification_answer_bad", "warning"),
    }
    kept = next(i for i in report.issues if i.column == "距离(公里)").message("zh")
    assert "30公里左右" in kept and "按原文导入" in kept


def test_a_turnover_in_wan_yuan_with_its_multiplier_is_not_ten_thousand_times_too_big(tmp_path: Path) -> None:
    book, survey = answered(tmp_path, {"年营业额(万元)": "5000万元", "员工人数": "1200人"})
    with FileWorkbook(book) as workbook:
        import_survey(workbook, survey, today=TODAY)
    stored = {r["项目"]: r["答复"] for r in records(book, "供应商调查答复")}
    assert stored == {"年营业额(万元)": "5000.0", "员工人数": "1200"}
