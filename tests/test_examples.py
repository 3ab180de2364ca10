"""The scripts in examples/ run as a user runs them, and give what a supplier-quality engineer expects."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from srm_xl import FileWorkbook, spec

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_engineers_quarter_is_imported_as_kept_and_graded(tmp_path: Path) -> None:
    out = run("import_and_grade.py", str(tmp_path))
    assert "新增 3 行" in out and "0 行未导入" in out and "0 个用词含义未知" in out
    with FileWorkbook(tmp_path / "srm_xl.xlsx") as book:
        suppliers = book.read(spec("suppliers")).frame
        scorecard = book.read(spec("scorecard")).frame
        lots = book.read(spec("inspections")).frame
    assert sorted(suppliers["category"].to_list()) == ["packaging", "电子料", "结构件"], "包材 is the built-in one"
    assert lots.height == 30 and sorted(set(lots["supplier"].to_list())) == ["GYS001", "GYS002", "GYS003"]
    totals = dict(zip(scorecard["supplier"].to_list(), scorecard["total"].to_list()))
    grades = dict(zip(scorecard["supplier"].to_list(), scorecard["grade"].to_list()))
    assert grades["GYS001"] == "A" and totals["GYS001"] > totals["GYS002"] > totals["GYS003"]
    assert "GYS001 A" in out


def test_sampling_plans_printed_are_the_standards(tmp_path: Path) -> None:
    """Lot 2,000 at level II is code K (n 125): Ac 2 / Re 3 normal, 1 / 2 tightened (GB/T 2828.1 tables 2-A, 2-B);
    at AQL 0.25 reduced, table 2-C's arrow leads from code K to code M, n 125, Ac 1, Re 2."""
    out = run("sampling_plan.py")
    assert "normal    code K  n=125   Ac=2  Re=3" in out and "tightened code K  n=125   Ac=1  Re=2" in out
    assert "reduced   code M  n=125   Ac=1  Re=2" in run("sampling_plan.py", "2000", "0.25")
