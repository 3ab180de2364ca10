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
    "registry": "srm_xl.schema",
    "spec": "srm_xl.schema",
    "Config": "srm_xl.config",
    "read_config": "srm_xl.config",
    "Issue": "srm_xl.validation.issue",
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
    from srm_xl.jobs.importer import import_source
    from srm_xl.jobs.report import Report
    from srm_xl.jobs.validate import validate
    from srm_xl.schema import registry, spec
    from srm_xl.validation.issue import Issue


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'srm_xl' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
