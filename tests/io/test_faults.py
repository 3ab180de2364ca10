"""The fault suite: kills during a write, jobs racing on one book, a full disk, a spreadsheet program holding the
book open, read-only books and folders, and mutated packages — the book always opens, is old or new, its last good
backup survives, and nothing ends in a traceback.

Child processes run the real command line; ``SRM_XL_FAULTS=full`` runs the long campaign (see ``tests/io/faults.py``).
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import socket
import stat
import time
import zipfile
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

import pytest
import typer
from typer.testing import CliRunner

from srm_xl.cli import app
from srm_xl.cli.common import run_on_book
from srm_xl.errors import SrmError
from srm_xl.failures import describe, failure_message
from srm_xl.io.draft import draft_from_spec
from srm_xl.io.file_workbook import FileWorkbook
from srm_xl.io.guard import check_file
from srm_xl.io.lock import STALE_AFTER, BookLock, lock_path
from srm_xl.io.safe_write import TEMP_PREFIX, backup_path, write_temp
from srm_xl.schema import spec
from srm_xl.schema.frames import empty_frame
from srm_xl.templates.build import build_template
from tests.io.faults import (
    KILLS,
    MUTANTS,
    cli,
    cli_killed_at_rename,
    cli_killed_in_write,
    dead_pid,
    fill,
    mutants,
    small_disk,
)

pytestmark = pytest.mark.faults
runner = CliRunner()
AUDIT = spec("audit_log")
SUPPLIERS = spec("suppliers")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("template") / "template.xlsx", "en")


@pytest.fixture
def book(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SRM_XL_LOG_DIR", str(tmp_path / "logs"))
    path = tmp_path / "book.xlsx"
    shutil.copyfile(template, path)
    return path


def audit_rows(path: Path) -> int:
    """Rows of the Audit log, read the way every job reads (so the book must open)."""
    check_file(path)
    with FileWorkbook(path) as workbook:
        return workbook.read(AUDIT).frame.height if workbook.has(AUDIT) else 0


def backups(path: Path) -> list[Path]:
    return [p for n in range(1, 10) if (p := backup_path(path, n)).exists()]


def debris(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith((TEMP_PREFIX, ".~srm-lock."))]


def validate(path: Path, *options: str) -> tuple[int, str]:
    result = runner.invoke(app, [*options, "validate", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, " ".join(result.output.split())


def test_a_kill_at_any_moment_leaves_the_book_old_or_new_and_the_last_good_backup_whole(book: Path) -> None:
    folder = book.parent
    started = time.monotonic()
    first = cli("validate", book.name, cwd=folder)
    assert first.wait(120) == 0, first.stdout.read() if first.stdout else ""
    job_seconds = time.monotonic() - started
    rng = random.Random(17)
    outcomes = {"old": 0, "new": 0}
    for kill in range(KILLS):
        before, rows = book.read_bytes(), audit_rows(book)
        newest = backup_path(book).read_bytes()
        if kill % 2:
            child = cli_killed_in_write(folder, 0.05, kill, "validate", book.name)
        else:
            child = cli("validate", book.name, cwd=folder)
            time.sleep(rng.uniform(0.3, 1.2) * job_seconds)
            child.kill()
        child.wait(120)
        after = audit_rows(book)
        outcome = "old" if book.read_bytes() == before else "new"
        assert outcome == "old" or after == rows + 1, f"kill {kill}: the book is neither the old one nor the new one"
        outcomes[outcome] += 1
        kept = [p.read_bytes() for p in backups(book)]
        assert newest in kept, f"kill {kill}: the last good backup was lost"
        assert before in kept + [book.read_bytes()], f"kill {kill}: the book as it was before the job is gone"
        for path in backups(book):
            check_file(path)
    last = cli("validate", book.name, cwd=folder)
    assert last.wait(120) == 0, "a run after the kills takes over the dead job's lock"
    assert debris(folder) == [], "temporary files and the lock of killed runs are cleaned up"
    assert outcomes["old"] + outcomes["new"] == KILLS


def test_a_kill_between_the_backup_renames_leaves_every_backup_name_whole(book: Path) -> None:
    """Killed before each rename or link of a commit in turn (the rotation's, then the book's): every backup name
    is still there and whole, and the book is old or new — renaming a backup away before its successor was in place
    left that name missing (``book.backup.xlsx`` itself, seen by the random kills above)."""
    for at in range(1, 6):
        for _ in range(3 if at == 1 else 1):  # three backups to rotate, each name there (a whole run puts it back)
            assert cli("validate", book.name, cwd=book.parent).wait(120) == 0
        before, newest, names = book.read_bytes(), backup_path(book).read_bytes(), {p.name for p in backups(book)}
        child = cli_killed_at_rename(book, at, "validate", book.name)
        child.wait(120)
        missing = names - {p.name for p in backups(book)}
        assert not missing, f"killed before rename {at}: {sorted(missing)} missing"
        kept = [p.read_bytes() for p in backups(book)]
        assert newest in kept, f"killed before rename {at}: the last good backup was lost"
        assert before in [*kept, book.read_bytes()], f"killed before rename {at}: the book as it was is gone"
        for path in backups(book):
            check_file(path)


def test_jobs_started_together_lose_no_update(book: Path) -> None:
    folder = book.parent
    codes = {n: [f"K{n}{i:02d}" for i in range(3)] for n in range(3)}
    for n, batch in codes.items():
        lines = ["Supplier code,Supplier name"] + [f"{code},Supplier {code} Ltd" for code in batch]
        (folder / f"new{n}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    children = [
        cli("--wait", "120", "import", f"new{n}.csv", "--into", book.name, "--sheet", "suppliers", cwd=folder)
        for n in codes
    ]
    children.append(cli("--wait", "120", "validate", book.name, cwd=folder))
    for child in children:
        assert child.wait(300) in (0, 1), child.stdout.read() if child.stdout else ""
    with FileWorkbook(book) as workbook:
        kept = set(workbook.read(SUPPLIERS).frame["code"].drop_nulls().to_list())
        audit = workbook.read(AUDIT).frame["job"].to_list()
    assert {c for batch in codes.values() for c in batch} <= kept, "every import's rows are in the book"
    assert len(audit) == 4, "one audit row per job: none was overwritten by another"


def test_a_second_job_waits_then_refuses_naming_the_first(book: Path) -> None:
    before = book.read_bytes()
    with BookLock(book, "srm-xl grade", wait=0):
        code, output = validate(book, "--wait", "0.5")
    assert code == 2 and "in use by another srm-xl job (srm-xl grade" in output
    assert book.read_bytes() == before and debris(book.parent) == []


def test_a_stale_lock_is_taken_over(book: Path) -> None:
    holder = {
        "pid": dead_pid(),
        "user": "someone",
        "host": socket.gethostname(),
        "job": "srm-xl grade",
        "started": "2026-01-01T08:00:00",
        "token": "0123456789abcdef",
    }
    lock_path(book).write_text(json.dumps(holder), encoding="utf-8")
    assert validate(book)[0] == 0, "the lock of a process that has ended is stale"
    holder |= {"host": "another-pc", "pid": 1}
    lock_path(book).write_text(json.dumps(holder), encoding="utf-8")
    code, output = validate(book, "--wait", "0.3")
    assert code == 2 and "another-pc" in output, "a recent lock of another computer is respected"
    old = time.time() - STALE_AFTER - 60
    os.utime(lock_path(book), (old, old))
    assert validate(book)[0] == 0, "a lock older than any job is stale"
    assert not lock_path(book).exists()


def excel_owner_file(user: str) -> bytes:
    """An owner file as Excel writes it: the name's length and the name (ANSI), then at 0x36 again in UTF-16."""
    ansi = user.encode("latin-1", "replace")
    head = (bytes([len(ansi)]) + ansi).ljust(0x36, b" ")
    return head + len(user).to_bytes(2, "little") + user.encode("utf-16-le") + b"\0" * 20


