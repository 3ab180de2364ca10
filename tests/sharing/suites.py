"""Replies shaped the way other office suites save a package, built part by part in the tests: WPS Office (its
own styles part, its custom properties, shared strings, its part order) and the benign differences any suite's
save makes (numbers spelt otherwise, float noise, dates as text or bare serials, widths, zoom, calc chain…)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from srm_xl.io.package import Package
from srm_xl.messages import Lang
from srm_xl.sheets.eightd_form import form_name
from srm_xl.sheets.package_forms import answer_ref

Parts = dict[str, bytes]
Change = Callable[[Parts, dict[str, str]], Parts]
"""A change to a package's parts; the dict maps sheet names to their parts."""
_CELL_V = r'(<c r="{ref}"(?: s="\d+")?)(?: t="n")?><v>([^<]*)</v></c>'


def read_parts(path: Path) -> tuple[Parts, dict[str, str]]:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    with Package(path) as package:
        sheets = {s.name: s.part for s in package.sheets()}
    return parts, sheets


def write_parts(parts: Parts, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def answered(
    package: Path, target: Path, answers: dict[tuple[str, str], str], *changes: Change, lang: Lang = "en"
) -> Path:
    """The package with ``answers`` (by SCAR id and 8D field of a package in ``lang``) typed into their empty
    answer cells as inline text, then ``changes`` applied — no spreadsheet library involved."""
    parts, sheets = read_parts(package)
    for (scar, key), text in answers.items():
        part = sheets[form_name(scar, lang)]
        cell = rf'<c r="{answer_ref(key)}"( s="\d+")?/>'
        filled = rf'<c r="{answer_ref(key)}"\1 t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
        parts[part], count = re.subn(cell.encode(), filled.encode(), parts[part])
        assert count == 1, (scar, key)
    for change in changes:
        parts = change(parts, sheets)
    return write_parts(parts, target)


def _sheet_parts(parts: Parts) -> list[str]:
    return [n for n in parts if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]


def _add_part(
    parts: Parts, name: str, data: bytes, content_type: str, rel_type: str, owner: str = "xl/workbook.xml"
) -> None:
    parts[name] = data
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'.encode()
    )
    rels = "_rels/.rels" if owner == "" else owner.replace("xl/", "xl/_rels/") + ".rels"
    target = name if owner == "" else name.removeprefix("xl/")
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdSuite{len(parts)}" Type="{rel_type}" Target="{target}"/></Relationships>'.encode(),
    )


def shared_strings(parts: Parts, sheets: dict[str, str], *, rich: bool = False) -> Parts:
    """Every inline string moved into a shared-strings part, as Excel, WPS and LibreOffice save text; ``rich``:
    text with Chinese in it as runs of their own font, as WPS Office stores it."""
    table: dict[str, int] = {}

    def share(match: re.Match[bytes]) -> bytes:
        index = table.setdefault(match.group(2).decode(), len(table))
        return match.group(1) + b' t="s"><v>' + str(index).encode() + b"</v></c>"

    for name in _sheet_parts(parts):
        parts[name] = re.sub(
            rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>',
            share,
            parts[name],
            flags=re.DOTALL,
        )
    items = "".join(
        _run(text) if rich and re.search("[\u4e00-\u9fff]", text) else f'<si><t xml:space="preserve">{text}</t></si>'
        for text in table
    )
    sst = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(table)}" uniqueCount="{len(table)}">{items}</sst>'
    )
    _add_part(
        parts,
        "xl/sharedStrings.xml",
        sst.encode(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings",
    )
    return parts


def _run(text: str) -> str:
    """A shared string as two runs, the second in a Chinese font (WPS marks CJK text this way)."""
    head, tail = text[:1], text[1:]
    return (
        f'<si><r><t xml:space="preserve">{head}</t></r><r><rPr><sz val="11"/><rFont val="宋体"/><charset val="134"/></rPr>'
        f'<t xml:space="preserve">{tail}</t></r></si>'
    )


def wps_strings(parts: Parts, sheets: dict[str, str]) -> Parts:
    return shared_strings(parts, sheets, rich=True)


def own_styles(parts: Parts, sheets: dict[str, str]) -> Parts:
    """A styles part of the suite's own: the cell formats in another order (every cell's index remapped) after
    a default format of its own, and a font it prefers."""
    styles = parts["xl/styles.xml"].decode()
    xfs_block = re.search(r'<cellXfs count="\d+">(.*?)</cellXfs>', styles, re.DOTALL)
    assert xfs_block is not None
    xfs = re.findall(r"<xf [^>]*/>|<xf [^>]*>.*?</xf>", xfs_block.group(1), re.DOTALL)
    order = [0, *reversed(range(len(xfs)))]
    new_index = {old: new for new, old in enumerate(order) if new}
    new_index[0] = 0
    block = f'<cellXfs count="{len(order)}">' + "".join(xfs[i] for i in order) + "</cellXfs>"
    styles = styles[: xfs_block.start()] + block + styles[xfs_block.end() :]
    parts["xl/styles.xml"] = styles.replace('<name val="Calibri"/>', '<name val="宋体"/>').encode()
    for name in _sheet_parts(parts):
        parts[name] = re.sub(rb' s="(\d+)"', lambda m: b' s="%d"' % new_index[int(m.group(1))], parts[name])
        parts[name] = re.sub(rb' style="(\d+)"', lambda m: b' style="%d"' % new_index[int(m.group(1))], parts[name])
    return parts


def wps_properties(parts: Parts, sheets: dict[str, str]) -> Parts:
    """WPS Office's document properties: its application name and its own custom property."""
    parts["docProps/app.xml"] = re.sub(
        rb"<Application>[^<]*</Application>",
        b"<Application>WPS \xe8\xa1\xa8\xe6\xa0\xbc</Application>",
        parts["docProps/app.xml"],
    )
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
        'pid="2" name="KSOProductBuildVer"><vt:lpwstr>2052-12.1.0.16120</vt:lpwstr></property></Properties>'
    )
    _add_part(
        parts,
        "docProps/custom.xml",
        custom.encode(),
        "application/vnd.openxmlformats-officedocument.custom-properties+xml",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
        owner="",
    )
    return parts


