"""Replies that were tampered with, or are hostile, are refused whole and leave the master byte for byte as it was;
replies any office suite saved without touching a locked value are accepted."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from srm_xl.issues import column_letter
from srm_xl.schema import spec
from tests.io import hostile
from tests.libreoffice import convert
from tests.sharing import suites
from tests.sharing.master import (
    answer,
    export,
    import_files,
    make_master,
    ref,
    register,
)

Mutation = Callable[[Path, Path], Path]
SCARS = "Corrective actions"


def exported(folder: Path) -> tuple[Path, dict[str, Path]]:
    master = make_master(folder / "master.xlsx", "en")
    _, packages = export(master, folder / "out")
    return master, packages


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """One export shared by the tests that must leave the master unchanged (each asserts it is)."""
    return exported(tmp_path_factory.mktemp("sent"))


def with_openpyxl(change: Callable[[openpyxl.Workbook], None]) -> Mutation:
    """A supplier's edit made in a spreadsheet program (openpyxl), on top of a legitimate answer."""

    def mutate(package: Path, reply: Path) -> Path:
        answer(package, reply, {("SCAR-A-ZK1", "root_cause"): "Worn fixture"})
        workbook = openpyxl.load_workbook(reply)
        change(workbook)
        workbook.save(reply)
        return reply

    return mutate


