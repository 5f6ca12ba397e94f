"""Services built once at start-up and handed to views and CLI commands (no global registry)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace
from typing import TYPE_CHECKING

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.services.admin.backups import BackupService
from vpr_desktop.services.admin.users import UserService
from vpr_desktop.services.admin.users import audit_login
from vpr_desktop.services.admin.users import identify
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.summary import SummaryService
from vpr_desktop.services.common.unit_of_work import PREVIEW_REASON_PREFIX

if TYPE_CHECKING:
    from vpr_desktop.services.actions.listing import ActionListSource
    from vpr_desktop.services.actions.people import ActionPeople
    from vpr_desktop.services.actions.service import ActionLogService
    from vpr_desktop.services.admin.audit import AuditService
    from vpr_desktop.services.assessment.service import AssessmentService
    from vpr_desktop.services.assessment.standards import StandardsService
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
    #: Set on a read-only preview (:meth:`viewing_as`): the services it previews, which own
    #: the database. Closing a preview closes nothing.
    preview_of: Services | None = None
    #: False while the sign-in waits for the integrity check to be audited (see ``verify``).
    login_audited: bool = True

    @classmethod
    def of(
        cls,
        db: Database,
        actor: Actor,
        *,
        preview_of: Services | None = None,
        login_audited: bool = True,
    ) -> Services:
        """The services of ``actor`` on ``db``, the summary and backups built for that same
        pair: the one way a sign-in (:func:`build_services`) and a preview
        (:meth:`viewing_as`) put them together, so the two cannot drift apart."""
        return cls(
            db=db,
            actor=actor,
            summary=SummaryService(db, actor),
            backups=BackupService(db, actor),
            preview_of=preview_of,
            login_audited=login_audited,
        )

    def verify(self) -> None:
        """Run the database's deferred integrity check, then audit the sign-in it held back.

        Raises ``CorruptDatabaseError`` (the words an immediate check would use) when the file
        is damaged; nothing has been written to it then. Returns at once once checked."""
        self.db.check_integrity()
        if not self.login_audited:
            self.login_audited = True
            audit_login(self.db, self.actor)

    def change_mark(self) -> int:
        """A number that rises whenever anyone changes the database (see ``changes``)."""
        from vpr_desktop.services.common.changes import change_mark

        return change_mark(self.db)

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

    def users(self) -> UserService:
        return UserService(self.db, self.actor)

    def viewing_as(self, role: Role) -> Services:
        """This database as someone holding only ``role`` sees it, read-only.

        For a VPR lead or administrator to show people what they will get (the staff side,
        the board secretary) without a second account. The preview shares this database's
        connections but is marked read-only, so every write is refused by the unit of work
        just as on a database opened read-only: a preview can never change anything, whatever
        the role it shows may do.
        """
        real = self.preview_of or self
        if not real.actor.roles & PREVIEW_ROLES:
            raise PermissionDeniedError(
                f"{real.actor.display_name} ({real.actor.roles_label}) may not view the app "
                "as another role.",
                "Ask the VPR lead or an administrator to show you.",
            )
        actor = Actor(real.actor.username, real.actor.display_name, frozenset({Role(role)}))
        db = replace(
            real.db,
            read_only=True,
            read_only_reason=f"{PREVIEW_REASON_PREFIX}{Role(role).label}",
            _lock=None,
            _sessions=None,
        )
        return Services.of(db, actor, preview_of=real)

    def close(self) -> None:
        if self.preview_of is None:  # a preview borrows the real services' database
            self.db.close()


#: Who may preview the app as another role (``Services.viewing_as``).
PREVIEW_ROLES = frozenset({Role.VPR_LEAD, Role.ADMINISTRATOR})


def build_services(db: Database, username: str | None = None) -> Services:
    """The services for ``db``; the sign-in is audited at once, or, when the database's
    integrity check is still to run (the window opens that way), by :meth:`Services.verify`
    once it has passed, so the open does not wait for the check."""
    actor = identify(db, username)
    checked = db.integrity_checked
    if checked:
        audit_login(db, actor)
    return Services.of(db, actor, login_audited=checked)
