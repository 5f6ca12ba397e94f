"""The command line: the same services the window uses, for scripts, schedulers and tests.

Exit codes (ARCHITECTURE.md): 0 done; 2 usage error; 3 input rejected (nothing written);
4 database refused (newer than this app, corrupt, not a database, locked, on a network share).
Any other failure is a bug: logged with a reference, exit 1, never a traceback on screen.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vpr_desktop import __version__
from vpr_desktop.cli import (
    database_cli,
    imports_cli,
    pack_history,
    settings_cli,
    standard_cli,
    system_cli,
    user_cli,
)
from vpr_desktop.cli.common import MAX_PROBLEM_LINES, PACK_FORMATS, iso_date
from vpr_desktop.domain.errors import EXIT_BUG, EXIT_OK, EXIT_USAGE, VprError

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.importing.batch import ImportResult
    from vpr_desktop.services.packs.context import PackRequest
    from vpr_desktop.store.database import Database

IMPORT_KINDS = ("locations", "staff", "training", "incidents", "risks", "staff-survey")


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
    _add_pack_parser(sub)
    user_cli.add_user_parser(sub)
    imports_cli.add_imports_parser(sub)
    settings_cli.add_settings_parser(sub)
    standard_cli.add_parsers(sub)  # standard list|show|load, assessment list|export|import
    system_cli.add_parsers(sub)  # export return; system load|pack
    return p


#: The front sheet's committee-to-board fields (PackRequest names from the flags).
ROUTE_FLAGS = (
    ("--chair-alert", "chair's summary, Alert: what the board must know or act on"),
    ("--chair-advise", "chair's summary, Advise: what the committee is watching or doing"),
    ("--chair-assure", "chair's summary, Assure: where the committee takes assurance"),
    ("--previously-considered", "committees or groups that considered the paper before"),
    ("--risk-references", "Board Assurance Framework / corporate risk register references"),
    ("--equality-implications", "equality implications"),
    ("--quality-implications", "quality implications"),
    ("--financial-implications", "financial implications"),
)


def _add_pack_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    pack = sub.add_parser(
        "pack",
        help="generate a committee or board pack (PDF and/or Excel); list the pack history; "
        "get an archived pack as presented",
    )
    pack.add_argument(
        "kind",
        choices=("committee", "board", "history", "get"),
        help="committee or board: generate one; history: list archived packs; "
        "get ID: write an archived pack's files unchanged",
    )
    pack.add_argument("id", nargs="?", type=int, help="get: the pack's ID in the history")
    pack.add_argument("--db", required=True)
    pack.add_argument(
        "--from",
        dest="period_from",
        type=iso_date,
        help="first day of the period (YYYY-MM-DD); required for a new pack",
    )
    pack.add_argument(
        "--to",
        dest="period_to",
        type=iso_date,
        help="last day of the period (YYYY-MM-DD); required for a new pack",
    )
    pack.add_argument("--out", type=Path, help="folder to write the pack (or the copy) into")
    pack.add_argument(
        "--format",
        choices=PACK_FORMATS,
        default="both",
        help="both: PDF and Excel (default); all: PDF, Excel and the accessible Word paper",
    )
    pack.add_argument(
        "--as-at",
        type=iso_date,
        default=None,
        help="date overdue figures are judged at (default: today)",
    )
    front = pack.add_argument_group("front sheet (defaults follow board paper conventions)")
    front.add_argument("--meeting")
    front.add_argument("--meeting-date", type=iso_date)
    front.add_argument("--agenda-item")
    front.add_argument("--title")
    front.add_argument(
        "--sponsor", help="executive sponsor (a role title, not a name, for a board pack)"
    )
    front.add_argument("--author")
    front.add_argument("--purpose", choices=("approval", "assurance", "discussion", "information"))
    front.add_argument("--recommendation", help='one verb: "The Board is asked to note ..."')
    front.add_argument(
        "--assurance",
        choices=("substantial", "reasonable", "limited", "no"),
        help="level of assurance the paper offers: the author's decision, never assumed; "
        "without it the front sheet says 'not stated' (a board pack also warns, with the "
        "level the figures suggest)",
    )
    front.add_argument("--route", help="committee route")
    front.add_argument("--session", choices=("public", "private"))
    route = pack.add_argument_group(
        "committee to board (printed as written; an empty field prints as 'not stated')"
    )
    for flag, what in ROUTE_FLAGS:
        route.add_argument(flag, help=what)
    pack.add_argument(
        "--rebase-from",
        metavar="YYYY-MM",
        help="recalculate the SPC charts' process limits from this month (after a sustained "
        "shift you accept as the new process); the charts mark it",
    )
    pack.add_argument(
        "--screen-outliers",
        action="store_true",
        help="leave moving ranges of 3.267 x their mean or more out of the SPC limits (as the "
        "NHS-R plot-the-dots package); default: keep them all, as NHS England's Excel tool; "
        "each chart's notes say which",
    )
    pack.add_argument(
        "--assessment-cycle",
        default="latest-signed",
        metavar="ID|latest-signed|latest",
        help="self-assessment cycle to show: latest-signed (default: the last cycle both "
        "sides signed off), latest (the newest, even a draft, marked as a draft) or a "
        "cycle's ID",
    )


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
        "backup": database_cli.cmd_backup,
        "restore": database_cli.cmd_restore,
        "import": cmd_import,
        "imports": imports_cli.cmd_imports,
        "pack": cmd_pack,
        "user": user_cli.cmd_user,
        "settings": settings_cli.cmd_settings,
        "standard": standard_cli.cmd_standard,
        "assessment": standard_cli.cmd_assessment,
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


def cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Exit 0 with counts; exit 3 with the row-by-row report on stderr (nothing written)."""
    from vpr_desktop.domain.errors import EXIT_REJECTED
    from vpr_desktop.services.container import build_services
    from vpr_desktop.services.importing.report import write_report_csv
    from vpr_desktop.services.risks.service import RiskRegisterService
    from vpr_desktop.store.database import open_database

    if args.kind not in IMPORT_KINDS:
        print(f"vpr-desktop: importing {args.kind} is not available in this version yet.", file=err)
        return EXIT_USAGE
    if args.kind == "staff-survey":
        return system_cli.cmd_import_staff_survey(args, out, err)
    courses_flag = "--strict-courses" if args.strict_courses else "--skip-unknown-courses"
    for flag, given, kinds in (
        (courses_flag, args.strict_courses or args.skip_unknown_courses, "training"),
    ):
        if given and args.kind not in kinds.replace(" and ", ", ").split(", "):
            print(f"vpr-desktop: {flag} is for {kinds} imports.", file=err)
            return EXIT_USAGE
    db = open_database(args.db, mode="rw", create=False)
    try:
        services = build_services(db)
        if args.kind == "locations":
            from vpr_desktop.services.admin.location_import import import_locations

            result = import_locations(
                db, services.actor, args.file, dry_run=args.dry_run, profile_name=args.profile
            )
        elif args.kind == "incidents":
            from vpr_desktop.services.incidents.service import IncidentService

            result = IncidentService(db, services.actor).import_incidents(
                args.file, args.dry_run, profile_name=args.profile
            )
        elif args.kind in ("staff", "training"):
            imports = services.training_imports()
            columns, values = (
                imports.profiles_named(args.kind, args.profile) if args.profile else (None, None)
            )
            result = imports.run(
                args.kind,
                args.file,
                dry_run=args.dry_run,
                profile_name=columns,
                value_profile=values,
                strict_courses=args.strict_courses,
            )
        else:
            result = RiskRegisterService(db, services.actor).import_risks(
                args.file, args.dry_run, profile_name=args.profile
            )
    finally:
        db.close()
    if args.report is not None:
        write_report_csv(args.report, result.problems, total=result.problems_total)
    for note in result.notes:
        print(f"  note: {note}", file=err if not result.ok else out)
    if not result.ok:
        _print_rejection(result, args, err)
        return EXIT_REJECTED
    print(result.summary(), file=out)
    return EXIT_OK


