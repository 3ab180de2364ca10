"""``srm-xl templates build``: the main workbook template in zh-CN and en, generated from the schema.

Every data sheet is an empty Excel Table with the spec's headers, formats, widths, dropdowns, input help and
conditional formats; the Config sheet lists every setting with its default and a one-line explanation.
"""

from __future__ import annotations

from pathlib import Path

from srm_xl.config import config_rows
from srm_xl.io.draft import Cell, SheetDraft, draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.styles import LABEL, NOTE, TITLE, WRAP
from srm_xl.messages import LANGS, Lang, render
from srm_xl.schema import SheetSpec, registry
from srm_xl.schema.frames import empty_frame

TEMPLATE_NAMES: dict[Lang, str] = {"zh": "srm_xl_template_zh.xlsx", "en": "srm_xl_template_en.xlsx"}
TEMPLATE_SHEETS = ("data", "config")


def template_specs() -> list[SheetSpec]:
    """The sheets a new workbook starts with: every data sheet, then Config."""
    return [s for s in registry().values() if s.kind in TEMPLATE_SHEETS]


def readme_draft(lang: Lang) -> SheetDraft:
    """A first sheet saying what each sheet is for and how the buttons use it."""
    zh = lang == "zh"
    cells = [
        Cell(1, 0, render("readme_title", lang), TITLE),
        Cell(2, 0, render("readme_help", lang), NOTE),
        *(
            Cell(4, col, render(f"readme_{key}", lang), LABEL)
            for col, key in enumerate(("sheet", "purpose", "columns"))
        ),
    ]
    for row, sheet in enumerate(template_specs(), start=5):
        purpose = sheet.help_zh if zh else sheet.help_en
        cells += [
            Cell(row, 0, sheet.name(lang), WRAP),
            Cell(row, 1, purpose or (sheet.zh if zh else sheet.en), WRAP),
            Cell(row, 2, ", ".join(sheet.headers(lang)), WRAP),
        ]
    return SheetDraft(render("readme_sheet_name", lang), cells=cells, widths={0: 20, 1: 48, 2: 110}, merges=["A2:C2"])


def build_template(path: Path, lang: Lang) -> Path:
    """Write the template for ``lang`` at ``path``."""
    book = FileWorkbook.create(path, lang, title="srm_xl")
    book.stage(readme_draft(lang))
    for sheet in template_specs():
        if sheet.key == "config":
            frame = config_rows(lang)
            book.stage(draft_from_spec(sheet, frame, lang, editable=frozenset({"value"})))
        else:
            book.stage(draft_from_spec(sheet, empty_frame(sheet).drop("_row"), lang))
    book.commit()
    return path


def build_templates(folder: Path) -> list[Path]:
    """Both language versions in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return [build_template(folder / TEMPLATE_NAMES[lang], lang) for lang in LANGS]
