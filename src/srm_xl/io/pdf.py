"""Rendering a workbook to PDF through LibreOffice headless, with a throw-away user profile."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from srm_xl.errors import SrmError

TIMEOUT_SECONDS = 120


def soffice() -> str:
    """The LibreOffice command, or an error saying to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise SrmError("libreoffice_missing")
    return found


def convert_to_pdf(workbook: Path, out_pdf: Path) -> Path:
    """``workbook`` converted to ``out_pdf`` by ``soffice --headless --convert-to pdf``."""
    command = soffice()
    out_pdf = Path(out_pdf)
    with tempfile.TemporaryDirectory(prefix="srm_xl_lo_") as scratch:
        profile, outdir = Path(scratch) / "profile", Path(scratch) / "out"
        args = [
            command,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(workbook),
        ]
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise SrmError(
                "pdf_failed", file=Path(workbook).name, reason=f"timeout after {TIMEOUT_SECONDS} s"
            ) from None
        produced = outdir / (Path(workbook).stem + ".pdf")
        if done.returncode != 0 or not produced.exists() or produced.stat().st_size == 0:
            reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
            raise SrmError("pdf_failed", file=Path(workbook).name, reason=reason[0])
        out_pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(produced, out_pdf)
    return out_pdf