def _warn_no_assurance(db: Database, actor: Actor, request: PackRequest, err: TextIO) -> None:
    """A board pack without --assurance: say the front sheet will read "not stated", with the
    level the figures suggest (a suggestion only; the level is never filled in)."""
    from vpr_desktop.services.packs.assurance import suggest_assurance

    print(
        "vpr-desktop pack: warning: no level of assurance given (--assurance); the front "
        "sheet says 'Level of assurance: not stated — to be completed by the author'.",
        file=err,
    )
    try:
        suggestion = suggest_assurance(db, actor, request.as_at or dt.date.today(), "board")
    except VprError:
        return
    print(f"  {suggestion.text}.", file=err)


def _print_rejection(result: ImportResult, args: argparse.Namespace, err: TextIO) -> None:
    """The summary, then each distinct unknown value once with its row count (a real export
    repeats a few unknown names in hundreds of rows), then the other problems row by row;
    ``--verbose`` lists every problem row by row, and ``--report`` writes them all."""
    print(f"vpr-desktop: {result.summary()}", file=err)
    grouped = [] if args.verbose else result.unknown_lines()
    rows = [p for p in result.problems if not (grouped and p.unknown)]
    others = result.problems_total - (result.unknown_total if grouped else 0)
    for line in grouped:
        print(f"  {line}", file=err)
    if grouped and others:
        print("  Other problems, row by row:", file=err)
    elif not grouped:
        print("  Fix the rows listed and run the import again.", file=err)
    for problem in rows[:MAX_PROBLEM_LINES]:
        print(f"  {problem}", file=err)
    hidden = others - min(len(rows), MAX_PROBLEM_LINES)
    if hidden > 0:
        print(
            f"  ... and {hidden:,} more"
            + ("" if args.report else " (use --report FILE to list them all)"),
            file=err,
        )
    if grouped:
        how = "in " + str(args.report) if args.report else "with --verbose or --report FILE"
        print(f"  Every problem is listed row by row {how}.", file=err)


