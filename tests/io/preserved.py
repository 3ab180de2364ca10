"""A workbook with everything a job must keep: chart, pivot table, image, comments, validation, VBA project."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8
PIVOT_CACHE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" refreshOnLoad="1" recordCount="0">'
    '<cacheSource type="worksheet"><worksheetSource ref="A1:B3" sheet="供应商名录"/></cacheSource>'
    '<cacheFields count="1"><cacheField name="供应商代码" numFmtId="0"><sharedItems/></cacheField></cacheFields></pivotCacheDefinition>'
)
PIVOT_TABLE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotTableDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'name="PivotTable1" cacheId="1" dataCaption="Values"><location ref="A3:B4" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>'
    '<pivotFields count="1"><pivotField showAll="0"/></pivotFields></pivotTableDefinition>'
)
DRAWING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    "<xdr:oneCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
    '<xdr:ext cx="952500" cy="952500"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Logo"/><xdr:cNvPicPr/></xdr:nvPicPr>'
    '<xdr:blipFill><a:blip r:embed="rIdImg"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>'
    '<xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _rels(*items: tuple[str, str, str]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{REL}{t}" Target="{target}"/>' for i, t, target in items)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'


def write_rich_workbook(path: Path) -> Path:
    """An .xlsm whose Suppliers sheet has a problem to find, plus parts openpyxl alone cannot make."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "供应商名录"
    sheet.append(["供应商代码", "供应商名称", "状态", "邮箱"])
    sheet.append(["S001", "苏州恒达精密机械有限公司", "合格", "qa@hengda.cn"])
    sheet.append(["S002", "宁波华科电子有限公司", "合格", "not-an-email"])
    sheet["A2"].comment = Comment("首选供应商", "张工")
    validation = DataValidation(type="list", formula1='"合格,暂停"')
    sheet.add_data_validation(validation)
    validation.add("C2:C100")
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=1, min_row=1, max_row=3))
    sheet.add_chart(chart, "F2")
    notes = workbook.create_sheet("说明")
    notes["A1"] = "logo below"
    plain = path.with_suffix(".plain.xlsx")
    workbook.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    b'<Default Extension="png" ContentType="image/png"/>'
                    b'<Override PartName="/xl/pivotCache/pivotCacheDefinition1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml"/>'
                    b'<Override PartName="/xl/pivotTables/pivotTable1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml"/>'
                    b'<Override PartName="/xl/drawings/drawing99.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/><Relationship Id="rIdPc" Type="{REL}pivotCacheDefinition" Target="pivotCache/pivotCacheDefinition1.xml"/></Relationships>'.encode(),
                )
            elif info.filename == "xl/workbook.xml":
                data = data.replace(
                    b"</workbook>", b'<pivotCaches><pivotCache cacheId="1" r:id="rIdPc"/></pivotCaches></workbook>'
                )
                if not re.match(rb"<workbook [^>]*xmlns:r=", data[data.find(b"<workbook") :]):
                    data = data.replace(
                        b"<workbook ",
                        b'<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ',
                        1,
                    )
            elif info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"</worksheet>", b'<drawing r:id="rIdD99"/></worksheet>')
                if b"xmlns:r=" not in data:
                    data = data.replace(
                        b"<worksheet ",
                        b'<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ',
                        1,
                    )
            out.writestr(info, data)
        out.writestr("xl/vbaProject.bin", VBA)
        out.writestr("xl/media/image1.png", PNG)
        out.writestr("xl/drawings/drawing99.xml", DRAWING)
        out.writestr("xl/drawings/_rels/drawing99.xml.rels", _rels(("rIdImg", "image", "../media/image1.png")))
        out.writestr(
            "xl/worksheets/_rels/sheet2.xml.rels",
            _rels(
                ("rIdD99", "drawing", "../drawings/drawing99.xml"),
                ("rIdPt", "pivotTable", "../pivotTables/pivotTable1.xml"),
            ),
        )
        out.writestr("xl/pivotCache/pivotCacheDefinition1.xml", PIVOT_CACHE)
        out.writestr("xl/pivotTables/pivotTable1.xml", PIVOT_TABLE)
        out.writestr(
            "xl/pivotTables/_rels/pivotTable1.xml.rels",
            _rels(("rId1", "pivotCacheDefinition", "../pivotCache/pivotCacheDefinition1.xml")),
        )
    plain.unlink()
    return path
