"""Worksheet XML from a ``SheetDraft``: cells built column-at-a-time with polars, strings written inline.

Inline strings keep every written value as data (never a formula, whatever it starts with) and leave the
workbook's shared-strings part untouched. One small writer per element of the worksheet part (as XlsxWriter
has), called in schema order by ``render_sheet``; the draft is read, never changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from xml.sax.saxutils import escape, quoteattr

import polars as pl

from srm_xl.io.draft import DROPDOWN_ROWS, Cell, SheetDraft, TableBlock, Validation
from srm_xl.io.epoch import EPOCH_1900, serial_days
from srm_xl.io.page import DEFAULT_WIDTH, Printing, cell_position, is_landscape, page_xml
from srm_xl.io.styles import HEADER, StyleBook
from srm_xl.issues import column_letter
from srm_xl.schema.column import CELL_CHARACTERS
from srm_xl.schema.convert import repeats
from srm_xl.schema.numbers import float_text, number_text

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ILLEGAL_TEXT = r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
"""Characters XML cannot hold: left out of the text written."""
_EDGE_SPACE = r"^\s|\s$"
ROWS_AT_ONCE = 25_000
"""Rows of a table turned into XML in one go."""
RENDERERS = 2
"""Slices of rows turned into XML at once, each on a thread (polars builds the strings without Python's lock)."""


@dataclass
class RenderedSheet:
    """The worksheet XML and what it needs beside it: a table part, a drawing with charts."""

    xml: bytes
    table_xml: bytes | None = None
    charts: list[bytes] = field(default_factory=list)
    table_rid: str = "rIdTable1"
    drawing_rid: str = "rIdDrawing1"
    print_names: dict[str, str] = field(default_factory=dict)
    """``_xlnm.Print_Area`` / ``_xlnm.Print_Titles`` → reference within the sheet, defined when it is placed."""


def _escaped(expr: pl.Expr) -> pl.Expr:
    return (
        expr.str.replace_all(ILLEGAL_TEXT, "")
        .str.slice(0, CELL_CHARACTERS)
        .str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
    )


def _text_body(value: pl.Expr) -> pl.Expr:
    """An inline string; ``xml:space="preserve"`` only where the text starts or ends with white space (as
    XlsxWriter writes it: a quarter of a text-heavy sheet's bytes otherwise)."""
    text = _escaped(value)
    spaced = pl.when(text.str.contains(_EDGE_SPACE)).then(pl.lit(' xml:space="preserve"')).otherwise(pl.lit(""))
    return pl.lit(' t="inlineStr"><is><t') + spaced + pl.lit(">") + text + pl.lit("</t></is></c>")


def _cell_expr(
    name: str,
    dtype: pl.DataType,
    letter: str,
    style: int,
    row: pl.Expr,
    epoch: datetime,
    text: str | None = None,
    *,
    bare: bool = False,
    words: tuple[pl.Series, pl.Series] | None = None,
    kept: str | None = None,
) -> pl.Expr:
    """One cell's XML; where the value is blank and ``text`` (a column of the frame) is not, the text is shown.
    A blank cell is left out when ``bare`` (its column carries its style). ``words``: a text column's words and
    their inline strings, worked out once (:func:`_word_bodies`). Where ``kept`` (a column of the frame) holds a
    cell kept from the sheet as it was, that cell is written instead."""
    value = pl.col(name)
    ref = pl.lit(f'<c r="{letter}') + row + pl.lit(f'" s="{style}"')
    if kept is not None:
        written = _cell_expr(name, dtype, letter, style, row, epoch, text, bare=bare, words=words)
        return pl.when(pl.col(kept).is_not_null()).then(ref + pl.col(kept)).otherwise(written)
    if text is not None:
        typed = _cell_expr(name, dtype, letter, style, row, epoch, bare=bare, words=words)
        return (
            pl.when(value.is_null() & pl.col(text).is_not_null()).then(ref + _text_body(pl.col(text))).otherwise(typed)
        )
    if dtype == pl.Boolean:
        body = pl.lit(' t="b"><v>') + value.cast(pl.Int8).cast(pl.String) + pl.lit("</v></c>")
    elif dtype == pl.Date:
        body = pl.lit("><v>") + serial_days(value, dtype, epoch).cast(pl.String) + pl.lit("</v></c>")
    elif dtype == pl.Datetime or isinstance(dtype, pl.Datetime):
        body = pl.lit("><v>") + number_text(serial_days(value, dtype, epoch)) + pl.lit("</v></c>")
    elif dtype.is_numeric():
        number = value.cast(pl.Float64)
        value = pl.when(number.is_finite()).then(value)
        text = number_text(number) if dtype.is_float() else value.cast(pl.String)
        body = pl.lit("><v>") + text + pl.lit("</v></c>")
    else:
        value = pl.when(value.cast(pl.String) != "").then(value.cast(pl.String))
        body = _text_body(value) if words is None else value.replace_strict(*words, return_dtype=pl.String)
    return pl.when(value.is_null()).then(pl.lit("") if bare else ref + pl.lit("/>")).otherwise(ref + body)


def _word_bodies(column: pl.Series) -> tuple[pl.Series, pl.Series] | None:
    """A text column repeating its words: each word and its inline string, escaped once (a year's 合格 once, not
    a million times); ``None`` for a column of mostly distinct texts (:func:`~srm_xl.schema.convert.repeats`).
    A mapping, not :func:`~srm_xl.schema.convert.per_word`'s column: it is applied slice by slice, so a result
    sheet's cells are never held as XML all at once."""
    if column.dtype != pl.String or not repeats(column):
        return None
    words = column.drop_nulls().unique()
    return words, words.to_frame("v").select(_text_body(pl.col("v")).alias("v"))["v"]


def _block_rows(block: TableBlock, styles: StyleBook, epoch: datetime, bare: Collection[int]) -> list[bytes]:
    """The table's rows as UTF-8 XML, joined by polars (no Python string per row or per cell), a slice of
    :data:`ROWS_AT_ONCE` rows at a time, :data:`RENDERERS` slices at once (a result sheet of 140 MB is never held
    as a column of row strings, a joined copy and Python's copy of that at once). Blank cells of the columns
    ``bare`` are left out: their column's style is what Excel and LibreOffice show and give what is typed there
    (a third of an imported log's XML)."""
    frame = block.frame
    first = block.start_row + 1
    if frame.height == 0:
        cells = "".join(
            f'<c r="{column_letter(i)}{first}" s="{styles.xf(style)}"/>' for i, style in enumerate(block.styles)
        )
        return [f'<row r="{first}">{cells}</row>'.encode()]
    texts = {i: f"__text_{i}" for i in block.texts}
    kept = {i: f"__kept_{i}" for i in block.kept}
    number = "__row"
    frame = frame.with_columns(
        *(text.alias(texts[i]) for i, text in block.texts.items()),
        *(cells.alias(kept[i]) for i, cells in block.kept.items()),
        pl.int_range(first, first + frame.height, dtype=pl.Int64).alias(number),
    )
    row = pl.col(number).cast(pl.String)
    cells = [
        _cell_expr(
            name,
            frame.schema[name],
            column_letter(i),
            styles.xf(block.styles[i]),
            row,
            epoch,
            texts.get(i),
            bare=i in bare,
            words=_word_bodies(block.frame[name]),
            kept=kept.get(i),
        )
        for i, name in enumerate(block.frame.columns)
    ]
    xml = (pl.lit('<row r="') + row + pl.lit('">') + pl.concat_str(cells) + pl.lit("</row>")).str.join("")
    slices = list(frame.iter_slices(ROWS_AT_ONCE))
    if len(slices) == 1:
        return [slices[0].select(xml.cast(pl.Binary)).item()]
    with ThreadPoolExecutor(max_workers=RENDERERS) as pool:
        return list(pool.map(lambda part: part.select(xml.cast(pl.Binary)).item(), slices))


def _free_cell(cell: Cell, styles: StyleBook, epoch: datetime) -> str:
    ref = f"{column_letter(cell.col)}{cell.row}"
    s = styles.xf(cell.style)
    value = cell.value
    if value is None:
        return f'<c r="{ref}" s="{s}"/>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{s}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        return f'<c r="{ref}" s="{s}"><v>{float_text((value - epoch).total_seconds() / 86400)}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{s}"><v>{(value - epoch.date()).days}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}" s="{s}"><v>{value}</v></c>'
    if isinstance(value, float):
        return f'<c r="{ref}" s="{s}"><v>{float_text(value)}</v></c>'
    text = escape(str(value)[:CELL_CHARACTERS])
    spaced = ' xml:space="preserve"' if re.search(_EDGE_SPACE, text) else ""
    return f'<c r="{ref}" s="{s}" t="inlineStr"><is><t{spaced}>{text}</t></is></c>'


def _free_rows(cells: list[Cell], styles: StyleBook, epoch: datetime) -> dict[int, str]:
    by_row: dict[int, list[Cell]] = {}
    for cell in cells:
        by_row.setdefault(cell.row, []).append(cell)
    return {
        r: "".join(_free_cell(c, styles, epoch) for c in sorted(row, key=lambda c: c.col)) for r, row in by_row.items()
    }


def _validation_xml(validation: Validation, ref: str) -> str:
    attrs = f' allowBlank="1" showInputMessage="1" sqref="{ref}"'
    if validation.title:
        attrs += f" promptTitle={quoteattr(validation.title[:32])}"
    if validation.prompt:
        attrs += f" prompt={quoteattr(validation.prompt[:255])}"
    if not validation.options:
        return f"<dataValidation{attrs}/>"
    listed = ",".join(o.replace('"', "'") for o in validation.options)
    return (
        f'<dataValidation type="list" showErrorMessage="{int(validation.strict)}"{attrs}>'
        f"<formula1>{escape(chr(34) + listed + chr(34))}</formula1></dataValidation>"
    )


def _rows(free: dict[int, str], keep: Callable[[int], bool], heights: dict[int, float]) -> str:
    """Rows of free cells, in order, for the rows ``keep`` accepts; rows given a height keep exactly that height."""

    def row(r: int) -> str:
        height = f' ht="{heights[r]:g}" customHeight="1"' if r in heights else ""
        return f'<row r="{r}"{height}>{free.get(r, "")}</row>'

    return "".join(row(r) for r in sorted(free.keys() | heights.keys()) if keep(r))


@dataclass(frozen=True)
class _Layout:
    """What the writers of a sheet's elements share, worked out once from the draft (which stays as it was)."""

    draft: SheetDraft
    headers: list[str]
    widths: dict[int, float]
    column_styles: dict[int, int]
    validations: list[Validation]
    last_row: int
    last_col: int
    landscape: bool

    def title_rows(self) -> tuple[int, int] | None:
        """Rows repeated on every printed page: as asked, else the table's header row, else the frozen rows."""
        draft = self.draft
        if draft.page.title_rows is not None:
            return draft.page.title_rows
        if draft.block is not None:
            return (draft.block.start_row, draft.block.start_row)
        return (1, draft.freeze_row) if draft.freeze_row else None


def _layout(draft: SheetDraft, styles: StyleBook, printing: Printing) -> _Layout:
    last_col = max((c.col for c in draft.cells), default=0)
    last_row = max((c.row for c in draft.cells), default=1)
    widths = dict(draft.widths)
    column_styles: dict[int, int] = {}
    validations = list(draft.validations)
    headers: list[str] = []
    block = draft.block
    if block is not None:
        headers = unique_headers(block.headers)
        last_row = max(
            last_row, block.start_row + max(block.frame.height, 1), block.below.last_row if block.below else 0
        )
        last_col = max(last_col, len(headers) - 1)
        for i, width in enumerate(block.widths):
            widths.setdefault(i, width)
            column_styles[i] = styles.xf(block.styles[i])
        end = block.start_row + max(block.frame.height, DROPDOWN_ROWS)
        for index, validation in block.validations.items():
            letter = column_letter(index)
            validations.append(replace(validation, ref=f"{letter}{block.start_row + 1}:{letter}{end}"))
    for chart in draft.charts:
        _, _, c2, r2 = chart.anchor
        last_col, last_row = max(last_col, c2 - 1), max(last_row, r2)
    for merge in draft.merges:
        col, row = cell_position(merge.rsplit(":", 1)[-1])
        last_col, last_row = max(last_col, col), max(last_row, row)
    printed = [widths.get(i, DEFAULT_WIDTH) for i in range(last_col + 1)]
    landscape = is_landscape(draft.page, printed, printing.paper)
    return _Layout(draft, headers, widths, column_styles, validations, last_row, last_col, landscape)


def _sheet_pr(draft: SheetDraft) -> str:
    color = f'<tabColor rgb="FF{draft.tab_color}"/>' if draft.tab_color else ""
    return f'<sheetPr>{color}<pageSetUpPr fitToPage="1"/></sheetPr>'


def _dimension(layout: _Layout) -> str:
    return f'<dimension ref="A1:{column_letter(layout.last_col)}{layout.last_row}"/>'


def _sheet_views(draft: SheetDraft) -> str:
    row = draft.freeze_row
    if not row:
        return '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    pane = f'<pane ySplit="{row}" topLeftCell="A{row + 1}" activePane="bottomLeft" state="frozen"/>'
    selection = f'<selection pane="bottomLeft" activeCell="A{row + 1}" sqref="A{row + 1}"/>'
    return f'<sheetViews><sheetView workbookViewId="0">{pane}{selection}</sheetView></sheetViews>'


def _cols(layout: _Layout) -> str:
    if not layout.widths:
        return ""
    cols = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="{w:.2f}"'
        + (f' style="{layout.column_styles[i]}"' if i in layout.column_styles else "")
        + ' customWidth="1"/>'
        for i, w in sorted(layout.widths.items())
    )
    return f"<cols>{cols}</cols>"


