"""A totals row and notes rows a user keeps under the inspection log outlive the jobs that rewrite the log: below
the (longer) log, with their formulas summing the whole log, and LibreOffice computes the right totals."""

from __future__ import annotations

import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.package import Package
from srm_xl.jobs.importer import import_source
from srm_xl.jobs.inspect import inspect_lots
from srm_xl.jobs.validate import validate
from srm_xl.schema import spec
from tests.books import write_book
from tests.libreoffice import convert

LOG = spec("inspections").name("zh")


def lots(first: int, count: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "lot": [f"L{first + i:03d}" for i in range(count)],
            "supplier": ["S1"] * count,
            "part": ["P1"] * count,
            "received": [date(2026, 3, 2) + timedelta(days=first + i) for i in range(count)],
            "lot_size": [500 + 10 * (first + i) for i in range(count)],
            "level": ["II"] * count,
            "aql": [1.0] * count,
            "major": [(first + i) % 2 for i in range(count)],
        }
    )


def product_book_with_totals(path: Path) -> Path:
    """The product's book with five lots, and under them, as a user adds in Excel: a blank row, 合计 with sums
    of 批量 and 严重缺陷数, and the signatures."""
    write_book(path, {"inspections": lots(0, 5)}, "zh")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[LOG]
    header = [c.value for c in sheet[1]]
    size, major = (openpyxl.utils.get_column_letter(header.index(h) + 1) for h in ("批量", "严重缺陷数"))
    sheet["A8"], sheet[f"{size}8"], sheet[f"{major}8"] = "合计", f"=SUM({size}2:{size}6)", f"=SUM({major}2:{major}6)"
    sheet["A9"], sheet["D9"] = "填表人：张三", "审核：李四"
    workbook.save(path)
    return path


def users_log(path: Path) -> Path:
    """A user's own log in their own column order (序号 first), with its totals and signatures under it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "来料检验记录"
    sheet.append(["序号", "到货日期", "供应商代码", "物料编码", "批号", "批量", "检验水平", "AQL", "严重缺陷数"])
    for i, row in enumerate(lots(0, 4).iter_rows(named=True)):
        sheet.append([i + 1, row["received"], "S1", "P1", row["lot"], row["lot_size"], "II", 1.0, row["major"]])
    sheet.append(["合计", None, None, None, None, "=SUM(F2:F5)", None, None, "=SUM(I2:I5)"])
    sheet.append(["填表人：张三", None, None, None, "审核：李四"])
    sheet.merge_cells("A7:D7")
    workbook.save(path)
    return path


def inspect(path: Path) -> None:
    with FileWorkbook(path) as book:
        inspect_lots(book)


def import_lots(path: Path, source: Path, frame: pl.DataFrame) -> None:
    write_book(source, {"inspections": frame}, "zh")
    with FileWorkbook(path) as book:
        import_source(book, source)


def log_rows(path: Path, *, values: bool = False) -> tuple[list[str], list[tuple]]:
    sheet = openpyxl.load_workbook(path, data_only=values)[LOG]
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    return [str(h) for h in rows[0]], rows[1:]


def totals_and_notes(header: list[str], rows: list[tuple]) -> dict[str, object]:
    """Where the data ends, the totals row's sums, and the signatures (as openpyxl reads them)."""
    lots_end = max(i for i, r in enumerate(rows) if r[header.index("批号")] and str(r[0]).startswith("L")) + 2
    found = {"last lot row": lots_end}
    for number, row in enumerate(rows, start=2):
        if row[0] == "合计":
            found |= {"totals row": number, "批量": row[header.index("批量")], "严重": row[header.index("严重缺陷数")]}
        elif row[0] == "填表人：张三":
            found |= {"notes row": number, "notes": [v for v in row if v is not None]}
    return found


