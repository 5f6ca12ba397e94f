"""Back up now, restore, and remember when the last backup was taken."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.base import aware
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.errors import EXIT_USAGE
from vpr_desktop.domain.errors import CorruptDatabaseError
from vpr_desktop.domain.errors import DatabaseLockedError
from vpr_desktop.domain.errors import DatabaseRefused
from vpr_desktop.domain.errors import NotADatabaseError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.errors import VprError
from vpr_desktop.domain.models import BackupRecord
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.admin.trust_settings import TrustSettings
from vpr_desktop.services.admin.trust_settings import load as load_settings
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.store import backup as store_backup
from vpr_desktop.store import database as store_db
from vpr_desktop.store import encryption
from vpr_desktop.store import sqlite_checks
from vpr_desktop.store.backup_retention import backups_to_prune
from vpr_desktop.store.lockfile import DatabaseLock
from vpr_desktop.store.lockfile import LockHeld
from vpr_desktop.store.restore import restore_sqlite

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


class NotForSharedDatabase(VprError):
    """A SQLite-only operation (backup, restore) asked of a PostgreSQL database (exit 2).

    Not a failure of the database: the server's administrator backs it up with ``pg_dump``,
    so the message gives the command to hand them, with the login but never the password."""

    exit_code = EXIT_USAGE
    title = "Done by the database server"


def _libpq_url(url: str) -> str:
    """``url`` as ``pg_dump`` reads it: ``postgresql://`` (no driver name), no password."""
    from sqlalchemy.engine import URL
    from sqlalchemy.engine import make_url

    u = make_url(url)  # URL.set() cannot remove a password; build the URL without one
    bare = URL.create(
        "postgresql", username=u.username, host=u.host, port=u.port, database=u.database
    )
    query = {k: v for k, v in u.query.items() if k.lower() != "password"}
    return bare.update_query_dict(query).render_as_string(hide_password=True)


def pg_dump_command(url: str, out: str = "vpr-backup.dump") -> str:
    """The command a database administrator runs to back up the shared database."""
    return f'pg_dump --format=custom --file="{out}" "{_libpq_url(url)}"'


def postgresql_backup_refused(url: str, out: str = "vpr-backup.dump") -> NotForSharedDatabase:
    return NotForSharedDatabase(
        "Backups of a shared PostgreSQL database are taken on the server with pg_dump, "
        "not by VPR Desktop.",
        f"Ask the database administrator to run: {pg_dump_command(url, out)} "
        "(it asks for the password).",
    )


def postgresql_restore_refused(url: str, backup: str) -> NotForSharedDatabase:
    return NotForSharedDatabase(
        "A shared PostgreSQL database is restored on the server with pg_restore, "
        "not by VPR Desktop.",
        f'Ask the database administrator to run: pg_restore --clean --dbname="{_libpq_url(url)}" '
        f'"{backup}" (from a pg_dump backup, not a VPR Desktop .db backup).',
    )


