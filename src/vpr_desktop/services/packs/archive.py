"""The pack history: every generated pack's files, their SHA-256 and its parameters, kept so
the pack "as presented" to a meeting can be produced again unchanged, and so the next pack can
say what changed since.

Layout: ``<data dir>/packs/<kind>/<run>/`` holds a byte-for-byte copy of each file and a
``manifest.json`` (parameters, files, hashes, who, when, app version). Each file is also a
``PackArchive`` row (kind, period, relative path, format, SHA-256, when, who), written with an
audit event in one transaction. Retrieval re-hashes the stored copy and refuses a file whose
hash no longer matches: a changed copy is never passed off as the one presented.

The folder is the generating PC's data folder: with a shared PostgreSQL database the rows are
shared but the files stay where the pack was made (the history says which run to ask for).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from vpr_desktop import __version__
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.errors import NotFoundError, VprError
from vpr_desktop.domain.models import PackArchive
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.actions.records import aware
from vpr_desktop.services.common.unit_of_work import UnitOfWork, reading
from vpr_desktop.services.packs.atomic import write_atomically, write_bytes_atomically
from vpr_desktop.services.packs.context import PERMISSION

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

PACK_PERMISSIONS = (Permission.GENERATE_COMMITTEE_PACK, Permission.GENERATE_BOARD_PACK)
CHUNK = 1 << 20


class ArchiveIntegrityError(VprError):
    """An archived pack file no longer matches the checksum recorded when it was made."""

    title = "Archived pack has changed"


@dataclass(frozen=True)
class ArchivedFile:
    """One file of an archived pack: its path in the packs folder and its SHA-256."""

    id: int
    path: str  # relative to the packs folder, "/"-separated
    file_format: str
    sha256: str

    @property
    def name(self) -> str:
        """The file's name, without its folder."""
        return PurePosixPath(self.path).name


@dataclass(frozen=True)
class HistoryEntry:
    """One generated pack (a run): its period, when and by whom, and its files."""

    run: str
    kind: str
    period_from: dt.date
    period_to: dt.date
    generated_at: dt.datetime
    generated_by: str
    files: tuple[ArchivedFile, ...]


def packs_dir(root: Path | None = None) -> Path:
    """The folder archived packs are kept in (``root`` when given, for tests)."""
    if root is not None:
        return root
    from vpr_desktop.store.paths import data_dir

    return data_dir() / "packs"


