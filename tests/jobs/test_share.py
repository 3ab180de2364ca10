"""Share with suppliers end to end: export, fill the answers as a supplier would, import, and audit every change."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from srm_xl.cli import app
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook, backup_path
from srm_xl.jobs.report import Report
from srm_xl.jobs.validate import validate
from srm_xl.schema import spec
from srm_xl.sharing.ledger import MASTER_PROPERTY, Ledger, load_key, sharing_dir
from srm_xl.sheets.package_forms import answer_ref
from tests.books import sheet_rows
from tests.libreoffice import convert
from tests.sharing.master import (
    PERIOD,
    SUPPLIERS,
    answer,
    export,
    import_files,
    make_master,
    ref,
    register,
)

T1, T2, T3 = datetime(2026, 10, 2, 9, 0), datetime(2026, 10, 3, 9, 0), datetime(2026, 10, 4, 9, 0)


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    master = make_master(tmp_path / "master.xlsx", "en")
    _, packages = export(master, tmp_path / "out")
    return master, packages


def audit_results(master: Path) -> list[tuple[object, ...]]:
    return [(r[1], r[2], r[6]) for r in sheet_rows(master, "Audit log", min_row=2)]


def replies(master: Path) -> list[tuple[object, ...]]:
    return [(r[4], r[7], r[8]) for r in sheet_rows(master, "Supplier replies", min_row=2)]


def test_export_lists_packages_and_audits(tmp_path: Path) -> None:
    master = make_master(tmp_path / "master.xlsx", "en")
    report, packages = export(master, tmp_path / "out")
    assert report.ok and report.counts == {"packages": 3} and set(packages) == set(SUPPLIERS)
    rows = sheet_rows(master, "Supplier packages", min_row=2)
    assert [(r[1], r[2], r[6], r[7], r[8]) for r in rows] == [
        (code, PERIOD, packages[code].name, 2, 2) for code in sorted(SUPPLIERS)
    ]
    assert audit_results(master)[-1][1] == "share_export"


def test_export_reports_an_unknown_supplier(tmp_path: Path) -> None:
    master = make_master(tmp_path / "master.xlsx", "en")
    report, packages = export(master, tmp_path / "out", suppliers=["SUPA01", "NOPE99"])
    assert set(packages) == {"SUPA01"} and [i.code for i in report.issues if i.severity == "error"] == [
        "share_unknown_supplier"
    ]


def test_round_trip_merges_answers_with_an_audit_row_per_change(
    setup: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    master, packages = setup
    reply = answer(
        packages["SUPA01"],
        tmp_path / "reply.xlsx",
        {
            ("SCAR-A-ZK1", "containment"): "Sorted 2,000 pcs at our cost",
            ("SCAR-A-ZK1", "root_cause"): "Worn stamping die",
            ("SCAR-A-ZK1", "actions"): "Die replaced; PM every 50k strokes",
            ("SCAR-A-ZK1", "response_date"): date(2026, 9, 8),
            ("SCAR-A-ZK2", "root_cause"): "Operator skipped check",
        },
    )
    report = import_files(master, reply)
    assert report.ok and report.counts["merged"] == 1 and report.counts["changes"] == 5
    frame = register(master)
    first = frame.filter(frame["scar_id"] == "SCAR-A-ZK1").row(0, named=True)
    assert first["root_cause"] == "Worn stamping die" and first["response_date"] == date(2026, 9, 8)
    assert first["problem"] == "ProblemAzeta" and first["status"] == "open"
    untouched = frame.filter(frame["supplier"] != "SUPA01")
    assert untouched["root_cause"].null_count() == untouched.height
    audit = [r for r in audit_results(master) if r[1] == "share_import"]
    assert len(audit) == 6, "one row per change plus the job's own row"
    assert (
        "SUPA01",
        "share_import",
        f"supplier reply reply.xlsx (package {package_of(master, 'SUPA01')}): "
        "SCAR SCAR-A-ZK1 'Root cause': '' → 'Worn stamping die'",
    ) in audit
    assert replies(master) == [("reply.xlsx", "Merged", 5)]
    assert backup_path(master).exists()


def write_register(master: Path, scar: str, values: dict[str, object]) -> None:
    """Type ``values`` (by column key) into ``scar``'s row of the master's register, as the engineer would."""
    workbook = openpyxl.load_workbook(master)
    sheet = workbook[spec("corrective_actions").name("en")]
    header = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == scar)
    for key, value in values.items():
        sheet.cell(row, header.index(spec("corrective_actions").column(key).en) + 1, value)
    workbook.save(master)


def test_what_the_engineer_wrote_after_export_stays_where_the_supplier_left_the_answer_as_sent(
    setup: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    """The package went out with the root cause blank; the engineer then wrote their own analysis into the book.
    The supplier answered only the containment: their blank root cause is no answer, and the analysis stays."""
    master, packages = setup
    write_register(master, "SCAR-A-ZK1", {"root_cause": "Our analysis: die wear"})
    reply = answer(packages["SUPA01"], tmp_path / "reply.xlsx", {("SCAR-A-ZK1", "containment"): "Sorted 2,000 pcs"})
    report = import_files(master, reply)
    assert report.ok and report.counts["changes"] == 1
    first = register(master).filter(pl.col("scar_id") == "SCAR-A-ZK1").row(0, named=True)
    assert (first["containment"], first["root_cause"]) == ("Sorted 2,000 pcs", "Our analysis: die wear")


def test_answers_to_a_scar_closed_since_export_are_not_merged_and_say_so(
    setup: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    master, packages = setup
    write_register(master, "SCAR-A-ZK1", {"status": "Closed", "root_cause": "Our analysis: die wear"})
    answers = {("SCAR-A-ZK1", "root_cause"): "Worn stamping die", ("SCAR-A-ZK2", "root_cause"): "Operator skipped"}
    report = import_files(master, answer(packages["SUPA01"], tmp_path / "reply.xlsx", answers))
    assert report.counts["changes"] == 1
    assert [i.fields["scar"] for i in report.issues if i.code == "share_scar_closed"] == ["SCAR-A-ZK1"]
    frame = register(master)
    assert dict(frame.select("scar_id", "root_cause").iter_rows())["SCAR-A-ZK1"] == "Our analysis: die wear"
    assert dict(frame.select("scar_id", "root_cause").iter_rows())["SCAR-A-ZK2"] == "Operator skipped"


def kept_answers(report: Report) -> list[tuple[object, ...]]:
    return [
        (i.fields["scar"], i.fields["column"], i.fields["mine"], i.fields["theirs"])
        for i in report.issues
        if i.code == "share_answer_kept"
    ]


@pytest.mark.libreoffice
def test_an_answer_to_a_field_the_engineer_changed_since_export_keeps_the_engineers_value_and_the_answer(
    setup: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    """After export the engineer wrote their own root cause into the register; the supplier answered it
    differently (and saved the reply in LibreOffice). The engineer's value stays; the supplier's answer is named
    in a warning and on the audit log; the rest merges."""
    master, packages = setup
    write_register(master, "SCAR-A-ZK1", {"root_cause": "Our analysis: die wear"})
    answers = {
        ("SCAR-A-ZK1", "root_cause"): "Operator error",
        ("SCAR-A-ZK1", "containment"): "Sorted 2,000 pcs",
        ("SCAR-A-ZK2", "root_cause"): "Fixture worn",
    }
    reply = convert(answer(packages["SUPA01"], tmp_path / "reply.xlsx", answers), tmp_path / "lo")
    report = import_files(master, reply)
    assert report.counts["merged"] == 1 and report.counts["changes"] == 2
    assert kept_answers(report) == [("SCAR-A-ZK1", "Root cause", "Our analysis: die wear", "Operator error")]
    rows = dict(register(master).select("scar_id", "root_cause").iter_rows())
    assert (rows["SCAR-A-ZK1"], rows["SCAR-A-ZK2"]) == ("Our analysis: die wear", "Fixture worn")
    first = register(master).filter(pl.col("scar_id") == "SCAR-A-ZK1").row(0, named=True)
    assert first["containment"] == "Sorted 2,000 pcs"
    assert any("kept 'Our analysis: die wear'" in r[2] and "'Operator error'" in r[2] for r in audit_results(master))


def test_a_later_reply_is_compared_with_the_suppliers_earlier_answers_not_with_what_was_sent(
    setup: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    """The supplier's first answers were merged and the engineer then corrected two of them (the register's root
    cause, the 8D form's first why). A second reply repeating the first answers leaves the corrections alone
    without a warning; a third that changes them is held back and named, while the supplier refining an answer
    the book left as merged goes in."""
    master, packages = setup
    first = {
        ("SCAR-A-ZK1", "root_cause"): "Worn die",
        ("SCAR-A-ZK1", "why_1"): "Die worn",
        ("SCAR-A-ZK2", "root_cause"): "Operator skipped",
    }
    import_files(master, answer(packages["SUPA01"], tmp_path / "v1.xlsx", first, saved=T1))
    write_register(master, "SCAR-A-ZK1", {"root_cause": "Worn die, station 3"})
    workbook = openpyxl.load_workbook(master)
    workbook["8D-SCAR-A-ZK1"][answer_ref("why_1")] = "Die not changed on schedule"
    workbook.save(master)
    again = {**first, ("SCAR-A-ZK1", "actions"): "Die replaced"}
    report = import_files(master, answer(packages["SUPA01"], tmp_path / "v2.xlsx", again, saved=T2))
    assert report.counts["changes"] == 1 and kept_answers(report) == []
    refined = {
        ("SCAR-A-ZK1", "root_cause"): "Die wear",
        ("SCAR-A-ZK1", "why_1"): "Operator new",
        ("SCAR-A-ZK2", "root_cause"): "Operator skipped check 2",
    }
    report = import_files(master, answer(packages["SUPA01"], tmp_path / "v3.xlsx", refined, saved=T3))
    assert sorted(kept_answers(report)) == [
        ("SCAR-A-ZK1", "Root cause", "Worn die, station 3", "Die wear"),
        ("SCAR-A-ZK1", "Why 1", "Die not changed on schedule", "Operator new"),
    ]
    rows = dict(register(master).select("scar_id", "root_cause").iter_rows())
    assert (rows["SCAR-A-ZK1"], rows["SCAR-A-ZK2"]) == ("Worn die, station 3", "Operator skipped check 2")
    assert openpyxl.load_workbook(master)["8D-SCAR-A-ZK1"][answer_ref("why_1")].value == "Die not changed on schedule"


def test_a_reply_imported_again_into_a_backup_restored_from_before_it_is_merged_again(
    setup: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    """The engineer imports a supplier's 8D answers, then puts back the backup kept from before that import (a later
    step went wrong) and imports the same reply again: the answers reach the register and the master's 8D form
    again — they are not taken for answers the book already holds."""
    master, packages = setup
    answers = {
        ("SCAR-A-ZK1", "containment"): "Sorted 2,000 pcs at our cost",
        ("SCAR-A-ZK1", "root_cause"): "Worn stamping die",
        ("SCAR-A-ZK1", "why_1"): "Die not changed on schedule",
    }
    reply = answer(packages["SUPA01"], tmp_path / "reply.xlsx", answers)
    import_files(master, reply)
    shutil.copy(backup_path(master), master)
    assert register(master).filter(pl.col("scar_id") == "SCAR-A-ZK1")["root_cause"].item() is None
    report = import_files(master, reply)
    assert report.counts["merged"] == 1 and kept_answers(report) == []
    row = register(master).filter(pl.col("scar_id") == "SCAR-A-ZK1").row(0, named=True)
    assert (row["containment"], row["root_cause"]) == ("Sorted 2,000 pcs at our cost", "Worn stamping die")
    assert openpyxl.load_workbook(master)["8D-SCAR-A-ZK1"][answer_ref("why_1")].value == "Die not changed on schedule"


def test_a_reply_answering_other_fields_keeps_what_the_masters_8d_form_already_holds(
    setup: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    """The first reply filled the first why; the engineer added a second why on the master's form; a second reply,
    filled in from the package as sent, answers only the containment. The form is redrawn with all three."""
    master, packages = setup
    import_files(
        master, answer(packages["SUPA01"], tmp_path / "v1.xlsx", {("SCAR-A-ZK1", "why_1"): "Die worn"}, saved=T1)
    )
    workbook = openpyxl.load_workbook(master)
    workbook["8D-SCAR-A-ZK1"][answer_ref("why_2")] = "PM interval too long"
    workbook.save(master)
    later = {("SCAR-A-ZK1", "containment"): "Sorted 2,000 pcs", ("SCAR-A-ZK1", "containment_date"): date(2026, 9, 3)}
    report = import_files(master, answer(packages["SUPA01"], tmp_path / "v2.xlsx", later, saved=T2))
    assert report.counts["changes"] == 2 and "8D-SCAR-A-ZK1" in report.sheets
    form = openpyxl.load_workbook(master)["8D-SCAR-A-ZK1"]
    assert [form[answer_ref(k)].value for k in ("why_1", "why_2", "containment")] == [
        "Die worn",
        "PM interval too long",
        "Sorted 2,000 pcs",
    ]
    assert form[answer_ref("containment_date")].value.date() == date(2026, 9, 3)


def package_of(master: Path, code: str) -> str:
    return next(str(r[0]) for r in sheet_rows(master, "Supplier packages", min_row=2) if r[1] == code)


def test_formula_like_answers_are_stored_as_text(setup: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    master, packages = setup
    reply = answer(
        packages["SUPA01"],
        tmp_path / "reply.xlsx",
        {
            ("SCAR-A-ZK1", "root_cause"): '=HYPERLINK("http://evil.example","click")',
            ("SCAR-A-ZK1", "actions"): "+cmd|' /C calc'!A0",
            ("SCAR-A-ZK1", "containment"): "@SUM(1+1)",
            ("SCAR-A-ZK1", "prevention"): "-2+3",
        },
    )
    report = import_files(master, reply)
    assert report.ok and sorted(i.code for i in report.issues) == ["share_formula_as_text"] * 4
    sheet = openpyxl.load_workbook(master)["Corrective actions"]
    cells = [sheet[ref(k)] for k in ("root_cause", "actions", "containment", "prevention")]
    assert [c.value for c in cells] == [
        '=HYPERLINK("http://evil.example","click")',
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "-2+3",
    ]
    assert all(c.data_type == "s" for c in cells), "stored as text, never as a formula"


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({("SCAR-A-ZK1", "root_cause"): "x" * 4001}, "share_too_long"),
        ({("SCAR-A-ZK1", "response_date"): "next week"}, "share_bad_value"),
    ],
)
def test_invalid_answers_refuse_the_whole_file(
    setup: tuple[Path, dict[str, Path]], tmp_path: Path, values: dict[str, object], code: str
) -> None:
    master, packages = setup
    reply = answer(packages["SUPA01"], tmp_path / "reply.xlsx", {("SCAR-A-ZK1", "actions"): "fine", **values})
    before = master.read_bytes()
    report = import_files(master, reply)
    assert [i.code for i in report.issues] == [code] and report.counts["merged"] == 0
    assert master.read_bytes() == before


def test_reimporting_the_same_reply_changes_nothing(setup: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    master, packages = setup
    reply = answer(packages["SUPA01"], tmp_path / "reply.xlsx", {("SCAR-A-ZK1", "root_cause"): "Worn die"})
    import_files(master, reply)
    before = master.read_bytes()
    resaved = answer(reply, tmp_path / "resaved.xlsx", {}, saved=T3)
    report = import_files(master, reply, resaved)
    assert report.counts["repeats"] == 2 and report.counts["merged"] == 0
    assert [i.code for i in report.issues] == ["share_already_imported"] * 2
    assert master.read_bytes() == before


def test_newer_reply_supersedes_older_in_one_import(setup: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    master, packages = setup
    older = answer(packages["SUPA01"], tmp_path / "older.xlsx", {("SCAR-A-ZK1", "root_cause"): "First guess"}, saved=T1)
    newer = answer(packages["SUPA01"], tmp_path / "newer.xlsx", {("SCAR-A-ZK1", "root_cause"): "Worn die"}, saved=T2)
    report = import_files(master, newer, older)
    assert report.counts["merged"] == 2
    frame = register(master)
    assert frame.filter(frame["scar_id"] == "SCAR-A-ZK1")["root_cause"].item() == "Worn die"
    assert replies(master) == [("older.xlsx", "Superseded", 1), ("newer.xlsx", "Merged", 1)]


def test_older_reply_arriving_later_is_kept_in_history_only(
    setup: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    master, packages = setup
    import_files(
        master,
        answer(packages["SUPA01"], tmp_path / "newer.xlsx", {("SCAR-A-ZK1", "root_cause"): "Worn die"}, saved=T2),
    )
    older = answer(packages["SUPA01"], tmp_path / "older.xlsx", {("SCAR-A-ZK1", "root_cause"): "First guess"}, saved=T1)
    report = import_files(master, older)
    assert report.counts["stale"] == 1 and [i.code for i in report.issues] == ["share_superseded"]
    frame = register(master)
    assert frame.filter(frame["scar_id"] == "SCAR-A-ZK1")["root_cause"].item() == "Worn die"
    assert replies(master) == [("newer.xlsx", "Merged", 1), ("older.xlsx", "Superseded", 0)]
    latest = answer(
        packages["SUPA01"], tmp_path / "latest.xlsx", {("SCAR-A-ZK1", "root_cause"): "Die wear, confirmed"}, saved=T3
    )
    import_files(master, latest)
    assert replies(master)[-1] == ("latest.xlsx", "Merged", 1) and replies(master)[0][1] == "Superseded"


def test_replies_from_several_suppliers_go_to_their_own_scars(
    setup: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    master, packages = setup
    files = [
        answer(packages[code], tmp_path / f"{code}.xlsx", {(f"SCAR-{code[3]}-ZK1", "root_cause"): f"cause of {code}"})
        for code in SUPPLIERS
    ]
    report = import_files(master, *files)
    assert report.counts["merged"] == 3
    frame = register(master).filter(register(master)["scar_id"].str.ends_with("ZK1"))
    assert dict(frame.select("supplier", "root_cause").iter_rows()) == {code: f"cause of {code}" for code in SUPPLIERS}
    assert spec("supplier_replies").name("en") in report.sheets


def test_8d_answers_reach_the_masters_form_and_the_next_package(
    setup: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    master, packages = setup
    reply = answer(
        packages["SUPA01"],
        tmp_path / "reply.xlsx",
        {
            ("SCAR-A-ZK1", "why_1"): "Die worn",
            ("SCAR-A-ZK1", "evidence_1"): "photo-123.jpg",
            ("SCAR-A-ZK1", "containment_date"): date(2026, 9, 3),
            ("SCAR-A-ZK1", "root_cause"): "Die wear",
        },
    )
    report = import_files(master, reply)
    assert report.ok and report.counts["changes"] == 4 and "8D-SCAR-A-ZK1" in report.sheets
    form = openpyxl.load_workbook(master)["8D-SCAR-A-ZK1"]
    assert form[answer_ref("why_1")].value == "Die worn" and form[answer_ref("evidence_1")].value == "photo-123.jpg"
    assert form[answer_ref("containment_date")].value.date() == date(2026, 9, 3)
    assert "SUPA01" in {r[0] for r in audit_results(master)}
    assert any(r[2].endswith("SCAR SCAR-A-ZK1 'Why 1': '' → 'Die worn'") for r in audit_results(master))
    _, again = export(master, tmp_path / "again", suppliers=["SUPA01"])
    assert openpyxl.load_workbook(again["SUPA01"])["8D-SCAR-A-ZK1"][answer_ref("why_1")].value == "Die worn"


def test_a_folder_of_replies_is_imported(setup: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    master, packages = setup
    folder = tmp_path / "inbox"
    folder.mkdir()
    for code in ("SUPA01", "SUPC03"):
        answer(packages[code], folder / f"{code}.xlsx", {(f"SCAR-{code[3]}-ZK2", "actions"): "Done"})
    report = import_files(master, folder)
    assert report.counts["files"] == 2 and report.counts["merged"] == 2


def test_the_command_line_takes_a_folder_of_replies(setup: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    """`srm-xl share import BOOK inbox/`, as its help says (a folder among the files named)."""
    master, packages = setup
    folder = tmp_path / "inbox"
    folder.mkdir()
    answer(packages["SUPA01"], folder / "SUPA01.xlsx", {("SCAR-A-ZK2", "actions"): "Fixture replaced"})
    result = CliRunner().invoke(app, ["share", "import", str(master), str(folder)])
    assert result.exit_code == 0, result.output
    rows = dict(register(master).select("scar_id", "actions").iter_rows())
    assert rows["SCAR-A-ZK2"] == "Fixture replaced"


def master_id(master: Path) -> str | None:
    with FileWorkbook(master) as book:
        return book.custom_property(MASTER_PROPERTY)


def test_the_master_keeps_its_id_through_every_job_and_a_later_export(
    setup: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    master, _ = setup
    first = master_id(master)
    assert first is not None
    with FileWorkbook(master) as book:
        validate(book)
    assert master_id(master) == first
    export(master, tmp_path / "again", suppliers=["SUPA01"])
    assert master_id(master) == first


@pytest.mark.parametrize("where", ["renamed", "moved"])
def test_a_master_renamed_or_moved_after_export_still_accepts_its_replies(
    setup: tuple[Path, dict[str, Path]], tmp_path: Path, where: str
) -> None:
    master, packages = setup
    reply = answer(packages["SUPA01"], tmp_path / "reply.xlsx", {("SCAR-A-ZK1", "root_cause"): "Worn die"})
    elsewhere = tmp_path / "archive" / "2026"
    elsewhere.mkdir(parents=True)
    target = master.with_name("quality (2).xlsx") if where == "renamed" else elsewhere / "quality.xlsx"
    master = master.rename(target)
    report = import_files(master, reply)
    assert report.ok and report.counts["merged"] == 1
    assert register(master).filter(pl.col("scar_id") == "SCAR-A-ZK1")["root_cause"].item() == "Worn die"


def test_a_master_from_before_ids_gets_one_and_keeps_its_key(tmp_path: Path) -> None:
    master = make_master(tmp_path / "quality.xlsx", "en")
    old_key = load_key(master, create=True)
    old_folder = sharing_dir(master)
    (old_folder / "PKG-00000000000000AA.json").write_text("{}", encoding="utf-8")
    _, packages = export(master, tmp_path / "out", suppliers=["SUPA01"])
    new_id = master_id(master)
    assert new_id is not None
    ledger = Ledger.of(master, new_id)
    assert all((folder / "key").read_text() == old_key.hex() for folder in ledger.stores)  # type: ignore[union-attr]
    assert all((folder / "PKG-00000000000000AA.json").exists() for folder in ledger.stores), (
        "older manifests kept by id too"
    )
    renamed = master.rename(master.with_name("quality-final.xlsx"))
    reply = answer(packages["SUPA01"], tmp_path / "reply.xlsx", {("SCAR-A-ZK1", "root_cause"): "Worn die"})
    assert import_files(renamed, reply).counts["merged"] == 1


def test_a_reply_to_another_master_says_what_was_looked_for_and_where(
    setup: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    master, _ = setup
    (tmp_path / "other").mkdir()
    other = make_master(tmp_path / "other" / "book.xlsx", "en")
    _, foreign = export(other, tmp_path / "other_out", suppliers=["SUPA01"])
    report = import_files(
        master, answer(foreign["SUPA01"], tmp_path / "reply.xlsx", {("SCAR-A-ZK1", "root_cause"): "x"})
    )
    issue = next(i for i in report.issues)
    package = str(openpyxl.load_workbook(foreign["SUPA01"])["Cover"]["B20"].value)
    text = issue.message("en")
    assert issue.code == "share_unknown_package" and package in text and str(master_id(master)) in text
    assert str(tmp_path / "srm-sharing" / str(master_id(master))) in text and f"{package}.json" in text


def test_the_cover_says_who_sent_it_and_export_warns_when_the_settings_are_blank(tmp_path: Path) -> None:
    master = make_master(tmp_path / "blank.xlsx", "en")
    report, _ = export(master, tmp_path / "out", suppliers=["SUPA01"])
    warning = next(i for i in report.issues if i.code == "share_sender_unset")
    assert warning.severity == "warning" and report.ok
    assert warning.message("en").startswith("Config: general.company, sharing.contact are empty on the Config sheet")
    settings = {
        "general.company": "Acme Motors 艾克美汽车",
        "sharing.buyer": "Li Wei 李伟",
        "sharing.contact": "+86 21 5555 0101, li.wei@acme.example",
    }
    master = make_master(tmp_path / "named.xlsx", "zh", settings)
    with FileWorkbook(master) as book:
        frame = book.read(spec("suppliers")).frame
        book.stage(
            draft_from_spec(
                spec("suppliers"),
                frame.drop("_row").with_columns(
                    pl.when(pl.col("code") == "SUPB02").then(None).otherwise(pl.col("buyer")).alias("buyer")
                ),
                "zh",
            )
        )
        book.commit()
    report, packages = export(master, tmp_path / "named_out", suppliers=["SUPA01", "SUPB02"])
    assert not [i for i in report.issues if i.code == "share_sender_unset"]
    for code, buyer in (("SUPA01", SUPPLIERS["SUPA01"][1]), ("SUPB02", "Li Wei 李伟")):
        cover = {r[0]: r[1] for r in sheet_rows(packages[code], "封面") if r and r[0]}
        assert cover["发出单位"] == "Acme Motors 艾克美汽车" and cover["采购员"] == buyer
        assert cover["联系方式"] == "+86 21 5555 0101, li.wei@acme.example"
        assert str(sheet_rows(packages[code], "封面")[0][0]).startswith("Acme Motors 艾克美汽车 ")


def test_an_edit_on_the_masters_8d_form_alone_is_kept_against_a_later_answer(
    setup: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    """The engineer rewrote the containment on the master's 8D form (not in the register) after the first reply;
    a second reply changes it and answers another field: the form keeps the engineer's containment, the
    supplier's is named in a warning, the other answer merges."""
    master, packages = setup
    first = {("SCAR-A-ZK1", "containment"): "Sorted 200 in stock", ("SCAR-A-ZK1", "why_1"): "Die worn"}
    import_files(master, answer(packages["SUPA01"], tmp_path / "v1.xlsx", first, saved=T1))
    workbook = openpyxl.load_workbook(master)
    workbook["8D-SCAR-A-ZK1"][answer_ref("containment")] = "Engineer: sorted in stock and at the customer"
    workbook.save(master)
    second = {**first, ("SCAR-A-ZK1", "containment"): "Sorted 200 in stock + 100 in transit"}
    second[("SCAR-A-ZK1", "why_2")] = "PM interval too long"
    report = import_files(master, answer(packages["SUPA01"], tmp_path / "v2.xlsx", second, saved=T2))
    assert kept_answers(report) == [
        (
            "SCAR-A-ZK1",
            "Containment",
            "Engineer: sorted in stock and at the customer",
            "Sorted 200 in stock + 100 in transit",
        )
    ]
    form = openpyxl.load_workbook(master)["8D-SCAR-A-ZK1"]
    assert form[answer_ref("containment")].value == "Engineer: sorted in stock and at the customer"
    assert form[answer_ref("why_2")].value == "PM interval too long"
