"""What the home page shows: how much is in the database, what needs attention, last backup."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from vpr_desktop import __version__
from vpr_desktop.domain.enums import ActionStatus, RiddorStatus, RiskStatus
from vpr_desktop.domain.models import (
    Action,
    Assignment,
    BackupRecord,
    Control,
    Incident,
    PackArchive,
    Person,
    RiskAssessment,
    SupportStep,
    TrainingRecord,
)
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.actions.listing import overdue_clause
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


@dataclass(frozen=True)
class AttentionItem:
    """Something that needs attention on the home page, with the page that deals with it."""

    key: str
    label: str
    count: int
    page: str  # which page in the window deals with it


@dataclass(frozen=True)
class HomeSummary:
    """Everything the home page and the sidebar badges show, counted in one go."""

    database: str
    schema_revision: str
    app_version: str
    counts: list[tuple[str, int]]
    attention: list[AttentionItem]
    last_backup: dt.datetime | None
    last_backup_path: str | None
    last_pack: dt.datetime | None
    first_incident: dt.date | None = None
    last_incident: dt.date | None = None
    notes: list[str] = field(default_factory=list)


class SummaryService:
    """The home page's figures in one read, so the first screen opens without N queries."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    def home(self, today: dt.date | None = None) -> HomeSummary:
        """Count the home summary as of ``today`` (default: today)."""
        self.actor.require(Permission.READ_SUMMARY, "see the summary")
        today = today or dt.date.today()
        now = dt.datetime.combine(today, dt.time(23, 59, 59), tzinfo=dt.UTC)

        def count(model: type, *where: object) -> int:
            stmt = select(func.count()).select_from(model)
            for w in where:
                stmt = stmt.where(w)  # type: ignore[arg-type]
            return int(session.scalar(stmt) or 0)

        with reading(self.db) as session:
            counts = [
                ("Staff", count(Person)),
                ("Assignments", count(Assignment)),
                ("Incidents", count(Incident)),
                ("Risk assessments", count(RiskAssessment)),
                ("Training records", count(TrainingRecord)),
                ("Actions", count(Action)),
            ]
            attention = [
                AttentionItem(
                    "support_overdue",
                    "Support steps overdue",
                    count(
                        SupportStep,
                        SupportStep.done_at.is_(None),
                        SupportStep.declined.is_(False),
                        SupportStep.due_by < now,
                    ),
                    "support",
                ),
                AttentionItem(
                    "riddor_overdue",
                    "RIDDOR reports overdue",
                    count(
                        Incident,
                        Incident.riddor_status == RiddorStatus.REPORTABLE,
                        Incident.riddor_submitted_on.is_(None),
                        Incident.riddor_deadline < today,
                    ),
                    "incidents",
                ),
                AttentionItem(
                    "risk_reviews",
                    "Risk reviews overdue",
                    count(
                        RiskAssessment,
                        RiskAssessment.status != RiskStatus.CLOSED,
                        RiskAssessment.review_date < today,
                    ),
                    "risks",
                ),
                AttentionItem(
                    "control_reviews",
                    "Control reviews overdue",
                    count(Control, Control.next_review_date < today),
                    "risks",
                ),
                AttentionItem(
                    "actions_overdue",
                    "Actions overdue",
                    count(Action, overdue_clause(today)),
                    "actions",
                ),
                AttentionItem(
                    "actions_sign_off",
                    "Actions awaiting sign-off",
                    count(Action, Action.status == ActionStatus.AWAITING_SIGN_OFF),
                    "actions",
                ),
            ]
            backup = session.execute(
                select(BackupRecord.taken_at, BackupRecord.path)
                .order_by(BackupRecord.taken_at.desc())
                .limit(1)
            ).first()
            last_pack = session.scalar(select(func.max(PackArchive.generated_at)))
            first, last = session.execute(
                select(func.min(Incident.occurred_at), func.max(Incident.occurred_at))
            ).one()
        return HomeSummary(
            database=self.db.describe(),
            schema_revision=self.db.schema_revision,
            app_version=__version__,
            counts=counts,
            attention=attention,
            last_backup=backup[0] if backup else None,
            last_backup_path=backup[1] if backup else None,
            last_pack=last_pack,
            first_incident=_day(first),
            last_incident=_day(last),
        )


def _day(stamp: dt.datetime | None) -> dt.date | None:
    """The date of a MIN/MAX stamp: NULL when there are no rows, though SQL types it datetime."""
    return stamp.date() if stamp is not None else None
