"""A US plant's receiving-inspection workbook as kept: an AVL with *AVL Status*, a receiving log that records only
what was done with each lot (Accept, RTV, UAI, Sort, Scrap — no accept/reject column), *Date Rec'd* as date cells
and as US text, an OTD sheet with *PO Due Date* and *Date Received*. Imported from the command line into a new
workbook, it gets an English workbook, every column mapped, each lot judged by its disposition, and the quarter
grades exactly like the same data written with the product's own headers and decisions."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from srm_xl.cli import app
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.headers import suggest
from srm_xl.schema import spec
from tests.books import graded_scorecard, write_book

runner = CliRunner()
VENDORS = [("V-1001", "Northwind Castings LLC"), ("V-1002", "Delta Plastics Co."), ("V-1003", "Kraus Fasteners GmbH")]
DISPOSITIONS = {
    0: ["Accept"] * 11 + ["Conditional"],
    1: ["Accept"] * 7 + ["RTV", "UAI", "Sort"],
    2: ["Accept"] * 4 + ["Scrap", "RTV", "MRB"],
}
"""Per vendor, what was done with each of its lots: RTV, Sort and Scrap are lots that failed; UAI (use as is) and
Conditional lots taken in under a concession; MRB a lot on hold, not judged yet."""
LATE = {0: 0, 1: 3, 2: 5}


def _lots() -> list[tuple[int, date, str]]:
    return [
        (v, date(2026, 7 + i % 3, 2 + 2 * i), disposition)
        for v, dispositions in DISPOSITIONS.items()
        for i, disposition in enumerate(dispositions)
    ]


def _lines() -> list[tuple[int, date, date]]:
    return [
        (v, due := date(2026, 7 + i % 3, 5 + i), due + timedelta(days=6 if i < LATE[v] else 0))
        for v in DISPOSITIONS
        for i in range(10)
    ]


def _as_kept(path: Path) -> Path:
    book = openpyxl.Workbook()
    avl = book.active
    avl.title = "Approved Vendor List"
    avl.append(["ACME Precision — Approved Vendor List (rev 12)"])
    avl.append(["Vendor ID", "Vendor Name", "Commodity", "AVL Status", "Country"])
    for code, name in VENDORS:
        avl.append([code, name, "Castings", "Approved", "USA"])
    log = book.create_sheet("Receiving Insp Log")
    log.append(["Date Rec'd", "Vendor", "P/N", "PO #", "Lot Qty", "Qty Inspected", "Disposition", "NCR #"])
    for n, (v, received, disposition) in enumerate(_lots()):
        written = received.strftime("%m/%d/%Y") if n % 3 == 0 else received  # pasted from the ERP as text
        log.append([written, VENDORS[v][1], f"P-{n}", f"PO{n}", 500, 50, disposition, None])
    otd = book.create_sheet("OTD")
    otd.append(["Vendor", "PO #", "Qty Ordered", "PO Due Date", "Date Received", "Qty Received"])
    for n, (v, due, received) in enumerate(_lines()):
        otd.append([VENDORS[v][1], f"PO{n}", 100, due, received, 100])
    book.save(path)
    return path


def _cleaned(path: Path) -> Path:
    failed = {"RTV", "Sort", "Scrap"}
    lots = pl.DataFrame(
        [
            (f"L{n}", VENDORS[v][0], received, 500, 50, "reject" if d in failed else None if d == "MRB" else "accept")
            for n, (v, received, d) in enumerate(_lots())
        ],
        schema=["lot", "supplier", "received", "lot_size", "sample_size", "decision"],
        orient="row",
    )
    lines = pl.DataFrame(
        [(f"PO{n}", VENDORS[v][0], 100.0, due, received, 100.0) for n, (v, due, received) in enumerate(_lines())],
        schema=["po", "supplier", "qty_ordered", "due_date", "delivered_date", "qty_delivered"],
        orient="row",
    )
    suppliers = pl.DataFrame({"code": [v[0] for v in VENDORS], "name": [v[1] for v in VENDORS]})
    return write_book(path, {"suppliers": suppliers, "inspections": lots, "deliveries": lines}, "en")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("receiving")
    book = folder / "quality.xlsx"
    result = runner.invoke(app, ["import", str(_as_kept(folder / "acme_quality_2026.xlsx")), "--into", str(book)])
    return {"book": book, "output": result.output, "exit": result.exit_code, "cleaned": _cleaned(folder / "c.xlsx")}


def test_a_new_workbook_speaks_the_language_of_the_file_imported(imported) -> None:
    assert imported["exit"] == 0, imported["output"]
    assert "Inspection log" in openpyxl.load_workbook(imported["book"], read_only=True).sheetnames
    assert "imported" in imported["output"], "the report is in English too"


def test_us_header_words_map_and_disposition_judges_the_lot(imported) -> None:
    with FileWorkbook(imported["book"]) as workbook:
        suppliers = workbook.read(spec("suppliers")).frame
        lots = workbook.read(spec("inspections")).frame.sort("received", "supplier")
        lines = workbook.read(spec("deliveries")).frame
    assert suppliers["status"].to_list() == ["approved"] * 3, "AVL Status is the supplier status"
    assert lots.height == 29 and lots["received"].null_count() == 0, "Date Rec'd, date cells and US text alike"
    assert lots["received"].min() == date(2026, 7, 2)
    rejected = lots.filter(pl.col("decision") == "reject").group_by("supplier").len().sort("supplier").rows()
    assert rejected == [("V-1002", 2), ("V-1003", 2)], (
        "RTV, Sort and Scrap lots failed; UAI and Conditional were taken in"
    )
    assert lots.filter(pl.col("disposition") == "concession").height == 2, "UAI and Conditional"
    on_hold = lots.filter(pl.col("disposition") == "hold")
    assert on_hold.height == 1 and on_hold["decision"].to_list() == [None], "an MRB lot awaits its judgement"
    assert lines["due_date"].null_count() == 0 and lines["delivered_date"].null_count() == 0
    assert (lines["delivered_date"] - lines["due_date"]).dt.total_days().gt(0).sum() == sum(LATE.values())


def test_the_quarter_grades_like_the_cleaned_copy(imported) -> None:
    ours, theirs = graded_scorecard(imported["book"], "2026-Q3"), graded_scorecard(imported["cleaned"], "2026-Q3")
    assert ours["grade"].null_count() == 0 and ours.height == len(VENDORS)
    columns = ["supplier", "quality_points", "delivery_points", "total", "grade"]
    assert ours.select(columns).rows() == theirs.select(columns).rows()
    assert ours["grade"].n_unique() > 1, "the vendors' records differ, so do their grades"


def test_short_latin_names_are_not_suggested_inside_longer_headers() -> None:
    log = spec("inspections")
    assert suggest("NCR #", log) is None, "CR (critical) is not inside NCR"
    assert suggest("PO #", log) is None
    assert suggest("次要不良数", log) == "minor", "two Chinese characters still mean something"


def test_complaint_and_scar_logs_keep_their_statuses_and_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    avl = book.active
    avl.title = "AVL"
    avl.append(["Vendor ID", "Vendor Name", "AVL Status"])
    avl.append(["V-1002", "Delta Plastics Co.", "Conditional Approval"])
    avl.append(["V-1003", "Kraus Fasteners GmbH", "DNU"])
    complaints = book.create_sheet("Customer Complaints")
    complaints.append(["Complaint #", "Date Opened", "Customer", "Issue", "Responsible Vendor", "Status", "Claim $"])
    complaints.append(
        ["CC-001", date(2026, 8, 4), "Boeing", "Burr on edge", "Kraus Fasteners GmbH", "Under Investigation", 2500]
    )
    complaints.append(["CC-002", date(2026, 9, 1), "GE", "Cracked", "Delta Plastics Co.", "Pending Verification", None])
    scars = book.create_sheet("SCAR Log")
    scars.append(["SCAR #", "Vendor", "Issue Date", "Problem Statement", "Due Date", "Status", "Date Closed", "SQE"])
    scars.append(
        [
            "SCAR-26-002",
            "Kraus Fasteners GmbH",
            date(2026, 8, 20),
            "Thread damage",
            date(2026, 9, 20),
            "Awaiting Response",
            None,
            "Mike",
        ]
    )
    scars.append(
        [
            "SCAR-26-003",
            "Delta Plastics Co.",
            date(2026, 6, 1),
            "Short shots",
            date(2026, 7, 1),
            "Past Due",
            None,
            "Mike",
        ]
    )
    source = tmp_path / "us_quality.xlsx"
    book.save(source)
    target = tmp_path / "quality.xlsx"
    result = runner.invoke(app, ["import", str(source), "--into", str(target)])
    assert "words of unknown meaning (0 rows)" in " ".join(result.output.split()), result.output
    with FileWorkbook(target) as workbook:
        suppliers = workbook.read(spec("suppliers")).frame
        complaint = workbook.read(spec("complaints")).frame
        register = workbook.read(spec("corrective_actions")).frame
    assert suppliers["status"].to_list() == ["conditional", "disqualified"]
    assert complaint.select("supplier", "status", "claimed_amount").rows() == [
        ("V-1003", "assigned", 2500.0),
        ("V-1002", "resolved", None),
    ], "Responsible Vendor is the supplier, Claim $ the amount"
    assert register.select("scar_id", "supplier", "status", "owner").rows() == [
        ("SCAR-26-002", "V-1003", "open", "Mike"),
        ("SCAR-26-003", "V-1002", "overdue", "Mike"),
    ]


@pytest.mark.parametrize(
    ("vendors", "headers", "language"),
    [
        ([("V-2001", "Dongguan 精密 Hardware Co."), ("V-2002", "Ohio Forge Inc.")], ["Vendor ID", "Vendor Name"], "en"),
        ([("S001", "Suzhou Precision"), ("S002", "Ningbo Plastics")], ["供应商编码", "供应商名称"], "zh"),
    ],
)
def test_a_new_workbook_speaks_the_language_of_the_headers_not_of_a_name(
    tmp_path: Path, vendors: list[tuple[str, str]], headers: list[str], language: str
) -> None:
    source = openpyxl.Workbook()
    sheet = source.active
    sheet.title = "AVL"
    sheet.append(headers)
    for vendor in vendors:
        sheet.append(list(vendor))
    source.save(tmp_path / "avl.xlsx")
    result = runner.invoke(app, ["import", str(tmp_path / "avl.xlsx"), "--into", str(tmp_path / "book.xlsx")])
    assert result.exit_code in (0, 1), result.output
    names = openpyxl.load_workbook(tmp_path / "book.xlsx", read_only=True).sheetnames
    assert spec("suppliers").name(language) in names
