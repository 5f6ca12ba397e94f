"""``vpr-desktop assessment list|export|import``: self-assessment cycles, through the same
service the window uses.

Apart from the standard's editions (``cli.standard_cli``): a cycle rates one edition, and its
commands go through the assessment service rather than the standards one. Exit codes as
everywhere: 0 done; 3 input rejected (nothing written; the problems are listed row by row on
stderr); 4 database refused.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any
from typing import TextIO

from vpr_desktop.cli.common import add_command_group
from vpr_desktop.cli.common import print_problems
from vpr_desktop.cli.common import signed_in
from vpr_desktop.domain.errors import EXIT_OK
from vpr_desktop.domain.errors import EXIT_REJECTED

if TYPE_CHECKING:
    from vpr_desktop.services.importing.batch import ImportResult


def add_parsers(sub: Any) -> None:
    """Add the ``assessment`` command to the CLI's subparsers."""
    asub = add_command_group(
        sub, "assessment", "action", "self-assessment cycles: list, export, import"
    )
    p = asub.add_parser("list", help="assessment cycles, newest first")
    p.add_argument("--db", required=True)
    p.add_argument("--edition", help="only this edition's cycles")
    p = asub.add_parser(
        "export", help="a cycle as an assessment and improvement action plan workbook"
    )
    p.add_argument("cycle", help="the cycle's id or exact name")
    p.add_argument("--out", required=True, type=Path, help="the .xlsx file to write")
    p.add_argument("--db", required=True)
    p = asub.add_parser(
        "import",
        help="ratings and narratives from a workbook in the export's layout (all rows or none)",
    )
    p.add_argument("file", type=Path)
    p.add_argument("--db", required=True)
    p.add_argument("--cycle", help="the cycle's id or name (default: the one the workbook names)")
    p.add_argument("--dry-run", action="store_true", help="check and report; write nothing")


def cmd_assessment(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``assessment list|export|import``; returns the process exit code."""
    from vpr_desktop.services.assessment.service import AssessmentService

    with signed_in(args.db, args.action == "import", AssessmentService) as svc:
        if args.action == "list":
            for c in svc.list_cycles(args.edition):
                s = svc.summary(c.id)
                print(
                    f"{c.id:>4}  {c.name}  [{c.edition}]  {c.period_start} to "
                    f"{c.period_end}  {c.status_label}  {s.overall.percent_rated:.0f}% rated "
                    f"(R {s.overall.red} / A {s.overall.amber} / G {s.overall.green} / "
                    f"not assessed {s.overall.not_rated})",
                    file=out,
                )
            return EXIT_OK
        if args.action == "export":
            from vpr_desktop.reports.assessment_xlsx import export_assessment

            cycle = svc.find_cycle(args.cycle)
            result = export_assessment(svc, cycle.id, args.out)
            print(f"Wrote {result.path} ({result.rows} indicators of '{cycle.name}').", file=out)
            return EXIT_OK
        cycle_id = svc.find_cycle(args.cycle).id if args.cycle else None
        imported = svc.import_workbook(args.file, cycle_id, dry_run=args.dry_run)
        return _import_outcome(imported, out, err)


def _import_outcome(result: ImportResult, out: TextIO, err: TextIO) -> int:
    for note in result.notes:
        print(f"  note: {note}", file=out if result.ok else err)
    if not result.ok:
        print_problems(result.summary(), result.problems, result.problems_total, err)
        return EXIT_REJECTED
    print(result.summary(), file=out)
    return EXIT_OK
