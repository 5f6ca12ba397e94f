"""What several command groups of the CLI share: how a date is typed, how a database is opened
for reading or writing, and how a refusal's problem rows are printed (and how many before
"... and N more").

Why here: each command module (``main``, ``standard_cli``, ``system_cli``) had its own copy of
the date argument, word for word; one copy keeps every command's "not a date" message the same.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from vpr_desktop.domain.errors import VprError
    from vpr_desktop.store.database import Database

#: Problem rows printed on stderr before the rest are counted ("... and 1,204 more").
MAX_PROBLEM_LINES = 200
#: What a pack can be written as; "both" is PDF and Excel, "all" adds the Word paper.
PACK_FORMATS = ("pdf", "xlsx", "docx", "both", "all")


def iso_date(text: str) -> dt.date:
    """An argparse ``type``: a date typed as YYYY-MM-DD, or a usage error saying so."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date as YYYY-MM-DD") from None


def open_for(target: str, writing: bool) -> Database:
    """The database for a command that reads (any mode the file allows) or writes."""
    from vpr_desktop.store.database import open_database

    return open_database(target, mode="rw" if writing else "auto", create=False)


def print_problems(summary: str, problems: list[Any], total: int, err: TextIO) -> None:
    """A refused load or import on stderr: the summary, what to do, then the problems row by
    row up to :data:`MAX_PROBLEM_LINES` and how many more there are."""
    print(f"vpr-desktop: {summary}", file=err)
    print("  Fix the rows listed and run it again.", file=err)
    for problem in problems[:MAX_PROBLEM_LINES]:
        print(f"  {problem}", file=err)
    if total > MAX_PROBLEM_LINES:
        print(f"  ... and {total - MAX_PROBLEM_LINES:,} more", file=err)


def print_refusal(exc: VprError, err: TextIO) -> None:
    """A refusal a command reports itself (rather than leaving it to ``main.run``): the
    message, then what to do when there is something, in the words every command uses."""
    print(f"vpr-desktop: {exc.message}", file=err)
    if exc.next_step:
        print(f"  {exc.next_step}", file=err)
