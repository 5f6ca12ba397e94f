"""Undo of a Datix incident import: delete what it created, put back what it updated.

Updated incidents' previous values are kept per batch as JSON (dates and times as ISO text,
turned back by ``_from_json``). If an incident from the import was changed since (in the app
or by a later import), the undo is refused and names them, so it never discards later work.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import delete
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import update

from vpr_desktop.domain.base import aware
from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import ImportKind
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import IncidentTypeLink
from vpr_desktop.services.common.dml import rows_affected
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.importing.batch import undo_batch
from vpr_desktop.services.incidents.datix_undo_refusals import changed_since
from vpr_desktop.services.incidents.datix_write import IN_CHUNK

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


def undo_incident_import(db: Database, actor: Actor, batch_id: int) -> dict[str, int]:
    """Undo a batch: put back the incidents it updated (from their audited before-values) and
    delete the ones it created. Refused when any was changed since in VPR Desktop (edited,
    staff or support steps added) or updated by a later import that is still in place."""
    return undo_batch(
        db, actor, batch_id, ImportKind.INCIDENTS, lambda uow, bid: _undo_rows(uow, bid)
    )


def _undo_rows(uow: UnitOfWork, bid: int) -> dict[str, int]:
    s = uow.session
    created = list(s.scalars(select(Incident.id).where(Incident.import_batch_id == bid)))
    updated = s.execute(
        select(AuditEvent.entity_id, AuditEvent.before, AuditEvent.after).where(
            AuditEvent.entity == "incident",
            AuditEvent.action == AuditAction.UPDATE,
            AuditEvent.detail == f"import batch {bid}",
        )
    ).all()
    touched = {int(e) for e, _, _ in updated} | set(created)
    blockers = changed_since(s, sorted(touched), bid)
    if blockers:
        refs = dict(
            s.execute(
                select(Incident.id, Incident.reference).where(
                    Incident.id.in_(list(blockers)[:IN_CHUNK])
                )
            ).all()
        )
        problems: list[tuple[int | None, str, str, str]] = [
            (None, "Reference", refs.get(i, str(i)), why) for i, why in sorted(blockers.items())
        ]
        raise ValidationError(
            f"{len(blockers)} incident(s) from this import were changed since, so it cannot "
            "be undone.",
            "Undo later imports first, or edit those incidents instead.",
            problems[:200],
        )
    table = Incident.__table__
    reverted = 0
    for entity_id, before, _after in updated:
        iid = int(entity_id)
        if iid in created:
            continue
        values = {k: _from_json(k, v) for k, v in (before or {}).items() if k != "types"}
        if values:
            s.execute(
                update(table)
                .where(table.c.id == iid)
                .values(**values, version=table.c.version + 1, updated_at=utcnow())
            )
        if before and "types" in before:
            s.execute(delete(IncidentTypeLink).where(IncidentTypeLink.incident_id == iid))
            s.execute(
                insert(IncidentTypeLink.__table__),
                [{"incident_id": iid, "incident_type": IncidentType(t)} for t in before["types"]],
            )
        uow.audit(
            AuditAction.UPDATE,
            "incident",
            iid,
            detail=f"undo of import batch {bid}",
            before=None,
            after=before,
        )
        reverted += 1
    links = 0
    for start in range(0, len(created), IN_CHUNK):
        chunk = created[start : start + IN_CHUNK]
        links += rows_affected(
            s.execute(delete(IncidentTypeLink).where(IncidentTypeLink.incident_id.in_(chunk)))
        )
    deleted = rows_affected(s.execute(delete(Incident).where(Incident.import_batch_id == bid)))
    return {"incidents removed": deleted, "incidents restored": reverted, "type links": links}


_DATETIME_COLUMNS = {"occurred_at", "reported_at"}


_DATE_COLUMNS = {"riddor_deadline"}


def _from_json(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column in _DATETIME_COLUMNS:
        return aware(dt.datetime.fromisoformat(value))
    if column in _DATE_COLUMNS:
        return dt.date.fromisoformat(value)
    return value
