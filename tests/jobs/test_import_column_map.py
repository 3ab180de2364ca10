"""``--map`` as import suggests it: a header a sheet already knows keeps its meaning there, and a mapping can be
limited to one sheet; the Column map remembers each mapping only for the sheets it applied to."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from srm_xl.errors import SrmError
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.templates.build import build_template
from tests.books import sheet_rows

SUGGESTED = '--map "客户投诉!客户号=customer"'


def _ledger(path: Path, customer: str = "客户编号") -> Path:
    """A customer quality ledger where 客户编号 is the customer list's code, and ``customer`` heads the customer of
    each complaint and survey."""
    book = openpyxl.Workbook()
    customers = book.active
    customers.title = "客户清单"
    customers.append(["2026年客户清单"])
    customers.append(["序号", "客户编号", "客户名称", "所属行业"])
    customers.append([1, "C001", "深圳市华为终端有限公司", "通信"])
    customers.append([2, "C002", "比亚迪汽车工业有限公司", "汽车"])
    complaints = book.create_sheet("1月客诉")
    complaints.append(["投诉编号", customer, "投诉日期", "投诉类型", "客诉内容"])
    complaints.append(["KS-01", "C001", "2026.1.5", "质量", "外壳划伤"])
    complaints.append(["KS-02", "C002", "2026.1.12", "交付", "延期3天到货"])
    surveys = book.create_sheet("满意度调查")
    surveys.append(["调查编号", customer, "期间", "质量", "交付", "价格", "服务", "沟通", "推荐意愿"])
    surveys.append(["MY2026H1", "C002", "2026-H1", 4, 4, 4, 4, 4, 8])
    book.save(path)
    return path


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return build_template(tmp_path / "book.xlsx", "zh")


def _import(book: Path, source: Path, mapping: list[str] | None = None):  # noqa: ANN202
    with FileWorkbook(book) as workbook:
        return import_source(workbook, source, mapping=mapping)


def _column(book: Path, sheet: str, header: str) -> list[object]:
    rows = sheet_rows(book, sheet)
    at = rows[0].index(header)
    return [row[at] for row in rows[1:] if any(row)]


def _remembered(book: Path) -> list[tuple[object, ...]]:
    return [row[:3] for row in sheet_rows(book, "列映射")[1:] if row[2]]


def test_the_suggested_map_names_the_sheet_and_following_it_maps_that_sheet_only(book: Path, tmp_path: Path) -> None:
    """Complaints and surveys name the customer 客户号, a header import does not know but suggests."""
    source = _ledger(tmp_path / "客户质量台账.xlsx", customer="客户号")
    said = [i.message("zh") for i in _import(book, source).issues if i.code == "import_extra_suggested"]
    assert any(SUGGESTED in text for text in said), said
    report = _import(book, source, [SUGGESTED.removeprefix("--map ").strip('"')])
    assert report.counts["set_aside"] == 0
    assert _column(book, "客户名录", "客户代码") == ["C001", "C002"]
    assert _column(book, "客户投诉", "客户代码") == ["C001", "C002"]
    assert _column(book, "满意度调查", "客户代码") == [None], "the mapping was limited to the complaints"
    assert _remembered(book) == [("客户投诉", "客户号", "客户代码")]


def test_a_map_for_every_sheet_leaves_a_header_a_sheet_knows_as_it_is(book: Path, tmp_path: Path) -> None:
    report = _import(book, _ledger(tmp_path / "客户质量台账.xlsx"), ["客户编号=customer"])
    assert report.counts["set_aside"] == 0
    assert _column(book, "客户名录", "客户代码") == ["C001", "C002"]
    assert _column(book, "客户名录", "客户名称") == ["深圳市华为终端有限公司", "比亚迪汽车工业有限公司"]
    assert _column(book, "客户投诉", "客户代码") == ["C001", "C002"]
    assert _column(book, "满意度调查", "客户代码") == ["C002"]
    assert sorted(_remembered(book)) == [("客户投诉", "客户编号", "客户代码"), ("满意度调查", "客户编号", "客户代码")]


def test_naming_the_sheet_maps_a_header_the_sheet_knows_otherwise(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "客户.xlsx"
    ledger = openpyxl.Workbook()
    ledger.active.title = "客户清单"
    ledger.active.append(["客户", "客户全称", "行业", "地区"])
    ledger.active.append(["HW", "深圳市华为终端有限公司", "通信", "广东"])
    ledger.save(source)
    _import(book, source, ["客户=code"])
    assert _column(book, "客户名录", "客户名称") == ["HW"], "客户 is the customer list's name unless the sheet is named"
    _import(book, source, ["客户名录!客户=code", "客户名录!客户全称=name"])
    assert _column(book, "客户名录", "客户代码")[-1:] == ["HW"]
    assert _column(book, "客户名录", "客户名称")[-1:] == ["深圳市华为终端有限公司"]


def test_a_map_naming_a_sheet_the_workbook_has_not_is_refused_with_the_form_to_use(book: Path, tmp_path: Path) -> None:
    with pytest.raises(SrmError) as refused:
        _import(book, _ledger(tmp_path / "客户质量台账.xlsx"), ["客户单!客户编号=customer"])
    assert refused.value.code == "import_map_sheet" and "客户投诉!客户编号=customer" in refused.value.message("zh")
