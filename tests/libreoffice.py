"""LibreOffice headless as the real spreadsheet engine of the test tier: recalculate and convert files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    """The LibreOffice binary; tests of this tier fail (not skip) without it, since make test installs it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.fail("LibreOffice is not installed: run `make test` (it installs it) or tools/install-libreoffice.sh")
    return found


def convert(source: Path, out_dir: Path, fmt: str = "xlsx") -> Path:
    """``source`` recalculated by LibreOffice and saved as ``fmt`` in ``out_dir`` (a fresh profile each call)."""
    profile = out_dir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE_SETTINGS, encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", fmt, "--outdir", str(out_dir), str(source)],
        check=True, capture_output=True, timeout=240,
    )
    result = out_dir / f"{source.stem}.{fmt}"
    assert result.exists(), f"LibreOffice did not write {result}"
    return result
