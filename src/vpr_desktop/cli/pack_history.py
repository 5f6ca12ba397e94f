"""``vpr-desktop pack history`` and ``pack get``: the packs as presented, kept in the database,
listed and written out under the same role and pack-kind rules as the window's Packs page."""

from __future__ import annotations

import argparse
from typing import TextIO

from vpr_desktop.cli.common import identified
from vpr_desktop.cli.common import print_listing
from vpr_desktop.cli.common import print_refusal
from vpr_desktop.domain.errors import EXIT_OK
from vpr_desktop.domain.errors import EXIT_USAGE


def cmd_pack_archive(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``pack history`` (a table of the packs this login may see) and ``pack get ID --out DIR``
    (the files byte for byte, hash checked). Exit 3 when refused (role, pack kind, a changed
    file) or not found -- on PostgreSQL a pack the login may not see is not found."""
    from vpr_desktop.domain.errors import EXIT_REJECTED
    from vpr_desktop.domain.errors import NotFoundError
    from vpr_desktop.services.packs import archive
    from vpr_desktop.services.packs.context import TRUST_ZONE

    if args.kind == "get" and (args.id is None or args.out is None):
        print("vpr-desktop pack: error: 'pack get' needs an ID and --out DIR", file=err)
        return EXIT_USAGE
    if args.kind == "history" and args.id is not None:
        print("vpr-desktop pack: error: an ID is only for 'pack get'", file=err)
        return EXIT_USAGE
    if args.kind == "get" and not args.out.is_dir():
        print(f"vpr-desktop: the output folder {args.out} does not exist", file=err)
        return EXIT_USAGE
    with identified(args.db, "ro" if args.kind == "history" else "rw") as (db, actor):
        if args.kind == "get":
            try:
                paths = archive.retrieve_pack(db, actor, args.id, args.out)
            except NotFoundError as exc:
                print_refusal(exc, err)
                return EXIT_REJECTED
            for path in paths:
                print(f"{path}  sha256 {archive.sha256_file(path)}", file=out)
            return EXIT_OK
        entries = archive.history(db, actor)
    rows = [
        (
            str(e.id),
            e.kind,
            f"{e.period_from:%Y-%m-%d} to {e.period_to:%Y-%m-%d}",
            f"{e.generated_at.astimezone(TRUST_ZONE):%Y-%m-%d %H:%M}",
            e.generated_by,
            (e.meeting or "")
            + (f" {e.meeting_date:%Y-%m-%d}" if e.meeting_date is not None else ""),
            ", ".join(f.file_format for f in e.files),
        )
        for e in entries
    ]
    return print_listing(
        ("ID", "Kind", "Period", "Made", "By", "Meeting", "Files"),
        rows,
        "No archived packs you may see.",
        out,
    )
