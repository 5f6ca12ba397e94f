"""The arguments of ``vpr-desktop pack``: the period, the formats, the front sheet and the
committee-to-board fields.

Apart from the command that runs it (``pack_cli``) because the front sheet's options are most
of the pack command and change with the board paper's conventions, not with how a pack is made.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from vpr_desktop.cli.common import PACK_FORMATS
from vpr_desktop.cli.common import iso_date

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


def add_pack_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``pack`` to the command line's subcommands ``sub``."""
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