def _sheet_data(layout: _Layout, styles: StyleBook, epoch: datetime) -> list[bytes]:
    """The ``sheetData`` element in pieces (joined once, with the rest of the sheet)."""
    draft, block = layout.draft, layout.draft.block
    free = _free_rows(draft.cells, styles, epoch)
    if block is None:
        return [f"<sheetData>{_rows(free, lambda r: True, draft.heights)}</sheetData>".encode()]
    header_row = block.start_row
    if header_row in free:
        raise ValueError(f"sheet {draft.name!r}: free cells overlap the table header row {header_row}")
    below = [r for r in free if r > header_row]
    if below and min(below) <= header_row + block.frame.height:
        raise ValueError(f"sheet {draft.name!r}: free cells overlap the table rows")
    free[header_row] = "".join(
        _free_cell(Cell(header_row, i, h, HEADER), styles, epoch) for i, h in enumerate(layout.headers)
    )
    bare = () if draft.protect else layout.column_styles.keys()  # each the style of its column's cells
    body = _block_rows(block, styles, epoch, bare)
    table_rows = range(header_row + 1, header_row + block.frame.height + 1)
    heights = {r: h for r, h in draft.heights.items() if r not in table_rows}
    head, tail = _rows(free, lambda r: r <= header_row, heights), _rows(free, lambda r: r > header_row, heights)
    kept = block.below.xml if block.below else ""  # totals and notes kept from the sheet as it was
    return [f"<sheetData>{head}".encode(), *body, f"{kept}{tail}</sheetData>".encode()]


