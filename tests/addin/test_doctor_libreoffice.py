"""``srm-xl doctor`` names the LibreOffice it found, and says what to do when it is too old to compute Excel's
newer functions."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest

from srm_xl.addin.doctor import check_libreoffice
from tests.libreoffice import soffice


def _fake_soffice(tmp_path: Path, banner: str) -> str:
    """An executable answering ``--version`` like an installed LibreOffice of another release."""
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\necho '{banner}'\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.mark.libreoffice
def test_doctor_reports_the_installed_libreoffice_version() -> None:
    command = soffice()
    banner = subprocess.run([command, "--version"], capture_output=True, text=True, check=True, timeout=60).stdout
    [finding] = check_libreoffice(command)
    assert finding.ok
    version = finding.fields["version"]
    assert f"LibreOffice {version}" in banner and version in finding.message("zh")
    assert tuple(int(p) for p in str(version).split(".")[:2]) >= (24, 8)


def test_libreoffice_7_4_from_bookworm_is_reported_as_too_old_with_the_fix(tmp_path: Path) -> None:
    [finding] = check_libreoffice(_fake_soffice(tmp_path, "LibreOffice 7.4.7.2 40(Build:2)"))
    assert not finding.ok
    assert "7.4.7.2" in finding.message("en") and "tools/install-libreoffice.sh" in finding.message("en")
    assert "过旧" in finding.message("zh")


def test_an_unrecognisable_answer_is_a_problem_not_a_pass(tmp_path: Path) -> None:
    [finding] = check_libreoffice(_fake_soffice(tmp_path, "something else"))
    assert not finding.ok and finding.code == "doctor_libreoffice_unknown"