def test_the_totals_row_follows_the_longer_log_with_its_sums_extended(tmp_path: Path) -> None:
    book = product_book_with_totals(tmp_path / "book.xlsx")
    import_lots(book, tmp_path / "new lots.xlsx", lots(5, 3))  # three lots more: the log is 8 rows long
    inspect(book)
    header, rows = log_rows(book)
    size, major = (openpyxl.utils.get_column_letter(header.index(h) + 1) for h in ("批量", "严重缺陷数"))
    assert totals_and_notes(header, rows) == {
        "last lot row": 9,
        "totals row": 11,
        "批量": f"=SUM({size}2:{size}9)",
        "严重": f"=SUM({major}2:{major}9)",
        "notes row": 12,
        "notes": ["填表人：张三", "审核：李四"],
    }
    with FileWorkbook(book) as workbook:
        table = workbook.read(spec("inspections"))
    assert table.frame.height == 8  # the totals and signatures are still not lots
    assert {i.row for i in table.issues if i.code == "row_skipped_note"} == {11, 12}


@pytest.mark.libreoffice
def test_libreoffice_computes_the_kept_totals_over_the_whole_log(tmp_path: Path) -> None:
    book = product_book_with_totals(tmp_path / "book.xlsx")
    import_lots(book, tmp_path / "new lots.xlsx", lots(5, 3))
    inspect(book)
    header, rows = log_rows(convert(book, tmp_path / "lo"), values=True)
    found = totals_and_notes(header, rows)
    assert (found["批量"], found["严重"]) == (sum(500 + 10 * i for i in range(8)), sum(i % 2 for i in range(8)))


@pytest.mark.libreoffice
def test_a_users_own_log_saved_by_libreoffice_keeps_its_totals_under_their_columns(tmp_path: Path) -> None:
    """Inspect writes the log in the product's column order: each sum moves with its column and still sums it;
    the signatures row stays as it was laid out, merged cells and all; a second inspect changes nothing more."""
    book = convert(users_log(tmp_path / "users.xlsx"), tmp_path / "saved")
    inspect(book)
    inspect(book)
    header, rows = log_rows(book)
    size, major = (openpyxl.utils.get_column_letter(header.index(h) + 1) for h in ("批量", "严重缺陷数"))
    assert totals_and_notes(header, rows) == {
        "last lot row": 5,
        "totals row": 6,
        "批量": f"=SUM({size}2:{size}5)",
        "严重": f"=SUM({major}2:{major}5)",
        "notes row": 7,
        "notes": ["填表人：张三", "审核：李四"],
    }
    assert [str(r) for r in openpyxl.load_workbook(book)[LOG].merged_cells.ranges] == ["A7:D7"]
    header, rows = log_rows(convert(book, tmp_path / "lo"), values=True)
    assert totals_and_notes(header, rows)["批量"] == 500 + 510 + 520 + 530
    with FileWorkbook(book) as workbook:
        report = validate(workbook)
    assert not [i for i in report.issues if i.severity == "error"]


def test_a_totals_formula_naming_a_chinese_sheet_or_word_survives_a_book_saved_by_openpyxl(tmp_path: Path) -> None:
    """openpyxl writes a formula's Chinese as character references (&#20379;): the kept totals row's formulas
    still name 供应商名录 and count "S1" lots after an import rewrites the log — they were written as the text
    &#20379;… that no spreadsheet reads."""
    book = write_book(tmp_path / "book.xlsx", {"inspections": lots(0, 5)}, "zh")
    workbook = openpyxl.load_workbook(book)
    sheet = workbook[LOG]
    header = [c.value for c in sheet[1]]
    supplier, part = (openpyxl.utils.get_column_letter(header.index(h) + 1) for h in ("供应商代码", "物料编码"))
    sheet["A8"], sheet[f"{supplier}8"] = "合计", f'=COUNTIF({supplier}2:{supplier}6,"供方S1")'
    sheet[f"{part}8"] = "=COUNTA(供应商名录!A2:A100)"
    workbook.save(book)
    import_lots(book, tmp_path / "new lots.xlsx", lots(5, 3))
    row = next(r for r in openpyxl.load_workbook(book)[LOG].iter_rows(values_only=True) if r[0] == "合计")
    assert (row[header.index("供应商代码")], row[header.index("物料编码")]) == (
        f'=COUNTIF({supplier}2:{supplier}9,"供方S1")',
        "=COUNTA(供应商名录!A2:A100)",
    )


