"""``srm-xl doctor``: is everything in place for the SRM tab and worksheet functions, and if not, what to do."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from srm_xl.addin.install import Machine
from srm_xl.addin.sources import Layout
from srm_xl.errors import SrmError
from srm_xl.messages import Lang, render

_VERSION = re.compile(r"^'Version: (\S+)", re.MULTILINE)
_LIBREOFFICE_VERSION = re.compile(r"LibreOffice\s+(\d+\.\d+(?:\.\d+)*)")
LIBREOFFICE_NEEDED = "24.8"
"""The first LibreOffice that computes XLOOKUP, FILTER, UNIQUE and LET as Excel writes them (7.4 shows #NAME?)."""
LIBREOFFICE_TIMEOUT = 60


@dataclass(frozen=True)
class Finding:
    """One check's result: ``ok`` or a problem, as a message code and its fields."""

    ok: bool
    code: str
    fields: dict[str, object] = field(default_factory=dict)

    def message(self, lang: Lang = "en") -> str:
        return render(self.code, lang, **self.fields)


def _config_values(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(",")
        values[key.strip().strip('"')] = value.strip().strip('"')
    return values


def check_build(layout: Layout) -> list[Finding]:
    """The add-in in the repository is built, current, and its xlwings module matches the installed xlwings."""
    import xlwings

    from srm_xl.addin.package import addin_bytes

    if not layout.xlam.is_file():
        return [Finding(False, "addin_not_built", {"path": str(layout.xlam)})]
    module = (layout.macros / "xlwings.bas").read_text(encoding="cp1252")
    found = _VERSION.search(module)
    version = found.group(1) if found else "?"
    if version != xlwings.__version__:
        return [Finding(False, "doctor_xlwings_version", {"addin": version, "installed": xlwings.__version__})]
    try:
        current = addin_bytes(layout) == layout.xlam.read_bytes()
    except SrmError as error:
        return [Finding(False, error.code, dict(error.fields))]
    if not current:
        return [
            Finding(False, "doctor_addin_stale", {"path": str(layout.xlam), "built": "macros/, addin/customUI.xml"})
        ]
    return [Finding(True, "doctor_ok", {"what": f"{layout.xlam} (xlwings {version})"})]


def check_install(machine: Machine, addin: Path) -> list[Finding]:
    """The add-in is in Excel's start-up folder, equal to ``addin``, and the config names a real interpreter."""
    if not machine.has_excel:
        return [Finding(True, "doctor_no_excel", {"platform": machine.platform})]
    findings = []
    installed = machine.installed_addin()
    if not installed.is_file():
        findings.append(Finding(False, "doctor_addin_missing", {"path": str(installed)}))
    elif addin.is_file() and installed.read_bytes() != addin.read_bytes():
        findings.append(Finding(False, "doctor_addin_stale", {"path": str(installed), "built": str(addin)}))
    else:
        findings.append(Finding(True, "doctor_ok", {"what": str(installed)}))
    config = machine.config_file()
    if not config.is_file():
        return findings + [Finding(False, "doctor_config_missing", {"path": str(config)})]
    values = _config_values(config)
    interpreter = values.get("INTERPRETER_WIN" if machine.windows else "INTERPRETER_MAC", "")
    if not interpreter or not Path(interpreter).is_file():
        return findings + [Finding(False, "doctor_interpreter", {"path": str(config), "interpreter": interpreter})]
    return findings + [Finding(True, "doctor_ok", {"what": f"{config}: {interpreter}"})]


def check_actions() -> list[Finding]:
    """Every ribbon button's job is installed."""
    from srm_xl.xl.ribbon import missing_actions

    missing = missing_actions()
    if missing:
        return [
            Finding(False, "doctor_actions_missing", {"actions": ", ".join(f"{a} ({t})" for a, t in missing.items())})
        ]
    return [Finding(True, "doctor_ok", {"what": "ribbon actions"})]


def libreoffice_version(command: str) -> str | None:
    """The version ``soffice --version`` reports (``25.2.3.2``), or None when it says nothing recognisable."""
    try:
        done = subprocess.run(
            [command, "--version"], capture_output=True, text=True, timeout=LIBREOFFICE_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = _LIBREOFFICE_VERSION.search(done.stdout)
    return found.group(1) if found else None


def check_libreoffice(command: str | None = None) -> list[Finding]:
    """The LibreOffice that renders PDF reports and recalculates in tests: found, and new enough."""
    command = command or shutil.which("soffice") or shutil.which("libreoffice")
    if command is None:
        return [Finding(True, "doctor_libreoffice_missing", {"need": LIBREOFFICE_NEEDED})]
    version = libreoffice_version(command)
    if version is None:
        return [Finding(False, "doctor_libreoffice_unknown", {"path": command})]
    numbers = tuple(int(part) for part in version.split(".")[:2])
    need = tuple(int(part) for part in LIBREOFFICE_NEEDED.split("."))
    if numbers < need:
        return [
            Finding(False, "doctor_libreoffice_old", {"version": version, "path": command, "need": LIBREOFFICE_NEEDED})
        ]
    return [Finding(True, "doctor_libreoffice", {"version": version, "path": command})]


def doctor(layout: Layout = Layout(), machine: Machine = Machine()) -> list[Finding]:
    """Every check, in the order a person would fix them."""
    build = check_build(layout) if layout.custom_ui.is_file() else []
    return build + check_install(machine, layout.xlam) + check_actions() + check_libreoffice()