def _sheet_protection(draft: SheetDraft) -> str:
    if not draft.protect:
        return ""
    password = f' password="{legacy_password_hash(draft.password)}"' if draft.password else ""
    return f'<sheetProtection{password} sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0" autoFilter="0" sort="0"/>'


def _merge_cells(draft: SheetDraft) -> str:
    if not draft.merges:
        return ""
    return (
        f'<mergeCells count="{len(draft.merges)}">'
        + "".join(f'<mergeCell ref="{m}"/>' for m in draft.merges)
        + "</mergeCells>"
    )


def _conditional_formatting(draft: SheetDraft, styles: StyleBook) -> str:
    parts = []
    for priority, rule in enumerate(draft.rules, start=1):
        dxf = styles.dxf(rule.dxf)
        if rule.kind == "equal":
            body = f'<cfRule type="cellIs" dxfId="{dxf}" priority="{priority}" operator="equal"><formula>{escape(rule.formula)}</formula></cfRule>'
        else:
            body = f'<cfRule type="expression" dxfId="{dxf}" priority="{priority}"><formula>{escape(rule.formula)}</formula></cfRule>'
        parts.append(f'<conditionalFormatting sqref="{rule.ref}">{body}</conditionalFormatting>')
    return "".join(parts)


def _data_validations(layout: _Layout) -> str:
    if not layout.validations:
        return ""
    body = "".join(_validation_xml(v, v.ref) for v in layout.validations)
    return f'<dataValidations count="{len(layout.validations)}">{body}</dataValidations>'


