"""The Claims job end to end on a workbook built like a user's: every amount against a hand computation, re-runs
that change nothing, waivers that survive, rewards, suggested shares and the cost of poor quality."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from srm_xl.io.draft import draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.claims import compute_claims
from srm_xl.jobs.importer import import_source
from srm_xl.schema import spec
from srm_xl.templates.build import build_template
from tests.books import sheet_rows, write_book

D = date


def _frames() -> dict[str, pl.DataFrame]:
    return {
        "suppliers": pl.DataFrame(
            {"code": ["V1", "V2", "V3"], "name": ["Alpha Metals", "Beta Plastics", "Gamma"], "status": ["approved"] * 3}
        ),
        "contracts": pl.DataFrame(
            {
                "contract_no": ["C-1", "C-0"],
                "party_type": ["supplier", "supplier"],
                "party": ["V1", "V2"],
                "contract_type": ["purchase", "purchase"],
                "start": [D(2026, 1, 1), D(2025, 1, 1)],
                "end": [D(2026, 12, 31), D(2025, 12, 31)],
                "currency": ["CNY", "USD"],
                "penalty_clause": ["逾期每天1%, 拒收每批800元", "expired"],
                "late_rate_per_day": [0.01, 0.5],
                "late_cap": [None, 0.9],
                "reject_fee": [800.0, 9999.0],
                "status": ["active", "expired"],
            }
        ),
        "deliveries": pl.DataFrame(
            {
                "po": ["PO-1", "PO-2", "PO-3", "PO-4", "PO-5"],
                "po_line": ["10", "10", None, "20", "10"],
                "supplier": ["V1", "V2", "V2", "V2", "V1"],
                "part": ["P1", "P2", "P2", "P2", "P1"],
                "qty_ordered": [1000.0, 400.0, 300.0, 100.0, 50.0],
                "qty_delivered": [1000.0, 400.0, 300.0, 100.0, 50.0],
                "due_date": [D(2026, 7, 1), D(2026, 8, 1), D(2026, 8, 10), D(2026, 8, 1), D(2026, 5, 1)],
                "delivered_date": [D(2026, 7, 4), D(2026, 9, 25), D(2026, 8, 10), D(2026, 8, 3), D(2026, 6, 1)],
                "unit_price": [2.5, 10.0, 9.0, None, 1.0],
                "currency": ["CNY", "CNY", "CNY", "CNY", "CNY"],
            }
        ),
        "inspections": pl.DataFrame(
            {
                "lot": ["L1", "L2", "L3", "L4", "L5"],
                "supplier": ["V1", "V2", "V2", "V1", "V2"],
                "part": ["P1", "P2", "P3", "P9", "P2"],
                "received": [D(2026, 7, 10), D(2026, 8, 15), D(2026, 9, 1), D(2026, 9, 2), D(2026, 9, 3)],
                "lot_size": [1000, 500, 200, 10, 100],
                "decision": ["reject", "reject", "reject", "reject", "accept"],
                "disposition": ["return", "concession", "concession", "concession", "accept"],
                "sorting_cost": [120.0, None, None, None, None],
                "rework_cost": [30.0, None, None, None, None],
                "scrap_cost": [None, None, None, None, 40.0],
            }
        ),
        "parts": pl.DataFrame(
            {
                "part": ["P1", "P1", "P2", "P2", "P3"],
                "supplier": ["V1", "V3", "V2", "V1", "V2"],
                "share": [0.6, 0.4, 0.5, 0.5, 1.0],
                "target_price": [None, None, None, None, 3.0],
            }
        ),
        "complaints": pl.DataFrame(
            {
                "complaint_id": ["K1", "K2"],
                "customer": ["C1", "C1"],
                "received": [D(2026, 8, 20), D(2026, 8, 21)],
                "supplier": ["V1", None],
                "part": ["P1", None],
                "claimed_amount": [1234.56, 500.0],
            }
        ),
        "scorecard": pl.DataFrame(
            {
                "period": ["2026-Q3", "2026-Q3", "2026-Q2"],
                "supplier": ["V1", "V2", "V1"],
                "name": ["Alpha Metals", "Beta Plastics", "Alpha Metals"],
                "grade": ["A", "D", "B"],
                "previous_grade": ["B", "C", None],
            }
        ),
    }


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_book(tmp_path / "quality.xlsx", _frames(), "en")


def _run(path: Path, period: str = "2026-Q3") -> object:
    with FileWorkbook(path) as wb:
        return compute_claims(wb, period)


def _claims(path: Path) -> dict[str, dict[str, object]]:
    rows = sheet_rows(path, "Claims")
    header = rows[0]
    return {r[0]: dict(zip(header, r)) for r in rows[1:] if r[0]}


def test_every_amount_equals_a_hand_computation(book: Path) -> None:
    report = _run(book)
    claims = _claims(book)
    # late, contract C-1: 1000 × 2.50 = 2,500 value; 1 % a day × 3 days = 75.00, cap (Config 10 %) 250 not reached
    late = claims["LATE:PO-1/10"]
    assert (late["Base value"], late["Rate"], late["Days late"], late["Cap"], late["Cap applied"], late["Amount"]) == (
        2500,
        0.01,
        3,
        250,
        "No",
        75,
    )
    assert late["Contract no"] == "C-1" and late["Source sheet"] == "Deliveries" and late["Source row"] == 2
    # late, no contract in force (C-0 ended 2025): 400 × 10 = 4,000; 0.5 % × 55 days = 1,100 > cap 10 % = 400
    capped = claims["LATE:PO-2/10"]
    assert (capped["Days late"], capped["Cap"], capped["Cap applied"], capped["Amount"], capped["Contract no"]) == (
        55,
        400,
        "Yes",
        400,
        None,
    )
    # rejected lot: contract fee 800; its sorting 120 + rework 30 recorded
    assert claims["REJ:L1"]["Amount"] == 800 and claims["COST:L1"]["Amount"] == 150
    # concession: 500 × 9.00 (V2's P2 delivery nearest to 15 Aug, on 10 Aug) × 5 % = 225; P3 has no delivery: target 3.00 × 200 × 5 % = 30
    assert (claims["CONC:L2"]["Base value"], claims["CONC:L2"]["Amount"]) == (4500, 225)
    assert (claims["CONC:L3"]["Base value"], claims["CONC:L3"]["Amount"]) == (600, 30)
    # complaint passed on as claimed; K2 names no supplier
    assert claims["CMPL:K1"]["Amount"] == 1234.56 and claims["CMPL:K1"]["Part number"] == "P1"
    assert set(claims) == {"LATE:PO-1/10", "LATE:PO-2/10", "REJ:L1", "COST:L1", "CONC:L2", "CONC:L3", "CMPL:K1"}
    assert {c["Status"] for c in claims.values()} == {"Open"}
    # what could not be charged is named with its row, never charged as zero
    problems = sorted((i.code, i.row) for i in report.issues)
    assert problems == [("claims_no_lot_price", 5), ("claims_no_price", 5)]
    totals = {(r[0], r[1]): r for r in sheet_rows(book, "Claim totals")[1:]}
    assert totals[("2026-Q3", "V1")][2] == "Alpha Metals" and totals[("2026-Q3", "V1")][9] == pytest.approx(
        75 + 800 + 150 + 1234.56
    )
    assert totals[("2026-Q3", "V2")][9] == pytest.approx(400 + 225 + 30)


def test_rerun_changes_nothing_and_waived_lines_survive(book: Path) -> None:
    _run(book)
    first = sheet_rows(book, "Claims")
    _run(book)
    assert sheet_rows(book, "Claims") == first
    workbook = openpyxl.load_workbook(book)  # the user marks lines in the sheet and saves with another program
    sheet = workbook["Claims"]
    header = [c.value for c in sheet[1]]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    status, note = header.index("Status") + 1, header.index("Note") + 1
    sheet.cell(rows["REJ:L1"], status, "Waived")
    sheet.cell(rows["REJ:L1"], note, "first offence, agreed with buyer")
    sheet.cell(rows["CONC:L3"], status, "Waived")  # no reason: still charged
    workbook.save(book)
    frames = _frames()
    frames["inspections"] = frames["inspections"].filter(pl.col("lot") != "L1")  # the lot is deleted from the log later
    with FileWorkbook(book) as wb:
        wb.stage(draft_from_spec(spec("inspections"), frames["inspections"], "en", name="Inspection log"))
        wb.commit()
    report = _run(book)
    claims = _claims(book)
    assert claims["REJ:L1"]["Status"] == "Waived" and claims["REJ:L1"]["Note"] == "first offence, agreed with buyer"
    assert "COST:L1" not in claims  # open and its source is gone
    assert [i.code for i in report.issues if i.code == "claims_waive_no_reason"] == ["claims_waive_no_reason"]
    totals = {(r[0], r[1]): r for r in sheet_rows(book, "Claim totals")[1:]}
    assert totals[("2026-Q3", "V1")][9] == pytest.approx(75 + 1234.56) and totals[("2026-Q3", "V1")][12] == 800
    assert totals[("2026-Q3", "V2")][9] == pytest.approx(655)
    again = sheet_rows(book, "Claims")
    _run(book)
    assert sheet_rows(book, "Claims") == again


def test_other_periods_are_kept(book: Path) -> None:
    _run(book)
    _run(book, "2026-Q2")
    claims = _claims(book)
    assert claims["LATE:PO-5/10"]["Period"] == "2026-Q2" and claims["LATE:PO-5/10"]["Amount"] == min(
        50 * 1.0 * 0.01 * 31, 50 * 0.10
    )
    assert "LATE:PO-1/10" in claims
    rewards = [(r[0], r[1], r[3]) for r in sheet_rows(book, "Rewards and penalties")[1:]]
    assert rewards == [("2026-Q3", "V1", "A"), ("2026-Q3", "V2", "D"), ("2026-Q2", "V1", "B")]  # each period kept


def test_rewards_share_plan_and_cost_of_poor_quality(book: Path) -> None:
    _run(book)
    rewards = {r[1]: r for r in sheet_rows(book, "Rewards and penalties")[1:]}
    # V1: A (+10 points, 15 days earlier, 24 months, preferred) and up from B (+5 points)
    assert rewards["V1"][3:10] == ("A", "B", "Up", pytest.approx(0.15), -15, 24, "Preferred")
    # V2: D (−100 points, 30 days later, 3 months, blocked) and down from C (−5 points, 3 months)
    assert rewards["V2"][3:10] == ("D", "C", "Down", pytest.approx(-1.05), 30, 3, "Blocked")
    plan = {(r[0], r[1]): r[5] for r in sheet_rows(book, "Suggested shares")[1:]}
    assert plan[("P1", "V1")] == pytest.approx(0.75 / 1.15) and plan[("P1", "V3")] == pytest.approx(0.4 / 1.15)
    assert plan[("P2", "V2")] == 0 and plan[("P2", "V1")] == pytest.approx(1.0)
    copq = {(r[1], r[2]): r[4:7] for r in sheet_rows(book, "Cost of poor quality")[1:]}
    assert copq[("V1", "P1")] == (pytest.approx(75 + 800 + 150 + 1234.56), 0, pytest.approx(2259.56))
    assert copq[("V2", "P2")] == (pytest.approx(400 + 225), 40, pytest.approx(665))  # L5's scrap was never claimed


def test_claims_sheet_reads_back_through_the_schema(book: Path) -> None:
    _run(book)
    with FileWorkbook(book) as wb:
        frame = wb.read(spec("claims")).frame
    assert frame.filter(pl.col("claim_id") == "LATE:PO-2/10").select("rule", "capped", "status").row(0) == (
        "late",
        "yes",
        "open",
    )


def test_cost_of_poor_quality_is_on_the_dashboard(book: Path) -> None:
    from srm_xl.jobs.dashboard import build_dashboard

    _run(book)
    with FileWorkbook(book) as wb:
        build_dashboard(wb, today=D(2026, 10, 5))
    cells = [c for row in sheet_rows(book, "Dashboard") for c in row if c is not None]
    at = cells.index("Cost of poor quality (2026-Q3, CNY)")
    assert cells[at + 1] == pytest.approx(2259.56 + 665 + 30)
    at = cells.index("Largest cost of poor quality by supplier and part (2026-Q3)")
    assert cells[at + 1 : at + 7] == [
        "Supplier · part · currency",
        "Claims",
        "Internal cost",
        "V1 · P1 · CNY",
        pytest.approx(2259.56),
        0,
    ]


def test_a_missing_input_is_said_before_the_charges(tmp_path: Path) -> None:
    frames = _frames()
    frames["complaints"] = frames["complaints"].drop("claimed_amount")  # the user's complaint log has no amounts
    path = write_book(tmp_path / "quality.xlsx", frames, "zh")
    with FileWorkbook(path) as wb:
        report = compute_claims(wb, "2026-Q3")
    absent = [i for i in report.issues if i.code == "input_absent"]
    assert [i.message("zh") for i in absent] == [
        "客户投诉: “客户投诉”的 2 行都没有填写“客户索赔金额”: 客户投诉均未填写索赔金额, 没有转嫁给供应商的索赔——有客户索赔时请填写“客户索赔金额”"
    ]
    assert "CMPL:K1" not in {r[0] for r in sheet_rows(path, "索赔明细")[1:]}


def _mark(path: Path, claim_id: str, status: str, note: str | None = None) -> None:
    """The user sets a line's status (and note) on the Claims sheet and saves with another program."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Claims"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == claim_id)
    sheet.cell(row, header.index("Status") + 1, status)
    sheet.cell(row, header.index("Note") + 1, note)
    workbook.save(path)


