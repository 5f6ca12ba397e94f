"""The managed evidence store: files copied beside the database, named by their SHA-256.

Why (ecosystem-and-reliability.md B3, "path traversal and dangerous attachments"):

* **Generated names only.** A stored file is ``<sha256>.<ext>`` inside the store folder; the
  name a person gave the file is kept only as metadata, so no user text ever becomes a path.
  A stored name read back from the database must match that pattern and its resolved path must
  lie inside the store (containment is asserted, symlinks refused), before anything opens it.
* **Duplicates stored once.** The same bytes give the same name: a second copy is not written.
* **Allow-list of types, checked by content too.** The extension must be one of the document
  and image types a VPR lead attaches (pdf, docx, xlsx, pptx, png, jpg, msg, eml, txt, csv),
  and the first bytes must agree (a renamed program is refused). Office files must not carry
  macros.
* **Size limit** (50 MB unless the trust's settings say otherwise), checked before and while
  copying.
* **Original names are checked** although they are only metadata: traversal (``..``, ``/``,
  ``\\``), absolute, UNC and ``\\?\\`` paths, alternate data streams (``name:stream``), Windows
  reserved device names (``CON``, ``NUL``, ``COM1`` …), trailing dots or spaces and control
  characters are refused, so the name shown (and offered on "save a copy") is harmless.
* **Hash while copying.** The SHA-256 recorded is that of the bytes written, which are then
  marked read-only; :meth:`EvidenceStore.verify` proves later that a file is unaltered.

Where: for SQLite ``<database folder>/<database stem>-evidence/`` (travels with the database
and its backups folder); for PostgreSQL a folder per server and database under the app's data
folder (a shared PostgreSQL database therefore needs a shared evidence folder — noted in the
limitations).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vpr_desktop.domain.errors import DiskFullError
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.errors import VprError
from vpr_desktop.store.atomic import StagedFile
from vpr_desktop.store.paths import data_dir

if TYPE_CHECKING:
    from vpr_desktop.store.database import Database

MB = 1024 * 1024
MAX_BYTES = 50 * MB
MAX_NAME = 255
# extension -> (stored extension, what it is)
ALLOWED_TYPES: dict[str, tuple[str, str]] = {
    ".pdf": (".pdf", "PDF document"),
    ".docx": (".docx", "Word document"),
    ".xlsx": (".xlsx", "Excel workbook"),
    ".pptx": (".pptx", "PowerPoint presentation"),
    ".png": (".png", "PNG image"),
    ".jpg": (".jpg", "JPEG image"),
    ".jpeg": (".jpg", "JPEG image"),
    ".msg": (".msg", "Outlook message"),
    ".eml": (".eml", "e-mail message"),
    ".txt": (".txt", "text file"),
    ".csv": (".csv", "CSV file"),
}
_OOXML_PART = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
    "conin$",
    "conout$",
}
_STORED = re.compile(r"^[0-9a-f]{64}\.[a-z]{3,4}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class EvidenceFileError(VprError):
    """An evidence file could not be stored or read back, in plain words."""

    title = "Evidence file"


@dataclass(frozen=True)
class StoredFile:
    """A file copied into the evidence store, named by its SHA-256."""

    sha256: str
    stored_name: str
    size_bytes: int
    original_name: str
    already_stored: bool  # the same bytes were in the store before this call


def check_original_name(name: str) -> str:
    """The original file name if it is harmless as metadata, else :class:`ValidationError`."""
    text = name or ""
    why = None
    if not text.strip():
        why = "the file has no name"
    elif len(text) > MAX_NAME:
        why = f"the name is longer than {MAX_NAME} characters"
    elif _CONTROL.search(text):
        why = "the name contains control characters"
    elif text.startswith(("\\\\", "//")) or text.startswith("\\\\?\\"):
        why = "it is a network (UNC) or device path, not a file name"
    elif re.match(r"^[A-Za-z]:", text) or text.startswith(("/", "\\")):
        why = "it is an absolute path, not a file name"
    elif "/" in text or "\\" in text or text in (".", ".."):
        why = "it contains a folder path ('/', '\\' or '..')"
    elif ":" in text:
        why = "it names an alternate data stream ('name:stream')"
    elif text.endswith((".", " ")):
        why = "it ends with a dot or a space, which Windows cannot keep"
    elif text.split(".", 1)[0].strip().casefold() in _RESERVED:
        why = "it is a reserved Windows device name (CON, NUL, COM1 …)"
    if why:
        raise ValidationError(
            f"The file name '{_shown(text)}' cannot be used: {why}.",
            "Rename the file and add it again.",
        )
    return text


def allowed_kind(name: str) -> tuple[str, str]:
    """(stored extension, description) for an allowed type, else :class:`ValidationError`."""
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        allowed = ", ".join(sorted({e.lstrip(".") for e in ALLOWED_TYPES}))
        raise ValidationError(
            f"'{_shown(name)}' is not a type of file kept as evidence ({suffix or 'no type'}).",
            f"Save it as one of: {allowed}.",
        )
    return ALLOWED_TYPES[suffix]


def _shown(text: str) -> str:
    clean = _CONTROL.sub("?", text)
    return clean if len(clean) <= 80 else clean[:79] + "…"


def _check_content(path: Path, suffix: str, name: str) -> None:
    """The first bytes must agree with the extension (a renamed program is refused)."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    ok = True
    if suffix == ".pdf":
        ok = head.lstrip()[:5] == b"%PDF-"
    elif suffix in _OOXML_PART:
        ok = head.startswith(b"PK\x03\x04") and _ooxml_ok(path, _OOXML_PART[suffix], name)
    elif suffix == ".png":
        ok = head.startswith(b"\x89PNG\r\n\x1a\n")
    elif suffix in (".jpg", ".jpeg"):
        ok = head.startswith(b"\xff\xd8\xff")
    elif suffix == ".msg":
        ok = head.startswith(_OLE2)
    elif suffix in (".txt", ".csv", ".eml"):
        ok = b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not ok:
        raise ValidationError(
            f"'{_shown(name)}' does not look like a {ALLOWED_TYPES[suffix][1]} inside, although "
            "its name says so.",
            "Open it in the program it belongs to, save it again, and add the saved copy.",
        )


