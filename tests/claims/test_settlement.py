"""Claims settled with the supplier: its package carries a claim statement of its own lines; its answers come back
through `share import`, a disputed line stays open on the Claims sheet until the user resolves it, and every change
is in the audit log."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from srm_xl.cli import app
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.claims import compute_claims
from srm_xl.jobs.share import export_for_suppliers, import_replies
from tests.books import sheet_rows, write_book
from tests.claims.test_claims_job import _claims, _frames


@pytest.fixture
def master(tmp_path: Path) -> Path:
    path = write_book(tmp_path / "quality.xlsx", _frames(), "en")
    with FileWorkbook(path) as book:
        compute_claims(book, "2026-Q3")
    return path


def _export(master: Path, out: Path) -> Path:
    with FileWorkbook(master) as book:
        export_for_suppliers(book, out, ["V2"], period="2026-Q3")
    return next(out.glob("V2_*.xlsx"))


def _answer(package: Path, reply: Path, answers: dict[str, tuple[str, str | None]]) -> Path:
    """The package filled in with openpyxl as the supplier would, on its claim statement."""
    workbook = openpyxl.load_workbook(package)
    sheet = workbook["Claim statement"]
    header = [c.value for c in sheet[1]]
    response, reason = header.index("Your response") + 1, header.index("Reason if disputed") + 1
    for row in range(2, sheet.max_row + 1):
        claim = sheet.cell(row, 1).value
        if claim in answers:
            sheet.cell(row, response, answers[claim][0])
            sheet.cell(row, reason, answers[claim][1])
    workbook.save(reply)
    return reply


def test_a_disputed_line_round_trips_and_stays_open(master: Path, tmp_path: Path) -> None:
    package = _export(master, tmp_path / "out")
    statement = openpyxl.load_workbook(package)["Claim statement"]
    listed = {row[0]: row for row in statement.iter_rows(min_row=2, values_only=True) if row[0]}
    assert set(listed) == {"LATE:PO-2/10", "CONC:L2", "CONC:L3"}  # V2's own lines only
    assert listed["LATE:PO-2/10"][11] == 400 and statement.protection.sheet
    workbook = openpyxl.load_workbook(package)
    assert "V1" not in str([c.value for ws in workbook for row in ws.iter_rows() for c in row if c.value])

    reply = _answer(
        package,
        tmp_path / "reply.xlsx",
        {"LATE:PO-2/10": ("Accept", None), "CONC:L2": ("Dispute", "lot was within the drawing tolerance")},
    )
    with FileWorkbook(master) as book:
        report = import_replies(book, [reply])
    assert report.counts["merged"] == 1 and not [i for i in report.issues if i.severity == "error"]
    claims = _claims(master)
    assert (claims["LATE:PO-2/10"]["Status"], claims["LATE:PO-2/10"]["Supplier response"]) == ("Accepted", "Accept")
    disputed = claims["CONC:L2"]
    assert (disputed["Status"], disputed["Supplier response"], disputed["Reason given"]) == (
        "Disputed",
        "Dispute",
        "lot was within the drawing tolerance",
    )
    assert claims["CONC:L3"]["Status"] == "Open" and claims["CONC:L3"]["Supplier response"] is None
    log = [r[6] for r in sheet_rows(master, "Audit log")[1:] if r[2] == "share_import"]
    assert any("claim CONC:L2 'Status': 'Open' → 'Disputed'" in text for text in log)
    assert any("claim CONC:L2 'Reason given': '' → 'lot was within the drawing tolerance'" in text for text in log)

    with FileWorkbook(master) as book:  # re-computing the period keeps the dispute open
        compute_claims(book, "2026-Q3")
    assert _claims(master)["CONC:L2"]["Status"] == "Disputed"
    totals = {(r[0], r[1]): r for r in sheet_rows(master, "Claim totals")[1:]}
    assert totals[("2026-Q3", "V2")][10:12] == (400, 225)  # accepted, disputed

    workbook = openpyxl.load_workbook(master)  # the user resolves it
    sheet = workbook["Claims"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "CONC:L2")
    sheet.cell(row, header.index("Status") + 1, "Resolved")
    sheet.cell(row, header.index("Note") + 1, "halved after joint measurement")
    workbook.save(master)
    again = _export(master, tmp_path / "again")
    listed = [
        r[0] for r in openpyxl.load_workbook(again)["Claim statement"].iter_rows(min_row=2, values_only=True) if r[0]
    ]
    assert "CONC:L2" in listed  # still this period's line, now shown as resolved
    with FileWorkbook(master) as book:
        compute_claims(book, "2026-Q3")
    assert _claims(master)["CONC:L2"]["Status"] == "Resolved"


def test_a_supplier_accepting_every_line_without_a_reason_is_merged(master: Path, tmp_path: Path) -> None:
    """The commonest reply: every line accepted, no reason written anywhere on the statement. `share import` merges
    it (it used to stop with an internal error, merging no reply of the batch)."""
    package = _export(master, tmp_path / "out")
    lines = ("LATE:PO-2/10", "CONC:L2", "CONC:L3")
    reply = _answer(package, tmp_path / "reply.xlsx", dict.fromkeys(lines, ("接受", None)))
    result = CliRunner().invoke(app, ["share", "import", str(master), str(reply)])
    assert result.exit_code == 0, result.output
    claims = _claims(master)
    assert [(claims[c]["Status"], claims[c]["Supplier response"]) for c in lines] == [("Accepted", "Accept")] * 3


@pytest.mark.libreoffice
def test_a_dispute_saved_by_libreoffice_is_merged(master: Path, tmp_path: Path) -> None:
    from tests.libreoffice import convert

    package = _export(master, tmp_path / "out")
    answered = _answer(
        package, tmp_path / "reply.xlsx", {"CONC:L3": ("有异议", "目标价已过期 / target price outdated")}
    )
    with FileWorkbook(master) as book:
        report = import_replies(book, [convert(answered, tmp_path / "lo")])
    assert report.counts["merged"] == 1 and report.ok
    line = _claims(master)["CONC:L3"]
    assert (line["Status"], line["Supplier response"], line["Reason given"]) == (
        "Disputed",
        "Dispute",
        "目标价已过期 / target price outdated",
    )


def test_suppliers_with_claims_get_a_package_by_default(tmp_path: Path) -> None:
    frames = _frames()
    frames.pop("scorecard")  # not graded, no SCARs: only the claims call for a package
    path = write_book(tmp_path / "quality.xlsx", frames, "en")
    with FileWorkbook(path) as book:
        compute_claims(book, "2026-Q3")
        export_for_suppliers(book, tmp_path / "out", period="2026-Q3")
    assert sorted(p.name.split("_")[0] for p in (tmp_path / "out").glob("*.xlsx")) == ["V1", "V2"]
