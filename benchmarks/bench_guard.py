"""Time ``check_file`` on a legitimate 1,000,000-row × 14-column workbook (the guard must stay cheap on it).

Run: ``.venv/bin/python benchmarks/bench_guard.py``. The workbook (~60 MB, ~640 MB of sheet XML) is written once
with XlsxWriter in constant-memory mode under the temp directory (about a minute) and reused afterwards.
"""

from __future__ import annotations

import os
import tempfile
import time
import zipfile
from pathlib import Path

import xlsxwriter

from srm_xl.io.guard import check_file

ROWS = 1_000_000
HEADERS = [
    "lot",
    "supplier",
    "part",
    "received",
    "lot_size",
    "sample_size",
    "defects",
    "result",
    "inspector",
    "aql",
    "level",
    "severity",
    "note",
    "closed",
]
BOOK = Path(tempfile.gettempdir()) / "srm_xl_bench" / f"guard_{ROWS}x{len(HEADERS)}.xlsx"
RUNS = 3


def build(path: Path) -> None:
    """An inspection log as a supplier-quality team keeps it: text, dates, counts, booleans."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.xlsx")
    book = xlsxwriter.Workbook(partial, {"constant_memory": True})
    sheet = book.add_worksheet("Inspections")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADERS)
    suppliers = [f"SUP-{i:03d}" for i in range(50)]
    for r in range(1, ROWS + 1):
        sheet.write_row(r, 0, [f"L{r:07d}", suppliers[r % 50], f"P-{r % 997}"])
        sheet.write_number(r, 3, 45292 + r % 700, date)
        sheet.write_row(
            r,
            4,
            [500 + r % 1000, 50, r % 3, "accept" if r % 7 else "reject", "Wang", 0.65, "II", "normal", "", bool(r % 2)],
        )
    book.close()
    partial.replace(path)


def main() -> None:
    if not BOOK.exists():
        started = time.perf_counter()
        build(BOOK)
        print(f"built {BOOK} in {time.perf_counter() - started:.1f} s")
    with zipfile.ZipFile(BOOK) as z:
        xml = sum(i.file_size for i in z.infolist())
    timings, again = [], []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as cache:
            os.environ["SRM_XL_CACHE"] = cache
            started = time.perf_counter()
            kind = check_file(BOOK)
            timings.append(time.perf_counter() - started)
            started = time.perf_counter()
            check_file(BOOK)
            again.append(time.perf_counter() - started)
    print(
        f"check_file on {ROWS:,} rows × {len(HEADERS)} columns "
        f"({BOOK.stat().st_size / 2**20:.0f} MB file, {xml / 2**20:.0f} MB unpacked) -> {kind}: "
        f"best {min(timings):.2f} s, runs {', '.join(f'{t:.2f}' for t in timings)} s; "
        f"unchanged file checked again (sheets remembered): best {min(again):.2f} s"
    )


if __name__ == "__main__":
    main()