def _ooxml_ok(path: Path, part: str, name: str) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n.lower() for n in zf.namelist()[:5000]]
    except (zipfile.BadZipFile, OSError):
        return False
    if any(n.endswith("vbaproject.bin") for n in names):
        raise ValidationError(
            f"'{_shown(name)}' contains macros, which are not kept as evidence.",
            "Save a copy without macros and add that.",
        )
    return "[content_types].xml" in names and any(n.startswith(part) for n in names)


class EvidenceStore:
    """One store folder; ``EvidenceStore.for_database(db)`` finds the database's."""

    def __init__(self, root: Path, max_bytes: int = MAX_BYTES) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes

    @classmethod
    def for_database(cls, db: Database, max_bytes: int = MAX_BYTES) -> EvidenceStore:
        """The store beside a SQLite file, or under the data folder for PostgreSQL;
        ``max_bytes`` is the trust's evidence size limit (Settings page) when adding."""
        if db.kind == "sqlite" and db.path is not None:
            path = Path(db.path)
            return cls(path.parent / f"{path.stem}-evidence", max_bytes)
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", db.location).strip("._") or "postgresql"
        return cls(data_dir() / "evidence" / safe[:100], max_bytes)

    # -- adding
    def put(self, source: Path | str, original_name: str | None = None) -> StoredFile:
        """Copy ``source`` into the store (see the module docstring for every check)."""
        src = Path(source)
        name = check_original_name(original_name if original_name is not None else src.name)
        suffix = Path(name).suffix.lower()
        ext, _ = allowed_kind(name)
        if src.is_symlink():
            raise ValidationError(
                f"'{_shown(name)}' is a shortcut (symbolic link).",
                "Add the file it points to instead.",
            )
        if not src.is_file():
            raise ValidationError(f"There is no file at {src}.", "Check the path.")
        size = src.stat().st_size
        if size > self.max_bytes:
            raise ValidationError(
                f"'{_shown(name)}' is {size / MB:.1f} MB; evidence files over "
                f"{self.max_bytes // MB} MB are not kept.",
                "Add a smaller extract, or link to where the file is kept.",
            )
        if size == 0:
            raise ValidationError(f"'{_shown(name)}' is empty.", "Check it is the right file.")
        _check_content(src, suffix, name)
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        written = 0
        try:
            # Named by its hash only once copied: the staged file is published under that name,
            # or discarded when the store already holds the same bytes.
            with StagedFile(self.root, "incoming") as staged:
                with src.open("rb") as fin, open(staged.path, "wb") as fout:
                    while block := fin.read(MB):
                        written += len(block)
                        if written > self.max_bytes:
                            raise ValidationError(
                                f"'{_shown(name)}' grew past "
                                f"{self.max_bytes // MB} MB while being copied.",
                                "Add it again once it is no longer changing.",
                            )
                        digest.update(block)
                        fout.write(block)
                    fout.flush()
                    os.fsync(fout.fileno())
                sha = digest.hexdigest()
                stored = f"{sha}{ext}"
                target = self.path_of(stored, must_exist=False)
                already = target.exists()
                if not already:
                    staged.publish(target)
                    target.chmod(stat.S_IREAD | stat.S_IRGRP | stat.S_IROTH)
        except BaseException as exc:
            if isinstance(exc, OSError) and exc.errno == 28:
                raise DiskFullError(
                    "The disk is full, so the evidence file was not added.",
                    "Free some disk space and add it again.",
                ) from exc
            if isinstance(exc, PermissionError):
                raise EvidenceFileError(
                    f"The evidence folder {self.root} cannot be written.",
                    "Ask IT for write access to it.",
                ) from exc
            raise
        return StoredFile(sha, stored, written, name, already)

    def find(self, sha256: str) -> str | None:
        """The stored name of a file with these bytes, if the store holds one."""
        if not re.fullmatch(r"[0-9a-f]{64}", sha256 or ""):
            return None
        for ext in sorted({e for e, _ in ALLOWED_TYPES.values()}):
            if (self.root / f"{sha256}{ext}").is_file():
                return f"{sha256}{ext}"
        return None

    def discard(self, stored_name: str) -> None:
        """Remove a file this call just stored (its database row was not written)."""
        path = self.path_of(stored_name, must_exist=False)
        if path.exists():
            path.chmod(stat.S_IREAD | stat.S_IWRITE)
            path.unlink()

    # -- reading
    def path_of(self, stored_name: str, must_exist: bool = True) -> Path:
        """The path of a stored file, only if the name is one we generate and the resolved
        path is inside the store (never a symlink)."""
        if not _STORED.match(stored_name or ""):
            raise EvidenceFileError(
                f"'{_shown(stored_name or '')}' is not a stored evidence name.",
                "The database record may be damaged.",
            )
        root = self.root.resolve()
        path = self.root / stored_name
        resolved = path.resolve()
        if not resolved.is_relative_to(root) or resolved.parent != root:
            raise EvidenceFileError(
                "An evidence file points outside the evidence folder.",
                "The store may have been tampered with; tell IT.",
            )
        if must_exist:
            if path.is_symlink():
                raise EvidenceFileError(
                    "An evidence file has been replaced by a link.",
                    "The store may have been tampered with; tell IT.",
                )
            if not path.is_file():
                raise NotFoundError(
                    f"The evidence file {stored_name} is missing from {self.root}.",
                    "Restore the evidence folder from a backup, or add the file again.",
                )
        return resolved

    def verify(self, stored_name: str, sha256: str) -> bool:
        """True when the stored bytes still hash to ``sha256`` (unaltered since added)."""
        digest = hashlib.sha256()
        with self.path_of(stored_name).open("rb") as fh:
            while block := fh.read(MB):
                digest.update(block)
        return digest.hexdigest() == sha256
