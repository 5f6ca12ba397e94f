"""An ESR import batch in words: its row in the Imports tab, what undoing it says, and what the
tab says when nothing has been imported.

Why apart from the tab (``training.history``): the wording of a batch (what it was, whether it
can be undone, what the undo removes and puts back) can be read and tested without building
the tab, which only lists the batches and runs the undo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vpr_desktop.services.importing.history import outcome_words
from vpr_desktop.views.common.formatting import format_datetime
from vpr_desktop.views.training.models import Column

if TYPE_CHECKING:
    from vpr_desktop.services.importing.batch import BatchInfo

EMPTY_HEADING = "Nothing imported from ESR yet"
KIND_WORDS = {"staff": "Staff list", "training": "Training records"}


def kind_of(batch: BatchInfo) -> str:
    """The batch's kind as its stored string ("staff", "training" …)."""
    return str(getattr(batch.kind, "value", batch.kind))


def can_undo(batch: BatchInfo) -> bool:
    """Only a committed import that has not been undone can be undone."""
    outcome = str(getattr(batch.outcome, "value", batch.outcome))
    return outcome == "committed" and batch.undone_at is None


COLUMNS = (
    Column("Batch", lambda b: str(b.id), lambda b: b.id, numeric=True),
    Column("What", lambda b: KIND_WORDS.get(kind_of(b), kind_of(b).capitalize())),
    Column("File", lambda b: b.file_name),
    Column("Imported", lambda b: format_datetime(b.imported_at), lambda b: b.imported_at),
    Column("By", lambda b: b.imported_by_words),
    Column(
        "Rows imported", lambda b: f"{b.rows_imported:,}", lambda b: b.rows_imported, numeric=True
    ),
    Column(
        "Rows left out",
        lambda b: f"{b.rows_left_out:,}",
        lambda b: b.rows_left_out,
        numeric=True,
    ),
    Column(
        "Rows rejected", lambda b: f"{b.rows_rejected:,}", lambda b: b.rows_rejected, numeric=True
    ),
    Column("Outcome", outcome_words),
)


def undo_question(batch: BatchInfo) -> str:
    """The confirmation text for undoing ``batch``: what it removes and when it is refused."""
    what = "staff list" if kind_of(batch) == "staff" else "training records"
    if kind_of(batch) == "staff":
        effect = (
            "The people and assignments it added are removed and those it changed are "
            "put back as they were. It is refused if training has since been recorded "
            "against an assignment it added."
        )
    else:
        effect = (
            "The training records it added are removed and those it updated are put "
            "back as they were."
        )
    return (
        f"Undo import batch {batch.id}, the {what} from {batch.file_name} imported "
        f"{format_datetime(batch.imported_at)} by {batch.imported_by_words} "
        f"({batch.rows_imported:,} rows)? {effect} Compliance is recounted without it. "
        "The batch stays in this list, marked undone; import the file again to put it "
        "back."
    )


def undone_words(batch: BatchInfo, counts: dict[str, int]) -> str:
    """The status line after an undo: what was removed."""
    done = ", ".join(f"{n:,} {what}" for what, n in counts.items()) or "nothing to remove"
    return f"Import batch {batch.id} ({batch.file_name}) undone: {done}."


def empty_lines(can_import: bool) -> list[str]:
    """What the tab says when nothing has been imported: the next step, or who takes it."""
    return [
        "Staff lists and training records imported from ESR are listed here, with who "
        "imported them and when; an import can be undone from here.",
        "Next step: Import staff list…, then Import training records…"
        if can_import
        else "The VPR lead imports them from the Data menu.",
    ]
