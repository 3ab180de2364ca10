"""The Grade job at Excel's scale: 1,000,000 inspections + 1,000,000 deliveries, 10,000 suppliers, 12 months.

Run: ``.venv/bin/python benchmarks/bench_grade.py``. Builds three workbooks once under the temp folder: one saved
the way Excel saves it (XlsxWriter: shared strings, date cells, number formats — what users have), the same with a
Remarks column on its supplier list reading ``N/A`` (a word a typed read takes for "missing", among the shared
strings every sheet shares, as users' books hold), and one written by the product's own writer (inline strings). For each, whole processes are timed in turn on a fresh copy:
``srm-xl grade BOOK --period 2026-Q3`` with an empty read cache, the same command again on the unchanged
workbook (re-grade: the grades are recalled, nothing written), ``--again`` (recomputed, the inputs served by the
read cache), and a bare fastexcel read of the same sheets into polars; peak
memory is each process's own. The job's phases (read, compute, write) are also timed in-process, and the read
of the inspection log is profiled. Targets: grade ≤ 1.3 × the bare read, re-grade ≤ 0.2 × it, peak ≤ 1.5 GiB.
Writes its section of ``benchmarks/RESULTS.md``.
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
import zipfile
from datetime import date
from pathlib import Path

import fastexcel
from run_all import machine as described_machine
from run_all import record

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
BOOKS = {
    "excel": FOLDER / "grade_1m_excel.xlsx",
    "excel-na": FOLDER / "grade_1m_excel_na.xlsx",
    "product": FOLDER / "grade_1m.xlsx",
}
KINDS = {
    "excel": "Excel-saved workbook",
    "excel-na": "Excel-saved workbook, N/A in a Remarks column of its supplier list",
    "product": "product-saved workbook",
}
PERIOD = "2026-Q3"
SECTION = "## bench_grade"
GIB = 1024**3


def build(path: Path, writer: str) -> None:
    """The workbook, saved like Excel (``excel``, ``excel-na``: :func:`with_remark`) or by the product's renderer
    (``product``)."""
    if writer == "excel-na":
        with_remark(BOOKS["excel"], path)
        return
    sys.path.insert(0, str(HERE))
    from bench_scoring import generate
    from excel_book import write_excel_book

    inputs = generate()
    frames = {key: getattr(inputs, key) for key in ("suppliers", "parts", "inspections", "deliveries")}
    if writer == "excel":
        write_excel_book(path, frames, "en")
        return
    book = FileWorkbook.create(path, "en")
    for key, frame in frames.items():
        book.stage(draft_from_spec(spec(key), frame, "en"))
    book.commit()


def with_remark(source: Path, path: Path) -> None:
    """``source`` (saved like Excel) with a Remarks column on its supplier list whose first cell reads N/A."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        strings = old.read("xl/sharedStrings.xml")
        first = strings.count(b"</si>")
        for info in old.infolist():
            data = strings if info.filename == "xl/sharedStrings.xml" else old.read(info)
            if info.filename == "xl/sharedStrings.xml":
                data = data.replace(b"</sst>", b"<si><t>Remarks</t></si><si><t>N/A</t></si></sst>")
                data = re.sub(rb'uniqueCount="\d+"', f'uniqueCount="{first + 2}"'.encode(), data, count=1)
            elif info.filename == "xl/worksheets/sheet1.xml":  # the supplier list
                data = data.replace(b'<dimension ref="A1:C', b'<dimension ref="A1:D', 1)
                for row in (1, 2):
                    at = data.index(b"</row>", data.index(f'<row r="{row}"'.encode()))
                    cell = f'<c r="D{row}" t="s"><v>{first + row - 1}</v></c>'.encode()
                    data = data[:at] + cell + data[at:]
            new.writestr(info.filename, data)


def bare_read(path: Path) -> None:
    """fastexcel alone reading the sheets the job reads, each into polars."""
    reader = fastexcel.read_excel(path)
    for key in USED:
        name = spec(key).name("en")
        if name in reader.sheet_names:
            reader.load_sheet(name).to_polars()


def grade_command(path: Path, *extra: str) -> None:
    """The command a user runs, in this process."""
    from srm_xl.cli import app

    app(["grade", str(path), "--period", PERIOD, *extra], standalone_mode=False)