def test_an_event_charged_in_one_period_is_not_charged_again_in_an_overlapping_one(book: Path) -> None:
    _run(book)
    _mark(book, "LATE:PO-1/10", "Waived", "first offence")
    report = _run(book, "2026-07")  # July lies inside Q3: PO-1 (4 Jul) and lot L1 (10 Jul) were charged there
    rows = [r for r in sheet_rows(book, "Claims")[1:] if r[0]]
    ids = [r[0] for r in rows]
    assert sorted(set(ids)) == sorted(ids)  # every claim ID once
    claims = _claims(book)
    assert (claims["LATE:PO-1/10"]["Period"], claims["LATE:PO-1/10"]["Status"], claims["LATE:PO-1/10"]["Note"]) == (
        "2026-Q3",
        "Waived",
        "first offence",
    )
    assert claims["REJ:L1"]["Period"] == claims["COST:L1"]["Period"] == "2026-Q3"
    assert [r[0] for r in sheet_rows(book, "Claim totals")[1:]] == ["2026-Q3", "2026-Q3"]  # nothing under 2026-07
    said = [i for i in report.issues if i.code == "claims_charged_before"]
    assert [(i.severity, i.message("en")) for i in said] == [
        (
            "info",
            "Claims: 3 events of 2026-07 were already charged under 2026-Q3 and are not charged again; "
            "their lines there keep their status — re-run 2026-Q3 to recompute them",
        )
    ]
    assert report.counts["charged_before"] == 3


