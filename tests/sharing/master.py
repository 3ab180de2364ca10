"""A small master workbook with three suppliers whose codes, names, lots and SCARs are all distinctive, so a
test can search every byte of a package for any other supplier's data."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import polars as pl

from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.report import Report
from srm_xl.jobs.share import export_for_suppliers, import_replies
from srm_xl.schema import spec
from srm_xl.sheets.eightd_form import form_name
from srm_xl.sheets.package_forms import answer_ref
from tests.books import write_book

SUPPLIERS = {
    "SUPA01": ("Alphaprecision 甲精密制造有限公司", "Buyerzhao 赵采购"),
    "SUPB02": ("Betamotors 乙机电股份公司", "Buyerqian 钱采购"),
    "SUPC03": ("Gammaplast 丙塑胶制品厂", "Buyersun 孙采购"),
}
PERIOD = "2026-Q3"


def secrets_of(code: str) -> list[str]:
    """Every text that identifies ``code`` or its data: code, name, buyer, lots, SCARs, problems, defects."""
    name, buyer = SUPPLIERS[code]
    tag = code[3]
    return [
        code,
        name,
        name.split()[0],
        name.split()[1],
        buyer.split()[0],
        buyer.split()[1],
        f"LOT-{tag}-XQ1",
        f"LOT-{tag}-XQ2",
        f"SCAR-{tag}-ZK1",
        f"SCAR-{tag}-ZK2",
        f"Defect{tag}wart",
        f"Problem{tag}zeta",
    ]


def master_frames() -> dict[str, pl.DataFrame]:
    codes = list(SUPPLIERS)
    suppliers = pl.DataFrame(
        {
            "code": codes,
            "name": [SUPPLIERS[c][0] for c in codes],
            "status": ["approved"] * 3,
            "buyer": [SUPPLIERS[c][1] for c in codes],
        }
    )
    scorecard = pl.DataFrame(
        {
            "period": [PERIOD] * 3,
            "supplier": codes,
            "name": [SUPPLIERS[c][0] for c in codes],
            "total": [58.5, 91.0, 74.25],
            "grade": ["C", "A", "B"],
            "action": ["Improvement plan required", "Keep share", "Keep share"],
        }
    )
    # numbers as the scoring engine computes them: a negative zero, float noise, a third
    explanation = pl.DataFrame(
        {
            "period": [PERIOD] * 3 + ["2026-Q2"],
            "supplier": [*codes, "SUPA01"],
            "metric": ["ppm"] * 4,
            "value": [1200.0, 0.0, 300.0, 9.0],
            "points": [40.0, 100.0, 80.0, 99.0],
            "numerator": [-0.0, 0.0, 3.0, 1.0],
            "contribution": [0.1 + 0.2, 30.0, 24.0, 1 / 3],
        }
    )
    lots = pl.DataFrame(
        {
            "lot": [f"LOT-{c[3]}-XQ{i}" for c in codes for i in (1, 2)],
            "supplier": [c for c in codes for _ in (1, 2)],
            "received": [date(2026, 7, 3), date(2026, 8, 20)] * 3,
            "lot_size": [500, 800] * 3,
            "major": [3, 0] * 3,
            "defect_type": [f"Defect{c[3]}wart" for c in codes for _ in (1, 2)],
            "decision": ["reject", "accept"] * 3,
        }
    )
    scars = pl.DataFrame(
        {
            "scar_id": [f"SCAR-{c[3]}-ZK{i}" for c in codes for i in (1, 2)],
            "supplier": [c for c in codes for _ in (1, 2)],
            "problem": [f"Problem{c[3]}zeta" for c in codes for _ in (1, 2)],
            "issued": [date(2026, 9, 1)] * 6,
            "due_date": [date(2026, 10, 1)] * 6,
            "status": ["open", "open"] * 3,
        }
    )
    return {
        "suppliers": suppliers,
        "scorecard": scorecard,
        "score_explanation": explanation,
        "inspections": lots,
        "corrective_actions": scars,
    }


def make_master(path: Path, lang: str = "en", config: dict[str, str] | None = None) -> Path:
    frames = master_frames()
    if config:
        frames["config"] = pl.DataFrame({"setting": list(config), "value": list(config.values())})
    return write_book(path, frames, lang)  # type: ignore[arg-type]


def export(master: Path, out_dir: Path, **options: object) -> tuple[Report, dict[str, Path]]:
    """Export packages; return the report and each supplier's package path."""
    with FileWorkbook(master) as book:
        report = export_for_suppliers(book, out_dir, **options)  # type: ignore[arg-type]
    packages = {code: next(out_dir.glob(f"{code}_*.xlsx")) for code in SUPPLIERS if any(out_dir.glob(f"{code}_*.xlsx"))}
    return report, packages


def import_files(master: Path, *files: Path) -> Report:
    """Import ``files`` (or, given one folder, every reply in it) into ``master``."""
    with FileWorkbook(master) as book:
        return import_replies(book, files[0] if len(files) == 1 and files[0].is_dir() else list(files))


def answer(package: Path, reply: Path, values: dict[tuple[str, str], object], *, saved: datetime | None = None) -> Path:
    """The package filled in with openpyxl as a supplier would: ``values`` by (SCAR id, 8D field) of an English package."""
    workbook = openpyxl.load_workbook(package)
    for (scar, key), value in values.items():
        workbook[form_name(scar, "en")][answer_ref(key)] = value
    workbook.save(reply)
    return reply if saved is None else saved_at(reply, saved)


def saved_at(path: Path, when: datetime) -> Path:
    """``path`` with the save time its document properties record set to ``when`` (openpyxl always writes now)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    stamp = f"{when.isoformat()}Z".encode()
    parts["docProps/core.xml"] = re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
        rb"\g<1>" + stamp + rb"\g<2>",
        parts["docProps/core.xml"],
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def register(master: Path) -> pl.DataFrame:
    with FileWorkbook(master) as book:
        return book.read(spec("corrective_actions")).frame


def ref(key: str, row: int = 2) -> str:
    """The cell of register column ``key`` in ``row`` of a package's (locked) SCAR register sheet."""
    from srm_xl.issues import column_letter

    return f"{column_letter(spec('corrective_actions').keys().index(key))}{row}"
