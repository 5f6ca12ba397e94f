"""``vpr-desktop export return`` (the trust's anonymised return in the common data standard),
``vpr-desktop system load FILE… | pack`` (the system view over many trusts' returns) and
``vpr-desktop system demo --out FOLDER`` (three demo trusts of different sizes and their returns,
to try the system view with). ``import staff-survey FILE`` (the NHS Staff Survey's violence
measures) is with the other imports in ``cli.import_cli``.

The same function as File > Export anonymised return in the window
(:func:`vpr_desktop.reports.system_return.write_return`), so the same permission, checks and
audit apply. Exit 0 with each file and the return's SHA-256 on stdout; 3 when the request or
the return is refused (nothing written); 4 when the database is refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TextIO

from vpr_desktop.cli.common import PACK_FORMATS
from vpr_desktop.cli.common import add_command_group
from vpr_desktop.cli.common import iso_date
from vpr_desktop.domain.errors import EXIT_OK
from vpr_desktop.domain.errors import EXIT_USAGE


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``export return`` (this trust's return)."""
    export = sub.add_parser(
        "export",
        help="export the trust's anonymised return in the common data standard (JSON and CSV)",
    )
    export.add_argument("kind", choices=("return",), help="return: the anonymised return")
    export.add_argument("--db", required=True)
    export.add_argument(
        "--trust-code", required=True, help="the trust's ODS organisation code, e.g. RXX"
    )
    export.add_argument("--from", dest="period_from", type=iso_date, required=True)
    export.add_argument("--to", dest="period_to", type=iso_date, required=True)
    export.add_argument(
        "--out",
        type=Path,
        required=True,
        help="the .json file to write (a .csv copy of the same cells is written beside it)",
    )
    export.add_argument(
        "--as-at",
        type=iso_date,
        default=None,
        help="the day timeliness is judged at (default today)",
    )
    actions = add_command_group(
        sub,
        "system",
        "system_action",
        "the system (ICS / regional) view: load trusts' returns, write the system pack",
    )
    load = actions.add_parser(
        "load", help="load trusts' returns (checked first; all files or none are loaded)"
    )
    load.add_argument("files", nargs="+", type=Path, metavar="FILE", help="return .json files")
    load.add_argument("--db", required=True)
    demo = actions.add_parser(
        "demo",
        help="make three demo trusts (about 400, 800 and 1,600 staff) and their returns to load",
    )
    demo.add_argument("--out", type=Path, required=True, help="an empty folder to write into")
    demo.add_argument(
        "--anchor",
        type=iso_date,
        default=None,
        help="the demo's 'today' (YYYY-MM-DD); default today",
    )
    pack = actions.add_parser("pack", help="write the system pack (PDF, Excel and Word)")
    pack.add_argument("--db", required=True)
    pack.add_argument("--out", type=Path, required=True, help="folder to write the pack into")
    pack.add_argument(
        "--format",
        choices=PACK_FORMATS,
        default="all",
        help="both: PDF and Excel; all (default): PDF, Excel and Word",
    )
    pack.add_argument(
        "--title",
        default="",
        help="the pack's title on its front page (default: Violence prevention and reduction "
        "across the system)",
    )


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vpr_desktop.reports.system_return import write_return
    from vpr_desktop.services.container import build_services
    from vpr_desktop.services.system.return_export import ReturnRequest
    from vpr_desktop.store.database import open_database

    request = ReturnRequest(
        args.trust_code.strip().upper(), args.period_from, args.period_to, args.as_at
    )
    db = open_database(args.db, mode="rw", create=False)
    try:
        written = write_return(db, build_services(db).actor, request, args.out)
    finally:
        db.close()
    for path in written.paths:
        print(path, file=out)
    print(f"Return content sha256 {written.sha256}", file=out)
    return EXIT_OK


def cmd_system(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``system load``: one line per file (exit 3, nothing loaded, when any is refused);
    ``system pack``: each file and its SHA-256."""
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    if args.system_action in ("pack", "demo") and not args.out.is_dir():
        print(f"vpr-desktop: the output folder {args.out} does not exist", file=err)
        return EXIT_USAGE
    if args.system_action == "demo":
        from vpr_desktop.reports.system_return import write_demo_returns

        if any(args.out.iterdir()):
            print(f"vpr-desktop: {args.out} is not empty; choose an empty folder", file=err)
            return EXIT_USAGE
        for written in write_demo_returns(args.out, args.anchor or dt.date.today()):
            print(f"{written.paths[0]}  sha256 {written.sha256}", file=out)
        return EXIT_OK
    db = open_database(args.db, mode="rw", create=False)
    try:
        actor = build_services(db).actor
        if args.system_action == "load":
            from vpr_desktop.services.system.system_view import load_returns

            for outcome in load_returns(db, actor, args.files):
                print(outcome.line(), file=out)
            return EXIT_OK
        from vpr_desktop.reports.system_pack import write_system_pack

        formats = {"both": ("pdf", "xlsx"), "all": ("pdf", "xlsx", "docx")}.get(
            args.format, (args.format,)
        )
        for f in write_system_pack(db, actor, args.out, formats, args.title):
            print(f"{f.path}  sha256 {f.sha256}", file=out)
    finally:
        db.close()
    return EXIT_OK
