"""An English-speaking engineer's quarter as kept — an Approved Vendor List keyed by Vendor ID, monthly IQC sheets
naming vendors under header words and date forms that drift from month to month, a delivery log with Qty Received and Actual
Receipt Date, totals and notes rows in their own capitals — imports whole and grades exactly like the same data
written with the product's own headers and codes."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.importer import import_source
from srm_xl.schema import spec
from srm_xl.templates.build import build_template
from tests.books import graded_scorecard, write_book

VENDORS = [
    ("V001", "Acme Castings Ltd", "Approved"),
    ("V002", "Total Plastics Inc", "approved"),
    ("V003", "Summit Metals Co.", "Conditional"),
    ("V004", "Sum Kee Hardware", "APPROVED"),
    ("V005", "Precision Springs", "Approved"),
]
MONTHS = {7: "Jul", 8: "Aug", 9: "Sep"}
HEADERS = {
    7: ["Lot #", "Date", "Vendor", "Lot Qty", "Sample Size", "Defects", "Result"],
    8: ["Lot No", "Receiving Date", "Vendor", "Lot Size", "Qty Inspected", "NG Qty", "Accept/Reject"],
    9: ["Lot #", "Inspection Date", "Supplier", "Lot Qty", "Sample Qty", "Defect Qty", "Judgement"],
}
"""The log's header words drift from month to month, as they do when a sheet is copied and retyped."""


def quarter() -> tuple[pl.DataFrame, pl.DataFrame]:
    """The quarter's lots and deliveries (vendor codes; the kept workbook names the vendors)."""
    rng = random.Random(11)
    lots = [
        (f"IQC-{month}-{i:02d}", rng.randrange(5), date(2026, month, 1 + i % 28), 500, 50, rng.choice([0, 0, 0, 1, 3]))
        for month in MONTHS
        for i in range(30)
    ]
    deliveries = []
    for i in range(60):
        due = date(2026, 7, 1) + timedelta(days=i)
        deliveries.append((f"PO{i:04d}", rng.randrange(5), due, due + timedelta(days=rng.choice([0, 0, 1, 6])), i % 9))
    lot_frame = pl.DataFrame(lots, schema=["lot", "v", "received", "lot_size", "sample_size", "major"], orient="row")
    delivery_frame = pl.DataFrame(deliveries, schema=["po", "v", "due_date", "delivered_date", "short"], orient="row")
    return lot_frame, delivery_frame


def _as_kept(day: date, month: int) -> date | str:
    """July's dates are date cells; August's were pasted from a US ERP export as text (8/15/2026), September's
    typed like 03-Sep-26."""
    if month == 8:
        return f"{day.month}/{day.day}/{day.year}"
    return day.strftime("%d-%b-%y") if month == 9 else day


def write_as_kept(path: Path) -> Path:
    lots, deliveries = quarter()
    book = openpyxl.Workbook()
    vendors = book.active
    vendors.title = "Approved Vendor List"
    vendors.append(["Approved Vendor List — Q3 2026"])
    vendors.append(["Vendor ID", "Vendor Name", "Status", "Contact"])
    for code, name, status in VENDORS:
        vendors.append([code, name, status, "qa@example.com"])
    vendors.append(["TOTAL", None, "5 vendors"])
    for month, label in MONTHS.items():
        log = book.create_sheet(f"IQC {label} 2026")
        log.append([f"Incoming Inspection Log - {label} 2026"])
        log.append(HEADERS[month])
        chosen = lots.filter(pl.col("received").dt.month() == month)
        for lot, v, received, size, sample, major in chosen.iter_rows():
            log.append(
                [
                    lot,
                    _as_kept(received, month),
                    VENDORS[v][1],
                    size,
                    sample,
                    major,
                    "Reject" if major >= 3 else "Accept",
                ]
            )
        log.append(["Total", None, None, int(chosen["lot_size"].sum()), int(chosen["sample_size"].sum())])
        log.append(["Notes: AQL 0.65, level II per the quality agreement"])
    log = book.create_sheet("Deliveries Q3")
    log.append(
        ["PO No", "Line", "Vendor", "Ordered Qty", "Qty Received", "Request Date", "Actual Receipt Date", "Currency"]
    )
    for po, v, due, delivered, short in deliveries.iter_rows():
        log.append([po, 1, VENDORS[v][1], 100, 100 - (10 if short == 0 else 0), due, delivered, "USD"])
    log.append(["Grand Total", None, None, 6000, None])
    book.save(path)
    return path


def write_cleaned(path: Path) -> Path:
    lots, deliveries = quarter()
    codes = pl.DataFrame(
        {"v": range(5), "supplier": [v[0] for v in VENDORS]}, schema={"v": pl.Int64, "supplier": pl.String}
    )
    suppliers = pl.DataFrame(
        {
            "code": [v[0] for v in VENDORS],
            "name": [v[1] for v in VENDORS],
            "status": ["conditional" if v[2] == "Conditional" else "approved" for v in VENDORS],
        }
    )
    inspections = lots.join(codes, on="v").with_columns(
        pl.when(pl.col("major") >= 3).then(pl.lit("rejected")).otherwise(pl.lit("accepted")).alias("decision")
    )
    delivered = deliveries.join(codes, on="v").select(
        "po",
        pl.lit(1).alias("po_line"),
        "supplier",
        pl.lit(100.0).alias("qty_ordered"),
        pl.when(pl.col("short") == 0).then(90.0).otherwise(100.0).alias("qty_delivered"),
        "due_date",
        "delivered_date",
        pl.lit("USD").alias("currency"),
    )
    frames = {"suppliers": suppliers, "inspections": inspections.drop("v"), "deliveries": delivered}
    return write_book(path, frames, "en")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("english")
    book = build_template(folder / "book.xlsx", "en")
    with FileWorkbook(book) as workbook:
        report = import_source(workbook, write_as_kept(folder / "QA vendors Q3.xlsx"))
    return {"book": book, "cleaned": write_cleaned(folder / "cleaned.xlsx"), "report": report}


def test_the_vendor_list_logs_and_deliveries_import_whole(books) -> None:
    report = books["report"]
    assert report.counts["set_aside"] == 0
    with FileWorkbook(books["book"]) as workbook:
        got = {key: workbook.read(spec(key)).frame for key in ("suppliers", "inspections", "deliveries")}
    assert got["suppliers"]["code"].to_list() == [v[0] for v in VENDORS], "Vendor ID is the supplier code"
    assert got["suppliers"]["name"].to_list()[1] == "Total Plastics Inc"
    assert got["inspections"].height == 90 and got["deliveries"].height == 60, "totals and notes rows left out"
    assert set(got["inspections"]["supplier"]) == {v[0] for v in VENDORS}, "every vendor name resolved to its code"
    assert got["deliveries"]["qty_delivered"].sum() == 60 * 100 - 10 * 7, "Qty Received is the delivered quantity"


def test_the_import_grades_exactly_like_the_cleaned_copy(books) -> None:
    ours, theirs = graded_scorecard(books["book"], "2026-Q3"), graded_scorecard(books["cleaned"], "2026-Q3")
    assert ours.height == len(VENDORS) and ours["grade"].null_count() == 0
    assert ours.select("supplier", "grade").rows() == theirs.select("supplier", "grade").rows()
    assert ours.equals(theirs.select(ours.columns)), "every score of every vendor is the same"
