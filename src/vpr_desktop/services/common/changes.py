"""A cheap "has anyone changed anything?" mark, for windows that refresh themselves.

Every write made through a unit of work adds audit rows in the same transaction (imports
included: their batch row is audited), so the newest audit row's id rises exactly when the
database has changed. Reading it is one indexed ``max(id)``, cheap enough to poll every few
seconds from every open window; on PostgreSQL every VPR role may read that one column
(migration 0006) although most may not read the audit trail itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from vpr_desktop.store.database import Database


def change_mark(db: Database) -> int:
    """The id of the newest audit row (0 for a database nobody has changed yet)."""
    with reading(db) as s:
        return int(s.scalar(select(func.max(AuditEvent.id))) or 0)