def test_a_contract_change_applies_from_its_date_not_before(tmp_path: Path) -> None:
    frames = _frames()
    frames["contract_changes"] = pl.DataFrame(
        {
            "contract_no": ["C-1", "C-1"],
            "change_no": [1, 2],
            "changed": [D(2026, 9, 1), D(2026, 7, 5)],
            "field": ["late_rate_per_day", "reject_fee"],
            "old_value": ["1%", "800"],
            "new_value": ["0.5%", "600"],
        }
    )
    path = write_book(tmp_path / "quality.xlsx", frames, "en")
    _run(path)
    claims = _claims(path)
    # PO-1 came on 4 Jul, before the late rate fell to 0.5 % on 1 Sep: 2,500 × 1 % × 3 days
    assert (claims["LATE:PO-1/10"]["Rate"], claims["LATE:PO-1/10"]["Amount"]) == (0.01, 75)
    # lot L1 was received on 10 Jul, after the fee fell to 600 on 5 Jul
    assert (claims["REJ:L1"]["Amount"], claims["REJ:L1"]["Contract no"]) == (600, "C-1")


def test_a_late_delivery_without_a_po_keeps_its_claim_id_and_the_users_decision(tmp_path: Path) -> None:
    frames = _frames()
    unnumbered = {"supplier": "V2", "part": "P2", "qty_ordered": 100.0, "qty_delivered": 100.0, "unit_price": 9.0}
    frames["deliveries"] = pl.concat(
        [
            frames["deliveries"],
            pl.DataFrame([unnumbered | {"due_date": D(2026, 8, 10), "delivered_date": D(2026, 8, 13)}]),
        ],
        how="diagonal_relaxed",
    )
    path = write_book(tmp_path / "quality.xlsx", frames, "en")
    _run(path)
    # 100 × 9.00 × 0.5 % (Config; V2 has no contract in force) × 3 days, known by supplier, part and due date
    line = _claims(path)["LATE:~V2/P2/2026-08-10"]
    assert (line["Source"], line["Source row"], line["Amount"]) == ("~V2/P2/2026-08-10", 7, 13.5)
    _mark(path, "LATE:~V2/P2/2026-08-10", "Disputed", "supplier says it warned us in advance")
    _run(path)
    rows = sheet_rows(path, "Claims")[1:]
    assert all(r[0] for r in rows)
    line = _claims(path)["LATE:~V2/P2/2026-08-10"]
    assert (line["Status"], line["Note"]) == ("Disputed", "supplier says it warned us in advance")


