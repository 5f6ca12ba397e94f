"""``vpr-desktop backup`` and ``restore``: a verified copy of a SQLite database, and putting one
back in its place.

Apart from the ``db`` commands (``cli.database_cli``) because these go through the backup
service and the RESTORE permission, and refuse a shared PostgreSQL database (its backups are
the server's job).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from vpr_desktop.domain.errors import EXIT_OK
from vpr_desktop.domain.errors import VprError


def cmd_backup(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vpr_desktop.domain.errors import ValidationError
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import is_url
    from vpr_desktop.store.database import open_database

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
    from vpr_desktop.domain.errors import CorruptDatabaseError
    from vpr_desktop.domain.errors import NotADatabaseError
    from vpr_desktop.domain.permissions import Permission
    from vpr_desktop.services.admin.backups import postgresql_restore_refused
    from vpr_desktop.services.admin.backups import restore_database
    from vpr_desktop.services.admin.users import identify
    from vpr_desktop.store.database import is_url
    from vpr_desktop.store.database import open_database

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
