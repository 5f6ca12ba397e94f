"""The command line: the same services the window uses, for scripts, schedulers and tests.

Exit codes (ARCHITECTURE.md): 0 done; 2 usage error; 3 input rejected (nothing written);
4 database refused (newer than this app, corrupt, not a database, locked, on a network share).
Any other failure is a bug: logged with a reference, exit 1, never a traceback on screen.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from vpr_desktop import __version__
from vpr_desktop.cli import assessment_cli
from vpr_desktop.cli import backup_cli
from vpr_desktop.cli import database_cli
from vpr_desktop.cli import import_cli
from vpr_desktop.cli import imports_cli
from vpr_desktop.cli import pack_cli
from vpr_desktop.cli import settings_cli
from vpr_desktop.cli import standard_cli
from vpr_desktop.cli import system_cli
from vpr_desktop.cli import user_cli
from vpr_desktop.cli.common import iso_date
from vpr_desktop.cli.import_cli import IMPORT_KINDS
from vpr_desktop.cli.pack_options import add_pack_parser
from vpr_desktop.domain.errors import EXIT_BUG
from vpr_desktop.domain.errors import EXIT_OK
from vpr_desktop.domain.errors import EXIT_USAGE
from vpr_desktop.domain.errors import VprError


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="vpr-desktop",
        description="VPR Desktop: violence prevention and reduction for NHS trusts. "
        "With no command, opens the window.",
    )
    p.add_argument("--version", "-V", action="version", version=f"VPR Desktop {__version__}")
    p.add_argument("--db", help="database: a SQLite file path or postgresql+psycopg://... URL")
    p.add_argument(
        "--demo", action="store_true", help="open the demo trust database (created on first use)"
    )
    # The installer's check of the frozen bundle (views/smoke.py): not for people, so hidden.
    p.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="create a database filled with a made-up demo trust")
    demo.add_argument(
        "--db",
        required=True,
        help="new database to create: a file, or an empty postgresql+psycopg://... database",
    )
    demo.add_argument("--size", choices=("small", "large"), default="small")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument(
        "--anchor",
        type=iso_date,
        default=None,
        help="the demo's 'today' (YYYY-MM-DD); default: today",
    )

    db = sub.add_parser(
        "db",
        help="database: create a new one (init), upgrade, check, show versions, or encrypt, "
        "decrypt or unlock a SQLite file",
    )
    db.add_argument(
        "action",
        choices=("init", "upgrade", "check", "version", "encrypt", "decrypt", "unlock"),
    )
    db.add_argument("file", nargs="?", help="the database (the same as --db)")
    db.add_argument("--db", help="database: a SQLite file path or postgresql+psycopg://... URL")
    db.add_argument(
        "--recovery-key-file",
        type=Path,
        help="unlock: read the recovery key from this file instead of asking for it; "
        "encrypt: also write the recovery key to this new file",
    )

    backup = sub.add_parser("backup", help="back up a SQLite database (online, verified)")
    backup.add_argument("--db", required=True)
    backup.add_argument("--out", required=True, type=Path, help="backup file to write")

    restore = sub.add_parser("restore", help="restore a backup over a SQLite database")
    restore.add_argument("file", type=Path, help="the backup file")
    restore.add_argument("--db", required=True)

    imp = sub.add_parser("import", help="import a CSV or Excel file (all rows or none)")
    imp.add_argument("kind", choices=IMPORT_KINDS, help="what the file holds")
    imp.add_argument("file", type=Path, help="the .csv or .xlsx file")
    imp.add_argument("--db", required=True)
    imp.add_argument(
        "--dry-run", action="store_true", help="check every row and report, but write nothing"
    )
    imp.add_argument(
        "--report",
        type=Path,
        default=None,
        help="also write the row-by-row problems to this CSV file",
    )
    imp.add_argument(
        "--profile",
        default=None,
        metavar="NAME",
        help="use the choices saved under this name in the import window: the value "
        "mapping (what each unknown location, staff group, competence or other value is) "
        "and, for staff and training, the column mapping",
    )
    imp.add_argument(
        "--verbose",
        action="store_true",
        help="list every problem row by row, unknown values too (by default each unknown "
        "location, category or other value is named once with its row count)",
    )
    courses = imp.add_mutually_exclusive_group()
    courses.add_argument(
        "--strict-courses",
        action="store_true",
        help="training: reject the file if a competence is not listed by any course "
        "(by default such rows are left out and each competence is named with its row count)",
    )
    courses.add_argument(  # the default since competence exports import as they come
        "--skip-unknown-courses", action="store_true", help=argparse.SUPPRESS
    )
    add_pack_parser(sub)
    user_cli.add_user_parser(sub)
    imports_cli.add_imports_parser(sub)
    settings_cli.add_settings_parser(sub)
    standard_cli.add_parsers(sub)  # standard list|show|load
    assessment_cli.add_parsers(sub)  # assessment list|export|import
    system_cli.add_parsers(sub)  # export return; system load|pack
    return p


def parse(argv: list[str], err: TextIO | None = None) -> argparse.Namespace | int:
    """Parsed arguments, or an exit code (``--help``/``--version`` 0, usage error 2)."""
    err = err or sys.stderr
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    if args.command is None and args.db and args.demo:
        print("vpr-desktop: error: give either --db or --demo, not both", file=err)
        return EXIT_USAGE
    return args


def run(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run a CLI command (the window is started by ``__main__`` when no command is given)."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = parse(argv, err)
    if isinstance(args, int):
        return args
    if args.command is None:
        print("vpr-desktop: no command given (run 'vpr-desktop --help')", file=err)
        return EXIT_USAGE
    handler = {
        "demo": cmd_demo,
        "db": database_cli.cmd_db,
        "backup": backup_cli.cmd_backup,
        "restore": backup_cli.cmd_restore,
        "import": import_cli.cmd_import,
        "imports": imports_cli.cmd_imports,
        "pack": pack_cli.cmd_pack,
        "user": user_cli.cmd_user,
        "settings": settings_cli.cmd_settings,
        "standard": standard_cli.cmd_standard,
        "assessment": assessment_cli.cmd_assessment,
        "export": system_cli.cmd_export,
        "system": system_cli.cmd_system,
    }
    try:
        from vpr_desktop.store.atomic import remove_leftovers_at_start

        remove_leftovers_at_start()  # what a killed earlier run left in the app's folders
        return handler[args.command](args, out, err)
    except VprError as exc:
        from vpr_desktop.store.logs import redact_secrets

        print(f"vpr-desktop: {redact_secrets(exc.message)}", file=err)
        if exc.next_step:
            print(f"  {redact_secrets(exc.next_step)}", file=err)
        for row, column, value, why in getattr(exc, "problems", [])[:200]:
            where = f"row {row}: " if row is not None else ""  # a field, not a file's row
            print(f"  {where}{column} = {value!r}: {why}", file=err)
        return exc.exit_code
    except KeyboardInterrupt:
        print("vpr-desktop: interrupted; nothing was saved by the unfinished step.", file=err)
        return 130
    except Exception as exc:  # a bug: never a traceback on screen
        from vpr_desktop.store.logs import log_bug

        ref, log_path, _ = log_bug(exc, f"command line: {argv}")
        print(
            f"vpr-desktop: unexpected error (reference {ref}). Nothing further was changed.",
            file=err,
        )
        print(f"  Details are in {log_path}; please send the reference to your VPR lead.", file=err)
        return EXIT_BUG


def _progress_printer(err: TextIO):  # type: ignore[no-untyped-def]
    last = {"stage": ""}
    interactive = err.isatty()

    def progress(percent: int, stage: str) -> None:
        if stage != last["stage"]:
            last["stage"] = stage
            if interactive:
                print(f"  {percent:3d}%  {stage}", file=err)

    return progress


def cmd_demo(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vpr_desktop.services.demo.database import create_demo_database

    target = args.db  # never through Path(): that would turn a URL into a file name
    started = time.perf_counter()
    db = create_demo_database(
        target, size=args.size, seed=args.seed, anchor=args.anchor, progress=_progress_printer(err)
    )
    try:
        from vpr_desktop.services.container import build_services

        summary = build_services(db).summary.home()
    finally:
        db.close()
    seconds = time.perf_counter() - started
    where = db.describe() if db.kind == "postgresql" else target
    counts = ", ".join(f"{n:,} {label.lower()}" for label, n in summary.counts)
    print(
        f"Demo trust ({args.size}, seed {args.seed}) written to {where} in {seconds:.1f} s: "
        f"{counts}.",
        file=out,
    )
    return EXIT_OK
