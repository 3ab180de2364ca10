"""Small hand-made workbooks for the qualification jobs, built through the product."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import polars as pl

from srm_xl.config import Config, config_rows
from srm_xl.schema import spec
from tests.books import write_book

CRITERIA = ("qualifications", "reputation", "technical", "capacity", "delivery", "after_sales", "price", "financial")
# C1 by two evaluators, C2 and C3 by one (C3 without reputation), C4 not scored. Default weights
# 15/10/20/15/10/10/10/10: C1 = (85·15 + 70·10 + 85·20 + 60·15 + 80·10 + 70·10 + 70·10 + 80·10) / 100 = 75.75;
# C3 = 70 on every scored criterion = 70.0 (reputation's weight shared out); C2 = 50.0 < 60 → not shortlisted.
SCORES = {
    ("C1", "Wang"): (80, 70, 90, 60, 80, 70, 60, 80),
    ("C1", "Li"): (90, 70, 80, 60, 80, 70, 80, 80),
    ("C2", "Wang"): (50, 50, 50, 50, 50, 50, 50, 50),
    ("C3", "Wang"): (70, None, 70, 70, 70, 70, 70, 70),
}
C1_SCORE, C3_SCORE, C2_SCORE = 75.75, 70.0, 50.0


def typed(key: str, rows: list[dict[str, object]]) -> pl.DataFrame:
    """``rows`` as a frame typed by the ``key`` sheet's spec (missing columns null)."""
    sheet = spec(key)
    types = {
        c.key: {
            "text": pl.String,
            "int": pl.Int64,
            "float": pl.Float64,
            "percent": pl.Float64,
            "date": pl.Date,
            "datetime": pl.Datetime,
        }[c.dtype]
        for c in sheet.columns
    }
    frame = (
        pl.DataFrame(rows, schema={**types, **{k: pl.String for r in rows for k in r if k not in types}}, orient="row")
        if rows
        else None
    )
    return frame if frame is not None else pl.DataFrame(schema=types)


def candidate_book(path: Path, lang: str = "en") -> Path:
    candidates = typed(
        "candidates",
        [
            {
                "candidate": "C1",
                "name": "Acme Precision",
                "need": "P-100",
                "category": "component",
                "uscc": None,
                "contact": "Zhang",
            },
            {"candidate": "C2", "name": "Budget Parts", "need": "P-100", "category": "component"},
            {"candidate": "C3", "name": "Cathay Metal", "need": "P-100", "category": "component"},
            {"candidate": "C4", "name": "Delta Plastics", "need": "P-200", "category": "component"},
        ],
    )
    scores = typed(
        "candidate_scores", [{"candidate": c, "evaluator": e, **dict(zip(CRITERIA, s))} for (c, e), s in SCORES.items()]
    )
    suppliers = typed("suppliers", [{"code": "S1", "name": "Existing", "status": "approved"}])
    return write_book(path, {"candidates": candidates, "candidate_scores": scores, "suppliers": suppliers}, lang)  # type: ignore[arg-type]


def config_frame(lang: str = "en", **settings: object) -> pl.DataFrame:
    """Config-sheet rows with ``qualification`` settings changed."""
    config = Config.model_validate({"qualification": settings})
    return config_rows(lang, config)  # type: ignore[arg-type]


def records(path: Path, sheet: str, header_row: int = 1) -> list[dict[str, object]]:
    """A sheet's rows below ``header_row`` as dicts keyed by header, read with openpyxl."""
    workbook = openpyxl.load_workbook(path)
    rows = [tuple(r) for r in workbook[sheet].iter_rows(min_row=header_row, values_only=True)]
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


TODAY = date(2026, 6, 1)


