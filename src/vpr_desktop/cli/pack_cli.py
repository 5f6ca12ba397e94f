"""``vpr-desktop pack committee|board``: generate a pack from the command line (``pack history``
and ``pack get`` are ``pack_history``).

Apart from ``main`` so each command group has its own module, as the others do; the pack's
arguments are ``pack_options``.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING
from typing import TextIO

from vpr_desktop.cli import pack_history
from vpr_desktop.cli.common import print_refusal
from vpr_desktop.cli.pack_options import ROUTE_FLAGS
from vpr_desktop.domain.errors import EXIT_OK
from vpr_desktop.domain.errors import EXIT_USAGE
from vpr_desktop.domain.errors import VprError

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.packs.context import PackRequest
    from vpr_desktop.store.database import Database


def cmd_pack(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Exit 0 with each file and its SHA-256 on stdout; progress on stderr; 3 when the request
    is refused (not allowed, or not valid), 4 when the database is refused."""
    from vpr_desktop.domain.errors import EXIT_REJECTED
    from vpr_desktop.domain.errors import PermissionDeniedError
    from vpr_desktop.reports.pack_job import generate_pack
    from vpr_desktop.services.container import build_services
    from vpr_desktop.services.packs.context import PackRequest
    from vpr_desktop.services.packs.front import front_warnings
    from vpr_desktop.services.packs.model import AssuranceLevel
    from vpr_desktop.services.packs.model import Purpose
    from vpr_desktop.services.packs.model import SessionKind
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
            print_refusal(exc, err)
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
