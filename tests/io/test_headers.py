"""Finding the header row and mapping users' header texts to schema columns."""

from __future__ import annotations

from srm_xl.io.headers import find_header, map_headers
from srm_xl.schema import spec

INSPECTIONS = spec("inspections")


def test_header_below_title_and_blank_rows_is_found() -> None:
    rows = [
        ["2026年3月来料检验记录", None, None, None],
        [None, None, None, None],
        ["制表: 张三", None, None, None],
        ["批次号", "供应商编码", "检验日期", "来料数量", "抽样数", "判定结果", "备注"],
        ["L1", "S001", "2026/3/5", "100", "13", "合格", ""],
    ]
    header = find_header(rows, INSPECTIONS)
    assert header is not None and header.row == 3
    assert header.columns == {"lot": 0, "supplier": 1, "received": 2, "lot_size": 3, "sample_size": 4, "decision": 5}
    assert header.extras == {6: "备注"}


def test_english_full_width_spacing_and_units_are_ignored() -> None:
    header = map_headers(["LOT NO.", "Ｓｕｐｐｌｉｅｒ Ｃｏｄｅ", " lot  size (pcs) ", "Received_Date"], INSPECTIONS)
    assert header.columns == {"lot": 0, "supplier": 1, "lot_size": 2, "received": 3}


def test_a_repeated_column_is_kept_as_an_extra() -> None:
    header = map_headers(["批号", "批号", "供应商"], INSPECTIONS)
    assert header.columns == {"lot": 0, "supplier": 2}
    assert header.duplicates == {1: "批号"}


def test_a_sheet_of_something_else_has_no_header() -> None:
    rows = [["姓名", "部门", "工号"], ["张三", "质量部", "001"]]
    assert find_header(rows, INSPECTIONS) is None


def test_bilingual_headers_in_one_cell_are_understood() -> None:
    header = map_headers(
        ["批号\nLot No.", "供应商代码/Supplier code", "来料数量(PCS)", "检验日期（Date）", "备注 Remarks"], INSPECTIONS
    )
    assert header.columns == {"lot": 0, "supplier": 1, "lot_size": 2, "received": 3}
    assert header.extras == {4: "备注 Remarks"}
