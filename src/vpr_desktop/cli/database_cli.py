"""``vpr-desktop db init|upgrade|check|version``: the commands about the database file itself,
apart from the commands about its content (``cli.main``); ``db check`` is ``cli.db_check_cli``,
``db encrypt|decrypt|unlock`` are in ``cli.encryption_cli``, and ``backup`` and ``restore`` in
``cli.backup_cli``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from vpr_desktop import __version__
from vpr_desktop.cli.db_check_cli import check_database
from vpr_desktop.domain.errors import EXIT_OK
from vpr_desktop.domain.errors import EXIT_USAGE


def cmd_db(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vpr_desktop.store import migrate
    from vpr_desktop.store.database import is_url
    from vpr_desktop.store.database import open_database
    from vpr_desktop.store.database import refuse_if_newer
    from vpr_desktop.store.sqlite_checks import empty_database_error
    from vpr_desktop.store.sqlite_checks import inspect_sqlite

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
        return check_database(args.db, head, out)
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
    from vpr_desktop.store.database import is_url
    from vpr_desktop.store.database import open_database
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