def cmd_pack(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Exit 0 with each file and its SHA-256 on stdout; progress on stderr; 3 when the request
    is refused (not allowed, or not valid), 4 when the database is refused."""
    from vpr_desktop.domain.errors import EXIT_REJECTED, PermissionDeniedError
    from vpr_desktop.reports.pack_job import generate_pack
    from vpr_desktop.services.container import build_services
    from vpr_desktop.services.packs.context import PackRequest
    from vpr_desktop.services.packs.front import front_warnings
    from vpr_desktop.services.packs.model import AssuranceLevel, Purpose, SessionKind
    from vpr_desktop.store.database import open_database

    if args.kind in ("history", "get"):
        return pack_history.cmd_pack_archive(args, out, err)
    missing = [
        flag
        for flag, value in (("--from", args.period_from), ("--to", args.period_to))
        if value is None
    ] + (["--out"] if args.out is None else [])
    if missing or args.id is not None:
        why = (
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} required"
            if missing
            else "an ID is only for 'pack get'"
        )
        print(f"vpr-desktop pack: error: {why} for a {args.kind} pack", file=err)
        return EXIT_USAGE
    request = PackRequest(
        kind=args.kind,
        period_from=args.period_from,
        period_to=args.period_to,
        as_at=args.as_at,
        meeting=args.meeting,
        meeting_date=args.meeting_date,
        agenda_item=args.agenda_item,
        title=args.title,
        executive_sponsor=args.sponsor,
        author=args.author,
        purpose=Purpose(args.purpose) if args.purpose else None,
        recommendation=args.recommendation,
        assurance_level=AssuranceLevel(args.assurance) if args.assurance else None,
        committee_route=args.route,
        session=SessionKind(args.session) if args.session else None,
        assessment_cycle=str(args.assessment_cycle).strip().lower(),
        rebase_from=args.rebase_from.strip() if args.rebase_from else None,
        screen_outliers=bool(args.screen_outliers),
        **{
            flag[2:].replace("-", "_"): getattr(args, flag[2:].replace("-", "_"))
            for flag, _ in ROUTE_FLAGS
        },
    )
    request.check()
    if not args.out.is_dir():
        print(f"vpr-desktop: the output folder {args.out} does not exist", file=err)
        return EXIT_USAGE
    formats = {"both": ("pdf", "xlsx"), "all": ("pdf", "xlsx", "docx")}.get(
        args.format, (args.format,)
    )

    def progress(percent: int, stage: str) -> None:
        print(f"  {percent:3d}%  {stage}", file=err)

    db = open_database(args.db, mode="rw", create=False)
    try:
        services = build_services(db)
        if request.kind == "board" and request.assurance_level is None:
            _warn_no_assurance(db, services.actor, request, err)
        for warning in front_warnings(request):
            print(f"vpr-desktop pack: warning: {warning}", file=err)
        try:
            result = generate_pack(
                db, services.actor, request, args.out, formats, progress=progress
            )
        except PermissionDeniedError as exc:
            print(f"vpr-desktop: {exc.message}", file=err)
            if exc.next_step:
                print(f"  {exc.next_step}", file=err)
            return EXIT_REJECTED
    finally:
        db.close()
    for f in result.files:
        print(f"{f.path}  sha256 {f.sha256}  ({f.size:,} bytes)", file=out)
    if result.archive is not None:
        print(
            f"Archived in the pack history as {result.archive.kind}/{result.archive.run}.", file=out
        )
    if result.pack.omitted:
        print("  not in this version: " + "; ".join(result.pack.omitted), file=err)
    print(f"  {result.pack.kind} pack generated in {result.seconds:.1f} s", file=err)
    return EXIT_OK
