"""``vpr-desktop db init|upgrade|check|version``, ``backup`` and ``restore``: the commands
about the database file itself, apart from the commands about its content (``cli.main``);
``db encrypt|decrypt|unlock`` are in ``cli.encryption_cli``.

``db check`` is the one place that says whether a database is sound: SQLite's full integrity
check and foreign keys, then the audit trail's hash chain and its append-only protection.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vpr_desktop import __version__
from vpr_desktop.domain.errors import EXIT_OK, EXIT_USAGE, VprError

if TYPE_CHECKING:
    from vpr_desktop.store.database import Database


def cmd_db(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vpr_desktop.store import migrate
    from vpr_desktop.store.database import is_url, open_database, refuse_if_newer
    from vpr_desktop.store.sqlite_checks import empty_database_error, inspect_sqlite

    head = migrate.head_revision()
    if args.db and args.file and args.db != args.file:
        print("vpr-desktop db: error: give the database once (FILE or --db)", file=err)
        return EXIT_USAGE
    args.db = args.db or args.file
    if not args.db:
        print("vpr-desktop db: error: give the database: --db FILE (or FILE)", file=err)
        return EXIT_USAGE
    if args.action == "init":
        return _db_init(args.db, out)
    if args.action in ("encrypt", "decrypt", "unlock"):
        from vpr_desktop.cli.encryption_cli import cmd_encryption

        return cmd_encryption(args, out, err)
    if args.action == "version":
        print(f"VPR Desktop {__version__} (schema {head})", file=out)
        if is_url(args.db):
            db = open_database(args.db, upgrade=False)
            print(f"database schema {db.schema_revision}", file=out)
            db.close()
            return EXIT_OK
        path = Path(args.db)
        inspection = inspect_sqlite(path)  # a folder, an absent or unreadable file: refused
        if inspection.empty:
            raise empty_database_error(path)
        rev = inspection.revision
        state = (
            "current"
            if rev == head
            else "none"
            if rev is None
            else "older: run 'vpr-desktop db upgrade'"
            if migrate.is_known(rev)
            else "NEWER than this app"
        )
        print(f"database schema {rev or '(empty)'} ({state})", file=out)
        refuse_if_newer(rev, str(path))
        return EXIT_OK
    if args.action == "check":
        return _db_check(args.db, head, out)
    # upgrade
    db = open_database(
        args.db, mode="rw", create=False, upgrade=True, progress=lambda m: print(m, file=err)
    )
    try:
        if db.upgraded_from is not None or db.created:
            print(
                f"Upgraded to schema {db.schema_revision}"
                + (
                    f"; backup taken first: {db.backup_before_upgrade}"
                    if db.backup_before_upgrade
                    else ""
                ),
                file=out,
            )
        else:
            print(f"Already at schema {db.schema_revision}; nothing to do.", file=out)
    finally:
        db.close()
    return EXIT_OK


def _db_init(target: str, out: TextIO) -> int:
    """The one command that makes a new database (besides ``demo``): an absent file, an empty
    (zero-byte) one, or an empty PostgreSQL database. Whoever runs it is its administrator."""
    from vpr_desktop.domain.errors import ValidationError
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import is_url, open_database
    from vpr_desktop.store.sqlite_checks import inspect_sqlite

    if not is_url(target) and Path(target).exists() and not inspect_sqlite(Path(target)).empty:
        raise ValidationError(
            f"{target} is already a VPR Desktop database; nothing was changed.",
            f"To bring it up to date run: vpr-desktop db upgrade --db {target}",
        )
    db = open_database(target, mode="rw", create=True)
    try:
        if not db.created:
            raise ValidationError(
                f"{db.describe()} is already a VPR Desktop database; nothing was changed.",
                "Give the address of an empty database.",
            )
        admin = build_services(db).actor.username  # the first sign-in: its administrator
        print(
            f"Created a new VPR Desktop database at {db.describe()} (schema "
            f"{db.schema_revision}); {admin} is its administrator.",
            file=out,
        )
    finally:
        db.close()
    return EXIT_OK


def _db_check(target: str, head: str, out: TextIO) -> int:
    from vpr_desktop.store import migrate
    from vpr_desktop.store.database import is_url, open_database
    from vpr_desktop.store.sqlite_checks import inspect_sqlite

    if is_url(target):
        db = open_database(target, upgrade=False)
        return _chain_verdict(db, out, heading=f"schema {db.schema_revision}")
    from vpr_desktop.store import encryption

    path = Path(target)
    key = None if path.is_dir() else encryption.key_for(path)  # no key here: refused in words
    if key is not None:
        # Every page's authentication (HMAC) first: a changed byte is named as such.
        pages, failed = encryption.failed_pages(path, key)
        print(f"encrypted ({encryption.CIPHER_NAME}), {pages:,} pages", file=out)
        if failed:
            print(
                f"integrity check failed: {len(failed)} page(s) fail their authentication "
                f"({'; '.join(failed[:3])})",
                file=out,
            )
            return 4
    inspection = inspect_sqlite(path)  # folder, absent, header, quick_check, revision
    from vpr_desktop.store.database import refuse_if_newer
    from vpr_desktop.store.sqlite_checks import empty_database_error

    if inspection.empty:
        raise empty_database_error(path)

    refuse_if_newer(inspection.revision, str(path))
    con = encryption.connect(path, key=key, read_only=True)
    try:
        integrity = "; ".join(r[0] for r in con.execute("PRAGMA integrity_check").fetchall())
        fk_problems = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    print(
        f"schema {inspection.revision or '(empty)'}"
        + (
            ""
            if inspection.revision == head
            else f" (this app uses {head}; run 'vpr-desktop db upgrade')"
            if inspection.revision and migrate.is_known(inspection.revision)
            else ""
        ),
        file=out,
    )
    if integrity != "ok":
        print(f"integrity check failed: {integrity}", file=out)
        return 4
    if fk_problems:
        print(f"{len(fk_problems)} broken references (foreign keys)", file=out)
        return 4
    if inspection.revision == head:
        return _chain_verdict(open_database(path, mode="ro", upgrade=False), out)
    print("ok", file=out)
    return EXIT_OK


def _chain_verdict(db: Database, out: TextIO, *, heading: str | None = None) -> int:
    """Print ``heading``, check the audit chain of ``db`` and close it: exit 4 with the
    problem in words, or "ok" (a server database and a current SQLite file end alike)."""
    try:
        if heading is not None:
            print(heading, file=out)
        problem = _audit_chain_problem(db, out)
    finally:
        db.close()
    if problem:
        print(problem, file=out)
        return 4
    print("ok", file=out)
    return EXIT_OK


def _audit_chain_problem(db: Database, out: TextIO) -> str | None:
    """Check the audit trail's hash chain and its append-only protection (revision 0008);
    the first problem in words, or None (and how many events were checked)."""
    from vpr_desktop.domain.errors import PermissionDeniedError
    from vpr_desktop.services.common.unit_of_work import translate
    from vpr_desktop.store import audit_chain

    try:
        with db.engine.connect() as conn:
            check = audit_chain.verify(conn)
    except Exception as exc:
        if isinstance(translate(exc), PermissionDeniedError):
            return "the audit trail could not be checked: this login may not read it"
        raise
    if check.problem is None:
        print(f"audit trail: {check.rows:,} events, hash chain intact", file=out)
    return check.problem


def cmd_backup(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vpr_desktop.domain.errors import ValidationError
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import is_url, open_database

    if is_url(args.db):
        from vpr_desktop.services.admin.backups import postgresql_backup_refused

        raise postgresql_backup_refused(args.db, args.out.name)
    if args.out.is_dir():
        raise ValidationError(
            f"{args.out} is a folder; give the backup a file name inside it.",
            f"For example: --out {args.out / 'vpr-backup.db'}",
        )
    if args.out.exists():
        raise ValidationError(
            f"{args.out} already exists; a backup never overwrites a file.",
            "Choose a new file name.",
        )
    db = open_database(args.db, mode="auto", create=False)
    try:
        services = build_services(db)
        result = services.backups.backup_now(args.out, reason="manual")
    finally:
        db.close()
    print(
        f"Backup written to {result.path} ({result.size_bytes:,} bytes, "
        f"sha256 {result.sha256[:16]}…), integrity check ok.",
        file=out,
    )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vpr_desktop.domain.errors import CorruptDatabaseError, NotADatabaseError
    from vpr_desktop.domain.permissions import Permission
    from vpr_desktop.services.admin.backups import postgresql_restore_refused, restore_database
    from vpr_desktop.services.admin.users import identify
    from vpr_desktop.store.database import is_url, open_database

    if is_url(args.db):
        raise postgresql_restore_refused(args.db, str(args.file))
    target = Path(args.db)
    if target.is_dir():
        from vpr_desktop.store.sqlite_checks import folder_error

        raise folder_error(target)
    if target.exists():
        # Restoring over a readable database needs the RESTORE permission there; over a
        # damaged one (what restores are for), access to the file is the only control left.
        try:
            db = open_database(target, mode="ro", upgrade=False)
        except (CorruptDatabaseError, NotADatabaseError):
            db = None
        except VprError as exc:
            if "upgrad" not in exc.message:
                raise
            db = None
        if db is not None:
            try:
                identify(db).require(Permission.RESTORE, "restore backups")
            finally:
                db.close()
    safety = restore_database(args.file, target)
    print(f"Restored {args.file} into {target}.", file=out)
    if safety:
        print(f"The database as it was before the restore is kept at {safety}.", file=out)
    return EXIT_OK
