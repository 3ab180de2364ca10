"""A certificate whose 有效期至 is written 长期有效 (or 永久, 无限期) never expires: it is no error, it is the
supplier's latest certificate of its type for the approved list and the risk scan, a survey reply bringing one
is imported, and the word is kept where the Certificates sheet is written again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.qualification_asl import update_approved_list
from srm_xl.jobs.qualification_survey import export_survey, import_survey
from srm_xl.jobs.risks import scan_risks
from srm_xl.jobs.validate import validate
from tests.qualification.books import asl_book, candidate_book, records

TODAY = date(2026, 6, 1)


def renewed_long_term(path: Path, word: str) -> Path:
    """The ASL book, where S5's ISO 9001 (expired 2026-01-01) was renewed, the new one valid ``word``."""
    asl_book(path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Certificates"]
    header = [c.value for c in sheet[1]]
    row = sheet.max_row + 1
    for name, value in (("Supplier code", "S5"), ("Certificate type", "ISO 9001"), ("Certificate number", "Q-4")):
        sheet.cell(row, header.index(name) + 1, value)
    sheet.cell(row, header.index("Valid to") + 1, word)
    workbook.save(path)
    return path


@pytest.mark.parametrize("word", ["长期有效", "永久", "无限期"])
def test_a_renewed_certificate_valid_long_term_releases_the_source(tmp_path: Path, word: str) -> None:
    book = renewed_long_term(tmp_path / "book.xlsx", word)
    with FileWorkbook(book) as workbook:
        checked = validate(workbook)
    assert not [i for i in checked.issues if i.sheet == "Certificates" and i.column == "Valid to"]
    with FileWorkbook(book) as workbook:
        update_approved_list(workbook, today=TODAY)
    p5 = next(r for r in records(book, "Approved list") if r["Part number"] == "P5")
    assert (p5["Release status"], p5["Reason"]) == ("Released", None)
    with FileWorkbook(book) as workbook:
        scan_risks(workbook, today=TODAY)
    risks = [str(r.get("Description")) for r in records(book, "Risks")]
    assert not [d for d in risks if "ISO 9001" in d and "S5" in d], risks


def test_a_survey_reply_with_a_long_term_certificate_is_imported_and_keeps_the_word(tmp_path: Path) -> None:
    book = candidate_book(tmp_path / "book.xlsx")
    with FileWorkbook(book) as workbook:
        export_survey(workbook, "C1", tmp_path / "out", today=TODAY)
    survey = next((tmp_path / "out").glob("survey_C1_*.xlsx"))
    reply = openpyxl.load_workbook(survey)
    for col, value in zip("ABCDE", ["ISO 9001", "Q-9", "CQC", "2024-01-01", "长期有效"], strict=True):
        reply["Certificates"][f"{col}2"] = value
    reply.save(survey)
    with FileWorkbook(book) as workbook:
        report = import_survey(workbook, survey, today=TODAY)
    assert not [i for i in report.issues if i.sheet.endswith("]Certificates")], report.issues
    cert = next(r for r in records(book, "Certificates") if r["Certificate number"] == "Q-9")
    assert cert["Valid to"] == "No expiry"  # the word, in the book's language: read back as no expiry
    with FileWorkbook(book) as workbook:
        checked = validate(workbook)
    assert not [i for i in checked.issues if i.sheet == "Certificates" and i.column == "Valid to"]
