"""A columnar cache of sheets already read: re-reading an unchanged sheet costs a Parquet load, not a parse.

An entry is keyed by the digest of the sheet part's compressed bytes (and of the shared strings its text points
at), the spec, the columns asked for and a fingerprint of the product's own code, so it is used only when the part
is byte-identical and was read by the same code; any change to the sheet, to the strings it uses or to the product
makes a new key. The entry also keeps each cell format's number format (what decides whether a reader sees a
date) and is used only while those formats are unchanged: formats added after them (a job's result sheets add
some) do not matter to a sheet that is byte for byte the same. Entries live in the user's cache folder
(``$XDG_CACHE_HOME/srm-xl/tables``, else ``~/.cache/srm-xl/tables``), never beside the workbook, are written
atomically (temp file + rename) and pruned oldest-first above :data:`MAX_BYTES`. ``SRM_XL_CACHE=off`` turns
the cache off; ``SRM_XL_CACHE=<folder>`` puts it elsewhere. A damaged entry is ignored, never an error. A data
sheet a job has just written is put here as the next read will get it (:mod:`srm_xl.io.handover`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import os
import tempfile
import zlib
from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path

import polars as pl

from srm_xl.io.package import NS, parse
from srm_xl.io.table import Table
from srm_xl.issues import Issue
from srm_xl.schema import SheetSpec

ENV = "SRM_XL_CACHE"
MAX_BYTES = 2 * 1024**3
"""Above this total the oldest entries are removed."""
_VERSION = 3
_SUFFIX = ".srmcache"
DAMAGED: tuple[type[BaseException], ...] = (OSError, pl.exceptions.PolarsError, pl.exceptions.PanicException)
"""What reading a Parquet file the product keeps (an entry here, an import's memory) raises when the file is
damaged: polars panics on some damaged files (a page whose sizes disagree) instead of raising an error."""
_ASKED = "asked.json"
MAX_ASKED = 4
"""Column sets remembered per sheet (the grade reads one per data sheet)."""


@dataclasses.dataclass(frozen=True)
class Entry:
    """Where one read is kept: its key, and the workbook's cell number formats when it was read."""

    key: str
    formats: tuple[str, ...]


def cache_folder() -> Path | None:
    """Where entries live, or ``None`` when the cache is turned off."""
    setting = os.environ.get(ENV, "").strip()
    if setting.lower() in {"off", "0", "no", "false"}:
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "srm-xl" / "tables"


@cache
def code_fingerprint() -> str:
    """A digest of the product's source and of the readers under it: new code never reuses old entries."""
    digest = hashlib.blake2b(digest_size=16)
    root = Path(__file__).resolve().parents[1]
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    for package in ("polars", "fastexcel"):
        digest.update(f"{package}={metadata.version(package)}".encode())
    return digest.hexdigest()


def entry_key(part_digests: Iterable[str], spec: SheetSpec, sheet: str, columns: Collection[str] | None) -> str:
    """The key of one read: the parts' digests, what was asked for, and the code that read it."""
    asked = json.dumps(
        [_VERSION, spec.key, sheet, sorted(columns) if columns is not None else None, code_fingerprint()],
        ensure_ascii=False,
    )
    digest = hashlib.blake2b(asked.encode(), digest_size=20)
    for part in part_digests:
        digest.update(part.encode())
    return digest.hexdigest()


def hints_text(hints: object) -> str:
    """What a read knew beyond the sheet's cells (the workbook's value and column maps, years), as key text."""
    return json.dumps(hints, ensure_ascii=False, sort_keys=True, default=_mapping)


@lru_cache(maxsize=4)
@lru_cache(maxsize=8)
def number_formats(styles_xml: bytes | None) -> tuple[str, ...]:
    """Each cell format's number format, in order: a built-in one by its id, a custom one by its code (the
    styles part of a book is asked once per sheet read: remembered)."""
    if styles_xml is None:
        return ()
    root = parse(styles_xml)
    custom = {n.get("numFmtId", ""): n.get("formatCode", "") for n in root.iterfind("main:numFmts/main:numFmt", NS)}
    ids = (xf.get("numFmtId", "0") for xf in root.iterfind("main:cellXfs/main:xf", NS))
    return tuple(f"code:{custom[i]}" if i in custom else f"id:{i}" for i in ids)


def load(entry: Entry, spec: SheetSpec) -> Table | None:
    """The table stored for ``entry``, or ``None`` (not cached, cache off, formats changed, entry unreadable)."""
    folder = cache_folder()
    if folder is None:
        return None
    path = folder / f"{entry.key}{_SUFFIX}"
    try:
        data = path.read_bytes()
        head_size, checksum = int.from_bytes(data[:8], "little"), int.from_bytes(data[8:12], "little")
        if len(data) < 12 or zlib.crc32(memoryview(data)[12:]) != checksum:
            return None  # damaged since it was written (a disk or a sync tool): its numbers could be any
        head = json.loads(data[12 : 12 + head_size])
        stored = tuple(head["formats"])
        if entry.formats[: len(stored)] != stored:
            return None
        frame = pl.read_parquet(io.BytesIO(data[12 + head_size :]))
        os.utime(path)
    except (ValueError, KeyError, TypeError, *DAMAGED):
        return None
    issues = [issue_from_fields(item) for item in head["issues"]]
    return Table(
        spec, head["sheet"], frame, head["header_row"], head["columns"], head["headers"], head["extras"], issues
    )


def store(entry: Entry, table: Table) -> None:
    """Keep ``table`` for ``entry``; a cache that cannot be written is skipped silently (it is only a cache)."""
    folder = cache_folder()
    if folder is None:
        return
    head = json.dumps(
        {
            "formats": entry.formats,
            "sheet": table.sheet,
            "header_row": table.header_row,
            "columns": table.columns,
            "headers": table.headers,
            "extras": table.extras,
            "issues": [issue_fields(issue) for issue in table.issues],
        },
        ensure_ascii=False,
        default=plain,
    ).encode()
    body = io.BytesIO()
    try:
        table.frame.write_parquet(body, compression="lz4", statistics=False)
        checksum = zlib.crc32(body.getbuffer(), zlib.crc32(head)).to_bytes(4, "little")
        write_entry(
            folder / f"{entry.key}{_SUFFIX}", [len(head).to_bytes(8, "little"), checksum, head, body.getbuffer()]
        )
    except (OSError, pl.exceptions.PolarsError):
        return


def carry(old: Entry, new: Entry) -> None:
    """Keep what is stored for ``old`` for ``new`` as well (a sheet whose cells a job left as they were: only its
    problem cells were marked); the entry file is linked, not copied. Skipped silently when there is nothing to
    carry or the folder cannot be written."""
    folder = cache_folder()
    if folder is None or old.key == new.key or old.formats != new.formats[: len(old.formats)]:
        return
    linked = folder / f".{new.key}.{os.getpid()}.link"
    with contextlib.suppress(OSError):
        linked.unlink(missing_ok=True)
        os.link(folder / f"{old.key}{_SUFFIX}", linked)
        os.replace(linked, folder / f"{new.key}{_SUFFIX}")


def remember_asked(spec: SheetSpec, columns: Collection[str]) -> None:
    """Note that a job read only ``columns`` of ``spec``'s sheet (the newest :data:`MAX_ASKED` column sets per
    sheet are kept): a sheet just written, or only marked, is then kept for that read too."""
    folder = cache_folder()
    wanted = sorted(columns)
    if folder is None or wanted in asked(spec):
        return
    path = folder / _ASKED
    with contextlib.suppress(OSError, ValueError):
        known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        known[spec.key] = [wanted, *known.get(spec.key, [])][:MAX_ASKED]
        write_entry(path, [json.dumps(known, ensure_ascii=False).encode()])


def asked(spec: SheetSpec) -> list[list[str]]:
    """The column sets jobs read of ``spec``'s sheet (:func:`remember_asked`), newest first."""
    folder = cache_folder()
    try:
        found = json.loads((folder / _ASKED).read_text(encoding="utf-8")) if folder is not None else {}
        return [list(map(str, c)) for c in found.get(spec.key, []) if isinstance(c, list)]
    except (OSError, ValueError, AttributeError, TypeError):
        return []


def write_entry(path: Path, chunks: Iterable[bytes | memoryview], limit: int = MAX_BYTES) -> None:
    """``chunks`` written as the cache entry ``path`` atomically (temp file + rename), then the entries of its
    kind (its suffix) pruned to ``limit`` bytes; ``OSError`` when the folder cannot be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".", suffix=".part", dir=path.parent)
    with os.fdopen(fd, "wb") as out:
        for chunk in chunks:
            out.write(chunk)
    os.replace(temp, path)
    prune(path.parent, limit, path.suffix)


def prune(folder: Path, limit: int = MAX_BYTES, suffix: str = _SUFFIX) -> None:
    """Remove the least recently used entries (files ending ``suffix``) until they hold at most ``limit`` bytes."""
    entries = []
    for path in folder.glob(f"*{suffix}"):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        path.unlink(missing_ok=True)
        total -= size


def issue_fields(issue: Issue) -> dict[str, object]:
    return {
        "sheet": issue.sheet,
        "row": issue.row,
        "column": issue.column,
        "code": issue.code,
        "check": issue.check,
        "value": issue.value,
        "col": issue.col,
        "severity": issue.severity,
        "fields": issue.fields,
    }


def issue_from_fields(item: dict) -> Issue:
    """The issue :func:`issue_fields` kept."""
    return Issue(**{**item, "fields": item.get("fields") or {}})


def _mapping(value: object) -> object:
    """JSON for the parts of read hints: dataclasses and mappings as dicts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return dict(value)
    return str(value)


def plain(value: object) -> object:
    """JSON for the values an issue may carry (dates as ISO text, anything else as its text)."""
    return value.isoformat() if isinstance(value, date | datetime) else str(value)
