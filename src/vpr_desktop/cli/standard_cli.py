"""``vpr-desktop standard ...``: the editions of the standard, through the same service the
window uses (``assessment ...`` is ``cli.assessment_cli``). Kept apart from ``cli/main.py`` so
the commands of different features do not collide.

Exit codes as everywhere: 0 done; 3 input rejected (nothing written; the problems are listed
row by row on stderr); 4 database refused.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any
from typing import TextIO

from vpr_desktop.cli.common import add_command_group
from vpr_desktop.cli.common import iso_date
from vpr_desktop.cli.common import print_problems
from vpr_desktop.cli.common import signed_in
from vpr_desktop.domain.errors import EXIT_OK
from vpr_desktop.domain.errors import EXIT_REJECTED


def add_parsers(sub: Any) -> None:
    """Add the ``standard`` command to the CLI's subparsers."""
    ssub = add_command_group(
        sub, "standard", "action", "standard editions: list, show, load or update"
    )
    p = ssub.add_parser("list", help="the editions loaded")
    p.add_argument("--db", required=True)
    p = ssub.add_parser("show", help="an edition's domains (official order) and indicators")
    p.add_argument("edition", help="e.g. 2024 or vpr-2024")
    p.add_argument("--db", required=True)
    p = ssub.add_parser(
        "load",
        help="load or update an edition from a library .toml file or "
        "a spreadsheet (.xlsx/.csv) of indicators",
    )
    p.add_argument("file", type=Path)
    p.add_argument("--db", required=True)
    p.add_argument("--edition", help="spreadsheets: the edition to update or create")
    p.add_argument(
        "--library-version",
        type=int,
        help="spreadsheets: the new library version (higher than the loaded one)",
    )
    p.add_argument("--title", help="spreadsheets: title (required for a new edition)")
    p.add_argument("--publisher", help="spreadsheets: publisher (required for a new edition)")
    p.add_argument("--published-on", type=iso_date, help="spreadsheets: publication date")
    p.add_argument("--sheet", help="workbooks: the sheet holding the indicators (default: found)")
    p.add_argument(
        "--header-row", type=int, help="workbooks: the row holding the headings (default: found)"
    )
    p.add_argument("--dry-run", action="store_true", help="check and report; write nothing")


def cmd_standard(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``standard list|show|load``; returns the process exit code."""
    from vpr_desktop.services.assessment.standards import StandardsService

    with signed_in(args.db, args.action == "load", StandardsService) as svc:
        if args.action == "list":
            return _standard_list(svc, out)
        if args.action == "show":
            return _standard_show(svc, args.edition, out)
        return _standard_load(svc, args, out, err)


def _standard_list(svc: Any, out: TextIO) -> int:
    editions = svc.list_editions()
    if not editions:
        print("No standard editions are loaded.", file=out)
    for e in editions:
        mark = (
            "  [working summary: our wording, not the published one]" if e.working_summary else ""
        )
        print(
            f"{e.edition:<12} ({e.short_name})  library v{e.library_version}  "
            f"{e.domains} domains, {e.indicators} indicators"
            + (f" ({e.retired} retired)" if e.retired else "")
            + f", {e.cycles} cycle(s){mark}",
            file=out,
        )
        print(f"    {e.title}", file=out)
    return EXIT_OK


def _standard_show(svc: Any, edition: str, out: TextIO) -> int:
    from vpr_desktop.domain.standard_library import WORKING_SUMMARY_MARK
    from vpr_desktop.domain.standard_library import strip_mark

    d = svc.edition(edition)
    s = d.summary
    print(s.title, file=out)
    print(
        f"Edition {s.edition}, library version {s.library_version}; publisher: "
        f"{s.publisher}" + (f"; published {s.published_on.isoformat()}" if s.published_on else ""),
        file=out,
    )
    if s.working_summary:
        print(
            f"WORKING SUMMARY: indicators marked [ours] are VPR Desktop's own wording "
            f"({WORKING_SUMMARY_MARK}); they are not NHS England's text.",
            file=out,
        )
    print("Rating scale:", file=out)
    for lv in d.scale:
        ours = " [ours]" if WORKING_SUMMARY_MARK in lv.description else ""
        print(f"  {lv.label}{ours}: {strip_mark(lv.description) or '-'}", file=out)
    for domain in d.domains:
        live = [i for i in domain.indicators if not i.retired]
        print(
            f"\n{domain.code}  {domain.title}  ({len(live)} indicator"
            f"{'' if len(live) == 1 else 's'})",
            file=out,
        )
        for ind in domain.indicators:
            tags = ("[ours] " if ind.working_summary else "") + (
                "[retired] " if ind.retired else ""
            )
            print(f"  {ind.code:<6} {tags}{strip_mark(ind.text)}", file=out)
    return EXIT_OK


def _standard_load(svc: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vpr_desktop.domain.errors import ValidationError

    if args.file.suffix.lower() == ".toml":
        result = svc.load_library(args.file, dry_run=args.dry_run)
    else:
        if not args.edition or args.library_version is None:
            raise ValidationError(
                "A spreadsheet needs --edition and --library-version.",
                "e.g. --edition 2024 --library-version 2",
            )
        result = svc.load_sheet(
            args.file,
            args.edition,
            args.library_version,
            title=args.title,
            publisher=args.publisher,
            published_on=args.published_on,
            dry_run=args.dry_run,
            sheet=args.sheet,
            header_row=args.header_row,
        )
    if not result.ok:
        print_problems(result.summary(), result.problems, len(result.problems), err)
        return EXIT_REJECTED
    print(result.summary(), file=out)
    return EXIT_OK
