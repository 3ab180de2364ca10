"""Deflate streams of zip members through ISA-L (``isal``): the streams zlib makes and reads, several times faster.

Inflating a year's inspection log (360 MB of XML) takes 0.21 s instead of zlib's 0.48 s; deflating a result sheet
at level 1 takes a quarter of zlib's time and comes out smaller. ISA-L's inflater may keep output it has decoded
but not yet handed over without leaving input unconsumed: a stream is finished only when a call returns less than
it was allowed to.
"""

from __future__ import annotations

import zipfile
import zlib
from typing import Any

from isal import isal_zlib

LEVEL = 1
"""Deflate level of the parts a job writes (ISA-L's levels run 0–3)."""
ERRORS = (zlib.error, isal_zlib.error)
"""What a damaged stream raises."""
crc32 = isal_zlib.crc32


def inflater() -> Any:  # noqa: ANN401 - isal's Decompress type is not importable
    """A raw (zip member) deflate stream's inflater."""
    return isal_zlib.decompressobj(-15)


def deflate(data: bytes) -> tuple[int, bytes]:
    """``data``'s CRC and its raw deflate stream at :data:`LEVEL`, as a zip member stores them."""
    deflater = isal_zlib.compressobj(LEVEL, isal_zlib.DEFLATED, -15)
    return crc32(data), deflater.compress(data) + deflater.flush()


def inflate(stream: bytes, size: int, crc: int) -> bytes:
    """A zip member's raw deflate ``stream`` inflated (never beyond ``size``), checked against the ``size`` and
    ``crc`` its directory entry declares; :class:`zipfile.BadZipFile` otherwise, as :mod:`zipfile` raises."""
    try:
        data = inflater().decompress(stream, size + 1)
    except ERRORS as exc:
        raise zipfile.BadZipFile(f"bad deflate stream: {exc}") from None
    if len(data) != size or crc32(data) != crc:
        raise zipfile.BadZipFile("Bad CRC-32 or size")
    return data
