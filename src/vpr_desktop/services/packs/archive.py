"""The pack history: every generated pack's files, their SHA-256 and its parameters, kept so
the pack "as presented" to a meeting can be produced again unchanged, and so the next pack can
say what changed since.

Each file is a ``PackArchive`` row holding its bytes (revision 0006), SHA-256, size, the run's
parameters, who made it, when, and the meeting it went to, written with an audit event in one
transaction. The files live in the database, not on the generating PC: every user of a shared
database can retrieve them, and a backup or restore carries them. Retrieval re-hashes the
stored bytes (and the copy written) and refuses a file whose hash no longer matches: a changed
copy is never passed off as the one presented. Rows from before 0006 have no bytes; their
files are read from the generating PC's data folder (``<data dir>/packs/<kind>/<run>/``).

Who sees what: the role *and* the pack kind. A committee pack names staff, so only roles that
may generate one (VPR lead, committee chair) list or retrieve it; a board pack holds
aggregates only and goes to a public board session, so those who may generate one or read the
board-level summaries (board secretary, staff-side rep, administrator) may list and retrieve
it. On PostgreSQL, row-level security (0006) applies the same rule to the table itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import undefer

from vpr_desktop import __version__
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.errors import EXIT_REJECTED
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import VprError
from vpr_desktop.domain.models import PackArchive
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.actions.records import aware
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.packs.atomic import write_bytes_atomically
from vpr_desktop.services.packs.context import PERMISSION

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

CHUNK = 1 << 20
# Who may list and retrieve each kind (see the module docstring).
READERS: dict[str, tuple[Permission, ...]] = {
    "committee": (Permission.GENERATE_COMMITTEE_PACK,),
    "board": (Permission.GENERATE_BOARD_PACK, Permission.READ_SUMMARY),
}


class ArchiveIntegrityError(VprError):
    """The stored file no longer has its recorded hash: refused, like a permission (exit 3)."""

    exit_code = EXIT_REJECTED
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
    meeting: str | None = None
    meeting_date: dt.date | None = None

    @property
    def id(self) -> int:
        """The pack's number in the history (its first file's): ``pack get ID``."""
        return min(f.id for f in self.files)


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


def readable_kinds(actor: Actor) -> tuple[str, ...]:
    """The pack kinds ``actor`` may list and retrieve (committee packs name staff)."""
    return tuple(k for k, perms in READERS.items() if any(actor.can(p) for p in perms))


def _require_any(actor: Actor, doing: str) -> tuple[str, ...]:
    kinds = readable_kinds(actor)
    if not kinds:
        actor.require(Permission.GENERATE_COMMITTEE_PACK, doing)
    return kinds


def _require_kind(actor: Actor, kind: str, doing: str) -> None:
    if kind not in readable_kinds(actor):
        roles = ", ".join(r.label for r in sorted(actor.roles)) or "no role"
        raise PermissionDeniedError(
            f"{actor.display_name} ({roles}) may not {doing} {kind} packs"
            + (": they name staff." if kind == "committee" else "."),
            "Ask the VPR lead for the board pack, which holds no names.",
        )


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
    meeting: str | None = None,
    meeting_date: dt.date | None = None,
) -> HistoryEntry:
    """Store ``files`` (bytes and hash) in the database with the run's parameters; returns the
    history entry. Nothing is kept if any file cannot be read or the transaction fails."""
    actor.require(PERMISSION[kind], f"generate {kind} packs")
    when = aware(generated_at) or dt.datetime.now(dt.UTC)
    run = f"{when.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
    stored: list[tuple[str, str, str, bytes]] = []
    for src in files:
        src = Path(src)
        data = src.read_bytes()
        rel = f"{kind}/{run}/{src.name}"
        stored.append((rel, src.suffix.lstrip(".").lower(), hashlib.sha256(data).hexdigest(), data))
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
                content=data,
                size=len(data),
                meeting=meeting[:255] if meeting else None,
                meeting_date=meeting_date,
                parameters=parameters,
                app_version=__version__,
            )
            for rel, fmt, digest, data in stored
        ]
        uow.session.add_all(rows)
        uow.audit(
            AuditAction.EXPORT,
            "pack_archive",
            run,
            detail=f"{kind} pack {period_from:%Y-%m-%d} to {period_to:%Y-%m-%d}: "
            + ", ".join(f"{PurePosixPath(p).name} sha256 {h}" for p, _f, h, _d in stored),
            after={"parameters": parameters},
        )
        uow.session.flush()
        ids = [r.id for r in rows]
    return HistoryEntry(
        run,
        kind,
        period_from,
        period_to,
        when,
        actor.username,
        tuple(ArchivedFile(i, p, f, h) for i, (p, f, h, _d) in zip(ids, stored, strict=True)),
        meeting,
        meeting_date,
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
                first.meeting,
                first.meeting_date,
            )
        )
    return sorted(out, key=lambda e: (e.generated_at, e.run), reverse=True)


def history(db: Database, actor: Actor, kind: str | None = None) -> list[HistoryEntry]:
    """Every archived pack ``actor`` may see, newest first (optionally of one kind): a board
    secretary sees board packs only."""
    kinds: Sequence[str] = _require_any(actor, "see the pack history")
    if kind is not None:
        kinds = [k for k in kinds if k == kind]
    stmt = (
        select(PackArchive)
        .where(PackArchive.kind.in_(kinds))
        .order_by(PackArchive.generated_at.desc(), PackArchive.id)
    )
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
    """Whether the stored file still has the hash recorded when the pack was generated."""
    _require_any(actor, "check archived packs")
    row, data = _stored(db, actor, archive_id, root, "check archived")
    return data is not None and hashlib.sha256(data).hexdigest() == row.sha256


def retrieve(
    db: Database, actor: Actor, archive_id: int, out_dir: Path, root: Path | None = None
) -> Path:
    """Write the pack file "as presented" into ``out_dir``, after checking its hash (and the
    copy's hash too: what is handed over is exactly what was archived)."""
    _require_any(actor, "retrieve archived packs")
    row, data = _stored(db, actor, archive_id, root, "retrieve")
    name = PurePosixPath(row.file_name).name
    if data is None:
        raise NotFoundError(
            f"The archived file {row.file_name} is missing from {packs_dir(root)}.",
            "It was archived before packs were kept in the database, on another PC; look "
            "there, or restore that PC's data folder from a backup.",
        )
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise ArchiveIntegrityError(
            f"{name} no longer matches the hash recorded when it was generated, so it "
            "is not the pack as presented.",
            "Restore the database from a backup taken after the pack was made.",
        )
    target = write_bytes_atomically(Path(out_dir) / name, data)
    if sha256_file(target) != row.sha256:
        target.unlink(missing_ok=True)
        raise ArchiveIntegrityError(
            "The copy did not match the archived file.", "Check the disk and try again."
        )
    return target


def retrieve_pack(
    db: Database, actor: Actor, pack_id: int, out_dir: Path, root: Path | None = None
) -> list[Path]:
    """Every file of the pack numbered ``pack_id`` (any of its files' ids) into ``out_dir``."""
    _require_any(actor, "retrieve archived packs")
    first, _data = _stored(db, actor, pack_id, root, "retrieve", load=False)
    run_prefix = str(PurePosixPath(first.file_name).parent) + "/"
    with reading(db) as s:
        ids = s.scalars(
            select(PackArchive.id)
            .where(PackArchive.file_name.startswith(run_prefix, autoescape=True))
            .order_by(PackArchive.id)
        ).all()
    return [retrieve(db, actor, i, out_dir, root) for i in ids]


def _stored(
    db: Database,
    actor: Actor,
    archive_id: int,
    root: Path | None,
    doing: str,
    *,
    load: bool = True,
) -> tuple[PackArchive, bytes | None]:
    """The row (after the role-and-kind check) and its bytes: from the database, or for a
    row from before revision 0006 from the data folder (None when not there)."""
    with reading(db) as s:
        stmt = select(PackArchive).where(PackArchive.id == archive_id)
        row = s.scalar(stmt.options(undefer(PackArchive.content)) if load else stmt)
    if row is None:  # on PostgreSQL also a row this login may not see (row-level security)
        raise NotFoundError(
            f"There is no archived pack file {archive_id}.",
            "List the pack history to find its number.",
        )
    _require_kind(actor, row.kind, doing)
    if not load or row.content is not None:
        return row, row.content if load else None
    path = packs_dir(root) / PurePosixPath(row.file_name)
    return row, path.read_bytes() if path.is_file() else None
