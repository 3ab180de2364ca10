"""The Excel add-in: build it from the sources in the repository, install it into Excel, check the set-up."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from srm_xl.cli.common import app, console, fail, group
from srm_xl.cli.lang import user_lang
from srm_xl.errors import SrmError
from srm_xl.messages import render

if TYPE_CHECKING:
    from srm_xl.addin import Step

addin_app = group("addin", "The SRM ribbon add-in for Excel.")


def _show_steps(steps: list[Step], installed: bool) -> None:
    if installed:
        for step in steps:
            console.print(f"✓ {step.describe()}")
        return
    plan = "; ".join(step.describe() for step in steps)
    console.print(render("addin_platform", user_lang(), platform=sys.platform, plan=plan))


@addin_app.command("build")
def build(
    out: Annotated[Path | None, typer.Option(help="Where to write the .xlam (default: addin/srm_xl.xlam).")] = None,
    sync_xlwings: Annotated[
        bool, typer.Option(help="First refresh macros/xlwings.bas from the installed xlwings.")
    ] = False,
) -> None:
    """Build addin/srm_xl.xlam from addin/customUI.xml and macros/*.bas, reproducibly."""
    from srm_xl.addin import build_addin
    from srm_xl.addin.sources import write_xlwings_module

    try:
        if sync_xlwings:
            write_xlwings_module()
        console.print(f"→ {build_addin(out=out)}")
    except SrmError as error:
        raise fail(error) from None


@addin_app.command("install")
def install(
    addin: Annotated[Path | None, typer.Option(help="The .xlam to install (default: the built one).")] = None,
) -> None:
    """Copy the add-in to Excel's start-up folder and point xlwings at this Python (Windows/macOS)."""
    from srm_xl.addin import Machine
    from srm_xl.addin import install as run

    try:
        _show_steps(run(addin), Machine().has_excel)
    except SrmError as error:
        raise fail(error) from None


@addin_app.command("uninstall")
def uninstall() -> None:
    """Remove the add-in and its xlwings config."""
    from srm_xl.addin import Machine
    from srm_xl.addin import uninstall as run

    _show_steps(run(), Machine().has_excel)


@addin_app.command("adopt-vba")
def adopt_vba(
    saved: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="An .xlam saved by Excel from macros/.")],
) -> None:
    """Take the VBA project of an add-in saved by Excel (the one-time Windows step) after checking it matches macros/."""
    from srm_xl.addin import adopt_vba_project

    try:
        console.print(f"→ {adopt_vba_project(saved)}")
    except SrmError as error:
        raise fail(error) from None


@app.command()
def doctor() -> None:
    """Check the add-in set-up (build, installation, interpreter, jobs) and LibreOffice, and say what to fix."""
    from srm_xl.addin import doctor as checks

    findings = checks()
    for finding in findings:
        console.print(("[green]✓[/] " if finding.ok else "[red]✗[/] ") + finding.message(user_lang()))
    if not all(f.ok for f in findings):
        raise typer.Exit(1)
