"""Tools of the fault suite: the command line in a child process (to kill it), a small full disk, and mutated
packages.

The campaign's size comes from ``SRM_XL_FAULTS``: unset, a sample that keeps the suite fast; ``full``, the long
campaign (run it with ``-m faults`` before a release).
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import srm_xl

FULL = os.environ.get("SRM_XL_FAULTS") == "full"
KILLS = 40 if FULL else 6
MUTANTS = 600 if FULL else 60
SRC = str(Path(srm_xl.__file__).resolve().parents[1])

KILL_IN_WRITE = """
import os, random, signal, sys, threading, time
from pathlib import Path

folder, delay, seed = Path(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])

def kill_during_the_write() -> None:
    while not any(p.name.startswith(".~srm-tmp.") for p in folder.iterdir()):
        time.sleep(0.0005)
    time.sleep(random.Random(seed).uniform(0, delay))
    os.kill(os.getpid(), signal.SIGKILL)

threading.Thread(target=kill_during_the_write, daemon=True).start()
from srm_xl.cli import app
app(sys.argv[4:], prog_name="srm-xl")
"""
"""A child that runs the command line and kills itself (SIGKILL) at a random moment after its temporary file
appears: inside the write, the backup rotation, the rename, or just after."""

KILL_AT_RENAME = """
import os, signal, sys
from pathlib import Path

book, at = Path(sys.argv[1]), int(sys.argv[2])
renames = 0

def kill_before_the_rename(event: str, args: tuple) -> None:
    global renames
    named = event in ("os.rename", "os.link") and Path(args[1]).name.startswith(book.stem + ".")
    if named and str(args[1]).endswith(".xlsx"):
        renames += 1
        if renames == at:
            os.kill(os.getpid(), signal.SIGKILL)

sys.addaudithook(kill_before_the_rename)
from srm_xl.cli import app
app(sys.argv[3:], prog_name="srm-xl")
"""
"""A child that runs the command line and kills itself (SIGKILL) just before its ``at``-th rename or hard link onto
the book or one of its backups: each step of the backup rotation and the book's replacement in turn."""


def cli_killed_at_rename(book: Path, at: int, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", KILL_AT_RENAME, str(book), str(at), *args],
        cwd=book.parent,
        env=env(),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": SRC, "COLUMNS": "200"}


def cli(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """``srm-xl args`` in a child process (started, not waited for)."""
    return subprocess.Popen(
        [sys.executable, "-m", "srm_xl", *args],
        cwd=cwd,
        env=env(),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def cli_killed_in_write(folder: Path, delay: float, seed: int, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", KILL_IN_WRITE, str(folder), str(delay), str(seed), *args],
        cwd=folder,
        env=env(),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@contextlib.contextmanager
def small_disk(folder: Path, size_kb: int) -> Iterator[Path | None]:
    """A tmpfs of ``size_kb`` mounted at ``folder`` (None where mounting is not allowed)."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = False
    if sys.platform == "linux" and os.geteuid() == 0:
        command = ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)]
        mounted = subprocess.run(command, capture_output=True, check=False).returncode == 0
    try:
        yield folder if mounted else None
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def fill(folder: Path, leave_bytes: int) -> None:
    """Fill the file system of ``folder`` until about ``leave_bytes`` are free."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with (folder / "filler.bin").open("ab") as handle, contextlib.suppress(OSError):
        handle.write(b"\0" * max(0, free - leave_bytes))


_MUTATIONS = ("truncate", "flip", "drop_tag", "garbage", "huge_number", "remove_part", "swap_parts", "empty", "bad_ref")


def mutants(source: Path, out: Path, count: int, seed: int = 17) -> Iterator[tuple[Path, str]]:
    """``count`` packages made from ``source`` by one mutation of one XML part each, rezipped with valid CRCs
    (so the mutation reaches the XML, not only the zip checks); yields each file and what was done."""
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    xml_names = sorted(n for n in parts if n.endswith((".xml", ".rels")))
    sheet_rels = [n for n in xml_names if n.startswith("xl/worksheets/_rels/")]
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        name = sheet_rels[number % len(sheet_rels)] if sheet_rels and number % 10 == 0 else rng.choice(xml_names)
        how = rng.choice(_MUTATIONS)
        changed = dict(parts)
        changed[name] = _mutate(parts[name], how, rng)
        if how == "remove_part":
            del changed[name]
        elif how == "swap_parts":
            other = rng.choice(xml_names)
            changed[name], changed[other] = parts[other], parts[name]
        path = out / f"mutant{number:04d}.xlsx"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, data in changed.items():
                archive.writestr(part, data)
        path.write_bytes(buffer.getvalue())
        yield path, f"{how} {name}"


def _mutate(data: bytes, how: str, rng: random.Random) -> bytes:
    at = rng.randrange(max(1, len(data)))
    if how == "truncate":
        return data[:at]
    if how == "flip":
        return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :] if data else data
    if how == "drop_tag":
        tags = [m.span() for m in re.finditer(rb"<[^>]*>", data)]
        if tags:
            start, end = rng.choice(tags)
            return data[:start] + data[end:]
        return data
    if how == "garbage":
        return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40))) + data[at:]
    if how == "huge_number":
        return re.sub(rb'"\d+"', b'"99999999999999999999"', data, count=rng.randrange(1, 4))
    if how == "empty":
        return b""
    if how == "bad_ref":
        return re.sub(rb'(Target|r:id|Id|ref|r)="[^"]*"', lambda m: m.group(1) + b'="../../../x\x01"', data, count=1)
    return data
