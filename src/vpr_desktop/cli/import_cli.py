"""``vpr-desktop import KIND FILE``: one file imported all-or-nothing, with the row-by-row
report when it is refused (the history of imports and their undo is ``imports_cli``); the NHS
Staff Survey's figures (``staff-survey``) go through the system view's own service.

Apart from ``main`` so each command group has its own module, as the others do.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING
from typing import TextIO

from vpr_desktop.cli.common import MAX_PROBLEM_LINES
from vpr_desktop.cli.common import signed_in
from vpr_desktop.domain.errors import EXIT_OK
from vpr_desktop.domain.errors import EXIT_USAGE

if TYPE_CHECKING:
    from vpr_desktop.services.importing.batch import ImportResult

IMPORT_KINDS = ("locations", "staff", "training", "incidents", "risks", "staff-survey")


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
        return cmd_import_staff_survey(args, out, err)
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


def cmd_import_staff_survey(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``import staff-survey FILE``: all rows or none; problems row by row on stderr (exit 3)."""
    from vpr_desktop.services.system.staff_survey import StaffSurveyService
    from vpr_desktop.services.system.staff_survey import read_results

    if args.profile or args.strict_courses or args.skip_unknown_courses or args.report:
        print(
            "vpr-desktop: --profile, --report and the course options are not for staff-survey "
            "imports.",
            file=err,
        )
        return EXIT_USAGE
    if args.dry_run:
        rows = read_results(args.file)
        print(f"{len(rows)} staff-survey figures checked; nothing was written (dry run).", file=out)
        return EXIT_OK
    with signed_in(args.db, True, StaffSurveyService) as service:
        result = service.import_file(args.file)
    print(result.summary(), file=out)
    return EXIT_OK