@pytest.mark.parametrize("owner", ["~$book.xlsx", ".~book.xlsx", ".~ok.xlsx", ".~lock.book.xlsx#"])
def test_no_job_writes_while_a_spreadsheet_program_has_the_book_open(book: Path, owner: str) -> None:
    libreoffice = b"Zhang San,pc,/home/zs,05.12.2026 08:00,file:///home/zs/.config/libreoffice/4;"
    content = libreoffice if owner.startswith(".~lock.") else excel_owner_file("Zhang San")
    (book.parent / owner).write_bytes(content)
    before = book.read_bytes()
    code, output = validate(book)
    assert code == 2 and "close the workbook in Excel first" in output and "Zhang San" in output
    assert book.read_bytes() == before and backups(book) == []
    code, output = validate(book, "--if-open", "copy")
    assert code == 0 and book.read_bytes() == before
    copy = next(book.parent.glob("book.results-*.xlsx"))
    assert f"theresultsareinthecopy'{copy}'" in output.replace(" ", ""), "the console names the copy"
    with FileWorkbook(copy) as written:
        assert written.read(AUDIT).frame.height == 1


def test_the_refusal_speaks_the_books_language(tmp_path: Path) -> None:
    path = build_template(tmp_path / "质量.xlsx", "zh")
    (tmp_path / "~$质量.xlsx").write_bytes(excel_owner_file("张三"))
    code, output = validate(path)
    assert code == 2 and "请先在 Excel 中关闭该工作簿" in output and "张三" in output