def test_a_rate_row_and_a_signature_under_the_totals_keep_the_totals_row_too(tmp_path: Path) -> None:
    """Under 合计 a user adds 不良率 (=K8/E8) and 审核&批准：李四 — words no note starts with: they are still no lots,
    and the import keeps all three under the longer log, the rate dividing the moved totals. The totals row was
    dropped and the two rows read as lots, left in the middle of the log."""
    book = write_book(tmp_path / "book.xlsx", {"inspections": lots(0, 5)}, "zh")
    workbook = openpyxl.load_workbook(book)
    sheet = workbook[LOG]
    header = [c.value for c in sheet[1]]
    size, major = (openpyxl.utils.get_column_letter(header.index(h) + 1) for h in ("批量", "严重缺陷数"))
    sheet["A8"], sheet[f"{size}8"], sheet[f"{major}8"] = "合计", f"=SUM({size}2:{size}6)", f"=SUM({major}2:{major}6)"
    sheet["A9"], sheet[f"{major}9"] = "不良率", f"={major}8/{size}8"
    sheet["A10"] = "审核&批准：李四 <QA>"
    workbook.save(book)
    import_lots(book, tmp_path / "new lots.xlsx", lots(5, 3))
    _, rows = log_rows(book)
    below = [(r[0], r[header.index("批量")], r[header.index("严重缺陷数")]) for r in rows[8:] if r[0]]
    assert below == [
        ("合计", f"=SUM({size}2:{size}9)", f"=SUM({major}2:{major}9)"),
        ("不良率", None, f"={major}11/{size}11"),
        ("审核&批准：李四 <QA>", None, None),
    ]
    with FileWorkbook(book) as opened:
        assert opened.read(spec("inspections")).frame["lot"].to_list() == [f"L{i:03d}" for i in range(8)]


def _without_numbers(path: Path) -> Path:
    """The log's totals and signatures rows as a generator writes them without their ``r`` attributes (valid
    XML: a row follows the one before it, a cell the cell before it)."""
    header = [c.value for c in openpyxl.load_workbook(path)[LOG][1]]
    sums = {header.index(h) + 1: openpyxl.utils.get_column_letter(header.index(h) + 1) for h in ("批量", "严重缺陷数")}
    cells = {1: "<c t='inlineStr'><is><t>合计</t></is></c>"} | {
        i: f"<c><f>SUM({c}2:{c}6)</f></c>" for i, c in sums.items()
    }
    totals = "".join(cells.get(i, "<c/>") for i in range(1, max(cells) + 1))
    below = f"<row/><row>{totals}</row><row><c t='inlineStr'><is><t>填表人：张三</t></is></c></row></sheetData>"
    part = next(s.part for s in Package(path).sheets() if s.name == LOG)
    with zipfile.ZipFile(path) as zin:
        members = {info: zin.read(info.filename) for info in zin.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in members.items():
            if info.filename == part:
                xml = re.sub(r'<row r="[789]"[^>]*/>|<row r="[789]"[^>]*>.*?</row>', "", data.decode(), flags=re.S)
                data = xml.replace("</sheetData>", below).encode()
            zout.writestr(info, data)
    return path


def test_totals_written_without_row_and_cell_numbers_are_kept_in_their_columns(tmp_path: Path) -> None:
    """Rows and cells without their ``r`` (valid, as some generators write them): the totals row and the signature
    are kept under the log, each sum under its column — the rows were dropped, and a row without cell numbers was
    written with every cell at A8, a sheet Excel repairs."""
    book = _without_numbers(product_book_with_totals(tmp_path / "book.xlsx"))
    inspect(book)
    header, rows = log_rows(book)
    size, major = (openpyxl.utils.get_column_letter(header.index(h) + 1) for h in ("批量", "严重缺陷数"))
    assert totals_and_notes(header, rows) == {
        "last lot row": 6,
        "totals row": 8,
        "批量": f"=SUM({size}2:{size}6)",
        "严重": f"=SUM({major}2:{major}6)",
        "notes row": 9,
        "notes": ["填表人：张三"],
    }
    part = next(s.part for s in Package(book).sheets() if s.name == LOG)
    refs = re.findall(r'<c r="([A-Z]+\d+)"', zipfile.ZipFile(book).read(part).decode())
    assert len(refs) == len(set(refs)), "each cell written once"
