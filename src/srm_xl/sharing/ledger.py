"""What stays with the master workbook: the signing key and one manifest per package sent out.

The master carries its own id (a custom document property), so renaming, copying or moving it changes nothing:
the key and the manifests are found by that id in ``srm-sharing/<id>/`` beside the workbook, else in the same
folder of the per-user store (``$XDG_DATA_HOME/srm-xl``, ``%LOCALAPPDATA%\\srm-xl`` on Windows, else
``~/.local/share/srm-xl``), else in ``<book>.srm-sharing/`` named after the file, where masters kept them
before they had an id. Nothing of it ever goes into a package. The key (32 random bytes, hex) signs each
package; the manifest records every cell the package held, normalised, with the kind of each non-text cell,
which cells the supplier may answer in and what each answer means.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Protocol

from srm_xl.errors import SrmError

KEY_FILE = "key"
PACKAGE_ID = re.compile(r"^PKG-[0-9A-F]{16}$")
MASTER_ID = re.compile(r"^WB-[0-9A-F]{16}$")
MASTER_PROPERTY = "srm_xl.master_id"
"""The custom document property of a master workbook that holds its id."""
FOLDER = "srm-sharing"


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
    """Sheet → reference → normalised value, non-empty cells only."""
    responses: list[Response] = field(default_factory=list)
    signature: str = ""
    kinds: dict[str, dict[str, str]] = field(default_factory=dict)
    """Sheet → reference → kind of each non-text cell (``srm_xl.sharing.values``); empty in manifests kept before
    values were normalised, whose cells are then compared as text."""
    master: str = ""
    answered: dict[str, dict[str, str | None]] = field(default_factory=dict)
    """Sheet → reference → the supplier's answer as last imported, for each answer cell a merged reply changed:
    what a later reply to this package is compared with instead of what was sent."""

    def shown(self, response: Response) -> str | None:
        """What the supplier last had in ``response``'s cell: their answer last imported, else the value sent."""
        answered = self.answered.get(response.sheet, {})
        if response.ref in answered:
            return answered[response.ref]
        return self.sent(response)

    def sent(self, response: Response) -> str | None:
        """The value ``response``'s cell held when the package went out."""
        return self.cells.get(response.sheet, {}).get(response.ref)

    def with_answers(self, answers: list[tuple[Response, str | None]]) -> Manifest:
        """This manifest with ``answers`` as the supplier's answers last imported."""
        answered = {sheet: dict(cells) for sheet, cells in self.answered.items()}
        for response, value in answers:
            answered.setdefault(response.sheet, {})[response.ref] = value
        return replace(self, answered=answered)

    def editable(self) -> dict[str, set[str]]:
        """Answer cells by sheet."""
        found: dict[str, set[str]] = {}
        for response in self.responses:
            found.setdefault(response.sheet, set()).add(response.ref)
        return found


def new_package_id() -> str:
    return f"PKG-{secrets.token_hex(8).upper()}"


def new_master_id() -> str:
    return f"WB-{secrets.token_hex(8).upper()}"


class Properties(Protocol):
    """A workbook's custom document properties, as a job's workbook gives them."""

    def custom_property(self, name: str) -> str | None: ...

    def set_custom_property(self, name: str, value: str) -> None: ...


def book_id(book: Properties, *, assign: bool) -> str | None:
    """The workbook's id (:data:`MASTER_PROPERTY`); when it has none, one given to it (saved with the job's
    commit) if ``assign``, else ``None``."""
    found = book.custom_property(MASTER_PROPERTY)
    if found is None or not MASTER_ID.fullmatch(found):
        if not assign:
            return None
        found = new_master_id()
        book.set_custom_property(MASTER_PROPERTY, found)
    return found


def sharing_dir(book_path: Path) -> Path:
    """The folder named after the workbook file (``<book>.srm-sharing``) that holds a key and manifests."""
    return book_path.with_name(f"{book_path.stem}.srm-sharing")


def user_store() -> Path:
    """This user's data folder for srm_xl."""
    if os.environ.get("XDG_DATA_HOME"):
        return Path(os.environ["XDG_DATA_HOME"]) / "srm-xl"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "srm-xl"
    return Path.home() / ".local" / "share" / "srm-xl"


def _read_key(folder: Path) -> bytes | None:
    path = folder / KEY_FILE
    return bytes.fromhex(path.read_text(encoding="ascii").strip()) if path.exists() else None


def _write_key(folder: Path, key: bytes) -> None:
    """``key`` into ``folder``, readable by this user only; a key already there is kept."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(folder / KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.hex())


def load_key(book_path: Path, *, create: bool = False) -> bytes | None:
    """The key in the folder named after the workbook file; made there when ``create``, else ``None`` if absent."""
    key = _read_key(sharing_dir(book_path))
    if key is None and create:
        key = secrets.token_bytes(32)
        _write_key(sharing_dir(book_path), key)
    return key


@dataclass(frozen=True)
class Ledger:
    """One master workbook's key and manifests: ``stores`` are written (beside the book, then the per-user
    store, both by master id), ``legacy`` (named after the file) is only read."""

    master_id: str | None
    stores: tuple[Path, ...]
    legacy: Path

    @classmethod
    def of(cls, book_path: Path, master_id: str | None) -> Ledger:
        """The ledger of the workbook at ``book_path`` whose id is ``master_id`` (``None``: it has none yet)."""
        book_path = Path(book_path).resolve()
        if master_id is None or not MASTER_ID.fullmatch(master_id):
            return cls(None, (), sharing_dir(book_path))
        return cls(
            master_id,
            (book_path.parent / FOLDER / master_id, user_store() / "sharing" / master_id),
            sharing_dir(book_path),
        )

    @property
    def folders(self) -> tuple[Path, ...]:
        """Every folder looked in, in order."""
        return (*self.stores, self.legacy)

    def key(self) -> bytes | None:
        return next((k for k in map(_read_key, self.folders) if k is not None), None)

    def prepare(self) -> bytes:
        """The signing key, made on the first export; the key and manifests kept before the master had an id
        are copied into the stores, so they are found whatever the workbook is later called."""
        key = self.key() or secrets.token_bytes(32)
        self._each_store(lambda folder: self._fill(folder, key))
        return key

    def _fill(self, folder: Path, key: bytes) -> None:
        _write_key(folder, key)
        if self.legacy.is_dir():
            for old in self.legacy.glob("PKG-*.json"):
                if not (folder / old.name).exists():
                    shutil.copyfile(old, folder / old.name)

    def save(self, manifest: Manifest) -> None:
        data = json.dumps(asdict(manifest), ensure_ascii=False)
        self._each_store(lambda folder: (folder / f"{manifest.package_id}.json").write_text(data, encoding="utf-8"))

    def _each_store(self, write: Callable[[Path], object]) -> None:
        """Run ``write(folder)`` for every store; a store that cannot be written is skipped unless all fail."""
        failed = []
        for folder in self.stores:
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                write(folder)
            except OSError as exc:
                failed.append(f"{folder} ({exc.strerror or exc})")
        if not self.stores or len(failed) == len(self.stores):
            raise SrmError("share_ledger_unwritable", places="; ".join(failed) or str(self.legacy))

    def manifest(self, package_id: str) -> Manifest | None:
        """The manifest of ``package_id`` (text read from a reply, so checked before it names a file), if kept."""
        if not PACKAGE_ID.fullmatch(package_id):
            return None
        path = next((f / f"{package_id}.json" for f in self.folders if (f / f"{package_id}.json").exists()), None)
        if path is None:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        data["responses"] = [Response(**r) for r in data["responses"]]
        return Manifest(**data)
