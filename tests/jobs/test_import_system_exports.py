"""Exports from ERP, MES and web systems as users receive them: an HTML table saved as .xls (GBK, a title table,
a two-row header with colspan/rowspan, thousands separators, unclosed cells), an Excel 2003 XML workbook.
Each imports as the same file re-saved as .xlsx would; a hostile one is refused fast with a message."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from srm_xl.errors import SrmError
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.import_read import source_language
from srm_xl.jobs.importer import import_candidates, import_source
from srm_xl.schema import spec
from srm_xl.templates.build import build_template

HEADER_TWO_ROWS = (
    "<tr><th rowspan=2>来料日期</th><th colspan=2>供应商</th><th rowspan=2>物料编码</th>"
    "<th colspan=3>数量</th><th rowspan=2>判定</th>\n"
    "<tr><th>供应商编码<th>供应商名称<th>批量<th>抽样数<th>不良数\n"
)
LOTS = [
    ("2026-03-02", "S01", "华东精密", "P001", "1,000", "80", "0", "合格"),
    ("2026/3/9", "S02", "苏州&nbsp;恒达<br>机械", "P002", "12,500", "125", "3", "不合格"),
    ("2026年3月16日", "S01", "华东精密", "P003", "2,000", "125", "0", "合格"),
]


def erp_page(charset: str = "gb2312", rows: list[tuple[str, ...]] = LOTS) -> str:
    """An inspection report as 用友/金蝶 web exports write it: Office namespaces, a title table, then the data table
    with a two-row header and cells left unclosed."""
    body = "".join(
        "<tr>" + "".join(f"<td style=\"mso-number-format:'\\@'\">{cell}" for cell in row) + "\n" for row in rows
    )
    return (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\n'
        f'<head><meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        "<style>td {mso-number-format:General;}</style></head><body>\n"
        "<table><tr><td colspan=8 align=center><b>来料检验报表</b></td></tr>"
        "<tr><td colspan=8>导出时间: 2026-04-01</td></tr></table>\n"
        f"<table border=1>\n{HEADER_TWO_ROWS}{body}</table></body></html>"
    )


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return build_template(tmp_path / "book.xlsx", "zh")


def run_import(book: Path, source: Path):  # noqa: ANN201
    with FileWorkbook(book) as workbook:
        return import_source(workbook, source)


def lots(book: Path) -> pl.DataFrame:
    with FileWorkbook(book) as workbook:
        frame = workbook.read(spec("inspections")).frame
    return frame.select("supplier", "part", "received", "lot_size", "sample_size", "decision").sort("part")


EXPECTED_LOTS = [
    ("S01", "P001", date(2026, 3, 2), 1000, 80, "accept"),
    ("S02", "P002", date(2026, 3, 9), 12500, 125, "reject"),
    ("S01", "P003", date(2026, 3, 16), 2000, 125, "accept"),
]


def test_a_gbk_web_page_saved_as_xls_imports_every_lot(book: Path, tmp_path: Path) -> None:
    """The title table is skipped, the two-row header with colspan/rowspan maps, 1,000 reads as 1000, the supplier
    name with &nbsp; and <br> is kept as the user sees it."""
    source = tmp_path / "来料检验.xls"
    source.write_bytes(erp_page().encode("gbk"))
    report = run_import(book, source)
    assert report.counts["inserted"] == 3 and report.errors == 0
    assert lots(book).rows() == EXPECTED_LOTS
    with FileWorkbook(book) as workbook:
        names = workbook.read(spec("inspections")).frame.sort("part")["供应商名称"].to_list()
    assert names == ["华东精密", "苏州 恒达\n机械", "华东精密"]
    assert source_language(source, import_candidates(None)) == "zh"


def test_a_utf8_page_reads_the_same_as_the_xlsx_excel_saves_of_it(book: Path, tmp_path: Path) -> None:
    """The same report declared UTF-8 (<meta charset>) and, as Excel would save it, an .xlsx whose header cells
    are merged: the same lots come in."""
    page = tmp_path / "iqc.xls"
    page.write_bytes(erp_page('utf-8"><meta charset="utf-8').encode("utf-8"))
    run_import(book, page)
    saved = tmp_path / "iqc.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["来料检验报表"])
    sheet.append(["导出时间: 2026-04-01"])
    sheet.append(["来料日期", "供应商", None, "物料编码", "数量", None, None, "判定"])
    sheet.append([None, "供应商编码", "供应商名称", None, "批量", "抽样数", "不良数", None])
    for cells in ("A3:A4", "B3:C3", "D3:D4", "E3:G3", "H3:H4"):
        sheet.merge_cells(cells)
    for row in LOTS:
        sheet.append([cell.replace("&nbsp;", " ").replace("<br>", "\n") for cell in row])
    workbook.save(saved)
    other = build_template(tmp_path / "other.xlsx", "zh")
    run_import(other, saved)
    assert lots(book).rows() == lots(other).rows() == EXPECTED_LOTS


SPREADSHEET_XML = """<?xml version="1.0" encoding="gb2312"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="供应商">
  <Table>
   <Row><Cell><Data ss:Type="String">供应商编号</Data></Cell><Cell><Data ss:Type="String">供方名称</Data></Cell>
    <Cell><Data ss:Type="String">供应商状态</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">S01</Data></Cell><Cell><Data ss:Type="String">华东精密</Data></Cell>
    <Cell><Data ss:Type="String">合格</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">S02</Data></Cell><Cell><Data ss:Type="String">苏州恒达机械</Data></Cell>
    <Cell><Data ss:Type="String">合格</Data></Cell></Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="检验记录">
  <Table ss:ExpandedColumnCount="7" ss:ExpandedRowCount="6">
   <Row><Cell ss:MergeAcross="6"><Data ss:Type="String">2026年3月来料检验</Data></Cell></Row>
   <Row ss:Index="3"><Cell><Data ss:Type="String">来料日期</Data></Cell><Cell><Data ss:Type="String">供应商</Data></Cell>
    <Cell><Data ss:Type="String">物料编码</Data></Cell><Cell><Data ss:Type="String">批量</Data></Cell>
    <Cell><Data ss:Type="String">抽样数</Data></Cell><Cell><Data ss:Type="String">不良数</Data></Cell>
    <Cell><Data ss:Type="String">判定</Data></Cell></Row>
   <Row><Cell><Data ss:Type="DateTime">2026-03-02T00:00:00.000</Data></Cell>
    <Cell ss:MergeDown="1"><Data ss:Type="String">S01</Data></Cell><Cell><Data ss:Type="String">P001</Data></Cell>
    <Cell><Data ss:Type="Number">1000</Data></Cell><Cell><Data ss:Type="Number">80</Data></Cell>
    <Cell><Data ss:Type="Number">0</Data></Cell><Cell><Data ss:Type="String">合格</Data></Cell></Row>
   <Row><Cell><Data ss:Type="DateTime">2026-03-16T00:00:00.000</Data></Cell>
    <Cell ss:Index="3"><Data ss:Type="String">P003</Data></Cell>
    <Cell><Data ss:Type="Number">2000</Data></Cell><Cell><Data ss:Type="Number">125</Data></Cell>
    <Cell ss:Index="7"><Data ss:Type="String">合格</Data></Cell></Row>
   <Row><Cell><Data ss:Type="DateTime">2026-03-09T00:00:00.000</Data></Cell>
    <Cell><Data ss:Type="String">S02</Data></Cell><Cell><Data ss:Type="String">P002</Data></Cell>
    <Cell><Data ss:Type="Number">12500</Data></Cell><Cell><Data ss:Type="Number">125</Data></Cell>
    <Cell><Data ss:Type="Number">3</Data></Cell><Cell><Data ss:Type="String">不合格</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>
