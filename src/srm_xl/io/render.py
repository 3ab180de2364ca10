"""Worksheet XML from a ``SheetDraft``: cells built column-at-a-time with polars, strings written inline.

Inline strings keep every written value as data (never a formula, whatever it starts with) and leave the
workbook's shared-strings part untouched. Element order follows the SpreadsheetML schema.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from xml.sax.saxutils import escape, quoteattr

import polars as pl

from srm_xl.io.draft import DROPDOWN_ROWS, Cell, SheetDraft, TableBlock, Validation
from srm_xl.io.styles import HEADER, StyleBook
from srm_xl.issues import column_letter
from srm_xl.schema.numbers import float_text, number_text

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAX_TEXT = 32767
_ILLEGAL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
_EPOCH = date(1899, 12, 30)


@dataclass
class RenderedSheet:
    """The worksheet XML and what it needs beside it: a table part, a drawing with charts."""

    xml: bytes
    table_xml: bytes | None = None
    charts: list[bytes] = field(default_factory=list)
    table_rid: str = "rIdTable1"
    drawing_rid: str = "rIdDrawing1"


def _escaped(expr: pl.Expr) -> pl.Expr:
    return (
        expr.str.replace_all(_ILLEGAL, "").str.slice(0, MAX_TEXT)
        .str.replace_all("&", "&amp;", literal=True).str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
    )


def _text_body(value: pl.Expr) -> pl.Expr:
    return pl.lit(' t="inlineStr"><is><t xml:space="preserve">') + _escaped(value) + pl.lit("</t></is></c>")


def _cell_expr(name: str, dtype: pl.DataType, letter: str, style: int, row: pl.Expr, text: str | None = None) -> pl.Expr:
    """One cell's XML; where the value is blank and ``text`` (a column of the frame) is not, the text is shown."""
    value = pl.col(name)
    ref = pl.lit(f'<c r="{letter}') + row + pl.lit(f'" s="{style}"')
    if text is not None:
        typed = _cell_expr(name, dtype, letter, style, row)
        return pl.when(value.is_null() & pl.col(text).is_not_null()).then(ref + _text_body(pl.col(text))).otherwise(typed)
    if dtype == pl.Boolean:
        body = pl.lit(' t="b"><v>') + value.cast(pl.Int8).cast(pl.String) + pl.lit("</v></c>")
    elif dtype == pl.Date:
        body = pl.lit("><v>") + (value - pl.lit(_EPOCH)).dt.total_days().cast(pl.String) + pl.lit("</v></c>")
    elif dtype == pl.Datetime or isinstance(dtype, pl.Datetime):
        days = (value - pl.lit(datetime(1899, 12, 30))).dt.total_microseconds() / 86_400_000_000
        body = pl.lit("><v>") + number_text(days) + pl.lit("</v></c>")
    elif dtype.is_numeric():
        number = value.cast(pl.Float64)
        value = pl.when(number.is_finite()).then(value)
        text = number_text(number) if dtype.is_float() else value.cast(pl.String)
        body = pl.lit("><v>") + text + pl.lit("</v></c>")
    else:
        value = pl.when(value.cast(pl.String) != "").then(value.cast(pl.String))
        body = _text_body(value)
    return pl.when(value.is_null()).then(ref + pl.lit("/>")).otherwise(ref + body)


def _block_rows(block: TableBlock, styles: StyleBook) -> str:
    frame = block.frame
    if frame.height == 0:
        first = block.start_row + 1
        cells = "".join(f'<c r="{column_letter(i)}{first}" s="{styles.xf(style)}"/>' for i, style in enumerate(block.styles))
        return f'<row r="{first}">{cells}</row>'
    first = block.start_row + 1
    row = pl.int_range(first, first + frame.height, dtype=pl.Int64).cast(pl.String)
    texts = {i: f"__text_{i}" for i in block.texts}
    frame = frame.with_columns(text.alias(texts[i]) for i, text in block.texts.items())
    cells = [
        _cell_expr(name, frame.schema[name], column_letter(i), styles.xf(block.styles[i]), row, texts.get(i))
        for i, name in enumerate(block.frame.columns)
    ]
    rows = frame.select((pl.lit('<row r="') + row + pl.lit('">') + pl.concat_str(cells) + pl.lit("</row>")).alias("x"))
    return "".join(rows["x"].to_list())


