"""Every import the trust has made, and undoing one, whatever it brought in.

Why one place: the training screen lists its own ESR imports, but a wrong Datix export, risk
register or location list is just as likely on day one, and each capability already knows how
to take its own batch back out (``undo_*`` beside each importer: refused when later work
depends on what the batch added). This module lists all batches and sends an undo to the right
one by the batch's stored kind, so the window's Data > Import history and ``vpr-desktop imports``
behave the same. Each undo keeps its capability's own permission check on top of
``import_data``: undoing risks needs ``edit_risks``, incidents ``edit_incidents``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from vpr_desktop.domain.enums import ImportKind
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.trust_time import TRUST_ZONE
from vpr_desktop.services.importing.batch import BatchInfo
from vpr_desktop.services.importing.batch import list_batches

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

Undo = Callable[["Database", "Actor", int], dict[str, int]]

#: What each kind is called in a list of imports.
KIND_WORDS: dict[str, str] = {
    ImportKind.LOCATIONS: "Locations",
    ImportKind.STAFF: "Staff list (ESR)",
    ImportKind.TRAINING: "Training records (ESR)",
    ImportKind.INCIDENTS: "Incidents (Datix)",
    ImportKind.RISKS: "Risk register",
    ImportKind.STANDARD: "Standard",
    ImportKind.ASSESSMENT: "Self-assessment",
}

#: What undoing a batch of each kind does, and when it is refused, in the words a person
#: reads before confirming. A kind missing here cannot be undone (a standard or a
#: self-assessment is replaced by loading or importing a corrected one).
UNDO_EFFECT: dict[str, str] = {
    ImportKind.LOCATIONS: (
        "The sites and locations it added are removed and those it changed are put back as "
        "they were. It is refused if a staff assignment, incident, risk or other record now "
        "refers to a location it added."
    ),
    ImportKind.STAFF: (
        "The people and assignments it added are removed and those it changed are put back "
        "as they were. It is refused if training has since been recorded against an "
        "assignment it added."
    ),
    ImportKind.TRAINING: (
        "The training records it added are removed and those it updated are put back as they "
        "were; compliance is recounted without them."
    ),
    ImportKind.INCIDENTS: (
        "The incidents it added are removed and those it updated are put back as they were. "
        "It is refused if any of them has been changed here since (edited, staff or support "
        "steps added) or updated by a later import that is still in place."
    ),
    ImportKind.RISKS: (
        "The risks it added are removed. It is refused if any of them has been changed, "
        "reviewed or given an action since."
    ),
}


def can_undo(batch: BatchInfo) -> bool:
    """Whether ``batch`` may be undone: committed, not undone yet, of a kind that can be."""
    return (
        str(getattr(batch.outcome, "value", batch.outcome)) == "committed"
        and batch.undone_at is None
        and batch.kind in UNDO_EFFECT
    )


def local_time(moment: dt.datetime) -> str:
    """``moment`` as the trust's wall clock reads it (stored times are UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(TRUST_ZONE)
    return moment.strftime("%d %b %Y %H:%M")


def outcome_words(batch: BatchInfo) -> str:
    """How the batch ended, in words, with who undid it and when."""
    outcome = str(getattr(batch.outcome, "value", batch.outcome))
    if batch.undone_at is not None or outcome == "undone":
        by = f" by {batch.undone_by_words}" if batch.undone_by_words else ""
        when = f" {local_time(batch.undone_at)}" if batch.undone_at else ""
        return f"Undone{when}{by}"
    return {"committed": "Imported", "rejected": "Rejected (nothing imported)"}.get(
        outcome, outcome.capitalize()
    )


def import_history(db: Database, actor: Actor, limit: int = 500) -> list[BatchInfo]:
    """Every kind's batches, newest first (imported, rejected and undone alike)."""
    return list_batches(db, actor, limit=limit)


def find_batch(db: Database, actor: Actor, batch_id: int) -> BatchInfo:
    """The batch ``batch_id`` as the history lists it; ValidationError when there is none."""
    for batch in list_batches(db, actor, batch_id=batch_id):
        return batch
    raise ValidationError(
        f"There is no import batch {batch_id}.",
        "The import history lists each batch's number.",
    )


def undo_import(db: Database, actor: Actor, batch_id: int) -> tuple[BatchInfo, dict[str, int]]:
    """Undo batch ``batch_id`` in one transaction by its kind's own undo; returns the batch as
    it was listed and what was removed or put back. Refused (ValidationError) when the kind
    cannot be undone, and by the kind's undo when later work depends on the batch."""
    batch = find_batch(db, actor, batch_id)
    if batch.kind not in UNDO_EFFECT:
        words = KIND_WORDS.get(batch.kind, batch.kind)
        raise ValidationError(
            f"Import batch {batch_id} ({words}) cannot be undone.",
            "Load or import a corrected file instead; it replaces this one.",
        )
    return batch, _undoer(batch.kind)(db, actor, batch_id)


def undo_question(batch: BatchInfo) -> str:
    """The confirmation a person reads before undoing ``batch``: what it removes, when it is
    refused, and that the batch stays listed."""
    words = KIND_WORDS.get(batch.kind, batch.kind).lower()
    who = batch.imported_by_words
    when = local_time(batch.imported_at)
    return (
        f"Undo import batch {batch.id}, the {words} from {batch.file_name} imported {when} "
        f"by {who} ({batch.rows_imported:,} rows)? {UNDO_EFFECT.get(batch.kind, '')} The batch "
        "stays in the import history, marked undone; import the file again to put it back."
    )


def undone_words(batch: BatchInfo, counts: dict[str, int]) -> str:
    """One line on what an undo did."""
    done = ", ".join(f"{n:,} {what}" for what, n in counts.items()) or "nothing to remove"
    return f"Import batch {batch.id} ({batch.file_name}) undone: {done}."


def _undoer(kind: str) -> Undo:
    """The kind's own undo, imported only when asked for (each pulls in its capability)."""
    if kind == ImportKind.LOCATIONS:
        from vpr_desktop.services.admin.location_undo import undo_locations_import

        return undo_locations_import
    if kind in (ImportKind.STAFF, ImportKind.TRAINING):
        from vpr_desktop.services.training.esr_import import undo_staff_import
        from vpr_desktop.services.training.esr_import import undo_training_import

        return undo_staff_import if kind == ImportKind.STAFF else undo_training_import
    if kind == ImportKind.INCIDENTS:
        from vpr_desktop.services.incidents.service import IncidentService

        return lambda db, actor, bid: IncidentService(db, actor).undo_import(bid)
    from vpr_desktop.services.risks.service import RiskRegisterService

    return lambda db, actor, bid: RiskRegisterService(db, actor).undo_import(bid)
