"""Services built once at start-up and handed to views and CLI commands (no global registry)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vpr_desktop.services.admin.backups import BackupService
from vpr_desktop.services.admin.users import audit_login, identify
from vpr_desktop.services.common.summary import SummaryService

if TYPE_CHECKING:
    from vpr_desktop.services.actions.listing import ActionListSource
    from vpr_desktop.services.actions.people import ActionPeople
    from vpr_desktop.services.actions.service import ActionLogService
    from vpr_desktop.services.admin.audit import AuditService
    from vpr_desktop.services.assessment.service import AssessmentService
    from vpr_desktop.services.assessment.standards import StandardsService
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.incidents.listing import IncidentListSource
    from vpr_desktop.services.incidents.service import IncidentService
    from vpr_desktop.services.incidents.stats import IncidentStats
    from vpr_desktop.services.risks.service import RiskRegisterService
    from vpr_desktop.services.roles.service import RolesRegisterService
    from vpr_desktop.services.training.esr_import import TrainingImports
    from vpr_desktop.services.training.service import TrainingService
    from vpr_desktop.store.database import Database


@dataclass
class Services:
    """Every service for one signed-in actor and database, built once and handed to screens."""

    db: Database
    actor: Actor
    summary: SummaryService
    backups: BackupService

    def incident_list(self) -> IncidentListSource:
        from vpr_desktop.services.incidents.listing import IncidentListSource

        return IncidentListSource(self.db, self.actor)

    def action_log(self) -> ActionLogService:
        from vpr_desktop.services.actions.service import ActionLogService

        return ActionLogService(self.db, self.actor)

    def action_list(self) -> ActionListSource:
        from vpr_desktop.services.actions.listing import ActionListSource

        return ActionListSource(self.db, self.actor)

    def action_people(self) -> ActionPeople:
        from vpr_desktop.services.actions.people import ActionPeople

        return ActionPeople(self.db, self.actor)

    def risk_register(self) -> RiskRegisterService:
        from vpr_desktop.services.risks.service import RiskRegisterService

        return RiskRegisterService(self.db, self.actor)

    def incidents(self) -> IncidentService:
        from vpr_desktop.services.incidents.service import IncidentService

        return IncidentService(self.db, self.actor)

    def incident_stats(self) -> IncidentStats:
        from vpr_desktop.services.incidents.stats import IncidentStats

        return IncidentStats(self.db, self.actor)

    def roles_register(self) -> RolesRegisterService:
        from vpr_desktop.services.roles.service import RolesRegisterService

        return RolesRegisterService(self.db, self.actor)

    def standards(self) -> StandardsService:
        from vpr_desktop.services.assessment.standards import StandardsService

        return StandardsService(self.db, self.actor)

    def assessment(self) -> AssessmentService:
        from vpr_desktop.services.assessment.service import AssessmentService

        return AssessmentService(self.db, self.actor)

    def training(self) -> TrainingService:
        from vpr_desktop.services.training.service import TrainingService

        return TrainingService(self.db, self.actor)

    def training_imports(self) -> TrainingImports:
        from vpr_desktop.services.training.esr_import import TrainingImports

        return TrainingImports(self.db, self.actor)

    def audit(self) -> AuditService:
        from vpr_desktop.services.admin.audit import AuditService

        return AuditService(self.db, self.actor)

    def close(self) -> None:
        self.db.close()


def build_services(db: Database, username: str | None = None) -> Services:
    actor = identify(db, username)
    audit_login(db, actor)
    return Services(
        db=db, actor=actor, summary=SummaryService(db, actor), backups=BackupService(db, actor)
    )
