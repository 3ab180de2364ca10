"""What stays with the master workbook: the signing key and one manifest per package sent out.

Both live in ``<book>.srm-sharing/`` beside the master workbook and never inside a package. The key (32 random
bytes, hex) signs each package; the manifest records every cell the package held, which cells the supplier may
answer in and what each answer means, so a reply can be matched, checked and its changes named cell by cell.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

KEY_FILE = "key"
PACKAGE_ID = re.compile(r"^PKG-[0-9A-F]{16}$")


@dataclass(frozen=True)
class Response:
    """One answer cell: ``sheet``!``ref`` holds ``column`` of the register row keyed ``record``."""

    sheet: str
    ref: str
    record: str
    column: str


@dataclass(frozen=True)
class Manifest:
    package_id: str
    supplier: str
    period: str
    lang: str
    exported: str
    file: str
    password: str
    sheets: list[str]
    cells: dict[str, dict[str, str]]
    responses: list[Response] = field(default_factory=list)
    signature: str = ""

    def editable(self) -> dict[str, set[str]]:
        """Answer cells by sheet."""
        found: dict[str, set[str]] = {}
        for response in self.responses:
            found.setdefault(response.sheet, set()).add(response.ref)
        return found


def new_package_id() -> str:
    return f"PKG-{secrets.token_hex(8).upper()}"


def sharing_dir(book_path: Path) -> Path:
    """The folder beside the master workbook that holds the key and the manifests."""
    return book_path.with_name(f"{book_path.stem}.srm-sharing")


def load_key(book_path: Path, *, create: bool = False) -> bytes | None:
    """The master workbook's signing key; made on first export when ``create``, else ``None`` if there is none."""
    path = sharing_dir(book_path) / KEY_FILE
    if path.exists():
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    if not create:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.hex())
    return key


def save_manifest(book_path: Path, manifest: Manifest) -> Path:
    path = sharing_dir(book_path) / f"{manifest.package_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(manifest), ensure_ascii=False), encoding="utf-8")
    return path


def load_manifest(book_path: Path, package_id: str) -> Manifest | None:
    """The manifest of ``package_id`` (text read from a reply, so checked before it names a file), if known."""
    if not PACKAGE_ID.fullmatch(package_id):
        return None
    path = sharing_dir(book_path) / f"{package_id}.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    data["responses"] = [Response(**r) for r in data["responses"]]
    return Manifest(**data)