def test_a_rejected_lot_and_a_complaint_typed_without_numbers_keep_their_claim_ids_and_decisions(
    tmp_path: Path,
) -> None:
    """A lot and a complaint typed into the book without their numbers: each charge is known by what identifies
    the row (supplier, part, day; customer, supplier, day), so a re-run finds the waiver and the dispute again."""
    frames = _frames()
    frames["inspections"] = frames["inspections"].with_columns(
        pl.when(pl.col("lot") == "L1").then(None).otherwise(pl.col("lot")).alias("lot")
    )
    frames["complaints"] = frames["complaints"].with_columns(
        pl.when(pl.col("complaint_id") == "K1").then(None).otherwise(pl.col("complaint_id")).alias("complaint_id")
    )
    path = write_book(tmp_path / "quality.xlsx", frames, "en")
    _run(path)
    lot, complaint = "REJ:~V1/P1/2026-07-10", "CMPL:~C1/V1/2026-08-20"
    assert _claims(path)[complaint]["Amount"] == 1234.56
    _mark(path, lot, "Waived", "first delivery of a new part")
    _mark(path, complaint, "Disputed", "the customer misused the part")
    _run(path)
    claims = _claims(path)
    assert all(sheet_rows(path, "Claims")[r][0] for r in range(1, len(claims) + 1))
    assert (claims[lot]["Status"], claims[lot]["Note"]) == ("Waived", "first delivery of a new part")
    assert (claims[complaint]["Status"], claims[complaint]["Note"]) == ("Disputed", "the customer misused the part")


