"""The two shipped editions of the standard and the proposed crosswalk, written lazily on first use.

Written into a database in one unit of work on behalf of the app, on first use, so the demo
generator and the migrations stay unaware of them and an upgraded database gets them too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Standard
from vpr_desktop.services.assessment.standard_update import apply_library
from vpr_desktop.services.assessment.standard_update import shipped_libraries
from vpr_desktop.services.assessment.standard_update import sync_crosswalks
from vpr_desktop.services.common.actor import SYSTEM
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from vpr_desktop.store.database import Database


DEFAULT_CROSSWALK = ("vpr-2020", "vpr-2024")


def ensure_shipped_editions(db: Database) -> list[str]:
    """Write the shipped editions that the database lacks (and their crosswalk proposals) in
    one unit of work on behalf of the app; returns the editions created. A read-only database
    is left alone. Two PCs doing this at once: the loser's insert clashes and it re-checks."""
    with reading(db) as session:
        have = set(session.scalars(select(Standard.edition)))
    missing = [lib for lib in shipped_libraries() if lib.edition not in have]
    if not missing or db.read_only:
        return []
    try:
        with UnitOfWork(db, SYSTEM) as uow:
            for lib in missing:
                apply_library(uow.session, lib, "Shipped with VPR Desktop.")
            sync_crosswalks(uow.session)
            uow.audit(
                AuditAction.IMPORT,
                "standard",
                None,
                detail="shipped editions written: " + ", ".join(m.edition for m in missing),
            )
    except PermissionDeniedError:
        # A shared database where this login may not write the standard (a staff-side rep
        # or a chair on PostgreSQL): read what is there; a VPR lead's next start writes it.
        return []
    except ValidationError:
        with reading(db) as session:
            have = set(session.scalars(select(Standard.edition)))
        if any(lib.edition not in have for lib in missing):
            raise
        return []
    return [lib.edition for lib in missing]