def _hyperlinks(draft: SheetDraft) -> str:
    if not draft.links:
        return ""
    links = "".join(
        f'<hyperlink ref="{link.cell}" location={quoteattr(link.location)} display={quoteattr(link.location)}/>'
        for link in draft.links
    )
    return f"<hyperlinks>{links}</hyperlinks>"


def _print_names(layout: _Layout) -> dict[str, str]:
    """The print area and the repeated rows, as references within the sheet (placement adds the sheet name)."""
    if layout.draft.hidden:
        return {}  # LibreOffice prints a hidden sheet that has a print area
    names = {"_xlnm.Print_Area": f"$A$1:${column_letter(layout.last_col)}${layout.last_row}"}
    titles = layout.title_rows()
    if titles is not None:
        names["_xlnm.Print_Titles"] = f"${titles[0]}:${titles[1]}"
    return names


def render_sheet(
    draft: SheetDraft, styles: StyleBook, printing: Printing | None = None, epoch: datetime = EPOCH_1900
) -> RenderedSheet:
    """The worksheet part for ``draft``, with its table and chart parts and its print names (``printing``: the
    workbook's language and paper; English on A4 when not given; ``epoch``: the book's date system)."""
    printing = printing or Printing()
    layout = _layout(draft, styles, printing)
    rendered = RenderedSheet(b"", print_names=_print_names(layout))
    block = draft.block
    if block is not None and block.table:
        rendered.table_xml = _table_xml(block, layout.headers, block.start_row + max(block.frame.height, 1))
    head = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">',
        _sheet_pr(draft),
        _dimension(layout),
        _sheet_views(draft),
        '<sheetFormatPr defaultRowHeight="15"/>',
        _cols(layout),
    ]
    tail = [
        _sheet_protection(draft),
        _merge_cells(draft),
        _conditional_formatting(draft, styles),
        _data_validations(layout),
        _hyperlinks(draft),
        page_xml(draft.page, layout.landscape, printing),
        f'<drawing r:id="{rendered.drawing_rid}"/>' if draft.charts else "",
        f'<tableParts count="1"><tablePart r:id="{rendered.table_rid}"/></tableParts>'
        if rendered.table_xml is not None
        else "",
        "</worksheet>",
    ]
    rendered.xml = b"".join(["".join(head).encode(), *_sheet_data(layout, styles, epoch), "".join(tail).encode()])
    return rendered


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


def _table_xml(block: TableBlock, names: list[str], data_end: int) -> bytes:
    """The table part with its unique column ``names``; its id and the workbook-unique name are filled in when
    the part is placed."""
    ref = f"A{block.start_row}:{column_letter(len(names) - 1)}{data_end}"
    columns = "".join(f'<tableColumn id="{i + 1}" name={quoteattr(n)}/>' for i, n in enumerate(names))
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="{MAIN_NS}" id="{{id}}" '
        f'name="{block.table}" displayName="{block.table}" ref="{ref}" totalsRowShown="0">'
        f'<autoFilter ref="{ref}"/><tableColumns count="{len(names)}">{columns}</tableColumns>'
        '<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>'
    ).encode()


def legacy_password_hash(password: str) -> str:
    """Excel's legacy sheet-protection hash (ECMA-376 Part 4, 14.7.1), as 4 hex digits."""
    value = 0
    for char in reversed(password):
        value = ((value >> 14) & 0x01) | ((value << 1) & 0x7FFF)
        value ^= ord(char)
    value = ((value >> 14) & 0x01) | ((value << 1) & 0x7FFF)
    value ^= len(password) ^ 0xCE4B
    return f"{value:04X}"
