"""What the last import said for each row, so that importing an updated file changes only what the file changed.

After each import the rows it read are remembered per target sheet (their key and the cells the source gave), in
this user's data folder under the workbook's id (:data:`~srm_xl.sharing.ledger.MASTER_PROPERTY`):
``imports/<id>/<sheet>.parquet``. On the next import a cell the source still says the same as then is left as the
book has it — an edit made in the book since is kept — and a cell the source changed is taken from the source.
Without a memory (a first import, another user, a book copied elsewhere) the source's value is taken, as before.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import polars as pl

from srm_xl.io.workbook import Workbook
from srm_xl.sharing.ledger import MASTER_ID, MASTER_PROPERTY, new_master_id, user_store

KEY = "_key"
_LOST = (OSError, pl.exceptions.PolarsError)
"""A memory that cannot be read or written: the import goes on without it."""


def book_id(book: Workbook, *, assign: bool) -> str | None:
    """The workbook's id; when it has none, one given to it (saved with the import) if ``assign``, else ``None``."""
    found = book.custom_property(MASTER_PROPERTY)
    if found is None or not MASTER_ID.fullmatch(found):
        if not assign:
            return None
        found = new_master_id()
        book.set_custom_property(MASTER_PROPERTY, found)
    return found


def _path(identity: str, sheet: str) -> Path:
    return user_store() / "imports" / identity / f"{sheet}.parquet"


def recall(identity: str, sheet: str) -> pl.DataFrame | None:
    """What the imports into ``sheet`` last read, by row key; ``None`` when nothing is remembered."""
    path = _path(identity, sheet)
    if not path.exists():
        return None
    with contextlib.suppress(*_LOST):
        return pl.read_parquet(path)
    return None


def remember(identity: str, sheet: str, rows: pl.DataFrame) -> bool:
    """``rows`` (with ``_key``) as what the imports into ``sheet`` last read, beside the rows of other imports
    remembered before; whether it could be written."""
    previous = recall(identity, sheet)
    path = _path(identity, sheet)
    try:
        if previous is not None and KEY in previous.columns:
            rows = pl.concat([previous.join(rows.select(KEY), on=KEY, how="anti"), rows], how="diagonal_relaxed")
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        rows.write_parquet(temporary, compression="lz4", statistics=False)
        temporary.replace(path)
    except _LOST:
        return False
    return True
