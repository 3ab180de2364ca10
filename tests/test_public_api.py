"""The package root: a small pinned public API, and importing it does no work."""

from __future__ import annotations

import subprocess
import sys

import srm_xl

PINNED = [
    "Config",
    "ConfigError",
    "FileWorkbook",
    "Issue",
    "Report",
    "SheetError",
    "SrmError",
    "UnsafeFileError",
    "Workbook",
    "build_dashboard",
    "check_contracts",
    "classify_customers",
    "compute_claims",
    "explain_grade",
    "export_for_suppliers",
    "export_survey",
    "export_surveys",
    "grade",
    "import_replies",
    "import_source",
    "import_survey",
    "import_surveys",
    "inspect_lots",
    "promote_candidate",
    "raise_scars",
    "rank_candidates",
    "read_config",
    "reevaluation_due",
    "registry",
    "satisfaction",
    "scan_risks",
    "score_audits",
    "spec",
    "track_complaints",
    "update_approved_list",
    "validate",
]


def test_public_names_are_pinned() -> None:
    assert sorted(srm_xl.__all__) == sorted(PINNED)
    for name in srm_xl.__all__:
        assert getattr(srm_xl, name) is not None


def test_import_loads_nothing_heavy() -> None:
    code = "import sys, srm_xl; print(sorted(m for m in ('polars', 'fastexcel', 'openpyxl', 'xlwings', 'pydantic') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
