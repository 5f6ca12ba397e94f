"""Services built once at start-up and handed to views and CLI commands (no global registry)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vpr_desktop.services.backups import BackupService
from vpr_desktop.services.summary import SummaryService
from vpr_desktop.services.users import audit_login, identify

if TYPE_CHECKING:
    from vpr_desktop.services.actor import Actor
    from vpr_desktop.services.incident_list import IncidentListSource
    from vpr_desktop.store.database import Database


@dataclass
class Services:
    db: Database
    actor: Actor
    summary: SummaryService
    backups: BackupService

    def incident_list(self) -> IncidentListSource:
        from vpr_desktop.services.incident_list import IncidentListSource

        return IncidentListSource(self.db, self.actor)

    def close(self) -> None:
        self.db.close()


def build_services(db: Database, username: str | None = None) -> Services:
    actor = identify(db, username)
    audit_login(db, actor)
    return Services(db=db, actor=actor, summary=SummaryService(db, actor),
                    backups=BackupService(db, actor))
