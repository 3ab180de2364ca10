"""Supplier packages: each holds one supplier's data only, everything locked but the answer cells, signed."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.styles import INPUT_FILL
from srm_xl.issues import column_letter
from srm_xl.jobs.share_reply import book_cells
from srm_xl.schema import spec
from srm_xl.sharing.cells import sign
from srm_xl.sharing.compare import refs, signed, with_values
from srm_xl.sharing.ledger import (
    MASTER_ID,
    MASTER_PROPERTY,
    Ledger,
    sharing_dir,
    user_store,
)
from srm_xl.sheets.eightd_layout import RESPONSES
from srm_xl.sheets.package_cover import SIGNATURE_REF
from srm_xl.sheets.package_forms import answer_ref
from tests.books import sheet_rows
from tests.sharing.master import PERIOD, SUPPLIERS, export, make_master, secrets_of


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    folder = tmp_path_factory.mktemp("share")
    master = make_master(folder / "master.xlsx", "en", {"sharing.english_suppliers": "SUPB02"})
    _, packages = export(master, folder / "out")
    return master, packages


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_one_package_per_supplier(exported: tuple[Path, dict[str, Path]]) -> None:
    assert set(exported[1]) == set(SUPPLIERS)


@pytest.mark.parametrize("code", list(SUPPLIERS))
def test_no_other_supplier_in_any_part(exported: tuple[Path, dict[str, Path]], code: str) -> None:
    parts = members(exported[1][code])
    own = secrets_of(code)
    assert all(any(s.encode() in data for data in parts.values()) for s in (own[0], own[6], own[8])), (
        "own data is there"
    )
    for other in SUPPLIERS:
        if other == code:
            continue
        for secret in secrets_of(other):
            found = [name for name, data in parts.items() if secret.encode("utf-8") in data]
            assert found == [], f"{secret!r} of {other} found in {found} of {code}'s package"


@pytest.mark.parametrize("code", list(SUPPLIERS))
def test_parts_are_only_what_a_package_needs(exported: tuple[Path, dict[str, Path]], code: str) -> None:
    parts = members(exported[1][code])
    names = set(parts)
    assert not any(
        re.search(r"sharedStrings|vbaProject|comments|pivot|externalLink|drawing|chart|customXml|printerSettings", n)
        for n in names
    ), names
    workbook = parts["xl/workbook.xml"].decode()
    sheets = set(re.findall(r'<sheet name="([^"]+)"', workbook))
    names = re.findall(r'<definedName name="([^"]+)" localSheetId="\d+">\'([^\']+)\'!', workbook)
    assert (
        names
        and {n for n, _ in names} <= {"_xlnm.Print_Area", "_xlnm.Print_Titles"}
        and {s for _, s in names} <= sheets
    )
    assert workbook.count("<definedName ") == len(names), "only print names, each about a sheet of the package"
    assert "veryHidden" not in workbook and 'state="hidden"' not in workbook
    assert '<workbookProtection lockStructure="1"/>' in workbook
    assert b"macroEnabled" not in parts["[Content_Types].xml"]
    core = parts["docProps/core.xml"].decode()
    assert re.findall(r"<dc:(\w+)>([^<]*)</dc:\1>", core) == [("creator", "srm_xl"), ("title", f"{code} {PERIOD}")]
    assert "TitlesOfParts" not in parts["docProps/app.xml"].decode()
    assert not any(
        b"<f>" in data or b"<f " in data for name, data in parts.items() if name.startswith("xl/worksheets/")
    )


def test_every_sheet_protected_and_only_answer_cells_unlocked(exported: tuple[Path, dict[str, Path]]) -> None:
    workbook = openpyxl.load_workbook(exported[1]["SUPA01"])
    assert workbook.security.lockStructure
    forms = ["8D-SCAR-A-ZK1", "8D-SCAR-A-ZK2"]
    assert workbook.sheetnames == [
        "Cover",
        "Scorecard",
        "Score explanation",
        "Inspection log",
        "Corrective actions",
        *forms,
    ]
    areas = {f"{column_letter(c)}{r}" for area in RESPONSES.values() for r, c in area.cells()}
    for sheet in workbook.worksheets:
        assert sheet.protection.sheet and sheet.protection.password, sheet.title
        assert sheet.sheet_state == "visible"
        unlocked = {c.coordinate for row in sheet.iter_rows() for c in row if not c.protection.locked}
        assert unlocked == (areas if sheet.title in forms else set()), sheet.title
    form = workbook[forms[0]]
    assert all(form[answer_ref(k)].fill.fgColor.rgb.endswith(INPUT_FILL) for k in RESPONSES)
    assert form["B3"].value == "SCAR-A-ZK1" and form[answer_ref("root_cause")].protection.locked is False
    assert [workbook["Corrective actions"][f"A{r}"].value for r in (2, 3)] == ["SCAR-A-ZK1", "SCAR-A-ZK2"]


def test_cover_in_the_suppliers_language_with_result_and_identity(tmp_path: Path) -> None:
    master = make_master(
        tmp_path / "zh.xlsx", "zh", {"sharing.english_suppliers": "SUPB02", "sharing.contact": "QA desk 021-5555"}
    )
    _, packages = export(master, tmp_path / "out", suppliers=["SUPA01", "SUPB02"])
    chinese = dict((r[0], r[1]) for r in sheet_rows(packages["SUPA01"], "封面") if r and r[0])
    assert (
        chinese["等级"] == "C"
        and chinese["处理措施"] == "Improvement plan required"
        and chinese["供应商代码"] == "SUPA01"
    )
    assert chinese["联系方式"] == "QA desk 021-5555" and chinese["期间"] == PERIOD
    assert openpyxl.load_workbook(packages["SUPA01"]).sheetnames[:5] == [
        "封面",
        "供应商评分",
        "评分说明",
        "来料检验记录",
        "纠正措施",
    ]
    english = dict((r[0], r[1]) for r in sheet_rows(packages["SUPB02"], "Cover") if r and r[0])
    assert english["Grade"] == "A" and english["Total score"] == "91.0" and english["Buyer"] == SUPPLIERS["SUPB02"][1]
    assert english["Supplier code"] == "SUPB02" and english["Period"] == PERIOD
    assert "8D-SCAR-B-ZK1" in openpyxl.load_workbook(packages["SUPB02"]).sheetnames


def test_signature_verifies_with_the_key_found_by_the_masters_own_id(exported: tuple[Path, dict[str, Path]]) -> None:
    master, packages = exported
    with FileWorkbook(master) as book:
        master_id = book.custom_property(MASTER_PROPERTY)
    assert master_id is not None and MASTER_ID.fullmatch(master_id)
    ledger = Ledger.of(master, master_id)
    key = ledger.key()
    assert key is not None and len(key) == 32
    assert (master.parent / "srm-sharing" / master_id / "key").read_text() == key.hex()
    assert (user_store() / "sharing" / master_id / "key").read_text() == key.hex(), "a copy in the per-user store"
    assert not sharing_dir(master).exists() and not any(
        p.suffix == ".json" for p in packages["SUPA01"].parent.iterdir()
    )
    for code, package in packages.items():
        with FileWorkbook(package) as book:
            cells = book_cells(book)
        cover = dict(cells.filter(pl.col("sheet") == "Cover").select("ref", "text").iter_rows())
        manifest = ledger.manifest(cover["B20"])
        assert (
            manifest is not None and manifest.supplier == code and cover["B21"] == code and manifest.master == master_id
        )
        unsigned = refs([*((r.sheet, r.ref) for r in manifest.responses), ("Cover", SIGNATURE_REF)])
        payload = signed(with_values(cells, manifest.kinds), manifest.sheets, unsigned)
        assert sign(key, manifest.package_id, code, PERIOD, payload) == cover[SIGNATURE_REF] == manifest.signature
        raw = b"".join(members(package).values())
        assert key.hex().encode() not in raw and manifest.password.encode() not in raw and master_id.encode() not in raw


def test_the_manifest_keeps_each_cells_kind_and_normalised_value(exported: tuple[Path, dict[str, Path]]) -> None:
    master, packages = exported
    with FileWorkbook(packages["SUPA01"]) as book:
        package_id = book.read_rows("Cover")[19][1]
    with FileWorkbook(master) as book:
        manifest = Ledger.of(master, book.custom_property(MASTER_PROPERTY)).manifest(str(package_id))
    assert manifest is not None
    total = f"{column_letter(spec('scorecard').keys().index('total'))}2"
    assert (manifest.kinds["Scorecard"][total], manifest.cells["Scorecard"][total]) == ("n1", "58.5")
    assert (manifest.kinds["Inspection log"]["D2"], manifest.cells["Inspection log"]["D2"]) == ("d", "2026-07-03")
    assert "A2" not in manifest.kinds["Inspection log"] and manifest.cells["Inspection log"]["A2"] == "LOT-A-XQ1"


def test_lots_are_the_suppliers_own_in_the_period(exported: tuple[Path, dict[str, Path]]) -> None:
    rows = sheet_rows(exported[1]["SUPC03"], spec("inspections").name("en"))
    assert [r[0] for r in rows[1:]] == ["LOT-C-XQ1", "LOT-C-XQ2"]


def test_result_and_explanation_are_the_periods_own(exported: tuple[Path, dict[str, Path]]) -> None:
    rows = sheet_rows(exported[1]["SUPA01"], spec("score_explanation").name("en"))
    assert [(r[0], r[1]) for r in rows[1:]] == [(PERIOD, "SUPA01")]
    assert [r[:2] for r in sheet_rows(exported[1]["SUPA01"], "Scorecard")[1:]] == [(PERIOD, "SUPA01")]


def test_numbers_are_written_as_a_spreadsheet_saves_them(exported: tuple[Path, dict[str, Path]]) -> None:
    """The scoring engine's −0 and float noise never reach a package: LibreOffice would save them otherwise."""
    parts = members(exported[1]["SUPA01"])
    numbers = [
        v
        for name, data in parts.items()
        if name.startswith("xl/worksheets/")
        for v in re.findall(rb"<c [^>]*?(?<!t=\"inlineStr\")><v>([^<]*)</v>", data)
    ]
    assert numbers and all(
        not v.startswith(b"-0") and len(v.strip(b"-").replace(b".", b"").lstrip(b"0")) <= 15 for v in numbers
    ), numbers
    explanation = openpyxl.load_workbook(exported[1]["SUPA01"])["Score explanation"]
    numerator, contribution = (spec("score_explanation").keys().index(k) + 1 for k in ("numerator", "contribution"))
    assert (explanation.cell(2, numerator).value, explanation.cell(2, contribution).value) == (0, 0.3)
