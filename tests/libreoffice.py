"""LibreOffice headless as the real spreadsheet engine of the test tier: recalculate and convert files."""

from __future__ import annotations

import re
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
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    result = out_dir / f"{source.stem}.{fmt}"
    assert result.exists(), f"LibreOffice did not write {result}"
    return result


def pdf_pages(pdf: Path, *, layout: bool = False) -> list[str]:
    """The text of each page of ``pdf`` (pdftotext: reading order, or with ``layout`` as laid out, so that text
    side by side on the page is on one line), one string per page."""
    mode = ["-layout"] if layout else []
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *mode, str(pdf), "-"], check=True, capture_output=True, timeout=60
    )
    return done.stdout.decode("utf-8").split("\f")[:-1]


def pdf_page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Width and height of each page in points (pdfinfo)."""
    done = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], check=True, capture_output=True, text=True, timeout=60
    )
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", done.stdout, re.MULTILINE)
    return [(float(w), float(h)) for w, h in sizes]