def in_zip(part_pattern: str, old: str, new: str) -> Mutation:
    """An edit of a part's XML inside the zip, as a hand-crafted reply would make it."""

    def mutate(package: Path, reply: Path) -> Path:
        answered = answer(package, reply.with_suffix(".answered.xlsx"), {("SCAR-A-ZK1", "root_cause"): "Worn fixture"})
        with zipfile.ZipFile(answered) as archive:
            parts = {n: archive.read(n) for n in archive.namelist()}
        names = [n for n in parts if re.fullmatch(part_pattern, n)]
        for name in names:
            parts[name] = re.sub(old.encode(), new.encode(), parts[name], count=1)
        with zipfile.ZipFile(reply, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
        return reply

    return mutate


def _set(sheet: str, cell: str, value: object) -> Callable[[openpyxl.Workbook], None]:
    def change(workbook: openpyxl.Workbook) -> None:
        workbook[sheet][cell] = value

    return change


def _unprotect(workbook: openpyxl.Workbook) -> None:
    workbook[SCARS].protection.sheet = False


def _unlock_book(workbook: openpyxl.Workbook) -> None:
    workbook.security.lockStructure = False


def _swap_lots(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Inspection log"]
    for a, b in zip(sheet[2], sheet[3], strict=True):
        a.value, b.value = b.value, a.value


def in_parts(*changes: suites.Change) -> Mutation:
    """Changes made part by part on top of a legitimate answer typed into the package's XML."""

    def mutate(package: Path, reply: Path) -> Path:
        return suites.answered(package, reply, {("SCAR-A-ZK1", "root_cause"): "Worn fixture"}, *changes)

    return mutate


TOTAL = f"{column_letter(spec('scorecard').keys().index('total'))}2"
TAMPERING: dict[str, tuple[Mutation, str]] = {
    "locked cell edited": (with_openpyxl(_set(SCARS, ref("problem"), "Not our fault")), "share_locked_edited"),
    "locked cell edited in the zip": (
        in_zip(r"xl/worksheets/sheet\d+\.xml", r"LOT-A-XQ1", "LOT-A-XQ9"),
        "share_locked_edited",
    ),
    "locked number changed": (with_openpyxl(_set("Scorecard", TOTAL, 68.5)), "share_locked_edited"),
    "locked number changed in the zip": (in_parts(suites.cell("Scorecard", TOTAL, "58.6")), "share_locked_edited"),
    "locked date changed": (with_openpyxl(_set("Inspection log", "D2", date(2026, 7, 4))), "share_locked_edited"),
    "locked number changed by a WPS save": (
        in_parts(suites.cell("Scorecard", TOTAL, "85"), *suites.WPS),
        "share_locked_edited",
    ),
    "row added": (with_openpyxl(lambda wb: wb[SCARS].append(["SCAR-A-ZK9", "SUPA01"])), "share_rows_added"),
    "answer in a new row": (with_openpyxl(_set(SCARS, ref("root_cause", 4), "Extra")), "share_rows_added"),
    "row deleted": (with_openpyxl(lambda wb: wb["Inspection log"].delete_rows(3)), "share_rows_deleted"),
    "rows swapped": (with_openpyxl(_swap_lots), "share_locked_edited"),
    "sheet added": (with_openpyxl(lambda wb: wb.create_sheet("Notes")), "share_sheet_added"),
    "hidden sheet added": (
        with_openpyxl(lambda wb: setattr(wb.create_sheet("Notes"), "sheet_state", "hidden")),
        "share_sheet_added",
    ),
    "sheet renamed": (with_openpyxl(lambda wb: setattr(wb["Scorecard"], "title", "Our score")), "share_sheet_renamed"),
    "sheet deleted": (with_openpyxl(lambda wb: wb.remove(wb["Scorecard"])), "share_sheet_deleted"),
    "signature removed": (with_openpyxl(_set("Cover", "B24", None)), "share_signature_missing"),
    "signature forged": (with_openpyxl(_set("Cover", "B24", "0" * 64)), "share_signature_mismatch"),
    "package id edited": (with_openpyxl(_set("Cover", "B20", "PKG-0000000000000000")), "share_unknown_package"),
    "supplier code edited": (with_openpyxl(_set("Cover", "B21", "SUPB02")), "share_signature_mismatch"),
    "formula in a locked cell": (with_openpyxl(_set("Scorecard", "K2", "=100")), "share_formula_locked"),
    "formula in an empty locked cell": (with_openpyxl(_set("Cover", "H40", "=1+1")), "share_formula_locked"),
    "formula beside an answer": (with_openpyxl(_set("8D-SCAR-A-ZK1", "Z5", "=B3")), "share_formula_locked"),
    "protection removed and a locked cell edited": (
        with_openpyxl(lambda wb: (_unprotect(wb), _set(SCARS, ref("problem"), "x")(wb))),
        "share_locked_edited",
    ),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_tampering_is_reported_and_nothing_merged(
    sent: tuple[Path, dict[str, Path]], tmp_path: Path, case: str
) -> None:
    master, packages = sent
    mutate, code = TAMPERING[case]
    reply = mutate(packages["SUPA01"], tmp_path / "reply.xlsx")
    before = master.read_bytes()
    report = import_files(master, reply)
    codes = {i.code for i in report.issues if i.severity == "error"}
    assert code in codes, (case, codes)
    assert all(i.sheet.startswith("[reply.xlsx]") for i in report.issues)
    assert report.counts["merged"] == 0 and report.counts["rejected"] == 1
    assert master.read_bytes() == before


def test_locked_edit_is_named_with_old_and_new(sent: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    master, packages = sent
    reply = with_openpyxl(_set(SCARS, ref("problem"), "Not our fault"))(packages["SUPA01"], tmp_path / "reply.xlsx")
    edit = next(i for i in import_files(master, reply).issues if i.code == "share_locked_edited")
    assert edit.message("en") == (
        f"[reply.xlsx]{SCARS}!{ref('problem')}: locked cell changed from 'ProblemAzeta' to "
        "'Not our fault', treated as tampering — only the yellow cells may be filled in"
    )


def test_sound_file_merged_while_tampered_file_is_refused(tmp_path: Path) -> None:
    master, packages = exported(tmp_path)
    good = answer(packages["SUPB02"], tmp_path / "b.xlsx", {("SCAR-B-ZK1", "root_cause"): "Oven drift"})
    bad = with_openpyxl(_set(SCARS, ref("problem"), "x"))(packages["SUPA01"], tmp_path / "a.xlsx")
    report = import_files(master, bad, good)
    assert report.counts["merged"] == 1 and report.counts["rejected"] == 1
    assert {i.sheet.split("]")[0] for i in report.issues if i.severity == "error"} == {"[a.xlsx"}


BENIGN: dict[str, tuple[Mutation, set[str]]] = {
    "re-saved by openpyxl": (lambda p, r: answer(p, r, {("SCAR-A-ZK1", "root_cause"): "Worn fixture"}), set()),
    "shaped as WPS Office saves it": (in_parts(*suites.WPS), set()),
    "numbers spelt 1.0 and -0": (in_parts(suites.respelt_numbers), set()),
    "float noise": (in_parts(suites.float_noise), set()),
    "dates stored as text": (in_parts(suites.dates_as_text), set()),
    "every style dropped": (in_parts(suites.styles_dropped), set()),
    "another styles part and shared strings": (in_parts(suites.own_styles, suites.shared_strings), set()),
    "widths and zoom": (in_parts(suites.widths_and_zoom), set()),
    "calc chain, theme and document properties": (in_parts(suites.calc_chain_and_theme, suites.wps_properties), set()),
    "parts in another order": (in_parts(suites.reordered), set()),
    "sheet protection removed": (with_openpyxl(_unprotect), {"share_sheet_unprotected"}),
    "workbook protection removed": (with_openpyxl(_unlock_book), {"share_workbook_unprotected"}),
    "every protection removed in the zip": (
        in_parts(suites.unprotected, suites.shared_strings),
        {"share_workbook_unprotected", "share_sheet_unprotected"},
    ),
}


@pytest.mark.parametrize("case", list(BENIGN))
def test_a_reply_saved_otherwise_but_with_every_locked_value_intact_is_merged(tmp_path: Path, case: str) -> None:
    master, packages = exported(tmp_path)
    build, warnings = BENIGN[case]
    report = import_files(master, build(packages["SUPA01"], tmp_path / "reply.xlsx"))
    assert {i.code for i in report.issues} == warnings, [i.message("en") for i in report.issues]
    assert all(i.severity == "warning" for i in report.issues)
    assert report.counts["merged"] == 1 and report.counts["changes"] == 1
    frame = register(master)
    assert frame.filter(frame["scar_id"] == "SCAR-A-ZK1")["root_cause"].item() == "Worn fixture"


def test_a_chinese_package_saved_by_wps_office_is_merged(tmp_path: Path) -> None:
    master = make_master(tmp_path / "master.xlsx", "zh")
    _, packages = export(master, tmp_path / "out", suppliers=["SUPA01"])
    reply = suites.answered(
        packages["SUPA01"],
        tmp_path / "回复.xlsx",
        {("SCAR-A-ZK1", "root_cause"): "模具磨损 worn die"},
        *suites.WPS,
        lang="zh",
    )
    report = import_files(master, reply)
    assert report.ok and report.issues == [] and report.counts["changes"] == 1
    frame = register(master)
    assert frame.filter(frame["scar_id"] == "SCAR-A-ZK1")["root_cause"].item() == "模具磨损 worn die"


def _bomb(package: Path, reply: Path) -> Path:
    return hostile.zeros_member(reply, 64 * 1024 * 1024)


def _laughs(package: Path, reply: Path) -> Path:
    with zipfile.ZipFile(package) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    return hostile.rezip(
        package,
        reply,
        replace={"xl/worksheets/sheet1.xml": xml.replace(b"<worksheet", hostile.BILLION_LAUGHS + b"<worksheet", 1)},
    )


def _truncated(package: Path, reply: Path) -> Path:
    data = package.read_bytes()
    reply.write_bytes(data[: len(data) // 2])
    return reply


HOSTILE: dict[str, tuple[Mutation, str]] = {
    "zip bomb": (_bomb, "guard_ratio"),
    "billion laughs": (_laughs, "guard_xml_dtd"),
    "truncated": (_truncated, "guard_zip_corrupt"),
    "encrypted": (lambda p, r: hostile.encrypted_workbook(r), "guard_encrypted"),
    "random bytes": (lambda p, r: hostile.random_bytes(r), "guard_not_workbook"),
    "macro workbook": (lambda p, r: hostile.xlsm(r.with_suffix(".xlsm")), "share_not_xlsx"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_reply_refused_by_the_guard(sent: tuple[Path, dict[str, Path]], tmp_path: Path, case: str) -> None:
    master, packages = sent
    build, code = HOSTILE[case]
    reply = build(packages["SUPA01"], tmp_path / "reply.xlsx")
    before = master.read_bytes()
    report = import_files(master, reply)
    assert [i.code for i in report.issues] == [code]
    assert report.issues[0].message("en").startswith(f"[{reply.name}]")
    assert master.read_bytes() == before


def test_reply_to_another_workbook_is_unknown(sent: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    master, _ = sent
    (tmp_path / "other").mkdir()
    other = make_master(tmp_path / "other" / "master.xlsx", "en")
    _, foreign = export(other, tmp_path / "other_out", suppliers=["SUPA01"])
    reply = answer(foreign["SUPA01"], tmp_path / "reply.xlsx", {("SCAR-A-ZK1", "root_cause"): "x"})
    assert [i.code for i in import_files(master, reply).issues] == ["share_unknown_package"]


@pytest.mark.libreoffice
def test_a_package_saved_by_libreoffice_without_an_edit_is_accepted(tmp_path: Path) -> None:
    """LibreOffice rewrites the whole file (shared strings, its own styles, numbers at 15 digits) and drops a
    structure lock that has no password; nothing of that is tampering."""
    master, packages = exported(tmp_path)
    saved = convert(packages["SUPA01"], tmp_path / "lo")
    with zipfile.ZipFile(saved) as archive:
        assert "xl/sharedStrings.xml" in archive.namelist(), "rewritten by LibreOffice"
    report = import_files(master, saved)
    assert [(i.code, i.severity) for i in report.issues] == [("share_workbook_unprotected", "warning")]
    assert report.counts["rejected"] == 0 and report.counts["changes"] == 0


@pytest.mark.libreoffice
def test_answers_saved_by_libreoffice_are_merged(tmp_path: Path) -> None:
    master, packages = exported(tmp_path)
    answered = answer(
        packages["SUPA01"],
        tmp_path / "reply.xlsx",
        {
            ("SCAR-A-ZK1", "root_cause"): "Worn fixture",
            ("SCAR-A-ZK1", "response_date"): date(2026, 9, 8),
            ("SCAR-A-ZK2", "actions"): "Fixture replaced 更换夹具",
        },
    )
    report = import_files(master, convert(answered, tmp_path / "lo"))
    assert report.ok and report.counts["merged"] == 1 and report.counts["changes"] == 3
    frame = register(master)
    first = frame.filter(frame["scar_id"] == "SCAR-A-ZK1").row(0, named=True)
    assert first["root_cause"] == "Worn fixture" and first["response_date"] == date(2026, 9, 8)
    assert frame.filter(frame["scar_id"] == "SCAR-A-ZK2")["actions"].item() == "Fixture replaced 更换夹具"


@pytest.mark.libreoffice
def test_a_locked_cell_changed_and_saved_by_libreoffice_is_refused_naming_the_cell(tmp_path: Path) -> None:
    master, packages = exported(tmp_path)
    edited = with_openpyxl(_set("Scorecard", TOTAL, 85))(packages["SUPA01"], tmp_path / "reply.xlsx")
    saved = convert(edited, tmp_path / "lo")
    before = master.read_bytes()
    report = import_files(master, saved)
    errors = [i for i in report.issues if i.severity == "error"]
    assert [i.code for i in errors] == ["share_locked_edited", "share_signature_mismatch"]
    assert errors[0].message("en") == (
        f"[{saved.name}]Scorecard!{TOTAL}: locked cell changed from '58.5' to '85', treated as "
        "tampering — only the yellow cells may be filled in"
    )
    assert report.counts["merged"] == 0 and master.read_bytes() == before