"""


def test_an_excel_2003_xml_workbook_imports_each_worksheet(book: Path, tmp_path: Path) -> None:
    """Two worksheets, GB2312-encoded: the suppliers and the lots, ss:Index skipping cells and rows, the title
    merged across, a supplier code merged down over its two lots, dates and numbers typed."""
    source = tmp_path / "u8.xls"
    source.write_bytes(SPREADSHEET_XML.encode("gbk"))
    report = run_import(book, source)
    assert report.errors == 0
    assert lots(book).rows() == EXPECTED_LOTS
    with FileWorkbook(book) as workbook:
        suppliers = workbook.read(spec("suppliers")).frame
    assert suppliers.select("code", "name").rows() == [("S01", "华东精密"), ("S02", "苏州恒达机械")]


def billion_laughs() -> str:
    """An XML spreadsheet whose DTD expands one cell to a billion characters."""
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    return (
        f'<?xml version="1.0"?><!DOCTYPE Workbook [<!ENTITY l0 "ha">{entities}]>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table>'
        "<Row><Cell><Data>&l9;</Data></Cell></Row></Table></Worksheet></Workbook>"
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("<table>" + '<tr><td colspan="100000">x' * 20_000 + "</table>", "guard_markup_too_large"),
        ("<table>" + '<tr><td rowspan="65534" colspan="1000">x' * 200 + "<tr><td>y" * 50_000, "guard_markup_too_large"),
        ("<table>" + "<tr><td>1" * 1_100_000, "guard_markup_too_large"),
        ("<table><tr><td>" * 10_000, "guard_markup_nested"),
        (billion_laughs(), "guard_markup_dtd"),
        ("<html><body><p>导出失败, 请重试</p></body></html>", "guard_markup_no_table"),
        (
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table>'
            '<Row ss:Index="99999999999" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"/>',
            "guard_markup_bad",
        ),
    ],
    ids=["colspan", "rowspan", "million-rows", "nested", "billion-laughs", "no-table", "bad-index"],
)
def test_a_hostile_export_is_refused_fast_with_a_message(book: Path, tmp_path: Path, text: str, code: str) -> None:
    source = tmp_path / "export.xls"
    source.write_text(text, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(SrmError) as caught:
        run_import(book, source)
    assert time.monotonic() - started < 10
    assert caught.value.code == code
    for lang in ("zh", "en"):
        assert "export.xls" in caught.value.message(lang)
