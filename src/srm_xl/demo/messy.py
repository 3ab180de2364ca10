"""A supplier list and an inspection log kept the way people really keep them, for importer tests and demos.

The workbook has a merged title and a blank row above each header, Chinese header synonyms instead of the
schema's headers, one inspection sheet per month, dates as real Excel dates and as text in four forms,
full-width codes, stray spaces, phone numbers stored as numbers, blank rows, a totals row and a notes row,
a vertically merged supplier cell, columns the schema does not know, and two genuinely bad rows.
``EXPECTED`` says what a correct importer makes of it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from srm_xl.demo.plan import plans


@dataclass(frozen=True)
class ExpectedError:
    """A row the importer must report (and not import silently), with the column and the raw value at fault."""

    sheet: str
    row: int
    column: str
    value: object
    reason: str


@dataclass(frozen=True)
class ExpectedCell:
    """The normalised value the importer must produce for one cell (``row`` is the Excel row number)."""

    sheet: str
    row: int
    column: str
    value: object


@dataclass(frozen=True)
class ExpectedSheet:
    """What importing one target sheet must yield from the messy workbook (and, for suppliers, the CSV)."""

    target: str
    sheets: tuple[str, ...]
    header_row: int
    rows: int
    errors: tuple[ExpectedError, ...]
    extras: tuple[str, ...]
    cells: tuple[ExpectedCell, ...] = field(default=())

    @property
    def importable(self) -> int:
        """Data rows without any error."""
        return self.rows - len({(e.sheet, e.row) for e in self.errors})


TITLE = "2026年供应商名录"
SUPPLIER_SHEET = "供应商名录"
MONTH_SHEETS = ("1月", "2月", "3月")
SUPPLIER_HEADERS = (
    "序号",
    "供应商编号",
    "供方名称",
    "社会信用代码",
    "供应商类别",
    "联系人姓名",
    "联系电话",
    "电子邮箱",
    "公司地址",
    "重要程度",
    "供应商状态",
    "准入时间",
    "采购组",
    "备注",
)
LOG_HEADERS = (
    "序号",
    "检验单号",
    "供应商编号",
    "供方名称",
    "料号",
    "品名",
    "检验日期",
    "来料数量",
    "检验水平",
    "AQL",
    "抽样数",
    "致命",
    "严重",
    "轻微",
    "不良现象",
    "判定结果",
    "处理方式",
    "检验员",
    "备注",
)
_HEADER_ROW = 3
_SUPPLIERS: tuple[tuple[object, ...], ...] = (
    # code as typed, name, credit code, category, contact, phone, email, address, class, status, admitted, group, note
    (
        "Ｓ００１",
        "苏州恒达精密机械有限公司",
        "9132050081063403X7",
        "零部件",
        "王建国",
        13812345678,
        "jianguo.wang@hengda.com",
        "江苏省苏州市工业园区星湖街328号",
        "Ⅰ类",
        "合格",
        datetime(2019, 5, 20),
        "一组",
        "",
    ),
    (
        " S002 ",
        "宁波华通塑胶原料有限公司  ",
        "91330200638779711F",
        "原料",
        "李娜",
        "13957481234",
        "na.li@huatong.com.cn",
        "浙江省宁波市北仑区长江路88号",
        "II",
        "合格供应商",
        "2020/3/5",
        "二组",
        "年度审核待安排",
    ),
    (
        "S003",
        "深圳鑫源电子有限公司",
        "91440300860219790L",
        "零件",
        "陈伟",
        13612345678,
        "chenwei66@163.com",
        "广东省深圳市宝安区兴业路1200号",
        "2",
        "有条件合格",
        "2021年6月18日",
        "一组",
        "",
    ),
    (
        "Ｓ００４",
        "常州宏盛包装材料有限公司",
        "91320400MAUGPANF9T",
        "包材",
        "周敏",
        15861234567,
        "min.zhou@hongsheng.com",
        "江苏省常州市武进区人民路16号",
        "Ⅲ",
        "合格",
        "2018.09.01",
        "三组",
        "",
    ),
    (
        "S005",
        " 无锡永信表面处理有限公司",
        "91320200MA925WDY04",
        "外协",
        "赵磊",
        "18961234567",
        "lei.zhao@yongxin-tech.com",
        "江苏省无锡市新吴区科技路9号",
        "III",
        "暂停",
        "2022-01-10",
        "一组",
        "盐雾试验不合格, 整改中",
    ),
    (
        "S006",
        "Bosch (Suzhou)",
        "91320500850426809D",
        "零部件",
        "刘洋",
        13962123456,
        "yang.liu@bosch.com",
        "江苏省苏州市高新区创业路126号",
        "一类",
        "合格",
        datetime(2015, 7, 1),
        "二组",
        "",
    ),
    (
        "S007",
        "台州精诚五金制品有限公司",
        "913310004493114589",
        "零部件",
        "孙丽",
        13705861234,
        "li.sun@jingcheng.com",
        "浙江省台州市黄岩区工业大道77号",
        "3",
        "合格",
        "2017/11/2",
        "三组",
        "",
    ),
    (
        "S008",
        "昆山瑞丰轴承有限公司",
        "91320583346292987T",
        "零件",
        "吴杰",
        13771234567,
        "jie.wu@ruifeng.com",
        "江苏省昆山市开发区金桥路5号",
        "I",
        "候选",
        None,
        "二组",
        "样品试制中",
    ),
    (
        "S009",
        "东莞金鼎注塑有限公司",
        "91441900975623494E",
        "委外加工",
        "郑浩",
        "13829123456",
        "hao.zheng@jinding.com",
        "广东省东莞市长安镇园区路300号",
        "II类",
        "合格",
        "2023年2月8日",
        "一组",
        "",
    ),
    (
        "S010",
        "杭州天润化工有限公司",
        "91330100MAA17BMN2N",
        "材料",
        "冯雪",
        13666123456,
        "xue.feng@tianrun.com",
        "浙江省杭州市萧山区新华路45号",
        "Ⅱ",
        "合格",
        "2016.04.05",
        "三组",
        "",
    ),
    (
        "S011",
        "Omron Shanghai",
        "91310000MAN9BHJC27",
        "零部件",
        "何明",
        13916123456,
        "ming.he@omron.com",
        "上海市浦东新区金桥路1088号",
        "I",
        "合格",
        datetime(2014, 3, 18),
        "二组",
        "",
    ),
    (
        "S012",
        "青岛博远包装材料有限公司",
        "913702004254456113",
        "包装",
        "高峰",
        15063123456,
        "feng.gao@boyuan.com",
        "山东省青岛市黄岛区黄河路19号",
        "III",
        "合格",
        "2020-08-30",
        "三组",
        "",
    ),
)
_SUPPLIER_ROWS = (*range(4, 10), *range(11, 17))  # a blank row at 10
_LOG_ROWS = (*range(4, 8), *range(9, 13))  # a blank row at 8
_PARTS = (
    ("CP-10001", "轴承座"),
    ("CP-10002", "法兰盘"),
    ("RM-10001", "PA66-GF30 粒料"),
    ("PK-10001", "瓦楞纸箱 600×400×300"),
    ("OS-10001", "电镀阀体"),
    ("CP-10003", "六角螺栓 M8×25"),
    ("CP-10004", "深沟球轴承 6204"),
    ("PK-10002", "珍珠棉内衬"),
)
_LOG_SUPPLIERS = (
    ("Ｓ００１", 0),
    ("S003", 2),
    ("S003", 2),
    ("S002", 1),
    ("S005", 4),
    ("S009", 8),
    ("S006", 5),
    ("Ｓ００４", 3),
)
_LOG_DAYS = (5, 6, 7, 8, 12, 13, 14, 15)
_DATE_FORMS = ("{y}/{m}/{d}", "{y}年{m}月{d}日", "{y}.{m:02d}.{d:02d}", "{y}-{m:02d}-{d:02d}", None)
_LEVELS = ("II", "Ⅱ", "一般II", "II")
_INSPECTORS = ("王芳", "李娜", "张伟", "刘洋")
_BAD_DATE = ("2月", 6, "下周")
_BAD_QTY = ("3月", 10, -200)
_MERGED = ("1月", 5, 6)  # supplier code and name merged over rows 5–6


def _label_date(day: date, form: str | None) -> object:
    """``day`` as a real Excel date (``form`` None) or as text in ``form``."""
    return datetime(day.year, day.month, day.day) if form is None else form.format(y=day.year, m=day.month, d=day.day)


EXPECTED: dict[str, ExpectedSheet] = {
    "suppliers": ExpectedSheet(
        target="suppliers",
        sheets=(SUPPLIER_SHEET,),
        header_row=_HEADER_ROW,
        rows=len(_SUPPLIERS),
        errors=(),
        extras=("序号", "采购组", "备注"),
        cells=(
            ExpectedCell(SUPPLIER_SHEET, 4, "code", "S001"),
            ExpectedCell(SUPPLIER_SHEET, 5, "code", "S002"),
            ExpectedCell(SUPPLIER_SHEET, 7, "code", "S004"),
            ExpectedCell(SUPPLIER_SHEET, 5, "name", "宁波华通塑胶原料有限公司"),
            ExpectedCell(SUPPLIER_SHEET, 8, "name", "无锡永信表面处理有限公司"),
            ExpectedCell(SUPPLIER_SHEET, 4, "phone", "13812345678"),
            ExpectedCell(SUPPLIER_SHEET, 4, "admission_date", date(2019, 5, 20)),
            ExpectedCell(SUPPLIER_SHEET, 5, "admission_date", date(2020, 3, 5)),
            ExpectedCell(SUPPLIER_SHEET, 6, "admission_date", date(2021, 6, 18)),
            ExpectedCell(SUPPLIER_SHEET, 7, "admission_date", date(2018, 9, 1)),
            ExpectedCell(SUPPLIER_SHEET, 12, "admission_date", None),
            ExpectedCell(SUPPLIER_SHEET, 4, "importance", "I"),
            ExpectedCell(SUPPLIER_SHEET, 6, "importance", "II"),
            ExpectedCell(SUPPLIER_SHEET, 7, "category", "packaging"),
            ExpectedCell(SUPPLIER_SHEET, 8, "status", "suspended"),
            ExpectedCell(SUPPLIER_SHEET, 9, "uscc", "91320500850426809D"),
        ),
    ),
    "inspections": ExpectedSheet(
        target="inspections",
        sheets=MONTH_SHEETS,
        header_row=_HEADER_ROW,
        rows=len(MONTH_SHEETS) * len(_LOG_ROWS),
        errors=(
            ExpectedError(_BAD_DATE[0], _BAD_DATE[1], "received", _BAD_DATE[2], "unparseable date"),
            ExpectedError(_BAD_QTY[0], _BAD_QTY[1], "lot_size", _BAD_QTY[2], "negative quantity (below the minimum 1)"),
        ),
        extras=("序号", "供方名称", "品名", "备注"),
        cells=(
            ExpectedCell("1月", 4, "supplier", "S001"),
            ExpectedCell("1月", 5, "supplier", "S003"),
            ExpectedCell("1月", 6, "supplier", "S003"),
            ExpectedCell("1月", 7, "lot", "IQC-2601-004"),
            ExpectedCell("1月", 4, "received", date(2026, 1, 5)),
            ExpectedCell("1月", 5, "received", date(2026, 1, 6)),
            ExpectedCell("1月", 6, "received", date(2026, 1, 7)),
            ExpectedCell("1月", 7, "received", date(2026, 1, 8)),
            ExpectedCell("1月", 9, "received", date(2026, 1, 12)),
            ExpectedCell("1月", 10, "level", "II"),
            ExpectedCell("1月", 12, "supplier", "S004"),
        ),
    ),
}
"""Per target sheet: where the data is, how many rows must be read and reported, and a few normalised cells."""


def _supplier_rows() -> list[list[object]]:
    return [[number, *values] for number, values in enumerate(_SUPPLIERS, start=1)]


def write_messy_workbook(path: Path, seed: int = 7) -> None:
    """Write the messy supplier list and monthly inspection log to ``path`` (a new .xlsx)."""
    rng = np.random.default_rng(seed)
    book = Workbook()
    sheet = book.active
    sheet.title = SUPPLIER_SHEET
    _frame(sheet, TITLE, SUPPLIER_HEADERS)
    for row, values in zip(_SUPPLIER_ROWS, _supplier_rows(), strict=True):
        _put(sheet, row, values)
    _put(sheet, 18, ["合计", None, f"共{len(_SUPPLIERS)}家"])
    _put(sheet, 19, ["备注: 状态为“暂停”的供应商不得下新订单; 本表由采购部每月更新"])
    for month, name in enumerate(MONTH_SHEETS, start=1):
        _log_sheet(book.create_sheet(name), month, rng)
    book.save(path)


def _frame(sheet: Worksheet, title: str, headers: tuple[str, ...]) -> None:
    sheet.cell(1, 1, title).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    for column, header in enumerate(headers, start=1):
        sheet.cell(_HEADER_ROW, column, header).font = Font(bold=True)


def _put(sheet: Worksheet, row: int, values: list[object]) -> None:
    for column, value in enumerate(values, start=1):
        if value is not None and value != "":
            cell = sheet.cell(row, column, value)
            if isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd"


def _log_sheet(sheet: Worksheet, month: int, rng: np.random.Generator) -> None:
    _frame(sheet, f"2026年{month}月来料检验记录", LOG_HEADERS)
    lot_sizes = rng.choice([200, 500, 800, 1200, 3000, 5000], len(_LOG_ROWS))
    aql = np.array([1.0, 1.0, 0.65, 2.5, 1.0, 1.0, 0.65, 2.5])
    n, ac = plans(lot_sizes, np.full(len(_LOG_ROWS), "II"), aql, np.full(len(_LOG_ROWS), "normal"))
    defects = rng.binomial(n, 0.01)
    totals = [0, 0]
    for index, row in enumerate(_LOG_ROWS):
        code, supplier = _LOG_SUPPLIERS[index]
        part, part_name = _PARTS[index]
        lot = f"IQC-26{month:02d}-{index + 1:03d}"
        received = _label_date(date(2026, month, _LOG_DAYS[index]), _DATE_FORMS[index % len(_DATE_FORMS)])
        size = int(lot_sizes[index])
        if (sheet.title, row) == _BAD_DATE[:2]:
            received = _BAD_DATE[2]
        if (sheet.title, row) == _BAD_QTY[:2]:
            size = _BAD_QTY[2]
        rejected = defects[index] > ac[index]
        _put(
            sheet,
            row,
            [
                index + 1,
                f" {lot} " if index == 3 else lot,
                code,
                str(_SUPPLIERS[supplier][1]).strip(),
                part,
                part_name,
                received,
                size,
                _LEVELS[index % len(_LEVELS)],
                float(aql[index]),
                int(n[index]),
                0,
                int(defects[index] // 2),
                int(defects[index] - defects[index] // 2),
                "外观划伤" if defects[index] else None,
                ("不合格" if index % 2 else "NG") if rejected else ("合格" if index % 2 else "允收"),
                "退货" if rejected else "入库",
                _INSPECTORS[index % len(_INSPECTORS)],
                "加急" if index == 5 else None,
            ],
        )
        totals[0] += size
        totals[1] += int(n[index])
    if sheet.title == _MERGED[0]:
        for column in (3, 4):
            sheet.cell(_MERGED[2], column).value = None
            sheet.merge_cells(start_row=_MERGED[1], start_column=column, end_row=_MERGED[2], end_column=column)
    _put(sheet, 13, ["合计", None, None, None, None, None, None, totals[0], None, None, totals[1]])
    _put(sheet, 14, ["备注: 判定依据GB/T 2828.1-2012正常检验一次抽样方案; 不合格批已通知采购"])


def write_messy_csv(path: Path, encoding: str = "gbk") -> None:
    """The same messy supplier list as CSV, in ``encoding`` (Chinese Excel saves CSV as GBK by default)."""
    lines: dict[int, list[object]] = {1: [TITLE], _HEADER_ROW: list(SUPPLIER_HEADERS)}
    for row, values in zip(_SUPPLIER_ROWS, _supplier_rows(), strict=True):
        lines[row] = [v.strftime("%Y-%m-%d") if isinstance(v, datetime) else v for v in values]
    lines[18] = ["合计", None, f"共{len(_SUPPLIERS)}家"]
    lines[19] = ["备注: 状态为“暂停”的供应商不得下新订单; 本表由采购部每月更新"]
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        for row in range(1, max(lines) + 1):
            writer.writerow(["" if v is None else v for v in lines.get(row, [])])