def _free_cell(cell: Cell, styles: StyleBook) -> str:
    ref = f'{column_letter(cell.col)}{cell.row}'
    s = styles.xf(cell.style)
    value = cell.value
    if value is None:
        return f'<c r="{ref}" s="{s}"/>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{s}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        return f'<c r="{ref}" s="{s}"><v>{float_text((value - datetime(1899, 12, 30)).total_seconds() / 86400)}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{s}"><v>{(value - _EPOCH).days}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}" s="{s}"><v>{value}</v></c>'
    if isinstance(value, float):
        return f'<c r="{ref}" s="{s}"><v>{float_text(value)}</v></c>'
    text = escape(str(value)[:MAX_TEXT])
    return f'<c r="{ref}" s="{s}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _free_rows(cells: list[Cell], styles: StyleBook) -> dict[int, str]:
    by_row: dict[int, list[Cell]] = {}
    for cell in cells:
        by_row.setdefault(cell.row, []).append(cell)
    return {r: "".join(_free_cell(c, styles) for c in sorted(row, key=lambda c: c.col)) for r, row in by_row.items()}


def _validation_xml(validation: Validation, ref: str) -> str:
    attrs = f' allowBlank="1" showInputMessage="1" sqref="{ref}"'
    if validation.title:
        attrs += f" promptTitle={quoteattr(validation.title[:32])}"
    if validation.prompt:
        attrs += f" prompt={quoteattr(validation.prompt[:255])}"
    if not validation.options:
        return f"<dataValidation{attrs}/>"
    listed = ",".join(o.replace('"', "'") for o in validation.options)
    return (f'<dataValidation type="list" showErrorMessage="{int(validation.strict)}"{attrs}>'
            f"<formula1>{escape(chr(34) + listed + chr(34))}</formula1></dataValidation>")


def _rows(free: dict[int, str], keep: Callable[[int], bool]) -> str:
    """Rows of free cells, in order, for the rows ``keep`` accepts."""
    return "".join(f'<row r="{r}">{free[r]}</row>' for r in sorted(free) if keep(r))


