"""Import + validate of a 100,000-row inspection log, as a user's own workbook (Chinese headers, title row).

Run: ``.venv/bin/python benchmarks/bench_foundation.py``. Prints the seconds for each part: the guard's check of
the log (which the import runs first; timed alone, then remembered), import into a new template workbook (read,
convert, write back), and validate (read every sheet, check, write report), with an empty read cache, and the bare
fastexcel read of the log's sheet measured in the same run (target: the three together ≤ 2 × it); then the grade a
user runs next. Writes its section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

import fastexcel
import xlsxwriter
from run_all import machine, record

from srm_xl.demo.sample_data import sample_frames
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.guard import check_file
from srm_xl.jobs.grade import grade
from srm_xl.jobs.importer import import_source
from srm_xl.jobs.validate import validate
from srm_xl.schema import spec
from srm_xl.templates.build import build_template

ROWS = 100_000
SUPPLIERS = 1000
FOLDER = Path(tempfile.gettempdir()) / "srm_xl_bench"


def write_user_log(path: Path) -> None:
    """The inspection log as a user keeps it and Excel saves it: a title row, Chinese headers, real dates and
    numbers, text in the shared strings."""
    lots = sample_frames(suppliers=SUPPLIERS, lots=ROWS)["inspections"]
    columns = spec("inspections").columns
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("2026年来料检验")
    dates = book.add_format({"num_format": "yyyy/m/d"})
    sheet.write(0, 0, "2026年来料检验记录")
    sheet.write_row(1, 0, [c.zh for c in columns])
    for r, row in enumerate(lots.select([c.key for c in columns]).iter_rows(), start=2):
        for c, value in enumerate(row):
            if value is None:
                continue
            if hasattr(value, "year"):
                sheet.write_datetime(r, c, value, dates)
            else:
                sheet.write(r, c, value)
    book.close()


def write_master(path: Path) -> None:
    """The workbook imported into: the template with the supplier master the log refers to."""
    suppliers = sample_frames(suppliers=SUPPLIERS, lots=ROWS)["suppliers"]
    with FileWorkbook(build_template(path, "zh")) as master:
        master.stage(draft_from_spec(spec("suppliers"), suppliers, "zh"))
        master.commit()


def bare_read(path: Path) -> float:
    """Seconds for fastexcel alone to read the log's sheet into polars (best of 3)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fastexcel.read_excel(path).load_sheet(0, header_row=1).to_polars()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    cache = tempfile.mkdtemp(prefix="cache-", dir=FOLDER)
    os.environ["SRM_XL_CACHE"] = cache
    source = FOLDER / f"user_log_excel_{ROWS}.xlsx"
    if not source.exists():
        write_user_log(source)
    target = FOLDER / "foundation_book.xlsx"
    target.unlink(missing_ok=True)
    write_master(target)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    check_file(source)
    timings["guard"] = time.perf_counter() - start
    start = time.perf_counter()
    with FileWorkbook(target) as book:
        report = import_source(book, source)
    timings["import"] = time.perf_counter() - start
    start = time.perf_counter()
    with FileWorkbook(target) as book:
        checked = validate(book)
    timings["validate"] = time.perf_counter() - start
    start = time.perf_counter()
    with FileWorkbook(target) as book:
        graded = grade(book)
    after = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bare = bare_read(source)
    job = sum(timings.values())  # the import's own guard is the one timed first (remembered, not run twice)
    lines = [
        f"rows: {ROWS:,}  imported: {report.rows_written:,} (the rest set aside and reported)  "
        f"issues on validate: {len(checked.issues):,}",
        *(f"{name:>9}: {seconds:6.2f} s" for name, seconds in timings.items()),
        f"    total: {sum(timings.values()):6.2f} s   peak memory: {peak:,.0f} MB",
        f"bare fastexcel read of the log's sheet: {bare:.2f} s; import (its guard included) + validate = "
        f"{job / bare:.2f} × it (target ≤ 2)",
        f"grade straight after: {after:.2f} s ({graded.rows_read:,} rows read; the log's from what the import "
        "handed over and validate kept)",
    ]
    print("\n".join(lines))
    section = "## bench_foundation"
    record(section, f"{section}\n\n{date.today()} — {machine()}\n\n```\n" + "\n".join(lines) + "\n```\n")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