def process(flag: str, path: Path, cache: Path | None = None) -> tuple[float, float]:
    """Wall seconds of a whole child process doing ``flag`` on ``path``, and its own peak memory in GiB."""
    env = dict(os.environ, SRM_XL_CACHE=str(cache) if cache else "off")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, flag, str(path)], check=True, capture_output=True, text=True, env=env
    )
    wall = time.perf_counter() - start
    return wall, float(done.stdout.strip().splitlines()[-1])


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
    """The job's phases timed in this process, the rows read and the suppliers graded."""
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


def profile_read(path: Path, top: int = 10) -> str:
    """The functions reading the inspection log spends most time in (own time)."""
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

    memory = subprocess.run(["free", "-g"], capture_output=True, text=True, check=False).stdout.strip()
    return f"{described_machine()}\n\n```\n$ nproc\n{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()}\n$ free -g\n{memory}\n```"


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def bench(writer: str, runs: int) -> list[str]:
    """Whole processes in turn on one kind of workbook: grade (cold cache), re-grade, bare read."""
    built = BOOKS[writer]
    if not built.exists():
        start = time.perf_counter()
        subprocess.run([sys.executable, __file__, f"--build-{writer}", str(built)], check=True)
        print(f"built {built} ({built.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - start:.1f} s")
    grade, regrade, again, bare, peaks, bare_peaks = [], [], [], [], [], []
    for _ in range(runs):
        work = FOLDER / f"grade_run_{writer}.xlsx"
        shutil.copyfile(built, work)
        cache = Path(tempfile.mkdtemp(prefix="cache-", dir=FOLDER))
        wall, peak = process("--grade", work, cache)
        grade.append(wall)
        peaks.append(peak)
        regrade.append(process("--grade", work, cache)[0])
        again.append(process("--again", work, cache)[0])
        bare_wall, bare_peak = process("--bare", work)
        bare.append(bare_wall)
        bare_peaks.append(bare_peak)
        shutil.rmtree(cache, ignore_errors=True)
        for leftover in FOLDER.glob(f"grade_run_{writer}*"):
            leftover.unlink()
    g, r, a, b = median(grade), median(regrade), median(again), median(bare)
    return [
        f"{KINDS[writer]}: {built.stat().st_size / 1e6:.0f} MB; whole processes, median of {runs}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        f"  srm-xl grade (empty read cache)   {g:6.2f} s  = {g / b:.2f} × the bare read (target ≤ 1.3); peak {max(peaks):.2f} GiB (target ≤ 1.5)",
        f"  srm-xl grade again (unchanged)    {r:6.2f} s  = {r / b:.2f} × the bare read (target ≤ 0.2): recalled",
        f"  srm-xl grade --again              {a:6.2f} s  = {a / b:.2f} × the bare read: recomputed, inputs cached",
        f"  bare fastexcel read, same sheets  {b:6.2f} s  (runs: {', '.join(f'{v:.2f}' for v in bare)}); "
        f"peak {max(bare_peaks):.2f} GiB",
    ]


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    lines = [*bench("excel", runs), *bench("excel-na", runs), *bench("product", runs)]
    work = FOLDER / "grade_phases.xlsx"
    shutil.copyfile(BOOKS["excel"], work)
    os.environ["SRM_XL_CACHE"] = "off"
    clock, rows, suppliers = measure(work)
    described = {
        "read": "guard, Config and the sheets scoring reads",
        "compute": "grade_suppliers",
        "write": "stage the result sheets + commit",
    }
    lines += [
        f"phases in one process (Excel-saved workbook, no cache): {rows:,} rows read, {suppliers:,} suppliers graded ({PERIOD})",
        "  phase      wall s    cpu s",
        *(
            f"  {phase:8} {clock.wall[phase]:8.2f} {clock.cpu[phase]:8.2f}  ({text})"
            for phase, text in described.items()
        ),
    ]
    profile = profile_read(BOOKS["excel"])
    print("\n".join(lines))
    print("\nprofile of FileWorkbook.read(inspections), by own time:\n" + profile)
    record(
        SECTION,
        f"{SECTION}\n\n{date.today()} — {machine()}\n\n```\n"
        + "\n".join(lines)
        + "\n\nFileWorkbook.read(inspections), Excel-saved, by own time (ncalls tottime percall cumtime percall function):\n"
        + profile
        + "\n```\n",
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1].startswith("--build-"):
        build(Path(sys.argv[2]), sys.argv[1].removeprefix("--build-"))
    elif len(sys.argv) == 3 and sys.argv[1] in ("--grade", "--again", "--bare"):
        flag, book = sys.argv[1], Path(sys.argv[2])
        if flag == "--bare":
            bare_read(book)
        else:
            grade_command(book, *(["--again"] if flag == "--again" else []))
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / GIB)
    else:
        main()