def test_a_waiver_stays_on_its_partial_delivery_when_the_log_is_sorted(tmp_path: Path) -> None:
    frames = _frames()
    partial = {"po": "PO-6", "po_line": "10", "supplier": "V1", "part": "P1", "qty_ordered": 1000.0}
    partial |= {"due_date": D(2026, 7, 1), "unit_price": 10.0, "currency": "CNY"}
    frames["deliveries"] = pl.concat(
        [
            frames["deliveries"],
            pl.DataFrame(
                [
                    partial | {"qty_delivered": 400.0, "delivered_date": D(2026, 7, 3)},
                    partial | {"qty_delivered": 600.0, "delivered_date": D(2026, 7, 21)},
                ]
            ),
        ],
        how="diagonal_relaxed",
    )
    path = write_book(tmp_path / "quality.xlsx", frames, "en")
    _run(path)
    # contract C-1: 1 % a day, cap 10 %; 4,000 × 2 days = 80.00; 6,000 × 20 days = 1,200 > cap 600.00
    claims = _claims(path)
    assert (claims["LATE:PO-6/10"]["Amount"], claims["LATE:PO-6/10#2"]["Amount"]) == (80, 600)
    _mark(path, "LATE:PO-6/10#2", "Waived", "second batch agreed with buyer")
    workbook = openpyxl.load_workbook(path)  # the user sorts the log by delivery date, newest first
    sheet = workbook["Deliveries"]
    first, second = ([c.value for c in sheet[r]] for r in (7, 8))
    for column, (a, b) in enumerate(zip(first, second), start=1):
        sheet.cell(7, column, b)
        sheet.cell(8, column, a)
    workbook.save(path)
    _run(path)
    claims = _claims(path)
    waived = claims["LATE:PO-6/10#2"]
    assert (waived["Amount"], waived["Source row"], waived["Status"], waived["Note"]) == (
        600,
        7,
        "Waived",
        "second batch agreed with buyer",
    )
    assert (claims["LATE:PO-6/10"]["Amount"], claims["LATE:PO-6/10"]["Status"]) == (80, "Open")


