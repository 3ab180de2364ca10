"""srm_xl: supplier and customer quality management inside Excel, powered by Python.

The public API is the jobs (one per user action), the workbook classes, the schema registry and the error
types. Importing the package does no work: names are loaded on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "FileWorkbook": "srm_xl.io.file_workbook",
    "Workbook": "srm_xl.io.workbook",
    "Report": "srm_xl.jobs.report",
    "validate": "srm_xl.jobs.validate",
    "import_source": "srm_xl.jobs.importer",
    "inspect_lots": "srm_xl.jobs.inspect",
    "grade": "srm_xl.jobs.grade",
    "explain_grade": "srm_xl.jobs.grade_explain",
    "scan_risks": "srm_xl.jobs.risks",
    "raise_scars": "srm_xl.jobs.scars",
    "export_for_suppliers": "srm_xl.jobs.share",
    "import_replies": "srm_xl.jobs.share",
    "classify_customers": "srm_xl.jobs.customers",
    "track_complaints": "srm_xl.jobs.customers",
    "satisfaction": "srm_xl.jobs.customers",
    "export_surveys": "srm_xl.jobs.customers",
    "import_surveys": "srm_xl.jobs.customers",
    "check_contracts": "srm_xl.jobs.contracts",
    "build_dashboard": "srm_xl.jobs.dashboard",
    "compute_claims": "srm_xl.jobs.claims",
    "rank_candidates": "srm_xl.jobs.qualification",
    "promote_candidate": "srm_xl.jobs.qualification",
    "export_survey": "srm_xl.jobs.qualification_survey",
    "import_survey": "srm_xl.jobs.qualification_survey",
    "score_audits": "srm_xl.jobs.qualification_audit",
    "update_approved_list": "srm_xl.jobs.qualification_asl",
    "reevaluation_due": "srm_xl.jobs.qualification_asl",
    "registry": "srm_xl.schema",
    "spec": "srm_xl.schema",
    "Config": "srm_xl.config",
    "read_config": "srm_xl.config",
    "Issue": "srm_xl.issues",
    "SrmError": "srm_xl.errors",
    "UnsafeFileError": "srm_xl.errors",
    "ConfigError": "srm_xl.errors",
    "SheetError": "srm_xl.errors",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from srm_xl.config import Config, read_config
    from srm_xl.errors import ConfigError, SheetError, SrmError, UnsafeFileError
    from srm_xl.io.file_workbook import FileWorkbook
    from srm_xl.io.workbook import Workbook
    from srm_xl.issues import Issue
    from srm_xl.jobs.claims import compute_claims
    from srm_xl.jobs.contracts import check_contracts
    from srm_xl.jobs.customers import classify_customers, export_surveys, import_surveys, satisfaction, track_complaints
    from srm_xl.jobs.dashboard import build_dashboard
    from srm_xl.jobs.grade import grade
    from srm_xl.jobs.grade_explain import explain_grade
    from srm_xl.jobs.importer import import_source
    from srm_xl.jobs.inspect import inspect_lots
    from srm_xl.jobs.qualification import promote_candidate, rank_candidates
    from srm_xl.jobs.qualification_asl import reevaluation_due, update_approved_list
    from srm_xl.jobs.qualification_audit import score_audits
    from srm_xl.jobs.qualification_survey import export_survey, import_survey
    from srm_xl.jobs.report import Report
    from srm_xl.jobs.risks import scan_risks
    from srm_xl.jobs.scars import raise_scars
    from srm_xl.jobs.share import export_for_suppliers, import_replies
    from srm_xl.jobs.validate import validate
    from srm_xl.schema import registry, spec


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'srm_xl' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