def test_a_full_disk_changes_nothing(book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with small_disk(tmp_path / "disk", 1024) as disk:
        real = disk is not None
        if disk is None:  # no tmpfs here: the disk fills up halfway through writing the new file

            def full(handle: BinaryIO) -> None:
                handle.write(b"PK\x03\x04" + b"\0" * 4096)
                raise OSError(errno.ENOSPC, "No space left on device")

            disk = tmp_path / "disk"
            monkeypatch.setattr("srm_xl.io.file_workbook.write_temp", lambda target, write: write_temp(target, full))
            path = disk / book.name
            shutil.copyfile(book, path)
        else:
            path = disk / book.name
            shutil.copyfile(book, path)
            assert validate(path)[0] == 0
            fill(disk, 16 * 1024)
        before, kept = path.read_bytes(), [p.read_bytes() for p in backups(path)]
        code, output = validate(path)
        assert code == 2 and "not enough disk space" in output
        assert path.read_bytes() == before and [p.read_bytes() for p in backups(path)] == kept
        assert debris(disk) == []
        if real:
            fill(disk, 0)
            code, output = validate(path)
            assert code == 2 and "not enough disk space" in output, "not even the lock file fits"
            assert path.read_bytes() == before and debris(disk) == []


def test_a_read_only_book_is_refused_not_replaced(book: Path) -> None:
    book.chmod(0o444)
    before = book.read_bytes()
    code, output = validate(book)
    assert code == 2 and "'book.xlsx' is read-only and was not changed" in output
    assert book.read_bytes() == before and stat.S_IMODE(book.stat().st_mode) == 0o444 and backups(book) == []


def test_a_read_only_folder_is_refused(book: Path) -> None:
    folder = book.parent
    before = book.read_bytes()
    folder.chmod(0o555)
    try:
        code, output = validate(book)
    finally:
        folder.chmod(0o755)
    assert code == 2 and "cannot write in the folder" in output and book.read_bytes() == before
    assert debris(folder) == []


def test_the_book_keeps_its_permissions_and_owner(book: Path) -> None:
    book.chmod(0o664)
    owner = (65534, 65534) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    if os.geteuid() == 0:
        os.chown(book, *owner)
    assert validate(book)[0] == 0
    assert stat.S_IMODE(book.stat().st_mode) == 0o664
    assert (book.stat().st_uid, book.stat().st_gid) == owner


def test_backups_rotate_and_the_newest_is_never_rewritten_in_place(book: Path) -> None:
    versions = [book.read_bytes()]
    inodes = []
    for _ in range(4):
        assert validate(book, "--backups", "2")[0] == 0
        versions.append(book.read_bytes())
        inodes.append(backup_path(book).stat().st_ino)
    assert backup_path(book).read_bytes() == versions[3] and backup_path(book, 2).read_bytes() == versions[2]
    assert backups(book) == [backup_path(book), backup_path(book, 2)]
    assert len(set(inodes)) == len(inodes), "each run's backup is a new file, the previous one renamed"


def test_a_book_saved_meanwhile_is_not_overwritten_and_the_results_are_kept(book: Path) -> None:
    other = build_template(book.parent / "other.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        workbook.stage(draft_from_spec(AUDIT, empty_frame(AUDIT), "en"))
        saved = shutil.copyfile(other, book.parent / "saving.xlsx")
        os.replace(saved, book)  # how Excel saves: a new file renamed over the old
        with pytest.raises(SrmError) as raised:
            workbook.commit()
    assert raised.value.code == "book_changed" and book.read_bytes() == other.read_bytes()
    side = book.parent / str(raised.value.fields["side"])
    with FileWorkbook(side) as kept:
        assert kept.has(AUDIT) and "Suppliers" in kept.sheet_names()


def test_a_book_rewritten_in_place_meanwhile_is_not_overwritten(book: Path) -> None:
    other = build_template(book.parent / "other.xlsx", "zh")
    with FileWorkbook(book) as workbook:
        workbook.stage(draft_from_spec(AUDIT, empty_frame(AUDIT), "en"))
        shutil.copyfile(other, book)
        with pytest.raises(SrmError) as raised:
            workbook.commit()
    assert raised.value.code in ("book_rewritten", "book_changed") and book.read_bytes() == other.read_bytes()


def test_a_book_rewritten_keeping_its_size_and_time_is_not_overwritten(book: Path) -> None:
    """A tool that rewrites the book and keeps its modification time (a sync, a restore): the checksum tells."""
    with FileWorkbook(book) as workbook:
        workbook.stage(draft_from_spec(AUDIT, empty_frame(AUDIT), "en"))
        stat = book.stat()
        data = bytearray(book.read_bytes())
        data[-30] ^= 0xFF  # one byte of the zip's directory record, the size unchanged
        book.write_bytes(bytes(data))
        os.utime(book, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        with pytest.raises(SrmError) as raised:
            workbook.commit()
    assert raised.value.code in ("book_rewritten", "book_changed") and book.read_bytes() == bytes(data)


def test_temporary_files_of_killed_runs_are_removed(book: Path) -> None:
    host = socket.gethostname()
    dead = book.parent / f"{TEMP_PREFIX}book.xlsx.{host}.{dead_pid()}.00ff00ff"
    live = book.parent / f"{TEMP_PREFIX}book.xlsx.{host}.{os.getpid()}.00ff00fe"
    dead.write_bytes(b"PK half a zip")
    live.write_bytes(b"PK being written")
    assert validate(book)[0] == 0
    assert not dead.exists() and live.exists(), "only files of ended processes are debris"


def test_corrupt_relationship_parts_are_refused_before_any_reader(book: Path) -> None:
    with zipfile.ZipFile(book) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    rels = next(n for n in parts if n.startswith("xl/worksheets/_rels/"))
    for damage in (parts[rels][: len(parts[rels]) // 2], parts[rels].replace(b"Target=", b"Targ="), b"<x/>"):
        with zipfile.ZipFile(book, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, damage if name == rels else data)
        code, output = validate(book)
        assert code == 2 and rels in output


def test_mutated_packages_never_end_in_a_traceback(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SRM_XL_LOG_DIR", str(tmp_path / "logs"))
    codes: dict[int, int] = {}
    for path, how in mutants(template, tmp_path / "mutants", MUTANTS):
        result = runner.invoke(app, ["--wait", "0", "validate", str(path)])
        assert result.exception is None or isinstance(result.exception, SystemExit), f"{how}: {result.exception!r}"
        assert "Traceback" not in result.output and result.exit_code in (0, 1, 2), f"{how}: {result.output}"
        codes[result.exit_code] = codes.get(result.exit_code, 0) + 1
        if how.endswith(".rels") and not _parses(path, how.split()[-1]):
            assert result.exit_code == 2, f"{how}: a relationship part that does not parse is refused"
        path.unlink()
    assert codes.get(2, 0) > MUTANTS // 3


def _parses(path: Path, part: str) -> bool:
    with zipfile.ZipFile(path) as archive:
        if part not in archive.namelist():
            return True
        try:
            ElementTree.fromstring(archive.read(part))
        except ElementTree.ParseError:
            return False
    return True


def test_the_error_printer_survives_odd_exceptions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SRM_XL_LOG_DIR", str(tmp_path))

    class Odd(Exception):
        def __str__(self) -> str:
            raise ValueError("no text")

    try:
        raise Odd()
    except Odd as error:
        odd = error
    assert describe(odd) == "Odd: Odd()"
    line, code = failure_message(odd, "en", "srm-xl grade")
    assert code == 3 and "internal error" in line
    log = next(tmp_path.glob("srm_xl-*.log"))
    assert str(log) in line and "Traceback" in log.read_text(encoding="utf-8")
    assert "ParseError" in describe(ElementTree.ParseError("bad"))


def test_an_internal_error_exits_3_with_one_line_and_a_log(book: Path, tmp_path: Path) -> None:
    probe = typer.Typer()

    @probe.command()
    def crash(path: Path) -> None:
        run_on_book(path, lambda workbook: {}["missing"])

    result = runner.invoke(probe, [str(book)])
    assert result.exit_code == 3 and "Traceback" not in result.output
    assert "internal error (KeyError: 'missing')" in " ".join(result.output.split())
    assert len(list((tmp_path / "logs").glob("srm_xl-*.log"))) == 1 and debris(book.parent) == []


def test_a_command_failing_outside_any_job_still_ends_in_one_line(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("a file where a folder should be", encoding="utf-8")
    child = cli("templates", "build", "--out", str(taken), cwd=tmp_path)
    output = child.communicate(timeout=120)[0]
    assert child.returncode == 2 and "Traceback" not in output
    assert len(output.strip().splitlines()) <= 3 and "system error" in output
