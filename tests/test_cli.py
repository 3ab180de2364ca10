"""The command line runs the same jobs as the ribbon, with exit codes a scheduler can act on."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from srm_xl.cli import app
from srm_xl.demo.messy import EXPECTED, write_messy_workbook
from srm_xl.templates.build import TEMPLATE_NAMES

runner = CliRunner()


def test_help_lists_the_jobs() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("validate", "import", "templates", "demo"):
        assert command in result.output


def test_import_creates_the_workbook_from_the_template(tmp_path: Path) -> None:
    source = tmp_path / "messy.xlsx"
    write_messy_workbook(source)
    target = tmp_path / "quality.xlsx"
    result = runner.invoke(app, ["import", str(source), "--into", str(target), "--lang", "en"])
    assert result.exit_code == 1, "two cells could not be read: the rows are in, the exit code says to look"
    workbook = openpyxl.load_workbook(target)
    assert {"Suppliers", "Inspection log", "Config", "Audit log"} <= set(workbook.sheetnames)
    output = " ".join(result.output.split())
    assert (
        f"Suppliers: {EXPECTED['suppliers'].rows} inserted" in output
        and f"Inspection log: {EXPECTED['inspections'].rows} inserted" in output
    )


def test_an_import_that_fails_leaves_no_new_workbook_and_a_dry_run_names_the_book_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "quality.xlsx"
    unrelated = tmp_path / "notes.xlsx"
    unrelated.write_text("meeting notes, not a table\n", encoding="utf-8")
    failed = runner.invoke(app, ["import", str(unrelated), "--into", str(target)])
    assert failed.exit_code == 2 and not target.exists(), "no empty workbook is left where the user looks"
    source = tmp_path / "messy.xlsx"
    write_messy_workbook(source)
    dry = runner.invoke(app, ["import", str(source), "--into", str(target), "--dry-run"])
    assert "".join(dry.output.split()).endswith(f"→{target}") and not target.exists()  # however the console wraps


def test_templates_build_writes_both_languages(tmp_path: Path) -> None:
    result = runner.invoke(app, ["templates", "build", "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(TEMPLATE_NAMES.values())


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 2