class BackupService:
    """Backups and restores as the app offers them: permission-checked, audited, verified."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        self.pruned: list[Path] = []  # old backups the last backup's retention removed

    def folder(self, settings: TrustSettings | None = None) -> Path:
        """Where backups go: the trust's backup folder (Settings page), else the backups
        folder in the app's data folder."""
        from vpr_desktop.store.paths import backups_dir

        settings = settings or load_settings(self.db, with_logo=False)
        return Path(settings.backup_folder) if settings.backup_folder else backups_dir()

    def _prune(self, folder: Path, settings: TrustSettings) -> list[Path]:
        """Remove this database's backups the retention no longer keeps (Settings page:
        every backup of the last days, then one a week); a file that will not go is left."""
        assert self.db.path is not None
        removed: list[Path] = []
        for old in backups_to_prune(
            folder,
            Path(self.db.path).stem,
            settings.backup_keep_days,
            settings.backup_keep_weeks,
            dt.date.today(),
        ):
            try:
                old.unlink()
            except OSError:
                continue  # open in another program, or read-only: kept, tried again next time
            store_backup.fingerprint_file(old).unlink(missing_ok=True)
            removed.append(old)
        return removed

    def backup_if_due(self, within: dt.timedelta = dt.timedelta(days=1)) -> Path | None:
        """The backup taken as the window closes, at most once a ``within`` (a day): only
        for a SQLite database this person may back up and may write. Returns the new file,
        or None when none was due or allowed."""
        if (
            self.db.kind != "sqlite"
            or self.db.path is None
            or self.db.read_only
            or not self.actor.can(Permission.BACKUP)
        ):
            return None
        with reading(self.db) as session:
            last = session.scalar(select(func.max(BackupRecord.taken_at)))
        now = dt.datetime.now(dt.UTC)
        if last is not None and now - aware(last) < within:
            return None
        return self.backup_now(reason="on-close").path

    def backup_now(
        self,
        dest_file: Path | None = None,
        *,
        reason: str = "manual",
        progress: Callable[[int], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> store_backup.BackupResult:
        self.actor.require(Permission.BACKUP, "take backups")
        if self.db.kind != "sqlite" or self.db.path is None:
            raise postgresql_backup_refused(
                self.db.engine.url.render_as_string(hide_password=False),
                dest_file.name if dest_file is not None else "vpr-backup.dump",
            )
        settings = load_settings(self.db, with_logo=False)
        folder = self.folder(settings)
        result = store_backup.backup_sqlite(
            self.db.path,
            folder,
            label=reason,
            dest_file=dest_file,
            progress=progress,
            is_cancelled=is_cancelled,
            immutable=self.db.immutable,
        )
        if dest_file is None:
            self.pruned = self._prune(folder, settings)
        if not self.db.read_only:
            with UnitOfWork(self.db, self.actor) as uow:
                uow.session.add(
                    BackupRecord(
                        taken_at=dt.datetime.now(dt.UTC),
                        path=str(result.path),
                        reason=reason,
                        sha256=result.sha256,
                        size_bytes=result.size_bytes,
                        verified=True,
                        taken_by=self.actor.username,
                    )
                )
                removed = f"; {len(self.pruned)} older backup(s) removed" if self.pruned else ""
                uow.audit(AuditAction.BACKUP, "database", None, detail=f"{result.path}{removed}")
        return result


def restore_database(
    backup_file: Path, target: Path, progress: Callable[[int], None] | None = None
) -> Path | None:
    """Restore ``backup_file`` over the database at ``target``; returns the safety backup.

    The backup is checked first (ours, intact, not newer than this app). The current database,
    if it exists and is readable, is itself backed up before being replaced, so a restore can be
    taken back. Needs the target's lock: nobody else may have it open.
    """
    backup_file, target = Path(backup_file), Path(target)
    if target.is_dir():
        raise sqlite_checks.folder_error(target)
    if backup_file.is_dir():
        raise ValidationError(
            f"{backup_file} is a folder, not a backup file.",
            "Choose the backup file inside it (a .db file VPR Desktop wrote).",
        )
    if not backup_file.exists():
        raise ValidationError(f"There is no backup file at {backup_file}.", "Check the path.")
    # An encrypted backup opens with the key kept for it or, as backups of one database share
    # its key, with the key of the database it is restored over.
    key = encryption.key_for(backup_file, target)
    try:
        inspection = sqlite_checks.inspect_sqlite(backup_file, key=key)
    except encryption.WrongKeyError:
        raise encryption.KeyNeededError(
            backup_file,
            f"{backup_file} is encrypted with a key this computer does not hold (the key of "
            f"{target} does not open it): open it with its recovery key first.",
        ) from None
    if inspection.empty:
        raise NotADatabaseError(
            f"{backup_file} is an empty database, not a backup.",
            "Choose a backup VPR Desktop wrote.",
        )
    store_db.refuse_if_newer(inspection.revision, str(backup_file))
    recorded = store_backup.recorded_fingerprint(backup_file)
    if recorded is not None and recorded != store_backup.sha256_file(backup_file):
        raise CorruptDatabaseError(
            f"The backup {backup_file} is not the file that was backed up: its SHA-256 "
            "differs from the one recorded beside it when it was taken, so it has been "
            "damaged or changed since. Nothing was restored.",
            "Choose another backup (an older one, or a copy kept elsewhere).",
        )
    ok, detail = store_backup.integrity_ok(backup_file, key)
    if not ok:
        raise CorruptDatabaseError(
            f"The backup {backup_file} is damaged ({detail}).", "Choose an older backup."
        )
    lock = DatabaseLock(target)
    try:
        lock.acquire()
    except LockHeld as held:
        raise DatabaseLockedError(
            f"The database {target} is being edited by {held.holder}; it cannot be restored "
            "while open.",
            "Close VPR Desktop there first.",
            holder=held.holder,
        ) from None
    try:
        safety: Path | None = None
        if target.exists() and target.stat().st_size > 0:
            from vpr_desktop.store.paths import backups_dir

            try:
                safety = store_backup.backup_sqlite(
                    target, backups_dir(), label="before-restore"
                ).path
            except VprError:
                raise
            except Exception as exc:  # a damaged current file is what a restore is for
                safety = None
                if not isinstance(exc, (OSError, *encryption.database_errors())):
                    raise
        restore_sqlite(backup_file, target, progress=progress, key=key)
        if key is not None:
            encryption.KeyStore().keep(target, key)  # the restored file opens here as before
        ok, detail = store_backup.integrity_ok(target, key)
        if not ok:
            raise DatabaseRefused(
                f"The restored database failed its check ({detail}).",
                f"The previous database was saved at {safety}.",
            )
        return safety
    finally:
        lock.release()
