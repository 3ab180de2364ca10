"""Importing users' own messy workbooks and CSV files: every row imported or reported, nothing dropped."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import xlsxwriter

from srm_xl.demo.messy import EXPECTED, MONTH_SHEETS, SUPPLIER_SHEET, write_messy_csv, write_messy_workbook
from srm_xl.errors import SrmError, UnsafeFileError
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.import_read import SourceSheet, best_spec
from srm_xl.jobs.importer import import_source
from srm_xl.schema import spec
from srm_xl.templates.build import build_template
from tests.books import sheet_rows
from tests.io.hostile import SHEET, part, rezip
from tests.libreoffice import convert


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return build_template(tmp_path / "book.xlsx", "zh")


def run_import(book: Path, source: Path, **options: object):  # noqa: ANN201
    with FileWorkbook(book) as workbook:
        return import_source(workbook, source, **options)


def read(book: Path, key: str) -> pl.DataFrame:
    with FileWorkbook(book) as workbook:
        return workbook.read(spec(key)).frame


def test_messy_workbook_every_row_imported_and_each_bad_cell_flagged(book: Path, tmp_path: Path) -> None:
    source = write_messy_workbook(tmp_path / "messy.xlsx") or tmp_path / "messy.xlsx"
    report = run_import(book, source)
    for key, expected in EXPECTED.items():
        frame = read(book, key)
        assert frame.height == expected.rows, f"{key}: a cell problem never costs a row"
        assert set(expected.extras) <= set(frame.columns), f"{key}: unknown columns must be kept"
    errors = {i.fields["origin"] for i in report.issues if i.severity == "error"}
    wanted = {f"messy.xlsx › {e.sheet}!{e.row}" for expected in EXPECTED.values() for e in expected.errors}
    assert {
        e.rsplit("!", 1)[0] + "!" + "".join(ch for ch in e.rsplit("!", 1)[1] if ch.isdigit()) for e in errors
    } == wanted
    assert all(i.sheet == "来料检验记录" and i.col is not None for i in report.issues if i.severity == "error"), (
        "flags point into the book"
    )
    rows = sum(e.rows for e in EXPECTED.values())
    assert report.rows_written == rows and report.counts["set_aside"] == 0


def test_messy_values_are_normalised(tmp_path: Path) -> None:
    source = tmp_path / "messy.xlsx"
    write_messy_workbook(source)
    expected = EXPECTED["suppliers"]
    with FileWorkbook(source) as workbook:
        table = workbook.read(spec("suppliers"), sheet=SUPPLIER_SHEET)
    assert table.header_row == expected.header_row
    by_row = {row["_row"]: row for row in table.frame.iter_rows(named=True)}
    for cell in expected.cells:
        assert by_row[cell.row][cell.column] == cell.value, f"{cell.sheet}!{cell.column}{cell.row}"


def test_month_sheets_of_the_same_shape_are_merged(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "messy.xlsx"
    write_messy_workbook(source)
    run_import(book, source)
    lots = read(book, "inspections")
    months = {d.month for d in lots["received"].drop_nulls().to_list()}
    assert months == {1, 2, 3} and len(MONTH_SHEETS) == 3
    assert lots["received"].null_count() == 1, "the row with an unreadable date is kept and its cell flagged"
    dates = [row[3] for row in sheet_rows(book, "来料检验记录", min_row=2)]
    assert "下周" in dates, "the unreadable cell keeps what the user typed"


def test_the_validation_sheet_links_into_the_book_and_names_the_source_row(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "messy.xlsx"
    write_messy_workbook(source)
    run_import(book, source)
    rows = sheet_rows(book, "数据校验", min_row=5)
    bad_date = [r for r in rows if r[5] == "not_date"]
    assert bad_date and bad_date[0][0] == "来料检验记录" and bad_date[0][9] == "messy.xlsx › 2月!G6"
    assert "下周" in bad_date[0][7]
    links = {
        cell.hyperlink.location
        for row in openpyxl.load_workbook(book)["数据校验"].iter_rows(min_row=5)
        for cell in row
        if cell.hyperlink
    }
    sheets = set(openpyxl.load_workbook(book).sheetnames)
    assert links and all(link.split("!")[0].strip("'") in sheets for link in links), (
        "every link points at a sheet of the book"
    )


def test_gbk_csv_is_decoded(tmp_path: Path) -> None:
    book = build_template(tmp_path / "book.xlsx", "en")
    source = tmp_path / "suppliers.csv"
    write_messy_csv(source, encoding="gbk")
    report = run_import(book, source)
    frame = read(book, "suppliers")
    assert frame.height == EXPECTED["suppliers"].importable and report.errors == 0
    assert "苏州恒达精密机械有限公司" in frame["name"].to_list()


def test_text_longer_than_a_cell_holds_is_reported_where_it_is_cut(book: Path, tmp_path: Path) -> None:
    """A CSV export's 40,000-character remark (a cell holds 32,767): the row is imported, the cut reported."""
    source = tmp_path / "iqc.csv"
    remark = "外观" * 20_000
    source.write_text(
        f"来料日期,供应商,物料编码,批量,判定,备注,缺陷类型\n2026/3/5,S01,P001,1000,合格,{remark},{remark}\n"
    )
    report = run_import(book, source)
    cut = [i for i in report.issues if i.code == "cell_text_cut"]
    assert sorted(i.column for i in cut) == ["备注", "缺陷类型"] and {i.row for i in cut} == {2}
    assert all(i.fields["length"] == 40_000 and str(i.value).startswith("外观外观") for i in cut)
    assert read(book, "inspections").height == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_encodings_and_a_semicolon_delimiter(tmp_path: Path, encoding: str) -> None:
    book = build_template(tmp_path / "book.xlsx", "zh")
    source = tmp_path / "s.csv"
    source.write_text("供应商编码;供应商名称;状态;准入日期\nＳ００９;上海精工;合格;2026年3月5日\n", encoding=encoding)
    run_import(book, source)
    frame = read(book, "suppliers")
    assert frame.select("code", "name", "status", "admission_date").rows() == [
        ("S009", "上海精工", "approved", date(2026, 3, 5))
    ]


