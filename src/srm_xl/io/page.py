"""How a written sheet prints: paper, orientation by width, one page wide, repeated header rows, print area,
margins and a footer naming the workbook, the sheet, the date and "page x of y".

Excel and LibreOffice both read these from the sheet part (``pageSetup``, ``headerFooter``, ``pageSetUpPr``)
and from the workbook's ``_xlnm.Print_Titles`` / ``_xlnm.Print_Area`` defined names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from srm_xl.messages import Lang, render

Paper = Literal["A4", "Letter"]
Orientation = Literal["auto", "portrait", "landscape"]
PAPER_CODE: dict[Paper, int] = {"A4": 9, "Letter": 1}
PAPER_WIDTH_MM: dict[Paper, float] = {"A4": 210.0, "Letter": 215.9}
PAPER_HEIGHT_MM: dict[Paper, float] = {"A4": 297.0, "Letter": 279.4}
MARGIN_IN = {"left": 0.5, "right": 0.5, "top": 0.75, "bottom": 0.75, "header": 0.3, "footer": 0.3}
DEFAULT_WIDTH = 8.43
"""Excel's width of a column without its own width, in characters."""
DEFAULT_ROW_PT = 15.0
_PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class Printing:
    """What page setup takes from the workbook rather than the sheet: the language of the footer and the paper."""

    lang: Lang = "en"
    paper: Paper = "A4"
    dated: date | None = None
    """The date the footer shows (a report's day, written year first); else the day it is printed."""


@dataclass(frozen=True)
class PageSetup:
    """A sheet's own print choices; the defaults suit a table or a report read on paper."""

    orientation: Orientation = "auto"
    """``auto``: portrait when the printed columns fit a portrait page at full size, else landscape."""
    title_rows: tuple[int, int] | None = None
    """Rows (1-based, first and last) repeated at the top of every page; default: the table's header row."""
    fit_height: int = 0
    """Pages tall to shrink to (0: as many as needed; always one page wide)."""
    centred: bool = False
    """Centre the printed area across the page (forms)."""
    row_breaks: tuple[int, ...] = ()
    """Rows (1-based) after which a new page starts, for layouts that place content page by page."""


def column_pixels(width: float) -> int:
    """A column's width on screen and paper, in pixels at 96 dpi (Calibri 11: 7 px per character + 5 px)."""
    return int(width * 7 + 5)


def printable_mm(paper: Paper, landscape: bool) -> tuple[float, float]:
    """Width and height of the area inside the margins, in millimetres."""
    width, height = PAPER_WIDTH_MM[paper], PAPER_HEIGHT_MM[paper]
    if landscape:
        width, height = height, width
    inch = 25.4
    return (
        width - (MARGIN_IN["left"] + MARGIN_IN["right"]) * inch,
        height - (MARGIN_IN["top"] + MARGIN_IN["bottom"]) * inch,
    )


def printable_pixels(paper: Paper, landscape: bool) -> tuple[int, int]:
    """The printable area in pixels at 96 dpi: what a layout may fill to print at full size."""
    width, height = printable_mm(paper, landscape)
    return int(width * _PX_PER_MM), int(height * _PX_PER_MM)


def is_landscape(setup: PageSetup, widths: list[float], paper: Paper) -> bool:
    """Landscape when asked, or (``auto``) when the columns are wider than a portrait page."""
    if setup.orientation != "auto":
        return setup.orientation == "landscape"
    return sum(column_pixels(w) for w in widths) > printable_pixels(paper, landscape=False)[0]


def footer_text(lang: Lang, dated: date | None = None) -> str:
    """The footer codes: workbook and sheet left, the date centre (``dated``, else the day it is printed), "page x
    of y" right (8 pt)."""
    shown = f" {dated.isoformat()}" if dated else "&D"  # the space ends the font size (&8 2026…, not &82026…)
    return f"&L&8&F · &A&C&8{shown}&R&8" + render("page_of", lang)


def page_xml(setup: PageSetup, landscape: bool, printing: Printing) -> str:
    """``printOptions``, ``pageMargins``, ``pageSetup``, ``headerFooter`` and ``rowBreaks``, in schema order."""
    from xml.sax.saxutils import escape

    options = '<printOptions horizontalCentered="1"/>' if setup.centred else ""
    margins = "<pageMargins " + " ".join(f'{k}="{v}"' for k, v in MARGIN_IN.items()) + "/>"
    orientation = "landscape" if landscape else "portrait"
    page = (
        f'<pageSetup paperSize="{PAPER_CODE[printing.paper]}" orientation="{orientation}" '
        f'fitToWidth="1" fitToHeight="{setup.fit_height}"/>'
    )
    footer = f"<headerFooter><oddFooter>{escape(footer_text(printing.lang, printing.dated))}</oddFooter></headerFooter>"
    breaks = "".join(f'<brk id="{row}" max="16383" man="1"/>' for row in setup.row_breaks)
    if breaks:
        breaks = f'<rowBreaks count="{len(setup.row_breaks)}" manualBreakCount="{len(setup.row_breaks)}">{breaks}</rowBreaks>'
    return options + margins + page + footer + breaks


def cell_position(ref: str) -> tuple[int, int]:
    """``"AB12"`` → (27, 12): the 0-based column and the 1-based row of a cell reference."""
    letters = ref.rstrip("0123456789").lstrip("$").replace("$", "")
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    return column - 1, int(ref[len(ref.rstrip("0123456789")) :])
