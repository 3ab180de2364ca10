"""Import learns the user's words and headers once: open columns keep any value, closed ones map through synonyms
and the Value map, unknown headers are suggested and remembered, and a 303-row list with planted faults imports
every good row and reports each bad one by its row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.schema import spec
from srm_xl.templates.build import build_template
from tests.books import sheet_rows


def run(book: Path, source: Path, **options: object):  # noqa: ANN201
    with FileWorkbook(book) as workbook:
        return import_source(workbook, source, **options)


def read(book: Path, key: str) -> pl.DataFrame:
    with FileWorkbook(book) as workbook:
        return workbook.read(spec(key)).frame


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return build_template(tmp_path / "book.xlsx", "en")


def test_an_open_category_keeps_any_value(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "vendors.csv"
    rows = "\n".join(f"V{i},Vendor {i},Electronics,Approved" for i in range(1, 6))
    source.write_text(f"Vendor code,Vendor name,Category,Status\n{rows}\n", encoding="utf-8")
    report = run(book, source)
    frame = read(book, "suppliers")
    assert frame.height == 5 and set(frame["category"]) == {"Electronics"}
    assert report.counts["set_aside"] == 0 and report.ok
    sheet = openpyxl.load_workbook(book)["Suppliers"]
    category = next(v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith("D2"))
    assert "Electronics" in category.formula1 and "Packaging" in category.formula1, (
        "the dropdown grows with the values in use"
    )
    assert not category.showErrorMessage, "and accepts any other value"
    status = next(v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith("K2"))
    assert status.showErrorMessage, "a closed column's dropdown stays strict"


def test_complaint_status_open_is_understood(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "complaints.csv"
    source.write_text(
        "Complaint ID,Customer,Date,Status,Description\nC1,K1,2026-07-01,open,scratch\n"
        "C2,K1,2026-07-03,Closed,dent\nC3,K2,2026-07-09,处理中,label\n",
        encoding="utf-8",
    )
    run(book, source)
    got = read(book, "complaints").select("complaint_id", "status").rows()
    assert got == [("C1", "received"), ("C2", "confirmed"), ("C3", "assigned")]


def test_an_unknown_word_is_kept_listed_once_and_understood_once_mapped(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "s.csv"
    source.write_text("code,name,status\nS1,One,合格\nS2,Two,待定中\nS3,Three,待定中\n", encoding="utf-8")
    report = run(book, source)
    assert report.counts["unmapped"] == 1 and report.counts["unmapped_rows"] == 2 and report.counts["set_aside"] == 0
    assert read(book, "suppliers")["status"].to_list() == ["approved", "待定中", "待定中"], "kept as typed"
    values = sheet_rows(book, "Value map")
    assert values[1][:5] == ("Suppliers", "Status", "待定中", None, 2)
    workbook = openpyxl.load_workbook(book)
    workbook["Value map"]["D2"] = "Conditional"
    workbook.save(book)
    assert read(book, "suppliers")["status"].to_list() == ["approved", "conditional", "conditional"], (
        "every job reads the map"
    )
    again = run(book, source)
    assert again.counts["unmapped"] == 0 and again.counts["unchanged"] == 3
    assert sheet_rows(book, "Value map")[1][3] == "Conditional", "the user's answer is kept"


def test_a_column_mapped_once_is_remembered_for_the_next_file(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "iqc.csv"
    source.write_text("批号,供应商,到货日期,批量,抽样数,NG数\nL1,S1,2026-07-01,500,50,2\n", encoding="utf-8")
    first = run(book, source)
    assert read(book, "inspections")["major"].to_list() == [None]
    assert "NG数" in read(book, "inspections").columns, "kept as an extra column"
    assert any(i.code in ("import_extra_column", "import_extra_suggested") and i.column == "NG数" for i in first.issues)
    run(book, source, mapping=["NG数=major_defects"])
    assert read(book, "inspections")["major"].to_list() == [2]
    source.write_text("批号,供应商,到货日期,批量,抽样数,NG数\nL2,S1,2026-07-02,500,50,3\n", encoding="utf-8")
    run(book, source)
    assert read(book, "inspections").sort("lot")["major"].to_list() == [2, 3], "the column map remembers NG数"


def test_a_dry_run_changes_nothing(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "s.csv"
    source.write_text("code,name,status\nS1,One,approved\n", encoding="utf-8")
    before = book.read_bytes()
    report = run(book, source, dry_run=True)
    assert book.read_bytes() == before and report.counts["inserted"] == 1
    assert "code → Supplier code" in report.summary("en")


PLANTED = {
    17: ("code", None, "no code"),
    58: ("code", "GS0010", "duplicate code"),
    101: ("uscc", "91320500MA1X2Y3Z4Q", "bad check digit"),
    140: ("phone", "电话待补", "not a phone"),
    199: ("email", "sales@", "not an email"),
    230: ("admission_date", "去年", "not a date"),
    266: ("name", None, "no name"),
    301: ("status", "待定", "unknown status"),
}
"""Excel row → (column, planted value, what is wrong)."""
HEADERS = ("序号", "供应商编码", "供应商名称", "统一社会信用代码", "类别", "联系电话", "电子邮箱", "状态", "准入日期")


def _planted_list(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "合格供方名录"
    sheet.append(["2026年合格供方名录"])
    sheet.append(list(HEADERS))
    categories = ("结构件", "电子料", "化工材料", "包材")
    for i in range(303):
        row = {
            "序号": i + 1,
            "供应商编码": f"GS{i + 1:04d}",
            "供应商名称": f"供应商{i + 1}有限公司",
            "统一社会信用代码": None,
            "类别": categories[i % 4],
            "联系电话": f"0512-{6000000 + i}",
            "电子邮箱": f"qa{i}@s{i}.cn",
            "状态": "试用" if i % 3 == 0 else "合格",
            "准入日期": f"2025年{i % 12 + 1}月{i % 27 + 1}日",
        }
        excel_row = i + 3
        if excel_row in PLANTED:
            column, value, _ = PLANTED[excel_row]
            header = {
                "code": "供应商编码",
                "uscc": "统一社会信用代码",
                "phone": "联系电话",
                "email": "电子邮箱",
                "admission_date": "准入日期",
                "name": "供应商名称",
                "status": "状态",
            }[column]
            row[header] = value
        sheet.append([row[h] for h in HEADERS])
    workbook.save(path)
    return path


def test_a_303_row_list_with_planted_faults_imports_every_good_row_and_reports_each_bad_one(
    book: Path, tmp_path: Path
) -> None:
    report = run(book, _planted_list(tmp_path / "供方名录.xlsx"))
    frame = read(book, "suppliers")
    assert frame.height == 303 - 2, "only the row without a code and the repeated code stay out"
    good = {f"GS{r - 2:04d}" for r in range(3, 306) if r not in PLANTED}
    assert good <= set(frame["code"])
    reported = {
        int(str(i.fields["origin"]).rsplit("!", 1)[1].lstrip("ABCDEFGHIJ"))
        for i in report.issues
        if i.severity != "info" and "origin" in i.fields and "!" in str(i.fields["origin"])
    }
    assert set(PLANTED) <= reported, f"not reported: {set(PLANTED) - reported}"
    assert reported <= set(PLANTED), f"reported without a fault: {reported - set(PLANTED)}"
    aside = sheet_rows(book, "Rows not imported")
    assert sorted(r[2] for r in aside[1:]) == [17, 58]
    values = {r[2]: r[5] for r in aside[1:]}
    assert "Status=Approved" in values[17] and "Category=Packaging" in values[58], "choices by their labels, not keys"
    assert frame.filter(pl.col("code") == "GS0299")["status"].to_list() == ["待定"], "kept as typed"
    assert set(frame["category"]) >= {"结构件", "电子料", "化工材料"}
    assert frame.filter(pl.col("code") == "GS0001")["admission_date"].to_list() == [date(2025, 1, 1)]
