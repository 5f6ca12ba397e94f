"""What the home page shows: how much is in the database, what needs attention, last backup."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select, text

from vpr_desktop import __version__
from vpr_desktop.domain.enums import ActionStatus, RiskStatus
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
from vpr_desktop.services.incidents.listing import count_riddor_state

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


#: The Incidents page's filter behind the "RIDDOR reports overdue" card.
RIDDOR_OVERDUE_VIEW = "riddor=overdue"


@dataclass(frozen=True)
class AttentionItem:
    """Something that needs attention on the home page, with the page that deals with it."""

    key: str
    label: str
    count: int
    page: str  # which page in the window deals with it
    #: The filter the page opens with so it shows exactly ``count`` rows ('' for none):
    #: ``"riddor=overdue"`` is the Incidents page's RIDDOR filter (``IncidentListSource``).
    view: str = ""


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

        if self.db.kind == "postgresql":
            return self._home_pg(today, now)
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
                    count_riddor_state(session, "overdue", today),
                    "incidents",
                    RIDDOR_OVERDUE_VIEW,
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

    def _home_pg(self, today: dt.date, now: dt.datetime) -> HomeSummary:
        """The same figures from revision 0006's SECURITY DEFINER function ``vpr_home_figures``
        (counts only): on PostgreSQL a staff-side rep's, board secretary's or administrator's
        login may not read the person-level tables the counts come from."""
        with reading(self.db) as session:
            f = (
                session.execute(
                    text("SELECT * FROM vpr_home_figures(:now, :today)"),
                    {"now": now, "today": today},
                )
                .mappings()
                .one()
            )
        counts = [
            (label, int(f[key]))
            for label, key in (
                ("Staff", "staff"),
                ("Assignments", "assignments"),
                ("Incidents", "incidents"),
                ("Risk assessments", "risks"),
                ("Training records", "training_records"),
                ("Actions", "actions"),
            )
        ]
        with reading(self.db) as session:
            # Someone who may read incidents gets the card from the list's own RIDDOR filter,
            # the one the card opens; other roles get the aggregate function's count (the
            # same clauses in SQL) and have no Incidents page to open.
            riddor = (
                count_riddor_state(session, "overdue", today)
                if self.actor.can(Permission.READ_INCIDENTS)
                else int(f["riddor_overdue"])
            )
        attention = [
            AttentionItem(
                key,
                label,
                riddor if key == "riddor_overdue" else int(f[column]),
                page,
                RIDDOR_OVERDUE_VIEW if key == "riddor_overdue" else "",
            )
            for key, label, column, page in (
                ("support_overdue", "Support steps overdue", "support_overdue", "support"),
                ("riddor_overdue", "RIDDOR reports overdue", "riddor_overdue", "incidents"),
                ("risk_reviews", "Risk reviews overdue", "risk_reviews_overdue", "risks"),
                ("control_reviews", "Control reviews overdue", "control_reviews_overdue", "risks"),
                ("actions_overdue", "Actions overdue", "actions_overdue", "actions"),
                ("actions_sign_off", "Actions awaiting sign-off", "actions_sign_off", "actions"),
            )
        ]
        first, last = f["first_incident"], f["last_incident"]
        return HomeSummary(
            database=self.db.describe(),
            schema_revision=self.db.schema_revision,
            app_version=__version__,
            counts=counts,
            attention=attention,
            last_backup=f["last_backup_at"],
            last_backup_path=f["last_backup_path"],
            last_pack=f["last_pack_at"],
            first_incident=_day(first),
            last_incident=_day(last),
        )


def _day(stamp: dt.datetime | None) -> dt.date | None:
    """The date of a MIN/MAX stamp: NULL when there are no rows, though SQL types it datetime."""
    return stamp.date() if stamp is not None else None