def reordered(parts: Parts, sheets: dict[str, str]) -> Parts:
    """The same parts in another order inside the zip."""
    return dict(reversed(parts.items()))


WPS = (wps_strings, own_styles, wps_properties, reordered)
"""How WPS Office saves a package it opened."""


def respelt_numbers(parts: Parts, sheets: dict[str, str]) -> Parts:
    """Whole numbers written with a decimal point (1 → 1.0) and zero as −0, as some suites spell them."""
    for name in _sheet_parts(parts):
        parts[name] = re.sub(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?)><v>(\d+)</v>', rb"\1><v>\2.0</v>", parts[name])
        parts[name] = re.sub(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?)><v>0(\.0)?</v>', rb"\1><v>-0</v>", parts[name])
    return parts


def float_noise(parts: Parts, sheets: dict[str, str]) -> Parts:
    """Every fractional number one unit in the last place off, as a binary round trip leaves it."""

    def noisy(match: re.Match[bytes]) -> bytes:
        value = float(match.group(2))
        return match.group(1) + b"><v>" + repr(value + abs(value) * 2.3e-16).encode() + b"</v>"

    for name in _sheet_parts(parts):
        parts[name] = re.sub(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?)><v>(-?\d+\.\d+)</v>', noisy, parts[name])
    return parts


def dates_as_text(parts: Parts, sheets: dict[str, str]) -> Parts:
    """The lots' received dates stored as text (2026/7/3), as a suite that does not know the format saves them."""

    def text(match: re.Match[bytes]) -> bytes:
        day = date(1899, 12, 30) + timedelta(days=int(float(match.group(2))))
        return match.group(1) + f' t="inlineStr"><is><t>{day.year}/{day.month}/{day.day}</t></is></c>'.encode()

    part = sheets["Inspection log"]
    parts[part] = re.sub(rb'(<c r="D\d+")(?: s="\d+")?><v>([\d.]+)</v></c>', text, parts[part])
    return parts


def styles_dropped(parts: Parts, sheets: dict[str, str]) -> Parts:
    """No cell format anywhere: dates become bare serial numbers, decimals show as General."""
    for name in _sheet_parts(parts):
        parts[name] = re.sub(rb' (s|style)="\d+"', b"", parts[name])
    return parts


def widths_and_zoom(parts: Parts, sheets: dict[str, str]) -> Parts:
    for name in _sheet_parts(parts):
        parts[name] = re.sub(rb' width="[\d.]+"', b' width="31.5"', parts[name])
        parts[name] = parts[name].replace(
            b'<sheetView workbookViewId="0"', b'<sheetView zoomScale="85" workbookViewId="0"'
        )
    return parts


def calc_chain_and_theme(parts: Parts, sheets: dict[str, str]) -> Parts:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    _add_part(
        parts,
        "xl/calcChain.xml",
        f'<?xml version="1.0" encoding="UTF-8"?>\n<calcChain xmlns="{main}"/>'.encode(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain",
    )
    theme = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office">'
        "<a:themeElements/></a:theme>"
    )
    _add_part(
        parts,
        "xl/theme/theme1.xml",
        theme.encode(),
        "application/vnd.openxmlformats-officedocument.theme+xml",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme",
    )
    parts["docProps/core.xml"] = re.sub(
        rb"<dc:creator>[^<]*</dc:creator>", b"<dc:creator>QA Supplier</dc:creator>", parts["docProps/core.xml"]
    )
    return parts


def unprotected(parts: Parts, sheets: dict[str, str]) -> Parts:
    """Workbook and sheet protection gone, as a suite that cannot keep it saves the file."""
    for name in _sheet_parts(parts):
        parts[name] = re.sub(rb"<sheetProtection[^>]*/>", b"", parts[name])
    parts["xl/workbook.xml"] = re.sub(rb"<workbookProtection[^>]*/>", b"", parts["xl/workbook.xml"])
    return parts


def cell(sheet: str, ref: str, value: str) -> Change:
    """A locked number or date cell's stored value replaced by ``value`` (a tampering)."""

    def change(parts: Parts, sheets: dict[str, str]) -> Parts:
        part = sheets[sheet]
        parts[part], count = re.subn(
            _CELL_V.format(ref=ref).encode(), rb"\1><v>" + value.encode() + b"</v></c>", parts[part]
        )
        assert count == 1, (sheet, ref)
        return parts

    return change