def sha256_file(path: Path) -> str:
    """The file's SHA-256 in hex, read in chunks so large files cost little memory."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _require_any(actor: Actor, doing: str) -> None:
    if not any(actor.can(p) for p in PACK_PERMISSIONS):
        actor.require(Permission.GENERATE_COMMITTEE_PACK, doing)


def archive_pack(
    db: Database,
    actor: Actor,
    *,
    kind: str,
    period_from: dt.date,
    period_to: dt.date,
    files: Iterable[Path],
    parameters: dict[str, Any],
    generated_at: dt.datetime | None = None,
    root: Path | None = None,
) -> HistoryEntry:
    """Copy ``files`` into the archive, hash them, record them; returns the history entry."""
    actor.require(PERMISSION[kind], f"generate {kind} packs")
    when = aware(generated_at) or dt.datetime.now(dt.UTC)
    run = f"{when.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
    folder = packs_dir(root) / kind / run
    folder.mkdir(parents=True, exist_ok=False)
    stored: list[tuple[str, str, str]] = []
    try:
        for src in files:
            src = Path(src)
            target = folder / src.name
            with open(src, "rb") as fh:  # copy and hash in one read
                digest = hashlib.sha256()

                def copy(out: Any, fh: Any = fh, digest: Any = digest) -> None:
                    while chunk := fh.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)

                write_atomically(target, copy)
            rel = f"{kind}/{run}/{src.name}"
            stored.append((rel, src.suffix.lstrip(".").lower(), digest.hexdigest()))
        manifest = {
            "kind": kind,
            "run": run,
            "period_from": period_from.isoformat(),
            "period_to": period_to.isoformat(),
            "generated_at": when.isoformat(),
            "generated_by": actor.username,
            "app_version": __version__,
            "parameters": parameters,
            "files": [{"path": p, "format": f, "sha256": h} for p, f, h in stored],
        }
        write_bytes_atomically(
            folder / "manifest.json", json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
        )
        with UnitOfWork(db, actor) as uow:
            rows = [
                PackArchive(
                    kind=kind,
                    period_from=period_from,
                    period_to=period_to,
                    file_name=rel,
                    file_format=fmt,
                    sha256=digest,
                    generated_at=when,
                    generated_by=actor.username[:120],
                )
                for rel, fmt, digest in stored
            ]
            uow.session.add_all(rows)
            uow.audit(
                AuditAction.EXPORT,
                "pack_archive",
                run,
                detail=f"{kind} pack {period_from:%Y-%m-%d} to {period_to:%Y-%m-%d}: "
                + ", ".join(f"{PurePosixPath(p).name} sha256 {h}" for p, _f, h in stored),
                after={"parameters": parameters},
            )
            uow.session.flush()
            ids = [r.id for r in rows]
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # no half-archived run
        raise
    return HistoryEntry(
        run,
        kind,
        period_from,
        period_to,
        when,
        actor.username,
        tuple(ArchivedFile(i, p, f, h) for i, (p, f, h) in zip(ids, stored, strict=True)),
    )


def _entries(rows: Iterable[PackArchive]) -> list[HistoryEntry]:
    runs: dict[str, list[PackArchive]] = {}
    for r in rows:
        run = PurePosixPath(r.file_name).parent.name
        runs.setdefault(run, []).append(r)
    out = []
    for run, items in runs.items():
        first = items[0]
        out.append(
            HistoryEntry(
                run,
                first.kind,
                first.period_from,
                first.period_to,
                aware(first.generated_at),
                first.generated_by,
                tuple(ArchivedFile(r.id, r.file_name, r.file_format, r.sha256) for r in items),
            )
        )
    return sorted(out, key=lambda e: (e.generated_at, e.run), reverse=True)


def history(db: Database, actor: Actor, kind: str | None = None) -> list[HistoryEntry]:
    """Every archived pack, newest first (optionally of one kind)."""
    _require_any(actor, "see the pack history")
    stmt = select(PackArchive).order_by(PackArchive.generated_at.desc(), PackArchive.id)
    if kind is not None:
        stmt = stmt.where(PackArchive.kind == kind)
    with reading(db) as s:
        return _entries(s.scalars(stmt).all())


def previous_pack(db: Database, kind: str, period_to: dt.date) -> HistoryEntry | None:
    """The latest archived pack of ``kind`` whose period ended before ``period_to`` (used by
    the builder after its own permission check)."""
    with reading(db) as s:
        last = s.scalar(
            select(PackArchive)
            .where(PackArchive.kind == kind, PackArchive.period_to < period_to)
            .order_by(
                PackArchive.period_to.desc(), PackArchive.generated_at.desc(), PackArchive.id.desc()
            )
            .limit(1)
        )
        if last is None:
            return None
        run_prefix = str(PurePosixPath(last.file_name).parent) + "/"
        rows = s.scalars(
            select(PackArchive)
            .where(PackArchive.file_name.startswith(run_prefix))
            .order_by(PackArchive.id)
        ).all()
    return _entries(rows)[0]


def verify(db: Database, actor: Actor, archive_id: int, root: Path | None = None) -> bool:
    """Whether the stored copy still has the hash recorded when the pack was generated."""
    _require_any(actor, "check archived packs")
    row = _row(db, archive_id)
    path = packs_dir(root) / PurePosixPath(row.file_name)
    return path.is_file() and sha256_file(path) == row.sha256


def retrieve(
    db: Database, actor: Actor, archive_id: int, out_dir: Path, root: Path | None = None
) -> Path:
    """Copy the pack file "as presented" into ``out_dir``, after checking its hash (and the
    copy's hash too: what is handed over is exactly what was archived)."""
    _require_any(actor, "retrieve archived packs")
    row = _row(db, archive_id)
    source = packs_dir(root) / PurePosixPath(row.file_name)
    if not source.is_file():
        raise NotFoundError(
            f"The archived file {row.file_name} is missing from {source.parent}.",
            "It may have been made on another PC; look there, or restore the "
            "data folder from a backup.",
        )
    data = source.read_bytes()
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise ArchiveIntegrityError(
            f"{source.name} no longer matches the hash recorded when it was generated, so it "
            "is not the pack as presented.",
            "Restore the packs folder from a backup.",
        )
    target = write_bytes_atomically(Path(out_dir) / source.name, data)
    if sha256_file(target) != row.sha256:
        target.unlink(missing_ok=True)
        raise ArchiveIntegrityError(
            "The copy did not match the archived file.", "Check the disk and try again."
        )
    return target


def _row(db: Database, archive_id: int) -> PackArchive:
    with reading(db) as s:
        row = s.get(PackArchive, archive_id)
    if row is None:
        raise NotFoundError(
            f"There is no archived pack file {archive_id}.",
            "List the pack history to find its number.",
        )
    return row
