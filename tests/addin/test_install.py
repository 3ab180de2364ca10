"""Install, uninstall and doctor, on a Windows- or macOS-shaped machine rooted in a temporary folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from srm_xl.addin.doctor import check_actions, check_install, doctor
from srm_xl.addin.install import Machine, install, uninstall
from srm_xl.addin.sources import Layout
from srm_xl.errors import SrmError

LAYOUT = Layout()


def windows(tmp_path: Path, executable: str = sys.executable) -> Machine:
    return Machine(
        "win32",
        {"APPDATA": str(tmp_path / "Roaming"), "USERPROFILE": str(tmp_path / "me")},
        tmp_path / "me",
        executable,
    )


def test_install_on_windows_copies_the_addin_and_writes_the_config(tmp_path: Path) -> None:
    machine = windows(tmp_path)
    steps = install(LAYOUT.xlam, machine)
    addin = tmp_path / "Roaming" / "Microsoft" / "Excel" / "XLSTART" / "srm_xl.xlam"
    config = tmp_path / "me" / ".srm_xl" / "srm_xl.conf"
    assert [s.target for s in steps] == [addin, config]
    assert addin.read_bytes() == LAYOUT.xlam.read_bytes()
    lines = config.read_text(encoding="utf-8").splitlines()
    assert lines[0] == f'"INTERPRETER_WIN","{sys.executable}"' and lines[2] == '"UDF MODULES","srm_xl.xl.udfs"'
    assert Path(lines[1].split(",", 1)[1].strip('"'), "srm_xl", "__init__.py").is_file(), "PYTHONPATH finds srm_xl"
    uninstall(machine)
    assert not addin.exists() and not config.exists()


def test_macos_paths(tmp_path: Path) -> None:
    machine = Machine("darwin", {}, tmp_path, "/opt/py/bin/python")
    steps = install(LAYOUT.xlam, machine)
    assert (
        steps[0].target
        == tmp_path
        / "Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel/srm_xl.xlam"
    )
    assert steps[1].target == tmp_path / "Library/Containers/com.microsoft.Excel/Data/srm_xl.conf"
    assert steps[1].target.read_text(encoding="utf-8").startswith('"INTERPRETER_MAC","/opt/py/bin/python"')


def test_linux_only_plans(tmp_path: Path) -> None:
    machine = Machine("linux", {}, tmp_path, sys.executable)
    steps = install(LAYOUT.xlam, machine)
    assert [s.action for s in steps] == ["copy", "write"] and not any(tmp_path.iterdir())
    assert [s.action for s in uninstall(machine)] == ["remove", "remove"]


def test_install_needs_a_built_addin(tmp_path: Path) -> None:
    with pytest.raises(SrmError) as caught:
        install(tmp_path / "none.xlam", windows(tmp_path))
    assert caught.value.code == "addin_not_built" and "srm-xl addin build" in caught.value.message("en")


def test_doctor_says_what_is_wrong_then_ok(tmp_path: Path) -> None:
    machine = windows(tmp_path)
    before = check_install(machine, LAYOUT.xlam)
    assert [(f.ok, f.code) for f in before] == [(False, "doctor_addin_missing"), (False, "doctor_config_missing")]
    assert "srm-xl addin install" in before[0].message("en")
    install(LAYOUT.xlam, machine)
    assert all(f.ok for f in check_install(machine, LAYOUT.xlam))
    moved = windows(tmp_path, str(tmp_path / "gone" / "python.exe"))
    install(LAYOUT.xlam, moved)
    assert [f.code for f in check_install(machine, LAYOUT.xlam)][-1] == "doctor_interpreter"
    machine.installed_addin().write_bytes(b"old")
    assert check_install(machine, LAYOUT.xlam)[0].code == "doctor_addin_stale"


def test_doctor_on_this_machine() -> None:
    findings = doctor(LAYOUT, Machine("linux", {}, Path("/nonexistent"), sys.executable))
    assert findings[0].ok and findings[0].code == "doctor_ok", findings[0].message("en")
    assert ("doctor_no_excel", True) in [(f.code, f.ok) for f in findings]
    assert [f.code for f in findings][-2] == check_actions()[0].code
    assert findings[-1].code.startswith("doctor_libreoffice"), "the LibreOffice that renders reports is checked last"
