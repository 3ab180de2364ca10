"""The Grade job on a workbook at Excel's scale: 1,000,000 inspections + 1,000,000 deliveries, 10,000 suppliers,
12 months, as a real .xlsx.

Run: ``.venv/bin/python benchmarks/bench_grade.py``. Builds the workbook once (in a child process, with the
product's own writer) under the temp folder, then times, on a fresh copy: read (Config + the sheets scoring
reads, through ``FileWorkbook.read``), compute (``grade_suppliers``), write (stage every result sheet +
commit), the total, peak memory of the measuring process, and fastexcel alone reading the same sheets (in its
own process). Targets: total ≤ 1.5 × the fastexcel read, compute ≤ 2 s, peak ≤ 3 GB. Also profiles the read of
the inspection log. Writes its section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import fastexcel

from srm_xl.config import read_config
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.jobs.audit import finish
from srm_xl.jobs.grade import read_history, read_inputs, stage_results
from srm_xl.schema import spec
from srm_xl.scoring import grade_suppliers, parse_period
from srm_xl.scoring.inputs import USED

HERE = Path(__file__).resolve().parent
FOLDER = Path(tempfile.gettempdir()) / "srm_xl_bench"
BUILT = FOLDER / "grade_1m.xlsx"
PERIOD = "2026-Q3"
RESULTS = HERE / "RESULTS.md"
SECTION = "## bench_grade"


def build(path: Path) -> None:
    """The workbook, written with the product's renderer (one Excel Table per sheet, English headers)."""
    sys.path.insert(0, str(HERE))
    from bench_scoring import generate

    inputs = generate()
    book = FileWorkbook.create(path, "en")
    for key in ("suppliers", "parts", "inspections", "deliveries"):
        book.stage(draft_from_spec(spec(key), getattr(inputs, key), "en"))
    book.commit()


def fastexcel_seconds(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of fastexcel alone reading the sheets the job reads, each into polars."""
    start, cpu = time.perf_counter(), time.process_time()
    reader = fastexcel.read_excel(path)
    for key in USED:
        name = spec(key).name("en")
        if name in reader.sheet_names:
            reader.load_sheet(name).to_polars()
    return time.perf_counter() - start, time.process_time() - cpu


def in_child(flag: str, path: Path) -> str:
    done = subprocess.run([sys.executable, __file__, flag, str(path)], check=True, capture_output=True, text=True)
    return done.stdout.strip()


class Clock:
    """Wall and CPU (all threads) seconds of each phase."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._start = (time.perf_counter(), time.process_time())

    def lap(self, phase: str) -> None:
        now = (time.perf_counter(), time.process_time())
        self.wall[phase], self.cpu[phase] = now[0] - self._start[0], now[1] - self._start[1]
        self._start = now


def measure(path: Path) -> tuple[Clock, int, int]:
    """The job's phases timed, the rows read and the suppliers graded."""
    clock = Clock()
    book = FileWorkbook(path)
    checksum = book.checksum()
    config = read_config(book)
    inputs, issues = read_inputs(book)
    earlier = read_history(book)
    clock.lap("read")
    result = grade_suppliers(inputs, PERIOD, config.scoring, earlier, lang=book.lang)
    clock.lap("compute")
    rows = sum(inputs.frame(k).height for k in USED)
    finish(book, stage_results(book, result, earlier, issues, config, parse_period(PERIOD), rows), checksum)
    clock.lap("write")
    book.close()
    return clock, rows, result.scorecard.height


def profile_read(path: Path, top: int = 12) -> str:
    """The functions reading the inspection log spends most time in (cumulative)."""
    with FileWorkbook(path) as book:
        profiler = cProfile.Profile()
        profiler.enable()
        book.read(spec("inspections"))
        profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    lines = [line for line in out.getvalue().splitlines() if re.match(r"\s+\d", line)]
    return "\n".join(lines[:top])


def machine() -> str:
    sys.path.insert(0, str(HERE))
    from run_all import machine as described

    memory = subprocess.run(["free", "-g"], capture_output=True, text=True, check=False).stdout.strip()
    return f"{described()}\n\n```\n$ nproc\n{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()}\n$ free -g\n{memory}\n```"


def record(text: str) -> None:
    """Replace (or add) this benchmark's section of RESULTS.md."""
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"{re.escape(SECTION)}\n.*?(?=\n## |\Z)", re.S)
    new = pattern.sub(lambda _: text.rstrip("\n"), old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    if not BUILT.exists():
        start = time.perf_counter()
        in_child("--build", BUILT)
        print(f"built {BUILT} ({BUILT.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - start:.1f} s")
    work = FOLDER / "grade_run.xlsx"
    shutil.copyfile(BUILT, work)
    load = os.getloadavg()[0]
    baseline, baseline_cpu = (float(v) for v in in_child("--fastexcel", work).split())
    clock, rows, suppliers = measure(work)
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    total, total_cpu = sum(clock.wall.values()), sum(clock.cpu.values())
    profile = profile_read(BUILT)
    described = {"read": "Config + the sheets scoring reads, FileWorkbook.read", "compute": "grade_suppliers; target ≤ 2 s",
                 "write": "stage Scorecard, history, explanation, action list, charts + commit"}
    lines = [
        f"workbook: {BUILT.stat().st_size / 1e6:.0f} MB, {rows:,} rows read, {suppliers:,} suppliers graded ({PERIOD}); "
        f"load average at start {load:.1f} on {os.cpu_count()} cores",
        "phase      wall s    cpu s",
        *(f"{phase:8} {clock.wall[phase]:8.2f} {clock.cpu[phase]:8.2f}  ({text})" for phase, text in described.items()),
        f"total    {total:8.2f} {total_cpu:8.2f}",
        f"fastexcel alone reading the same sheets: {baseline:.2f} s wall, {baseline_cpu:.2f} s cpu → "
        f"total / fastexcel = {total / baseline:.2f} wall, {total_cpu / baseline_cpu:.2f} cpu (target ≤ 1.5)",
        f"peak memory {peak_gb:.2f} GB (target ≤ 3 GB)",
    ]
    print("\n".join(lines))
    print("\nprofile of FileWorkbook.read(inspections), by own time:\n" + profile)
    record(f"{SECTION}\n\n{date.today()} — {machine()}\n\n```\n" + "\n".join(lines)
           + "\n\nFileWorkbook.read(inspections), by own time (ncalls tottime percall cumtime percall function):\n"
           + profile + "\n```\n")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--build":
        build(Path(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "--fastexcel":
        print(*fastexcel_seconds(Path(sys.argv[2])))
    else:
        main()
