"""Why an undo of a Datix import is refused: the incidents it touched that were changed since.

An undo puts back values the import overwrote and deletes incidents it created; doing that
over later work (affected staff added, support steps recorded, an edit in VPR Desktop, a later
import still in place) would lose that work silently. Kept apart from
:mod:`vpr_desktop.services.incidents.datix_undo`, which does the undo, because this is a read
that only names the reasons, one per incident, for the refusal message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import ImportOutcome
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import ImportBatch
from vpr_desktop.domain.models import IncidentStaff
from vpr_desktop.domain.models import SupportStep
from vpr_desktop.services.incidents.datix_write import IN_CHUNK

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def changed_since(s: Session, ids: list[int], bid: int) -> dict[int, str]:
    """For each of the incidents ``ids`` changed since import batch ``bid``, the reason in
    words (the last reason found wins); an incident not changed is not in the result."""
    out: dict[int, str] = {}
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        for (iid,) in s.execute(
            select(IncidentStaff.incident_id).where(IncidentStaff.incident_id.in_(chunk)).distinct()
        ):
            out[iid] = "affected staff were added since"
        for (iid,) in s.execute(
            select(SupportStep.incident_id).where(SupportStep.incident_id.in_(chunk)).distinct()
        ):
            out[iid] = "support steps were recorded since"
        for eid, detail in s.execute(
            select(AuditEvent.entity_id, AuditEvent.detail).where(
                AuditEvent.entity == "incident",
                AuditEvent.action == AuditAction.UPDATE,
                AuditEvent.entity_id.in_([str(i) for i in chunk]),
            )
        ):
            if eid is None:  # never: the WHERE matched these ids
                continue
            iid = int(eid)
            if detail is None:
                out[iid] = "edited in VPR Desktop since"
            elif detail.startswith("import batch "):
                other = int(detail.rsplit(" ", 1)[1])
                if other > bid and _still_committed(s, other):
                    out[iid] = f"updated by a later import (batch {other})"
    return out


def _still_committed(s: Session, batch_id: int) -> bool:
    outcome = s.scalar(select(ImportBatch.outcome).where(ImportBatch.id == batch_id))
    return outcome is ImportOutcome.COMMITTED