def _set_cell(path: Path, sheet: str, row: int, header: str, value: object) -> None:
    """The user types ``value`` into a cell and saves with another program."""
    workbook = openpyxl.load_workbook(path)
    ws = workbook[sheet]
    ws.cell(row, [c.value for c in ws[1]].index(header) + 1, value)
    workbook.save(path)


def test_an_amount_claimed_that_cannot_be_read_is_named_with_its_fix(book: Path) -> None:
    _set_cell(book, "Complaints", 2, "Amount claimed", "about twenty thousand")
    report = _run(book)
    assert "CMPL:K1" not in _claims(book)
    said = [i for i in report.issues if i.code == "claims_unreadable"]
    assert [(i.severity, i.message("en")) for i in said] == [
        (
            "warning",
            "Complaints!L2: 'Amount claimed' holds 'about twenty thousand', which cannot be read, so its row "
            "is not charged — write a number such as 25000 or a date such as 2026-08-05, and compute the claims again",
        )
    ]


def test_an_amount_claimed_written_in_wan_is_imported_and_passed_on_in_full(tmp_path: Path) -> None:
    ledger = openpyxl.Workbook()
    suppliers = ledger.active
    suppliers.title = "供应商名录"
    suppliers.append(["供应商代码", "供应商名称", "状态"])
    suppliers.append(["V1", "华强电子", "合格"])
    complaints = ledger.create_sheet("客户投诉")
    complaints.append(["投诉编号", "客户代码", "投诉日期", "责任供应商", "物料编码", "索赔金额"])
    complaints.append(["K1", "C1", "2026.8.20", "V1", "P1", "2.5万元"])
    complaints.append(["K2", "C1", "2026.8.21", "V1", "P2", "人民币1.2万"])
    ledger.save(tmp_path / "客户台账.xlsx")
    book = build_template(tmp_path / "book.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        import_source(workbook, tmp_path / "客户台账.xlsx")
    assert [row[-1] for row in sheet_rows(book, "客户投诉")[1:]] == [25000, 12000]
    _run(book)
    header, *rows = sheet_rows(book, spec("claims").zh)
    charged = {row[0]: row for row in rows if row[0]}
    assert [charged[k][header.index("索赔金额")] for k in ("CMPL:K1", "CMPL:K2")] == [25000, 12000]
