"""A quarter kept the way a supplier-quality engineer keeps it, imported as it is and graded with one call.

The engineer's workbook has a title row, their own headers (不良数, 实际到货), their own categories and statuses
(电子料, 试用), supplier *names* in the inspection log, a monthly IQC sheet ending in a 合计 row and dates typed as
7月3日. Run: ``python examples/import_and_grade.py [folder]``; prints each supplier's grade.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

from srm_xl import FileWorkbook, grade, import_source, spec
from srm_xl.templates.build import build_template

SUPPLIERS = [  # code, full name, category, status, defects per 100 sampled, days late
    ("GYS001", "东莞市华强电子有限公司", "电子料", "合格", 0, 0),
    ("GYS002", "深圳市德力精密五金有限公司", "结构件", "合格", 1, 1),
    ("GYS003", "苏州永盛包装材料有限公司", "包材", "试用", 8, 6),
]


def engineer_workbook(path: Path) -> Path:
    """The engineer's own file: supplier list, one IQC sheet for July, a deliveries sheet."""
    with xlsxwriter.Workbook(path) as workbook:
        suppliers = workbook.add_worksheet("供应商名录")
        suppliers.write_row(0, 0, ["2026年第三季度 合格供应商清单"])
        suppliers.write_row(2, 0, ["序号", "供应商编码", "供应商全称", "类别", "状态", "联系电话"])
        for i, (code, name, category, status, _, _) in enumerate(SUPPLIERS, start=1):
            suppliers.write_row(2 + i, 0, [i, code, name, category, status, "0769-81434921 / 0755-26661234"])
        iqc = workbook.add_worksheet("7月")
        iqc.write_row(0, 0, ["7月来料检验记录"])
        iqc.write_row(1, 0, ["日期", "供应商", "物料编码", "来料数量", "抽检数", "不良数", "判定"])
        deliveries = workbook.add_worksheet("到货明细")
        deliveries.write_row(0, 0, ["订单号", "供应商", "物料编码", "订单数量", "实收数量", "要求交期", "实际到货"])
        dated = workbook.add_format({"num_format": "yyyy/m/d"})
        row = 2
        for day in range(1, 29, 3):
            for code, name, _, _, defects, late in SUPPLIERS:
                short = name.replace("有限公司", "")
                found = defects if day % 2 else 0
                iqc.write_row(
                    row, 0, [f"7月{day}日", short, f"{code}-A", 2000, 125, found, "不合格" if found > 3 else "合格"]
                )
                due = date(2026, 7, day)
                deliveries.write_row(row - 1, 0, [f"PO{row:04d}", short, f"{code}-A", 2000, 2000])
                deliveries.write_datetime(row - 1, 5, due, dated)
                deliveries.write_datetime(row - 1, 6, due + timedelta(days=late if day % 2 else 0), dated)
                row += 1
        iqc.write_row(row, 0, ["合计", None, None, None, None, None])
    return path


def main(folder: Path) -> dict[str, str]:
    """Import the engineer's file into a new srm_xl workbook, grade July, and return each supplier's grade."""
    folder.mkdir(parents=True, exist_ok=True)
    source = engineer_workbook(folder / "我的供应商台账.xlsx")
    book_path = build_template(folder / "srm_xl.xlsx", "zh")
    with FileWorkbook(book_path) as book:
        print(import_source(book, source).summary_zh)
    with FileWorkbook(book_path) as book:
        print(grade(book, "2026-07").summary_zh)
    with FileWorkbook(book_path) as book:
        scorecard = book.read(spec("scorecard")).frame
    grades = dict(zip(scorecard["supplier"].to_list(), scorecard["grade"].to_list()))
    for code, grade_letter in sorted(grades.items()):
        print(code, grade_letter)
    return grades


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="srm_xl_example_")))
