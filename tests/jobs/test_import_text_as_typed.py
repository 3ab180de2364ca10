"""What users write in Chinese is stored as they wrote it (a legal name's （集团）, an address's ，１号); codes and
numbers typed in full width are read half-width, as every sheet refers to them."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.schema import spec
from srm_xl.templates.build import build_template

NAME = "东莞市华强电子（集团）有限公司"
ADDRESS = "东莞市长安镇，乌沙村１号"


def test_names_and_addresses_keep_their_full_width_and_codes_are_read_half_width(tmp_path: Path) -> None:
    source = tmp_path / "供应商.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "供应商清单"
    workbook.active.append(["供应商编码", "供应商名称", "地址", "状态"])
    workbook.active.append(["ＧＹＳ００１", f" {NAME}　", ADDRESS, "合格"])
    log = workbook.create_sheet("来料")
    log.append(["批号", "来料日期", "供应商", "物料编码", "批量", "不良数", "判定"])
    log.append(["ＩＱＣ－００１", "2026/3/5", "华强电子（集团）", "Ｐ００１", "１２００", 0, "合格"])
    workbook.save(source)
    book = build_template(tmp_path / "quality.xlsx", "zh")
    with FileWorkbook(book) as workbook_:
        import_source(workbook_, source)
        suppliers = workbook_.read(spec("suppliers")).frame
        lots = workbook_.read(spec("inspections")).frame
    assert suppliers.select("code", "name", "address").row(0) == ("GYS001", NAME, ADDRESS)
    assert lots.select("lot", "supplier", "part", "lot_size").row(0) == ("IQC-001", "GYS001", "P001", 1200)
