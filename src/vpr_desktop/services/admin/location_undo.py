"""Undoing a sites-and-locations import (``services.admin.location_import``).

Sites and locations have no ``import_batch_id`` column, so the import records, in one audit
event per batch (entity ``location_import``), the ids it added and the previous values of what
it changed. Undo puts those values back and deletes what the batch added -- refused, naming
what uses them, when any other record now refers to an added location or site (found through
the foreign keys, so a table added later is covered too).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import ImportKind
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import Base
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Site
from vpr_desktop.services.admin.location_import import AUDIT_ENTITY
from vpr_desktop.services.admin.location_import import IN_CHUNK
from vpr_desktop.services.admin.location_import import LOCATION_FIELDS
from vpr_desktop.services.common.dml import rows_affected
from vpr_desktop.services.importing.batch import undo_batch

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.common.unit_of_work import UnitOfWork
    from vpr_desktop.store.database import Database


def _references(s: Session, table: str, ids: Iterable[int]) -> dict[str, int]:
    """Rows of every other table that refer to ``table`` rows ``ids`` (plain words -> n)."""
    ids = list(ids)
    found: dict[str, int] = {}
    if not ids:
        return found
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table.name != table or fk.column.name != "id":
                continue
            n = sum(
                int(
                    s.scalar(
                        select(func.count())
                        .select_from(other)
                        .where(fk.parent.in_(ids[start : start + IN_CHUNK]))
                    )
                    or 0
                )
                for start in range(0, len(ids), IN_CHUNK)
            )
            if n:
                what = other.name.replace("_", " ") + "(s)"
                found[what] = found.get(what, 0) + n
    return found


def _refuse(what: str, used: dict[str, int]) -> ValidationError:
    uses = ", ".join(f"{k} {w}" for w, k in used.items())
    return ValidationError(
        f"The {what} this import added are now used by {uses}, so the import cannot be undone.",
        "Undo the imports that use them (e.g. the staff list) or move those records to "
        "another location first; or leave the locations and mark them not in use.",
    )


def undo_location_rows(uow: UnitOfWork, bid: int) -> dict[str, int]:
    """Put back what batch ``bid`` changed and delete what it added, from its audit events."""
    s = uow.session
    new_sites: list[list[Any]] = []
    new_locations: list[list[Any]] = []
    site_before: list[list[Any]] = []
    loc_before: list[list[Any]] = []
    for before, after in s.execute(
        select(AuditEvent.before, AuditEvent.after).where(
            AuditEvent.entity == AUDIT_ENTITY, AuditEvent.entity_id == str(bid)
        )
    ):
        new_sites += (after or {}).get("new_sites", [])
        new_locations += (after or {}).get("new_locations", [])
        site_before += (before or {}).get("site", [])
        loc_before += (before or {}).get("location", [])
    loc_ids = [lid for lid, _code in new_locations]
    used = _references(s, "location", loc_ids)
    if used:
        raise _refuse("locations", used)
    now = utcnow()
    lt, st = Location.__table__, Site.__table__
    restored = 0
    for lid, *values in loc_before:
        old = dict(zip(LOCATION_FIELDS, values, strict=True))
        old["setting_type"] = SettingType(old["setting_type"])
        restored += rows_affected(
            s.execute(
                update(lt)
                .where(lt.c.id == lid)
                .values(**old, version=lt.c.version + 1, updated_at=now)
            )
        )
    for sid, name in site_before:
        restored += rows_affected(
            s.execute(
                update(st)
                .where(st.c.id == sid)
                .values(name=name, version=st.c.version + 1, updated_at=now)
            )
        )
    removed = 0
    for start in range(0, len(loc_ids), IN_CHUNK):
        removed += rows_affected(
            s.execute(delete(lt).where(lt.c.id.in_(loc_ids[start : start + IN_CHUNK])))
        )
    site_ids = [sid for sid, _code in new_sites]
    used = _references(s, "site", site_ids)
    if used:
        raise _refuse("sites", used)
    sites_removed = 0
    for start in range(0, len(site_ids), IN_CHUNK):
        sites_removed += rows_affected(
            s.execute(delete(st).where(st.c.id.in_(site_ids[start : start + IN_CHUNK])))
        )
    return {
        "locations removed": removed,
        "sites removed": sites_removed,
        "records restored": restored,
    }


def undo_locations_import(db: Database, actor: Actor, batch_id: int) -> dict[str, int]:
    """Delete the sites/locations a batch added and put back those it changed; refused when
    an assignment, incident, risk or other record now refers to an added one."""
    return undo_batch(db, actor, batch_id, ImportKind.LOCATIONS, undo_location_rows)
