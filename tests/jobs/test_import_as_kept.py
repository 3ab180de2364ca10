"""An engineer's quarter imported as kept grades exactly like its hand-cleaned copy; re-importing changes nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.messages import render
from srm_xl.schema import spec
from srm_xl.templates.build import build_template
from tests.books import graded_scorecard
from tests.jobs.engineer_book import LOTS, SUPPLIERS, quarter, write_as_kept, write_cleaned
from tests.libreoffice import convert

SHEETS = ("suppliers", "inspections", "deliveries")


def imported(book: Path, source: Path, **options: object):  # noqa: ANN201
    with FileWorkbook(book) as workbook:
        return import_source(workbook, source, **options)


def frames(book: Path) -> dict[str, pl.DataFrame]:
    with FileWorkbook(book) as workbook:
        return {key: workbook.read(spec(key)).frame.drop("_row") for key in SHEETS}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("quarter")
    truth = quarter()
    kept = write_as_kept(folder / "质量部 供应商与来料.xlsx", truth)
    book = build_template(folder / "book.xlsx", "zh")
    report = imported(book, kept)
    return {"kept": kept, "book": book, "cleaned": write_cleaned(folder / "cleaned.xlsx", truth), "report": report}  # type: ignore[dict-item]


def test_the_workbook_as_kept_imports_every_row(books) -> None:
    report = books["report"]
    assert report.counts["set_aside"] == 0 and report.counts["unmapped"] == 0
    got = frames(books["book"])
    assert (got["suppliers"].height, got["inspections"].height, got["deliveries"].height) == (SUPPLIERS, LOTS, LOTS)
    assert set(got["inspections"]["supplier"]) <= set(got["suppliers"]["code"]), "every name resolved to its code"
    assert set(got["deliveries"]["supplier"]) <= set(got["suppliers"]["code"])
    assert got["inspections"]["lot"].null_count() == 0 and got["inspections"]["lot"].is_unique().all()
    assert got["inspections"]["received"].null_count() == 0 and got["inspections"]["major"].null_count() == 0
    assert got["deliveries"]["delivered_date"].null_count() == 0 and set(got["deliveries"]["currency"]) == {"CNY"}
    phones = got["suppliers"].filter(pl.col("code") == "GYS008")["phone"].to_list()
    assert phones == ["0769-81434921 / 0755-26661234"], "a cell with two numbers is kept whole"
    statuses = dict(got["suppliers"].select("code", "status").iter_rows())
    assert statuses["GYS004"] == "conditional" and statuses["GYS006"] == "suspended", "试用 and 暂停 mean something"
    assert set(got["suppliers"]["category"]) == {"电子料", "结构件", "packaging", "化工"}, (
        "their own categories are kept"
    )


def test_the_import_grades_exactly_like_the_hand_cleaned_copy(books) -> None:
    ours, theirs = graded_scorecard(books["book"], "2026-Q3"), graded_scorecard(books["cleaned"], "2026-Q3")
    assert ours.height == SUPPLIERS
    assert ours.select("supplier", "grade").rows() == theirs.select("supplier", "grade").rows()
    assert ours.equals(theirs.select(ours.columns)), "every score of every supplier is the same"


def test_importing_the_same_file_again_changes_nothing(books, tmp_path: Path) -> None:
    book = tmp_path / "again.xlsx"
    book.write_bytes(books["book"].read_bytes())
    before = frames(book)
    report = imported(book, books["kept"])
    assert (report.counts["inserted"], report.counts["updated"], report.counts["set_aside"]) == (0, 0, 0)
    assert report.counts["unchanged"] == SUPPLIERS + 2 * LOTS
    after = frames(book)
    for key in SHEETS:
        assert after[key].equals(before[key]), key


def test_a_dry_run_reports_and_writes_nothing(books, tmp_path: Path) -> None:
    book = build_template(tmp_path / "dry.xlsx", "zh")
    before = book.read_bytes()
    report = imported(book, books["kept"], dry_run=True)
    assert book.read_bytes() == before
    assert report.counts["inserted"] == SUPPLIERS + 2 * LOTS
    assert "不良数 → 严重缺陷数" in report.summary("zh") and "实际到货 → 实际交货日期" in report.summary("zh")
    assert report.summary("zh").count("不良数 → 严重缺陷数") == 1, "each monthly sheet maps it alike: listed once"


@pytest.mark.libreoffice
def test_a_copy_resaved_by_libreoffice_imports_the_same(books, tmp_path: Path) -> None:
    resaved = convert(books["kept"], tmp_path / "lo")
    book = build_template(tmp_path / "lo-book.xlsx", "zh")
    report = imported(book, resaved)
    assert report.counts["set_aside"] == 0
    ours, theirs = frames(book), frames(books["book"])
    for key in SHEETS:
        assert ours[key].equals(theirs[key]), key


def test_a_qualified_supplier_list_with_its_own_header_words_imports_status_category_and_target_price(
    tmp_path: Path,
) -> None:
    """合格供方名录 as a quality department keeps it: a merged title, a merged group row (基本信息 / 评定) above the
    header, 供方状态 and 供货类别 for status and category, and a parts list pricing each part at its 目标单价. Every
    supplier gets its status and category and every part its target price (the price criterion needs it)."""
    source = tmp_path / "合格供方名录.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "合格供方名录"
    sheet["A1"] = "2026年度合格供方名录（质量部）"
    sheet.merge_cells("A1:F1")
    sheet["A2"], sheet["E2"] = "基本信息", "评定"
    sheet.merge_cells("A2:D2")
    sheet.merge_cells("E2:F2")
    sheet.append(["序号", "供应商编码", "供应商名称", "简称", "供货类别", "供方状态"])
    sheet.append([1, "GYS001", "东莞市华强电子有限公司", "华强", "电子料", "合格"])
    sheet.append([2, "GYS003", "苏州永盛包装材料有限公司", "永盛", "纸箱", "试用"])
    parts = workbook.create_sheet("物料清单")
    parts.append(["物料编码", "物料名称", "供应商", "目标单价"])
    parts.append(["E-1001", "贴片电容", "华强", 0.5])
    parts.append(["P-3001", "纸箱", "永盛", 2.0])
    workbook.save(source)
    book = build_template(tmp_path / "book.xlsx", "zh")
    report = imported(book, source)
    assert not [i for i in report.issues if i.severity == "error"], report.issues
    with FileWorkbook(book) as opened:
        suppliers = opened.read(spec("suppliers")).frame
        part_rows = opened.read(spec("parts")).frame
    assert suppliers.select("code", "category", "status").rows() == [
        ("GYS001", "电子料", "approved"),
        ("GYS003", "纸箱", "conditional"),
    ]
    assert part_rows.select("part", "supplier", "target_price").rows() == [
        ("E-1001", "GYS001", 0.5),
        ("P-3001", "GYS003", 2.0),
    ]


def test_an_assessment_sheet_scoring_quality_delivery_price_and_service_is_no_customer_survey(tmp_path: Path) -> None:
    """A 供应商考核表 (期间, 供应商, 价格(40), 质量(30), 交付(20), 服务(10), 总分, 等级) matches four columns of the
    customer satisfaction survey and none it requires (survey, customer, period as it names them): imported
    beside the supplier list, it is left out, never turned into survey responses without a customer."""
    source = tmp_path / "供应商考核表.xlsx"
    workbook = openpyxl.Workbook()
    master = workbook.active
    master.title = "合格供方名录"
    master.append(["供应商编码", "供应商名称", "状态"])
    master.append(["GYS001", "东莞市华强电子有限公司", "合格"])
    sheet = workbook.create_sheet("供应商考核表")
    sheet.append(["2026年1月供应商考核表"])
    sheet.append(["考核期间", "供应商", "价格(40)", "质量(30)", "交付(20)", "服务(10)", "总分", "等级", "考核人"])
    sheet.append(["2026-01", "华强", 17, 24, 3, 9, "=SUM(C3:F3)", '=IF(G3>=85,"A","B")', "张工"])
    workbook.save(source)
    book = build_template(tmp_path / "book.xlsx", "zh")
    imported(book, source)
    with FileWorkbook(book) as opened:
        assert opened.read(spec("surveys")).frame.height == 0
        assert opened.read(spec("suppliers")).frame["code"].to_list() == ["GYS001"]


def test_a_survey_sheet_left_out_for_want_of_its_required_columns_is_named_in_the_report(tmp_path: Path) -> None:
    """A 客户满意度调查 headed 客户名称, 调查日期, 质量, 交付, 服务, 价格, 推荐意愿 names none of the columns a survey
    requires (调查编号, 客户代码, 期间): it is left out — and the report says so, naming the sheet and the --map that
    imports it; it was left out without a word, the import saying only how the complaints went."""
    source = tmp_path / "客户质量.xlsx"
    workbook = openpyxl.Workbook()
    surveys = workbook.active
    surveys.title = "客户满意度调查"
    surveys.append(["客户名称", "调查日期", "质量", "交付", "服务", "价格", "推荐意愿"])
    surveys.append(["比亚迪", "2026-06-30", 4, 5, 4, 3, 9])
    complaints = workbook.create_sheet("客户投诉台账")
    complaints.append(["投诉编号", "客户", "投诉日期", "问题描述"])
    complaints.append(["C-001", "比亚迪", "2026-07-01", "外观划伤"])
    workbook.save(source)
    book = build_template(tmp_path / "book.xlsx", "zh")
    report = imported(book, source)
    told = [i for i in report.issues if i.sheet == "客户满意度调查"]
    assert [(i.code, i.severity) for i in told] == [("import_sheet_lacking_required", "warning")]
    assert '--map "满意度调查!你的列名=survey_id"' in render(told[0].code, "zh", sheet=told[0].sheet, **told[0].fields)
    imported(book, source, mapping=["满意度调查!客户名称=customer"])
    with FileWorkbook(book) as opened:
        assert opened.read(spec("surveys")).frame["customer"].to_list() == ["比亚迪"]
