"""Golden files for the generated sheets; Excel's own rules and the ISO/IEC 29500 schemas on every package.

Each case writes one sheet the way its job does and compares its normalised XML parts (worksheet, tables, drawing,
charts) with the reviewed reference under tests/golden/<case>/; `make golden` rewrites the references.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from srm_xl.config.sampling import SamplingConfig
from srm_xl.dashboard.figures import Block
from srm_xl.io.draft import SheetDraft
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.issues import Issue
from srm_xl.jobs.grade import grade
from srm_xl.messages import Lang
from srm_xl.schema import spec
from srm_xl.sheets.dashboard import dashboard_draft
from srm_xl.sheets.eightd_form import eight_d_draft
from srm_xl.sheets.sampling_plan import plan_sheet
from srm_xl.sheets.validation_report import validation_draft
from srm_xl.templates.build import TEMPLATE_NAMES
from tests.golden_parts import assert_golden, sheet_parts
from tests.jobs.test_grade import handworked_book
from tests.package_rules import package_problems
from tests.sheets.test_eightd_form import LOTS, SCAR
from tests.sheets.test_sampling_plan import lot
from tests.xsd_validation import xsd_problems

TEMPLATES = Path(__file__).resolve().parents[2] / "workbook_templates"
ISSUES = [
    Issue("Suppliers", 5, "Name", "required", "not_null", None, 1),
    Issue("Inspections", 7, "Lot size", "not_integer", "is_integer", "1,2OO", 4, "error"),
    Issue(
        "Deliveries",
        None,
        None,
        "column_missing",
        "has_column",
        severity="warning",
        fields={"column_zh": "到货日期", "column_en": "Delivered"},
    ),
]
GRADES = Block(
    "grades",
    "Supplier grades (2026-Q3)",
    pl.DataFrame({"Grade": ["A", "B", "C", "D"], "2026-Q3": [2, 3, 1, 0]}),
    "column",
    ("2026-Q3",),
)


def _written(path: Path, draft: SheetDraft, lang: Lang) -> Path:
    book = FileWorkbook.create(path, lang)
    book.stage(draft)
    book.commit()
    return path


CASES = {
    "eightd_form_zh": (lambda: eight_d_draft(SCAR, LOTS, "zh"), "zh"),
    "eightd_form_en_supplier": (lambda: eight_d_draft(SCAR, LOTS, "en", for_supplier=True), "en"),
    "sampling_plan_en": (lambda: plan_sheet(lot(), pl.DataFrame(), SamplingConfig(), "en"), "en"),
    "dashboard_en": (
        lambda: dashboard_draft(
            [("Suppliers", 6, "#,##0"), ("Lot rejection rate", 0.125, "0.0%")],
            [GRADES],
            date(2026, 10, 5),
            ["Scorecard", "Inspections"],
            "en",
        ),
        "en",
    ),
    "validation_zh": (lambda: validation_draft(ISSUES, 2, "zh"), "zh"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_generated_sheet_matches_its_golden_parts(case: str, tmp_path: Path) -> None:
    build, lang = CASES[case]
    draft = build()
    path = _written(tmp_path / f"{case}.xlsx", draft, lang)
    assert package_problems(path) == []
    assert xsd_problems(path) == []
    assert_golden(case, sheet_parts(path, draft.name))


def test_grading_sheets_match_their_golden_parts(tmp_path: Path) -> None:
    path = handworked_book(tmp_path / "graded.xlsx")
    with FileWorkbook(path) as book:
        grade(book, today=date(2026, 10, 5))
    assert package_problems(path) == []
    assert xsd_problems(path) == []
    assert_golden("scorecard_en", sheet_parts(path, spec("scorecard").name("en")))
    assert_golden("score_explanation_en", sheet_parts(path, spec("score_explanation").name("en")))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_templates_keep_excels_rules_and_the_schemas(lang: Lang) -> None:
    assert package_problems(TEMPLATES / TEMPLATE_NAMES[lang]) == []
    assert xsd_problems(TEMPLATES / TEMPLATE_NAMES[lang]) == []