def render_sheet(draft: SheetDraft, styles: StyleBook) -> RenderedSheet:
    """The worksheet part for ``draft``, with its table and chart parts."""
    block = draft.block
    free = _free_rows(draft.cells, styles)
    widths = dict(draft.widths)
    column_styles: dict[int, int] = {}
    validations = list(draft.validations)
    table_xml = None
    last_row = max(free, default=1)
    last_col = max((c.col for c in draft.cells), default=0)
    if block is not None:
        header_row = block.start_row
        block.headers = unique_headers(block.headers)
        header = "".join(_free_cell(Cell(header_row, i, h, HEADER), styles) for i, h in enumerate(block.headers))
        if header_row in free:
            raise ValueError(f"sheet {draft.name!r}: free cells overlap the table header row {header_row}")
        free[header_row] = header
        body = _block_rows(block, styles)
        last_row = max(last_row, header_row + max(block.frame.height, 1))
        last_col = max(last_col, len(block.headers) - 1)
        for i, width in enumerate(block.widths):
            widths.setdefault(i, width)
            column_styles[i] = styles.xf(block.styles[i])
        data_end = header_row + max(block.frame.height, 1)
        for index, validation in block.validations.items():
            letter = column_letter(index)
            end = header_row + max(block.frame.height, DROPDOWN_ROWS)
            validations.append(replace(validation, ref=f"{letter}{header_row + 1}:{letter}{end}"))
        if block.table:
            table_xml = _table_xml(block, data_end)
        below = [r for r in free if r > header_row]
        if below and min(below) <= header_row + block.frame.height:
            raise ValueError(f"sheet {draft.name!r}: free cells overlap the table rows")
        sheet_data = _rows(free, lambda r: r <= header_row) + body + _rows(free, lambda r: r > header_row)
    else:
        sheet_data = _rows(free, lambda r: True)
    dimension = f"A1:{column_letter(last_col)}{last_row}"
    xml = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">']
    if draft.tab_color:
        xml.append(f'<sheetPr><tabColor rgb="FF{draft.tab_color}"/></sheetPr>')
    xml.append(f'<dimension ref="{dimension}"/>')
    xml.append(_views(draft.freeze_row))
    xml.append('<sheetFormatPr defaultRowHeight="15"/>')
    if widths:
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{w:.2f}"' + (f' style="{column_styles[i]}"' if i in column_styles else "") + ' customWidth="1"/>'
            for i, w in sorted(widths.items()))
        xml.append(f"<cols>{cols}</cols>")
    xml.append(f"<sheetData>{sheet_data}</sheetData>")
    if draft.protect:
        password = f' password="{legacy_password_hash(draft.password)}"' if draft.password else ""
        xml.append(f'<sheetProtection{password} sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0" autoFilter="0" sort="0"/>')
    if draft.merges:
        xml.append(f'<mergeCells count="{len(draft.merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in draft.merges) + "</mergeCells>")
    for priority, rule in enumerate(draft.rules, start=1):
        dxf = styles.dxf(rule.dxf)
        if rule.kind == "equal":
            body = f'<cfRule type="cellIs" dxfId="{dxf}" priority="{priority}" operator="equal"><formula>{escape(rule.formula)}</formula></cfRule>'
        else:
            body = f'<cfRule type="expression" dxfId="{dxf}" priority="{priority}"><formula>{escape(rule.formula)}</formula></cfRule>'
        xml.append(f'<conditionalFormatting sqref="{rule.ref}">{body}</conditionalFormatting>')
    if validations:
        xml.append(f'<dataValidations count="{len(validations)}">' + "".join(_validation_xml(v, v.ref) for v in validations) + "</dataValidations>")
    if draft.links:
        links = "".join(f'<hyperlink ref="{link.cell}" location={quoteattr(link.location)} display={quoteattr(link.location)}/>' for link in draft.links)
        xml.append(f"<hyperlinks>{links}</hyperlinks>")
    xml.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
    rendered = RenderedSheet(b"", table_xml)
    if draft.charts:
        xml.append(f'<drawing r:id="{rendered.drawing_rid}"/>')
    if table_xml is not None:
        xml.append(f'<tableParts count="1"><tablePart r:id="{rendered.table_rid}"/></tableParts>')
    xml.append("</worksheet>")
    rendered.xml = "".join(xml).encode("utf-8")
    return rendered


def _views(freeze_row: int) -> str:
    if not freeze_row:
        return '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    pane = f'<pane ySplit="{freeze_row}" topLeftCell="A{freeze_row + 1}" activePane="bottomLeft" state="frozen"/>'
    return f'<sheetViews><sheetView workbookViewId="0">{pane}<selection pane="bottomLeft" activeCell="A{freeze_row + 1}" sqref="A{freeze_row + 1}"/></sheetView></sheetViews>'


def unique_headers(headers: list[str]) -> list[str]:
    """Headers made unique (case-insensitively) and single-line, as an Excel Table requires."""
    seen: set[str] = set()
    names = []
    for header in headers:
        name = " ".join(str(header).split()) or "Column"
        while name.casefold() in seen:
            name += "_"
        seen.add(name.casefold())
        names.append(name)
    return names


def _table_xml(block: TableBlock, data_end: int) -> bytes:
    """The table part; its id and the workbook-unique name are filled in when the part is placed."""
    ref = f"A{block.start_row}:{column_letter(len(block.headers) - 1)}{data_end}"
    names = block.headers
    columns = "".join(f'<tableColumn id="{i + 1}" name={quoteattr(n)}/>' for i, n in enumerate(names))
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="{MAIN_NS}" id="{{id}}" '
        f'name="{block.table}" displayName="{block.table}" ref="{ref}" totalsRowShown="0">'
        f'<autoFilter ref="{ref}"/><tableColumns count="{len(names)}">{columns}</tableColumns>'
        '<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>'
    ).encode("utf-8")


def legacy_password_hash(password: str) -> str:
    """Excel's legacy sheet-protection hash (ECMA-376 Part 4, 14.7.1), as 4 hex digits."""
    value = 0
    for char in reversed(password):
        value = ((value >> 14) & 0x01) | ((value << 1) & 0x7FFF)
        value ^= ord(char)
    value = ((value >> 14) & 0x01) | ((value << 1) & 0x7FFF)
    value ^= len(password) ^ 0xCE4B
    return f"{value:04X}"