def test_existing_rows_are_updated_by_key_and_reported(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "s.csv"
    source.write_text("code,name,status\nS1,Old name,approved\n", encoding="utf-8")
    run_import(book, source)
    source.write_text("code,name,status\nS1,New name,suspended\nS2,Second,approved\n", encoding="utf-8")
    report = run_import(book, source)
    assert (report.counts["inserted"], report.counts["updated"], report.counts["unchanged"]) == (1, 1, 0)
    assert read(book, "suppliers").select("code", "name", "status").rows() == [
        ("S1", "New name", "suspended"),
        ("S2", "Second", "approved"),
    ]
    again = run_import(book, source)
    assert (again.counts["inserted"], again.counts["updated"], again.counts["unchanged"]) == (0, 0, 2)


def test_unrecognisable_source_is_refused_with_a_message(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text("姓名,部门\n张三,质量部\n", encoding="utf-8")
    before = book.read_bytes()
    with pytest.raises(SrmError) as caught:
        run_import(book, source)
    assert caught.value.code == "import_no_sheet_matched" and "模板" in caught.value.message("zh")
    assert book.read_bytes() == before
    renamed = source.rename(tmp_path / "people.xlsx")  # a text export saved under a workbook's name
    with pytest.raises(SrmError) as caught:
        run_import(book, renamed)
    assert caught.value.code == "import_text_named_workbook" and "people.xlsx" in caught.value.message("en")


def test_merged_cells_are_filled_from_their_top_left(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "merged.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["批号", "供应商编码", "到货日期", "批量"])
    sheet.append(["L1", "S001", "2026-01-05", 100])
    sheet.append(["L2", None, "2026-01-06", 200])
    sheet.merge_cells("B2:B3")
    workbook.save(source)
    run_import(book, source, target="inspections")
    assert read(book, "inspections").select("lot", "supplier").rows() == [("L1", "S001"), ("L2", "S001")]


def test_a_log_with_its_supplier_and_date_merged_over_each_day_s_lots_is_filled_row_for_row(
    book: Path, tmp_path: Path
) -> None:
    """Engineers merge the supplier and the arrival date over the lots that came together: 3,000 merged areas,
    each filled from its top-left cell, the cells beside them untouched."""
    source = tmp_path / "merged.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["批号", "供应商编码", "到货日期", "批量"])
    for day in range(1500):
        first = 2 + day * 3
        for lot in range(3):
            sheet.append([f"L{day}-{lot}", f"S{day % 7:03d}" if lot == 0 else None, None, 100 + lot])
        sheet.cell(first, 3, f"2026-{1 + day % 12:02d}-{1 + day % 28:02d}")
        sheet.merge_cells(f"B{first}:B{first + 2}")
        sheet.merge_cells(f"C{first}:C{first + 2}")
    workbook.save(source)
    run_import(book, source, target="inspections")
    got = read(book, "inspections").sort("lot").select("lot", "supplier", "received", "lot_size")
    assert got.height == 4500
    lots = {lot: (supplier, received, size) for lot, supplier, received, size in got.rows()}
    for day in (0, 1, 777, 1499):
        for lot in range(3):
            supplier, received, size = lots[f"L{day}-{lot}"]
            assert supplier == f"S{day % 7:03d}" and size == 100 + lot
            assert (received.month, received.day) == (1 + day % 12, 1 + day % 28)


def test_dates_typed_without_a_year_take_the_year_of_the_file_s_dates_not_of_its_prices(
    book: Path, tmp_path: Path
) -> None:
    """A log typed 7月3日 throughout, in a file whose name, sheets and titles name no year, takes the year of the
    dates the file holds elsewhere (its supplier list's approval dates, 2025) — not of unit prices such as
    2031.5, which a read as text spells like a year followed by a dot."""
    source = tmp_path / "incoming.xlsx"
    workbook = openpyxl.Workbook()
    master = workbook.active
    master.title = "供应商"
    master.append(["供应商编码", "供应商名称", "准入日期"])
    for i in range(3):
        master.append([f"S00{i}", f"供应商{i}", date(2025, 3, 1 + i)])
    log = workbook.create_sheet("来料")
    log.append(["批号", "供应商编码", "到货日期", "批量", "单价"])
    for i in range(12):
        log.append([f"L{i}", f"S00{i % 3}", f"7月{1 + i}日", 100, 2031.5 + i / 100])
    workbook.save(source)
    run_import(book, source)
    received = read(book, "inspections").sort("lot")["received"].to_list()
    assert {d.year for d in received} == {2025}, received


def test_a_source_sheet_name_is_never_used_as_the_target(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "x.xlsx"
    write_messy_workbook(source)
    run_import(book, source)
    assert SUPPLIER_SHEET in openpyxl.load_workbook(book).sheetnames


def test_an_erp_delivery_export_goes_to_deliveries_with_its_dates(book: Path, tmp_path: Path) -> None:
    """ERP words (PO号, 厂商, 品号, 预计交期, 实际到货日, 数量, 实收) on a sheet named 交货记录: delivery lines, not
    inspection lots without a date, and their lateness is kept."""
    source = tmp_path / "erp.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "交货记录"
    workbook.active.append(["PO号", "厂商", "品号", "预计交期", "实际到货日", "数量", "实收"])
    for n in range(6):
        workbook.active.append([f"PO{n}", "GYS001", "P001", f"2026/3/{5 + n}", f"2026/3/{15 + n}", 1000, 900])
    workbook.save(source)
    report = run_import(book, source)
    assert report.counts["inserted"] == 6
    lines = read(book, "deliveries")
    assert lines["po"].to_list() == [f"PO{n}" for n in range(6)]
    days_late = (lines["delivered_date"] - lines["due_date"]).dt.total_days().to_list()
    assert days_late == [10] * 6
    assert lines["qty_ordered"].to_list() == [1000] * 6 and lines["qty_delivered"].to_list() == [900] * 6
    assert read(book, "inspections").height == 0


def test_headers_two_logs_share_go_to_the_one_the_sheet_is_named_after() -> None:
    """厂商, 品号, 数量 map as many columns of the inspection log as of the delivery log: the sheet's name decides."""
    top = pl.DataFrame({"a": ["厂商"], "b": ["品号"], "c": ["数量"]})
    logs = [spec("inspections"), spec("deliveries")]
    for name, expected in (("交货记录", "deliveries"), ("送货记录", "deliveries"), ("Sheet1", "inspections")):
        found = best_spec(SourceSheet(name, top, [0, 1, 2]), logs, {})
        assert found is not None and found[0].key == expected, name


def test_a_hidden_dropdown_list_is_left_out_and_a_hidden_month_imported(book: Path, tmp_path: Path) -> None:
    """The hidden sheet behind a workbook's dropdowns (供应商, 判定) is no log: no lots come of it, and the report
    says it was left out; a month the user hid after closing it is imported with the others."""
    source = tmp_path / "iqc.xlsx"
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for month, state in ((2, "hidden"), (3, "visible")):
        log = workbook.create_sheet(f"{month}月")
        log.sheet_state = state
        log.append(["来料日期", "供应商", "物料编码", "批量", "抽样数", "不良数", "判定"])
        for day in (2, 9, 16):
            log.append([f"2026/{month}/{day}", "S01", "P001", 1000, 80, 0, "合格"])
    lists = workbook.create_sheet("下拉数据")
    lists.sheet_state = "hidden"
    lists.append(["供应商", "判定"])
    for row in (["S01", "合格"], ["S02", "不合格"], [None, "让步接收"]):
        lists.append(row)
    workbook.save(source)
    report = run_import(book, source)
    lots = read(book, "inspections")
    assert sorted(lots["received"].dt.month().to_list()) == [2, 2, 2, 3, 3, 3]
    assert set(lots["decision"]) == {"accept"}
    assert [i.sheet for i in report.issues if i.code == "import_hidden_list"] == ["下拉数据"]


def _legacy_xls(tmp_path: Path) -> Path:
    source = tmp_path / "old.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["供应商编号", "供方名称", "供应商状态"])
    workbook.active.append(["S100", "老系统导出", "合格"])
    workbook.save(source)
    return convert(source, tmp_path / "xls", "xls")


@pytest.mark.libreoffice
def test_legacy_xls_is_converted_through_libreoffice(book: Path, tmp_path: Path) -> None:
    report = run_import(book, _legacy_xls(tmp_path))
    assert report.rows_written == 1
    assert read(book, "suppliers").select("code", "name", "status").rows() == [("S100", "老系统导出", "approved")]


@pytest.mark.libreoffice
def test_legacy_xls_without_libreoffice_says_how_to_convert(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    legacy = _legacy_xls(tmp_path)
    monkeypatch.setattr("srm_xl.jobs.import_read.libreoffice_available", lambda: False)
    with pytest.raises(UnsafeFileError) as caught:
        run_import(book, legacy)
    assert caught.value.code == "guard_legacy_xls"
    assert ".xlsx" in caught.value.message("en") and ".xlsx" in caught.value.message("zh")


def test_a_survey_s_average_and_score_rows_are_left_out(book: Path, tmp_path: Path) -> None:
    """A satisfaction sheet closes with 平均/平均分/均值/总分/得分率 (Average) rows under the survey ID: they are
    summaries, not answers; a survey ID that only starts like one stays."""
    source = tmp_path / "满意度.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "满意度调查"
    sheet.append(["调查编号", "客户代码", "期间", "质量", "交付", "价格", "服务", "沟通", "推荐意愿"])
    sheet.append(["S1", "C001", "2026-H1", 5, 4, 3, 4, 5, 9])
    sheet.append(["平均值2026", "C002", "2026-H1", 3, 3, 3, 3, 3, 6])
    summaries = ["平均", "平均分", "平均值", "均值", "总分", "得分率：", "合计", "Average"]
    for word in summaries:
        sheet.append([word, None, None, 4, 3.5, 3, 3.5, 4, 7.5])
    workbook.save(source)
    report = run_import(book, source)
    rows = sheet_rows(book, "满意度调查", min_row=2)
    assert [r[:2] for r in rows if r[0] is not None] == [("S1", "C001"), ("平均值2026", "C002")]
    skipped = [i.fields.get("origin", i.value) for i in report.issues if i.code == "row_skipped_note"]
    assert len(skipped) == len(summaries)


def test_a_survey_imported_again_with_its_customer_column_mapped_updates_its_rows(book: Path, tmp_path: Path) -> None:
    """The first import did not know 客户名称, so each response came in without a customer; mapped on the second,
    the customer is filled in on the same rows, each found by its survey ID (one row each in the sheet)."""
    source = tmp_path / "客户台账.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "满意度"
    sheet.append(["调查编号", "客户名称", "期间", "质量", "交付", "价格", "服务", "沟通", "推荐意愿"])
    for period, score in [("2026-03", 1), ("2026-10", 5), ("2026-12", 3)]:
        sheet.append([f"S-{period}", "华为终端", period, score, score, score, score, score, 8])
    workbook.save(source)
    run_import(book, source)
    assert [r[:2] for r in sheet_rows(book, "满意度调查", min_row=2) if r[0]] == [
        ("S-2026-03", None),
        ("S-2026-10", None),
        ("S-2026-12", None),
    ]
    report = run_import(book, source, mapping=["客户名称=customer"])
    assert (report.counts["inserted"], report.counts["updated"]) == (0, 3)
    assert [r[:4] for r in sheet_rows(book, "满意度调查", min_row=2) if r[0]] == [
        ("S-2026-03", "华为终端", "2026-03", 1),
        ("S-2026-10", "华为终端", "2026-10", 5),
        ("S-2026-12", "华为终端", "2026-12", 3),
    ]


@pytest.mark.parametrize(
    ("areas", "filled"),
    [(["B2:XFD1048576"], "S001"), ([f"B{row}:D6001" for row in range(2, 3002)], "S001")],
    ids=["one area to the sheet's last cell", "3,000 areas one over another"],
)
def test_merged_areas_far_larger_than_the_log_fill_only_its_cells(
    book: Path, tmp_path: Path, areas: list[str], filled: str
) -> None:
    """A merged area reaching the sheet's last cell (B2:XFD1048576), or 3,000 areas one over another
    (no program writes that; a hostile file does), under a 6,000-row log: the import fills the log's cells and
    is done in seconds — it laid out every cell of every area first (6,000 × 16,383 cells; 28 s and 6.5 GB
    for 20,000 rows)."""
    source = tmp_path / "merged.xlsx"
    workbook = xlsxwriter.Workbook(source)
    sheet = workbook.add_worksheet("来料")
    sheet.write_row(0, 0, ["批号", "供应商编码", "到货日期", "批量"])
    for row in range(1, 6001):
        sheet.write_row(row, 0, [f"L{row}", "S001", "2026-01-05", 100])
    workbook.close()
    merges = "".join(f'<mergeCell ref="{area}"/>' for area in areas)
    xml = part(source, SHEET).replace(b"</sheetData>", f"</sheetData><mergeCells>{merges}</mergeCells>".encode())
    hostile = rezip(source, tmp_path / "hostile.xlsx", replace={SHEET: xml})
    started = time.perf_counter()
    run_import(book, hostile, target="inspections")
    assert time.perf_counter() - started < 20
    got = read(book, "inspections")
    assert got.height == 6000 and got["supplier"].unique().to_list() == [filled]
