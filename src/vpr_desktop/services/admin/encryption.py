"""Encrypting a SQLite database at rest, decrypting it, and unlocking it with its recovery key.

The command line (``vpr-desktop db encrypt|decrypt|unlock``) and the window's recovery-key
dialog call these. Encrypting and decrypting replace the whole database file, so they need the
administrator's RESTORE permission (the same as putting a backup in its place), take a verified
backup first through :class:`BackupService` and are audited. Unlocking needs only the recovery
key: whoever holds it may open the file, and the database's own accounts still decide what they
may do in it. How and why SQLCipher is used: ``store.encryption``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.admin.backups import BackupService
from vpr_desktop.services.admin.backups import NotForSharedDatabase
from vpr_desktop.services.admin.users import identify
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.store import encryption
from vpr_desktop.store.atomic import write_bytes_atomically
from vpr_desktop.store.database import Database
from vpr_desktop.store.database import is_url
from vpr_desktop.store.database import open_database
from vpr_desktop.store.encryption import CIPHER_NAME
from vpr_desktop.store.encryption import KeyStore


@dataclass(frozen=True)
class Encrypted:
    """A database just encrypted: what to tell the person, once."""

    path: Path
    recovery_key: str
    backup: Path  # the plain backup taken first: NOT encrypted
    key_kept: bool  # in this computer's credential store
    recovery_key_file: Path | None = None


@dataclass(frozen=True)
class Decrypted:
    """A database just decrypted, and the (encrypted) backup taken first."""

    path: Path
    backup: Path


def _not_for_shared(target: str) -> NotForSharedDatabase:
    return NotForSharedDatabase(
        f"{target.split('@')[-1]} is a shared PostgreSQL database: encrypting it is the "
        "database server's job, not VPR Desktop's.",
        "Ask IT: the connection is already encrypted (TLS), and the server's disks are "
        "encrypted by the server's own disk encryption.",
    )


def _file(target: str | Path) -> Path:
    if is_url(str(target)):
        raise _not_for_shared(str(target))
    path = Path(target)
    if not path.is_file():
        raise ValidationError(f"There is no database file at {path}.", "Check the path.")
    return path


def _open_as_administrator(path: Path, doing: str) -> tuple[Database, BackupService]:
    """The database opened for writing (its lock held), after checking this login may
    replace the file; the caller closes it."""
    db = open_database(path, mode="rw", create=False, upgrade=False)
    try:
        actor = identify(db)
        actor.require(Permission.RESTORE, doing)
        return db, BackupService(db, actor)
    except BaseException:
        db.close()
        raise


def _audit(backups: BackupService, detail: str) -> None:
    with UnitOfWork(backups.db, backups.actor) as uow:
        uow.audit(AuditAction.UPDATE, "database", None, detail=detail)


def encrypt_database(
    target: str | Path,
    *,
    recovery_key_file: Path | None = None,
    keys: KeyStore | None = None,
) -> Encrypted:
    """Encrypt the SQLite database at ``target`` with a new random key.

    A backup is taken first; the encrypted copy is checked before it replaces the file; the
    key goes to the credential store. Where there is none, ``recovery_key_file`` (a new file)
    must be given, or nothing is done. The recovery key is returned to be shown once."""
    path = _file(target)
    if encryption.looks_encrypted(path):
        raise ValidationError(f"{path} is already encrypted; nothing was changed.")
    keys = keys or KeyStore()
    if recovery_key_file is None:
        keys.require(
            "the database would not open again",
            "Run this on a computer with a password store, or give --recovery-key-file FILE "
            "to write the recovery key to a new file.",
        )
    elif recovery_key_file.exists():
        raise ValidationError(
            f"{recovery_key_file} already exists; the recovery key never overwrites a file.",
            "Give a new file name.",
        )
    key = encryption.new_key()
    recovery = encryption.format_recovery_key(key)
    db, backups = _open_as_administrator(path, "encrypt the database")
    try:
        backup = backups.backup_now(reason="before-encrypt").path
        _audit(backups, f"encrypting the database at rest ({CIPHER_NAME}); backup first: {backup}")
        db.engine.dispose()  # no connection left open on the file it replaces; lock still held
        if recovery_key_file is not None:
            write_bytes_atomically(
                recovery_key_file,
                f"VPR Desktop recovery key for {path}\n{recovery}\n".encode(),
            )
        kept = keys.keep(path, key)
        try:
            encryption.rewrite(path, old_key=None, new_key=key)
        except BaseException:
            keys.forget(path)
            if recovery_key_file is not None:
                recovery_key_file.unlink(missing_ok=True)
            raise
    finally:
        db.close()
    return Encrypted(path, recovery, backup, kept, recovery_key_file)


def decrypt_database(target: str | Path, *, keys: KeyStore | None = None) -> Decrypted:
    """Turn the encrypted database at ``target`` back into a plain SQLite file.

    The key stays in the credential store: the encrypted backups taken before still need it."""
    path = _file(target)
    keys = keys or KeyStore()
    key = encryption.key_for(path, keys=keys)
    if key is None:
        raise ValidationError(f"{path} is not encrypted; nothing was changed.")
    db, backups = _open_as_administrator(path, "decrypt the database")
    try:
        backup = backups.backup_now(reason="before-decrypt").path
        _audit(backups, f"decrypting the database (was {CIPHER_NAME}); backup first: {backup}")
        db.engine.dispose()
        encryption.rewrite(path, old_key=key, new_key=None)
    finally:
        db.close()
    return Decrypted(path, backup)


def unlock_database(
    target: str | Path, recovery_key: str | bytes, *, keys: KeyStore | None = None
) -> bool:
    """Prove ``recovery_key`` opens the encrypted database at ``target`` and keep its key for
    that file. True when the credential store keeps it; False when only this running app can
    (no store: it is asked again next time). A key that does not fit changes nothing."""
    path = _file(target)
    if not encryption.looks_encrypted(path):
        raise ValidationError(
            f"{path} is not encrypted: it opens without a recovery key.", "Open it as it is."
        )
    key = (
        recovery_key
        if isinstance(recovery_key, bytes)
        else encryption.parse_recovery_key(recovery_key)
    )
    con = encryption.connect(path, key=key, read_only=True)  # WrongKeyError: nothing kept
    con.close()
    return (keys or KeyStore()).keep(path, key)