def audit_book(path: Path, lang: str = "en", *, ratings: bool = True) -> Path:
    """S1 audited on 2026-05-10 (A1, four questions, two findings) and S2 (A2, no checklist); S1 already has a
    Q2 manual rating with a service rating."""
    suppliers = typed(
        "suppliers",
        [{"code": "S1", "name": "Alpha", "status": "approved"}, {"code": "S2", "name": "Beta", "status": "approved"}],
    )
    audits = typed(
        "audits",
        [
            {
                "audit_id": "A1",
                "supplier": "S1",
                "audit_type": "process",
                "audit_date": date(2026, 5, 10),
                "auditor": "Chen",
            },
            {
                "audit_id": "A2",
                "supplier": "S2",
                "audit_type": "system",
                "audit_date": date(2026, 5, 20),
                "auditor": "Chen",
            },
        ],
    )
    checklist = typed(
        "audit_checklist",
        [
            {
                "audit_id": "A1",
                "question_no": "1",
                "dimension": "quality_awareness",
                "question": "Quality targets known?",
                "max_points": 10.0,
                "points": 9.0,
            },
            {
                "audit_id": "A1",
                "question_no": "2",
                "dimension": "manufacturing",
                "question": "Work instructions at stations?",
                "max_points": 10.0,
                "points": 8.0,
                "finding": "Station 3 has no work instruction",
                "finding_level": "major",
            },
            {
                "audit_id": "A1",
                "question_no": "3",
                "dimension": "materials",
                "question": "Incoming inspection?",
                "max_points": 10.0,
                "points": 12.0,
            },
            {
                "audit_id": "A1",
                "question_no": "4",
                "dimension": "transport",
                "question": "Packaging protects parts?",
                "max_points": 10.0,
                "points": None,
                "finding": "Packaging not assessed: no shipment on site",
                "finding_level": "minor",
            },
        ],
    )
    given = [{"period": "2026-Q2", "supplier": "S1", "service_rating": 80.0, "rated_by": "Buyer"}] if ratings else []
    frames = {
        "suppliers": suppliers,
        "audits": audits,
        "audit_checklist": checklist,
        "manual_ratings": typed("manual_ratings", given),
    }
    return write_book(path, frames, lang)  # type: ignore[arg-type]


# A1: points 9 + 8 + min(12, 10) = 27 of 30 (question 4 not assessed) = 90.0 % → grade A (≥ 90); findings 2.
A1_SCORE = 90.0


def asl_book(path: Path, lang: str = "en", **config: object) -> Path:
    """Five sources, each showing one rule (see the tests)."""
    agreed = date(2025, 1, 1)
    suppliers = typed(
        "suppliers",
        [
            {
                "code": code,
                "name": name,
                "status": "approved",
                "agreement_date": agreed if code != "S6" else None,
                "designated": "yes" if code == "S4" else None,
                "designated_by": "K1" if code == "S4" else None,
            }
            for code, name in (
                ("S1", "Alpha"),
                ("S2", "Beta"),
                ("S3", "Gamma"),
                ("S4", "Delta"),
                ("S5", "Epsilon"),
                ("S6", "Zeta"),
            )
        ],
    )
    parts = typed("parts", [{"part": f"P{n}", "supplier": f"S{n}"} for n in range(1, 7)])
    samples = typed(
        "sample_approvals",
        [
            {
                "sample_id": f"T{n}",
                "supplier": f"S{n}",
                "part": f"P{n}",
                "kind": "first_article",
                "quantity": 10,
                "inspected": 5 if n == 2 else 10,
                "defects": 0,
                "decision": "approved",
                "approval_date": date(2026, 3, 1),
            }
            for n in range(1, 7)
        ],
    )
    scorecard = typed(
        "scorecard",
        [
            {"period": "2026-Q1", "supplier": "S3", "grade": "A"},
            {"period": "2026-Q2", "supplier": "S3", "grade": "D"},
            {"period": "2026-Q2", "supplier": "S4", "grade": "D"},
            {"period": "2026-Q2", "supplier": "S1", "grade": "C"},
            {"period": "2026-Q1", "supplier": "S1", "grade": "D"},
        ],
    )
    certificates = typed(
        "certificates",
        [
            {"supplier": "S5", "cert_type": "ISO 9001", "number": "Q-1", "valid_to": date(2026, 1, 1)},
            {"supplier": "S1", "cert_type": "ISO 9001", "number": "Q-2", "valid_to": date(2025, 1, 1)},
            {"supplier": "S1", "cert_type": "ISO 9001", "number": "Q-3", "valid_to": date(2028, 1, 1)},
        ],
    )
    frames = {
        "suppliers": suppliers,
        "parts": parts,
        "sample_approvals": samples,
        "scorecard": scorecard,
        "certificates": certificates,
    }
    if config:
        frames["config"] = config_frame(lang, **config)
    return write_book(path, frames, lang)  # type: ignore[arg-type]
