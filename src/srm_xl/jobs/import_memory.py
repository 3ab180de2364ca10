"""What the last import said for each row, so that importing an updated file changes only what the file changed.

After each import the rows it read are remembered per target sheet (their key and the cells the source gave), in
this user's data folder under the workbook's id (:data:`~srm_xl.sharing.ledger.MASTER_PROPERTY`):
``imports/<id>/<sheet>.parquet``, stamped with a token the book also carries. On the next import a cell the source
still says the same as then is left as the book has it — an edit made in the book since is kept — and a cell the
source changed is taken from the source.
Without a memory that matches the book (a first import, another user, a backup restored or a copy imported into
since) the source's value is taken, as before.
"""

from __future__ import annotations

import contextlib
import secrets
from pathlib import Path

import polars as pl

from srm_xl.io.read_cache import DAMAGED
from srm_xl.io.workbook import Workbook
from srm_xl.sharing.ledger import user_store

KEY = "_key"
STAMP = "_stamp"
"""The token a memory and the book it describes both carry (a custom property per sheet)."""
_LOST = DAMAGED
"""A memory that cannot be read or written (damaged, a folder that cannot be written): the import goes on without
it."""


def _path(identity: str, sheet: str) -> Path:
    return user_store() / "imports" / identity / f"{sheet}.parquet"


def _stamp_property(sheet: str) -> str:
    return f"srm_xl.imported.{sheet}"


def recall(book: Workbook, identity: str, sheet: str) -> pl.DataFrame | None:
    """What the imports into ``sheet`` last read, by row key — only when the book is the one that import wrote (its
    stamp matches: not a backup restored since, a copy, or a book another import's results went beside);
    ``None`` otherwise or when nothing is remembered."""
    stamp, path = book.custom_property(_stamp_property(sheet)), _path(identity, sheet)
    if stamp is None or not path.exists():
        return None
    with contextlib.suppress(*_LOST):
        frame = pl.read_parquet(path)
        if STAMP in frame.columns and frame.height and frame[STAMP][0] == stamp:
            return frame.drop(STAMP)
    return None


def stamp(book: Workbook, sheet: str) -> str:
    """A new stamp for what this import reads into ``sheet``, saved with the book it writes."""
    token = secrets.token_hex(8)
    book.set_custom_property(_stamp_property(sheet), token)
    return token


def remember(identity: str, sheet: str, rows: pl.DataFrame, last: pl.DataFrame | None, token: str) -> bool:
    """``rows`` (``_key`` and the columns this import read) as what the imports into ``sheet`` last read, over
    ``last`` (what was remembered for this book before: other rows, and other columns of the same rows, which
    another source may have given), under the book's new stamp ``token``; whether it could be written."""
    path = _path(identity, sheet)
    try:
        if last is not None and KEY in last.columns:
            aligned = last.with_columns(
                pl.col(c).cast(t, strict=False) if c in last.columns else pl.lit(None, t).alias(c)
                for c, t in rows.schema.items()
            )
            rows = aligned.update(rows, on=KEY, how="full", include_nulls=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        rows.with_columns(pl.lit(token).alias(STAMP)).write_parquet(temporary, compression="lz4", statistics=False)
        temporary.replace(path)
    except _LOST:
        return False
    return True
