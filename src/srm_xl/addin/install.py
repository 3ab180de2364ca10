"""``srm-xl addin install`` / ``uninstall``: the add-in in Excel's start-up folder and the xlwings config for this
Python environment. On Windows and macOS the steps are carried out; elsewhere they are only returned (no Excel)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from srm_xl.addin.sources import PROJECT_NAME, Layout
from srm_xl.errors import SrmError

UDF_MODULES = "srm_xl.xl.udfs"
_MAC_STARTUP = "Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel"
_MAC_CONFIG = "Library/Containers/com.microsoft.Excel/Data"


@dataclass(frozen=True)
class Step:
    """One thing install or uninstall does: copy the add-in, write the config, or remove a file."""

    action: Literal["copy", "write", "remove"]
    target: Path
    content: bytes = b""

    def describe(self) -> str:
        return f"{self.action} {self.target}"


@dataclass(frozen=True)
class Machine:
    """Where things go on this computer: the platform, environment variables, home folder and interpreter."""

    platform: str = sys.platform
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    home: Path = Path.home()
    executable: str = sys.executable

    @property
    def has_excel(self) -> bool:
        return self.platform in ("win32", "darwin")

    @property
    def windows(self) -> bool:
        return self.platform == "win32"

    def startup_folder(self) -> Path:
        """Excel opens every add-in here at start-up (XLSTART on Windows, the Startup folder on macOS)."""
        if self.windows:
            return Path(self.env.get("APPDATA", self.home / "AppData" / "Roaming")) / "Microsoft" / "Excel" / "XLSTART"
        return self.home / _MAC_STARTUP

    def config_file(self) -> Path:
        """The xlwings user config the add-in's ``GetConfig`` reads (``PROJECT_NAME`` is srm_xl)."""
        if self.windows:
            return Path(self.env.get("USERPROFILE", str(self.home))) / f".{PROJECT_NAME}" / f"{PROJECT_NAME}.conf"
        return self.home / _MAC_CONFIG / f"{PROJECT_NAME}.conf"

    def installed_addin(self) -> Path:
        return self.startup_folder() / f"{PROJECT_NAME}.xlam"


def config_text(machine: Machine, pythonpath: Path) -> str:
    """The config lines (``"KEY","value"``, as VBA's ``Input #`` reads them): interpreter, path, UDF module."""
    interpreter = "INTERPRETER_WIN" if machine.windows else "INTERPRETER_MAC"
    rows = ((interpreter, machine.executable), ("PYTHONPATH", str(pythonpath)), ("UDF MODULES", UDF_MODULES))
    return "".join(f'"{key}","{value}"\r\n' for key, value in rows)


def source_folder() -> Path:
    """The folder holding the ``srm_xl`` package (for PYTHONPATH, so an editable checkout works too)."""
    import srm_xl

    return Path(srm_xl.__file__).resolve().parents[1]


def install_steps(machine: Machine, addin: Path) -> list[Step]:
    if not addin.is_file():
        raise SrmError("addin_not_built", path=str(addin))
    return [
        Step("copy", machine.installed_addin(), addin.read_bytes()),
        Step("write", machine.config_file(), config_text(machine, source_folder()).encode("utf-8")),
    ]


def uninstall_steps(machine: Machine) -> list[Step]:
    return [Step("remove", machine.installed_addin()), Step("remove", machine.config_file())]


def carry_out(steps: list[Step]) -> None:
    for step in steps:
        if step.action == "remove":
            step.target.unlink(missing_ok=True)
            continue
        step.target.parent.mkdir(parents=True, exist_ok=True)
        temporary = step.target.with_name(step.target.name + ".tmp")
        temporary.write_bytes(step.content)
        temporary.replace(step.target)


def install(addin: Path | None = None, machine: Machine = Machine()) -> list[Step]:
    """Copy the add-in to Excel's start-up folder and write the xlwings config; only plan it without Excel."""
    steps = install_steps(machine, addin or Layout().xlam)
    if machine.has_excel:
        carry_out(steps)
    return steps


def uninstall(machine: Machine = Machine()) -> list[Step]:
    """Remove the add-in and its config; only plan it without Excel."""
    steps = uninstall_steps(machine)
    if machine.has_excel:
        carry_out([s for s in steps if s.target.exists()])
    return steps
