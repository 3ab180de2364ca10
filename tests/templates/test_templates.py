"""The committed templates are the build output, and they really carry tables, dropdowns and formats."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from srm_xl.config.sheet import config_rows
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.schema import spec
from srm_xl.templates.build import TEMPLATE_NAMES, build_templates, template_specs
from tests.libreoffice import convert
from tests.workbook_compare import assert_workbook_equal

COMMITTED = Path(__file__).resolve().parents[2] / "workbook_templates"
ERRORS = ("#NAME?", "#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("templates")
    build_templates(folder)
    return folder


@pytest.mark.parametrize("name", TEMPLATE_NAMES.values())
def test_committed_templates_are_up_to_date(rebuilt: Path, name: str) -> None:
    """Rebuild and compare: run `srm-xl templates build` after changing the schema."""
    assert_workbook_equal(rebuilt / name, COMMITTED / name)
    with zipfile.ZipFile(rebuilt / name) as new, zipfile.ZipFile(COMMITTED / name) as old:
        assert new.namelist() == old.namelist()
        for part in new.namelist():
            assert new.read(part) == old.read(part), f"{name}: {part} differs"


@pytest.mark.parametrize(("lang", "name"), TEMPLATE_NAMES.items())
def test_every_sheet_is_a_table_with_dropdowns_and_formats(lang: str, name: str) -> None:
    workbook = openpyxl.load_workbook(COMMITTED / name)
    for sheet_spec in template_specs():
        sheet = workbook[sheet_spec.name(lang)]  # type: ignore[arg-type]
        assert list(sheet.tables) == [sheet_spec.table]
        assert [c.value for c in sheet[1]] == sheet_spec.headers(lang)  # type: ignore[arg-type]
        assert sheet.freeze_panes == "A2"
        for index, column in enumerate(sheet_spec.columns):
            letter = openpyxl.utils.get_column_letter(index + 1)
            cell = sheet[f"{letter}2"]
            typed_as = cell.number_format if cell.has_style else sheet.column_dimensions[letter].number_format
            assert typed_as == column.excel_format, f"{sheet.title}!{letter}2"
            if column.choices:
                lists = [
                    v
                    for v in sheet.data_validations.dataValidation
                    if v.type == "list" and f"{letter}2:" in str(v.sqref)
                ]
                assert lists, f"{sheet.title}: no dropdown for {column.key}"
                assert column.choices[0].label(lang) in lists[0].formula1  # type: ignore[arg-type]


def test_inspection_log_highlights_rejected_lots() -> None:
    sheet = openpyxl.load_workbook(COMMITTED / TEMPLATE_NAMES["zh"])["来料检验记录"]
    rules = [(str(cf.sqref), r.formula) for cf in sheet.conditional_formatting for r in cf.rules]
    assert ("N2:N1001", ['"拒收"']) in rules


@pytest.mark.parametrize(("lang", "name"), TEMPLATE_NAMES.items())
def test_config_sheet_lists_every_setting_with_its_default(lang: str, name: str) -> None:
    with FileWorkbook(COMMITTED / name) as book:
        frame = book.read(spec("config")).frame
    expected = config_rows(lang)  # type: ignore[arg-type]
    assert frame["setting"].to_list() == expected["setting"].to_list()
    assert frame["default"].to_list() == expected["default"].to_list()
    assert frame["description"].null_count() == 0 and frame["value"].null_count() == frame.height


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", TEMPLATE_NAMES.values())
def test_templates_open_in_a_real_spreadsheet_engine_without_errors(tmp_path: Path, name: str) -> None:
    recalculated = convert(COMMITTED / name, tmp_path)
    workbook = openpyxl.load_workbook(recalculated)
    original = openpyxl.load_workbook(COMMITTED / name)
    assert workbook.sheetnames == original.sheetnames
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and v.startswith(ERRORS) for v in row), sheet.title
        kept = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
        had = [v for v in original[sheet.title].data_validations.dataValidation if v.type == "list"]
        assert len(kept) == len(had), f"{sheet.title}: dropdowns lost in a real engine"
