"""Replies that were tampered with, or are hostile, are refused whole and leave the master byte for byte as it was."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from tests.io import hostile
from tests.libreoffice import convert
from tests.sharing.master import answer, export, import_files, make_master, ref

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


TAMPERING: dict[str, tuple[Mutation, str]] = {
    "locked cell edited": (with_openpyxl(_set(SCARS, ref("problem"), "Not our fault")), "share_locked_edited"),
    "locked cell edited in the zip": (in_zip(r"xl/worksheets/sheet\d+\.xml", r"LOT-A-XQ1", "LOT-A-XQ9"), "share_locked_edited"),
    "row added": (with_openpyxl(lambda wb: wb[SCARS].append(["SCAR-A-ZK9", "SUPA01"])), "share_rows_added"),
    "answer in a new row": (with_openpyxl(_set(SCARS, ref("root_cause", 4), "Extra")), "share_rows_added"),
    "row deleted": (with_openpyxl(lambda wb: wb["Inspection log"].delete_rows(3)), "share_rows_deleted"),
    "sheet added": (with_openpyxl(lambda wb: wb.create_sheet("Notes")), "share_sheet_added"),
    "sheet renamed": (with_openpyxl(lambda wb: setattr(wb["Scorecard"], "title", "Our score")), "share_sheet_renamed"),
    "sheet deleted": (with_openpyxl(lambda wb: wb.remove(wb["Scorecard"])), "share_sheet_deleted"),
    "sheet protection removed": (with_openpyxl(_unprotect), "share_sheet_unprotected"),
    "sheet protection removed in the zip": (in_zip(r"xl/worksheets/sheet4\.xml", r"<sheetProtection[^>]*/>", ""),
                                            "share_sheet_unprotected"),
    "workbook protection removed": (with_openpyxl(_unlock_book), "share_workbook_unprotected"),
    "signature removed": (with_openpyxl(_set("Cover", "B24", None)), "share_signature_missing"),
    "signature forged": (with_openpyxl(_set("Cover", "B24", "0" * 64)), "share_signature_mismatch"),
    "package id edited": (with_openpyxl(_set("Cover", "B20", "PKG-0000000000000000")), "share_unknown_package"),
    "supplier code edited": (with_openpyxl(_set("Cover", "B21", "SUPB02")), "share_signature_mismatch"),
    "formula in a locked cell": (with_openpyxl(_set("Scorecard", "K2", "=100")), "share_formula_locked"),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_tampering_is_reported_and_nothing_merged(sent: tuple[Path, dict[str, Path]], tmp_path: Path, case: str) -> None:
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
    assert edit.message("en") == (f"[reply.xlsx]{SCARS}!{ref('problem')}: locked cell changed from 'ProblemAzeta' to "
                                  "'Not our fault', treated as tampering — only the yellow cells may be filled in")


def test_sound_file_merged_while_tampered_file_is_refused(tmp_path: Path) -> None:
    master, packages = exported(tmp_path)
    good = answer(packages["SUPB02"], tmp_path / "b.xlsx", {("SCAR-B-ZK1", "root_cause"): "Oven drift"})
    bad = with_openpyxl(_set(SCARS, ref("problem"), "x"))(packages["SUPA01"], tmp_path / "a.xlsx")
    report = import_files(master, bad, good)
    assert report.counts["merged"] == 1 and report.counts["rejected"] == 1
    assert {i.sheet.split("]")[0] for i in report.issues if i.severity == "error"} == {"[a.xlsx"}


def _bomb(package: Path, reply: Path) -> Path:
    return hostile.zeros_member(reply, 64 * 1024 * 1024)


def _laughs(package: Path, reply: Path) -> Path:
    with zipfile.ZipFile(package) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    return hostile.rezip(package, reply, replace={"xl/worksheets/sheet1.xml": xml.replace(
        b"<worksheet", hostile.BILLION_LAUGHS + b"<worksheet", 1)})


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
def test_a_reply_saved_by_libreoffice_keeps_every_cell_and_the_signature(sent: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    """A real spreadsheet program rewrites the whole file (shared strings, styles, its own parts), yet every locked
    cell and the signature read back the same. LibreOffice drops a structure lock that has no password, and that
    alone is reported."""
    master, packages = sent
    answered = answer(packages["SUPA01"], tmp_path / "reply.xlsx", {("SCAR-A-ZK1", "root_cause"): "Worn fixture"})
    saved = convert(answered, tmp_path / "lo")
    with zipfile.ZipFile(saved) as archive:
        assert "xl/sharedStrings.xml" in archive.namelist(), "rewritten by LibreOffice"
    assert [i.code for i in import_files(master, saved).issues] == ["share_workbook_unprotected"]
