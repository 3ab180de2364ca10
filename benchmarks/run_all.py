"""``make bench``: run every ``bench_*.py`` here in its own process and print its figures.

Record the figures in ``benchmarks/RESULTS.md`` with the machine and the date.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return f"{cpu}, {os.cpu_count()} cores, {memory} GiB, Python {platform.python_version()}"


def record(section: str, text: str) -> None:
    """Replace (or add) one benchmark's section (``section`` is its heading line) of ``RESULTS.md``."""
    results = HERE / "RESULTS.md"
    old = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"{re.escape(section)}\n.*?(?=\n## |\Z)", re.S)
    new = pattern.sub(lambda _: text.rstrip("\n"), old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    results.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def main() -> int:
    print(f"# {date.today()} — {machine()}")
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n## {script.stem}", flush=True)
        failed += subprocess.run([sys.executable, str(script)], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
