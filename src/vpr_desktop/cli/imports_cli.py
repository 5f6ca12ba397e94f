"""``vpr-desktop imports list`` and ``imports undo BATCH``: every import batch, and taking one
back out, through the same service (``services.importing.history``) as the window's
Data > Import history, so both list the same batches and refuse the same undos."""

from __future__ import annotations

import argparse
from typing import TextIO

from vpr_desktop.cli.common import add_command_group
from vpr_desktop.cli.common import identified
from vpr_desktop.cli.common import print_listing
from vpr_desktop.domain.errors import EXIT_OK


def add_imports_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    actions = add_command_group(
        sub, "imports", "imports_action", "the import history: list batches, undo one"
    )
    listing = actions.add_parser("list", help="every import batch, newest first")
    listing.add_argument("--db", required=True)
    undo = actions.add_parser(
        "undo",
        help="undo a committed import batch: what it added is removed, what it changed put "
        "back (refused when later work depends on it)",
    )
    undo.add_argument("batch", type=int, help="the batch number from 'imports list'")
    undo.add_argument("--db", required=True)


def cmd_imports(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """List (exit 0) or undo (exit 0 with what was removed; exit 3 when refused: no such batch,
    not committed, a kind that cannot be undone, later work that depends on it)."""
    from vpr_desktop.services.importing import history

    listing = args.imports_action == "list"
    # Read-write even to list, as ``user list``: the first login to a new database is given
    # its account by ``identify``, which writes.
    with identified(args.db, "rw") as (db, actor):
        if not listing:
            batch, counts = history.undo_import(db, actor, args.batch)
            print(history.undone_words(batch, counts), file=out)
            return EXIT_OK
        batches = history.import_history(db, actor)
    rows = [
        (
            str(b.id),
            history.KIND_WORDS.get(b.kind, b.kind),
            b.file_name,
            history.local_time(b.imported_at),
            b.imported_by_words,
            f"{b.rows_imported:,}",
            history.outcome_words(b),
        )
        for b in batches
    ]
    return print_listing(
        ("Batch", "What", "File", "Imported", "By", "Rows", "Outcome"),
        rows,
        "Nothing has been imported into this database.",
        out,
    )
