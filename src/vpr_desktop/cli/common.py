"""What several command groups of the CLI share: how a date is typed, how a database is opened
for reading or writing, and how a refusal's problem rows are printed (and how many before
"... and N more").

Why here: each command module (``main``, ``standard_cli``, ``system_cli``) had its own copy of
the date argument, word for word; one copy keeps every command's "not a date" message the same.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal
from typing import TextIO
from typing import TypeVar

from vpr_desktop.domain.errors import EXIT_OK

if TYPE_CHECKING:
    from vpr_desktop.domain.errors import VprError
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

S = TypeVar("S")

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


def add_command_group(sub: Any, name: str, dest: str, help: str) -> Any:
    """Add the command ``name`` to the CLI's subparsers ``sub`` and return the subparsers for
    its actions: one action is required, named into ``dest`` and shown as ACTION in usage.

    Why: ``assessment``, ``imports``, ``settings``, ``standard``, ``system`` and ``user`` each
    made their group with the same two calls, so their usage lines read alike."""
    group = sub.add_parser(name, help=help)
    return group.add_subparsers(dest=dest, metavar="ACTION", required=True)


def open_for(target: str, writing: bool) -> Database:
    """The database for a command that reads (any mode the file allows) or writes."""
    from vpr_desktop.store.database import open_database

    return open_database(target, mode="rw" if writing else "auto", create=False)


@contextlib.contextmanager
def signed_in(target: str, writing: bool, service: Callable[[Database, Actor], S]) -> Iterator[S]:
    """``service`` over the database ``target`` for the person signed in (as the window signs
    in, through ``build_services``); the database is closed when the block ends.

    Why: the commands that work through one service (``assessment``, ``standard``, the
    staff-survey import) each opened, signed in and closed in the same lines."""
    from vpr_desktop.services.container import build_services

    with open_for(target, writing) as db:
        yield service(db, build_services(db).actor)


@contextlib.contextmanager
def identified(target: str, mode: Literal["rw", "ro", "auto"]) -> Iterator[tuple[Database, Actor]]:
    """The existing database ``target`` opened in ``mode`` and the person at the keyboard, as
    ``services.admin.users.identify`` names them; the database is closed when the block ends.

    Why: ``imports``, ``pack history|get`` and ``user`` each opened, identified and closed in
    the same lines."""
    from vpr_desktop.services.admin.users import identify
    from vpr_desktop.store.database import open_database

    with open_database(target, mode=mode, create=False) as db:
        yield db, identify(db)


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


def print_table(rows: list[tuple[str, ...]], out: TextIO) -> None:
    """Rows as left-aligned columns (the first row the heading)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip(), file=out)


def print_listing(
    heading: tuple[str, ...], rows: Sequence[tuple[str, ...]], nothing: str, out: TextIO
) -> int:
    """A listing command's output: the rows under their heading as a table, or ``nothing`` when
    there are no rows; returns exit 0.

    Why: ``imports list`` and ``pack history`` each said "nothing" or printed the same table."""
    if rows:
        print_table([heading, *rows], out)
    else:
        print(nothing, file=out)
    return EXIT_OK
