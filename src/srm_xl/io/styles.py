"""A small fixed vocabulary of cell styles, added to a workbook's styles part only when used.

A ``Style`` is a value (number format, font, fill, border, alignment, protection). ``StyleBook`` appends the
styles a write needs to the existing ``styles.xml`` text (never re-serialising it, so the user's own styles and
extensions stay as they are) and returns their ``xf`` indices; differential formats for conditional formatting
are appended the same way.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from srm_xl.io.package import NS, parse

BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49}
HEADER_FILL = "1F4E78"
INPUT_FILL = "FFF2CC"


@dataclass(frozen=True)
class Style:
    """One cell format."""

    num_fmt: str = "General"
    bold: bool = False
    italic: bool = False
    size: float = 11
    color: str | None = None
    fill: str | None = None
    border: bool = False
    wrap: bool = False
    horizontal: str | None = None
    vertical: str | None = None
    locked: bool = True
    underline: bool = False

    def unlocked(self) -> Style:
        """The same format as an input cell: unlocked and highlighted for the person filling it in."""
        return Style(
            self.num_fmt,
            self.bold,
            self.italic,
            self.size,
            self.color,
            INPUT_FILL,
            True,
            self.wrap,
            self.horizontal,
            self.vertical,
            locked=False,
        )


HEADER = Style("@", bold=True, color="FFFFFF", fill=HEADER_FILL, border=True, wrap=True, vertical="center")
TITLE = Style(bold=True, size=14)
SUBTITLE = Style(bold=True, size=11, fill="DDEBF7", border=True)
LABEL = Style(bold=True, border=True, wrap=True, vertical="top", fill="F2F2F2")
TEXT = Style("@")
WRAP = Style("@", wrap=True, vertical="top", border=True)
NOTE = Style(italic=True, color="595959")
"""A note beside a title or a table: not wrapped, so it runs on over the empty cells to its right."""
LINK = Style(color="0563C1", underline=True)


@dataclass(frozen=True)
class Dxf:
    """A differential format for conditional formatting: fill and font colour."""

    fill: str | None = None
    color: str | None = None
    bold: bool = False


PROBLEM = Dxf(fill="FFC7CE", color="9C0006")
"""How cells with a validation problem are highlighted."""


def _tag(xml: str, name: str) -> re.Match[str] | None:
    return re.search(rf"<(?:\w+:)?{name}\b[^>]*?(/?)>", xml)


class StyleBook:
    """Collects the styles one save needs and patches them into ``styles.xml``."""

    def __init__(self, styles_xml: bytes) -> None:
        root = parse(styles_xml)
        self._xml = styles_xml.decode("utf-8")
        self._prefix = self._main_prefix()

        def count(path: str) -> int:
            node = root.find(path, NS)
            return 0 if node is None else len(node)

        self._counts = {
            name: count(f"main:{name}") for name in ("numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs")
        }
        ids = [int(n.get("numFmtId", "0")) for n in root.iterfind("main:numFmts/main:numFmt", NS)]
        self._formats = {
            n.get("formatCode", ""): int(n.get("numFmtId", "0")) for n in root.iterfind("main:numFmts/main:numFmt", NS)
        }
        self._next_format = max([163, *ids]) + 1
        self._new: dict[str, list[str]] = {name: [] for name in self._counts}
        self._xfs: dict[Style, int] = {}
        self._dxfs: dict[Dxf, int] = {}
        self._known = {name: _entries(root, name) for name in ("fonts", "fills", "borders", "cellXfs", "dxfs")}
        """Each section's entries by what they say (:func:`_canonical`): an entry the book already holds is used
        again, so a workbook graded and validated every day does not gather formats (Excel refuses a book past
        64,000 of them; each job added 7–23 fonts and formats before)."""

    def _main_prefix(self) -> str:
        match = re.search(r"<(\w+):styleSheet\b", self._xml)
        return f"{match.group(1)}:" if match else ""

    def _add(self, section: str, element: str) -> int:
        known = self._known.get(section)
        key = _canonical(ET.fromstring(element)) if known is not None else None
        if known is not None and key in known:
            return known[key]
        self._new[section].append(element)
        index = self._counts[section] + len(self._new[section]) - 1
        if known is not None and key is not None:
            known[key] = index
        return index

    def _num_fmt(self, code: str) -> int:
        if code in BUILTIN_FORMATS:
            return BUILTIN_FORMATS[code]
        if code not in self._formats:
            self._formats[code] = self._next_format
            self._add("numFmts", f'<numFmt numFmtId="{self._next_format}" formatCode={quoteattr(code)}/>')
            self._next_format += 1
        return self._formats[code]

    def xf(self, style: Style) -> int:
        """The ``s`` index of ``style`` in the saved workbook."""
        if style not in self._xfs:
            self._xfs[style] = self._make_xf(style)
        return self._xfs[style]

    def _make_xf(self, style: Style) -> int:
        font = self._add("fonts", _font(style.bold, style.italic, style.size, style.color, style.underline))
        fill = self._add("fills", _fill(style.fill)) if style.fill else 0
        border = self._add("borders", _BORDER) if style.border else 0
        num_fmt = self._num_fmt(style.num_fmt)
        align = ""
        if style.wrap or style.horizontal or style.vertical:
            attrs = "".join(
                [
                    f' horizontal="{style.horizontal}"' if style.horizontal else "",
                    f' vertical="{style.vertical}"' if style.vertical else "",
                    ' wrapText="1"' if style.wrap else "",
                ]
            )
            align = f"<alignment{attrs}/>"
        protection = "" if style.locked else '<protection locked="0"/>'
        flags = ' applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1"'
        flags += ' applyAlignment="1"' if align else ""
        flags += ' applyProtection="1"' if protection else ""
        body = align + protection
        element = f'<xf numFmtId="{num_fmt}" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0"{flags}'
        return self._add("cellXfs", element + (f">{body}</xf>" if body else "/>"))

    def dxf(self, dxf: Dxf) -> int:
        """The ``dxfId`` of a differential format, for a conditional-formatting rule."""
        if dxf not in self._dxfs:
            font = ""
            if dxf.color or dxf.bold:
                font = (
                    "<font>"
                    + ("<b/>" if dxf.bold else "")
                    + (f'<color rgb="FF{dxf.color}"/>' if dxf.color else "")
                    + "</font>"
                )
            fill = (
                f'<fill><patternFill patternType="solid"><fgColor rgb="FF{dxf.fill}"/><bgColor rgb="FF{dxf.fill}"/></patternFill></fill>'
                if dxf.fill
                else ""
            )
            self._dxfs[dxf] = self._add("dxfs", f"<dxf>{font}{fill}</dxf>")
        return self._dxfs[dxf]

    def changed(self) -> bool:
        return any(self._new.values())

    def render(self) -> bytes:
        """``styles.xml`` with the new entries appended to each section (sections created where missing)."""
        xml = self._xml
        order = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs")
        for section in ("numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs"):
            items = self._new[section]
            if not items:
                continue
            total = self._counts[section] + len(items)
            body = "".join(_prefixed(item, self._prefix) for item in items)
            node = _tag(xml, section)
            if node is None:
                opening = re.search(r"<(?:\w+:)?styleSheet\b[^>]*>", xml)
                at = _after_previous(xml, order[: order.index(section)], opening.end() if opening else 0)
                xml = xml[:at] + f'<{self._prefix}{section} count="{total}">{body}</{self._prefix}{section}>' + xml[at:]
            elif node.group(1):
                opening = re.sub(r"\s*/>$", ">", re.sub(r'\scount="\d+"', "", node.group(0)))
                opening = opening[:-1] + f' count="{total}">'
                xml = xml[: node.start()] + opening + body + f"</{self._prefix}{section}>" + xml[node.end() :]
            else:
                opening = re.sub(r'\scount="\d+"', "", node.group(0))[:-1] + f' count="{total}">'
                close = xml.index(f"</{self._prefix}{section}>", node.end())
                xml = xml[: node.start()] + opening + xml[node.end() : close] + body + xml[close:]
        return xml.encode("utf-8")


def _after_previous(xml: str, earlier: tuple[str, ...], default: int) -> int:
    """Position just after the last existing section among ``earlier``, for inserting in schema order."""
    for name in reversed(earlier):
        node = _tag(xml, name)
        if node is None:
            continue
        if node.group(1):
            return node.end()
        close = re.search(rf"</(?:\w+:)?{name}>", xml[node.end() :])
        if close:
            return node.end() + close.end()
    return default


Canonical = tuple[str, tuple[tuple[str, str], ...], tuple["Canonical", ...], str]


def _canonical(element: ET.Element) -> Canonical:
    """What a style entry says: its name, attributes and children, whatever its namespace prefix or the order of
    its attributes."""
    attributes = tuple(sorted((name.rsplit("}", 1)[-1], value) for name, value in element.attrib.items()))
    children = tuple(_canonical(child) for child in element)
    return element.tag.rsplit("}", 1)[-1], attributes, children, (element.text or "").strip()


def _entries(root: ET.Element, section: str) -> dict[Canonical, int]:
    """The entries of ``section`` in a parsed ``styles.xml``, by what they say (the first of equal ones)."""
    node = root.find(f"main:{section}", NS)
    found: dict[Canonical, int] = {}
    for index, child in enumerate(node if node is not None else ()):
        found.setdefault(_canonical(child), index)
    return found


def _prefixed(element: str, prefix: str) -> str:
    return re.sub(r"<(/?)(?=[a-zA-Z])", rf"<\1{prefix}", element) if prefix else element


def _font(bold: bool, italic: bool, size: float, color: str | None, underline: bool) -> str:
    parts = ["<b/>" if bold else "", "<i/>" if italic else "", "<u/>" if underline else "", f'<sz val="{size:g}"/>']
    parts.append(f'<color rgb="FF{color}"/>' if color else '<color theme="1"/>')
    parts.append('<name val="Calibri"/><family val="2"/><scheme val="minor"/>')
    return "<font>" + "".join(parts) + "</font>"


def _fill(color: str) -> str:
    return (
        f'<fill><patternFill patternType="solid"><fgColor rgb="FF{color}"/><bgColor indexed="64"/></patternFill></fill>'
    )


_BORDER = (
    "<border>"
    + "".join(f'<{s} style="thin"><color rgb="FFBFBFBF"/></{s}>' for s in ("left", "right", "top", "bottom"))
    + "<diagonal/></border>"
)
