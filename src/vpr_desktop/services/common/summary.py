"""What the home page shows: how much is in the database, what needs attention, last backup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text

from vpr_desktop import __version__
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import BackupRecord
from vpr_desktop.domain.models import Control
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import PackArchive
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import RiskAssessment
from vpr_desktop.domain.models import SupportStep
from vpr_desktop.domain.models import TrainingRecord
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.actions.listing import attention_clause
from vpr_desktop.services.actions.listing import overdue_clause
from vpr_desktop.services.actions.listing import sign_off_clause
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents.listing import count_riddor_state
from vpr_desktop.services.incidents.support_queue import overdue_step_clauses
from vpr_desktop.services.risks import queries as risk_q

if TYPE_CHECKING:
    from sqlalchemy import RowMapping
    from sqlalchemy.orm import Session

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
    #: ``"riddor=overdue"`` is the Incidents page's RIDDOR filter (``IncidentListSource``);
    #: the other pages' views are named in :data:`PAGE_VIEWS`.
    view: str = ""


#: What each page's ``show_view`` accepts, by page key: the filters behind the Home cards and
#: the sidebar badges (``"attention"``: everything that page's cards count, each row once).
PAGE_VIEWS: dict[str, tuple[str, ...]] = {
    "support": ("overdue",),
    "incidents": (RIDDOR_OVERDUE_VIEW,),
    "risks": ("overdue", "control_overdue", "attention"),
    "actions": ("overdue", "sign_off", "attention"),
}


#: The home page's counts in order: (label, the table counted, the column of
#: ``vpr_home_figures`` that counts it on PostgreSQL).
COUNTED: tuple[tuple[str, type, str], ...] = (
    ("Staff", Person, "staff"),
    ("Assignments", Assignment, "assignments"),
    ("Incidents", Incident, "incidents"),
    ("Risk assessments", RiskAssessment, "risks"),
    ("Training records", TrainingRecord, "training_records"),
    ("Actions", Action, "actions"),
)


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
    #: One per page with cards: the sidebar's number, the rows of that page's ``view``. Not
    #: the sum of the cards, which would count an overdue action awaiting sign-off twice.
    badges: list[AttentionItem] = field(default_factory=list)


class SummaryService:
    """The home page's figures in one read, so the first screen opens without N queries."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    def home(self, today: dt.date | None = None, now: dt.datetime | None = None) -> HomeSummary:
        """Count the home summary as of ``today`` (default: today).

        Support steps are overdue when due before ``now``: by default the present moment, as
        the support queue's "Overdue only" filter judges them (the card opens that filter);
        with only ``today`` given, the end of that day (a pack's backlog "at" a date).
        """
        self.actor.require(Permission.READ_SUMMARY, "see the summary")
        if now is None:
            now = (
                dt.datetime.combine(today, dt.time(23, 59, 59), tzinfo=dt.UTC)
                if today is not None
                else dt.datetime.now(dt.UTC)
            )
        today = today or dt.date.today()

        def count(model: type, *where: object) -> int:
            stmt = select(func.count()).select_from(model)
            for w in where:
                stmt = stmt.where(w)  # type: ignore[arg-type]
            return int(session.scalar(stmt) or 0)

        if self.db.kind == "postgresql":
            return self._home_pg(today, now)
        with reading(self.db) as session:
            counts = [(label, count(model)) for label, model, _ in COUNTED]
            cards = self._attention(session, today, now)
            backup = session.execute(
                select(BackupRecord.taken_at, BackupRecord.path)
                .order_by(BackupRecord.taken_at.desc())
                .limit(1)
            ).first()
            last_pack = session.scalar(select(func.max(PackArchive.generated_at)))
            # Two subqueries, not min() and max() in one SELECT: SQLite reads one end of
            # ix_incident_occurred for each alone, but scans the whole index for both at once
            # (12 ms at 60k incidents, 180 ms at 1M).
            first, last = session.execute(
                select(
                    select(func.min(Incident.occurred_at)).scalar_subquery(),
                    select(func.max(Incident.occurred_at)).scalar_subquery(),
                )
            ).one()
        latest = (backup[0], backup[1]) if backup else (None, None)
        return self._summary(counts, cards, latest, last_pack, (first, last))

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
        counts = [(label, int(f[column])) for label, _, column in COUNTED]
        with reading(self.db) as session:
            cards = self._attention(session, today, now, fallback=f)
        return self._summary(
            counts,
            cards,
            (f["last_backup_at"], f["last_backup_path"]),
            f["last_pack_at"],
            (f["first_incident"], f["last_incident"]),
        )

    def _summary(
        self,
        counts: list[tuple[str, int]],
        cards: tuple[list[AttentionItem], list[AttentionItem]],
        backup: tuple[dt.datetime | None, str | None],
        last_pack: dt.datetime | None,
        incidents: tuple[dt.datetime | None, dt.datetime | None],
    ) -> HomeSummary:
        """The summary from either path's figures (SQLite counts them, PostgreSQL reads them
        from ``vpr_home_figures``), so both fill every field the same way."""
        (attention, badges), (first, last) = cards, incidents
        return HomeSummary(
            database=self.db.describe(),
            schema_revision=self.db.schema_revision,
            app_version=__version__,
            counts=counts,
            attention=attention,
            last_backup=backup[0],
            last_backup_path=backup[1],
            last_pack=last_pack,
            first_incident=_day(first),
            last_incident=_day(last),
            badges=badges,
        )

    def _attention(
        self,
        session: Session,
        today: dt.date,
        now: dt.datetime,
        fallback: RowMapping | None = None,
    ) -> tuple[list[AttentionItem], list[AttentionItem]]:
        """The cards and the sidebar badges, each counted with the clauses of the list filter
        it opens (the same functions the list sources call), so a card's figure is the rows
        its page then shows.

        A page this person may not read gets its cards as plain counts that open nothing,
        and no badge: on PostgreSQL from ``vpr_home_figures``' row (``fallback``: their login
        may not read the table), elsewhere from the same clauses counted here.
        """

        def n(model: type, *where: ColumnElement[bool]) -> int:
            return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

        figures: dict[str, Callable[[], int]] = {
            "support_overdue": lambda: n(SupportStep, *overdue_step_clauses(now)),
            "riddor_overdue": lambda: count_riddor_state(session, "overdue", today),
            "risk_reviews_overdue": lambda: n(RiskAssessment, risk_q.overdue_clause(today)),
            "control_reviews_overdue": lambda: n(Control, Control.next_review_date < today),
            "risks_control_overdue": lambda: n(
                RiskAssessment, risk_q.control_review_overdue_clause(today)
            ),
            "risks_attention": lambda: n(RiskAssessment, risk_q.needs_attention_clause(today)),
            "actions_overdue": lambda: n(Action, overdue_clause(today)),
            "actions_sign_off": lambda: n(Action, sign_off_clause()),
            "actions_attention": lambda: n(Action, attention_clause(today)),
        }
        cards: list[AttentionItem] = []
        badges: list[AttentionItem] = []
        for page, permission in PAGE_PERMISSIONS:
            if not self.actor.can(permission):
                cards += [
                    AttentionItem(
                        key,
                        label,
                        int(fallback[PG_COLUMNS.get(column, column)])
                        if fallback is not None
                        else figures[column](),
                        page,
                    )
                    for key, label, column in FALLBACK_CARDS[page]
                ]
                continue
            for key, label, figure, view in READER_CARDS[page]:
                cards.append(AttentionItem(key, label, figures[figure](), page, view))
            label, figure, view = BADGES[page]
            count = next((c.count for c in cards if c.page == page and c.view == view), None)
            badges.append(
                AttentionItem(
                    page, label, figures[figure]() if count is None else count, page, view
                )
            )
        return cards, badges


#: The pages with cards, in the order the cards show, and who may open each.
PAGE_PERMISSIONS: tuple[tuple[str, Permission], ...] = (
    ("support", Permission.READ_INCIDENTS),
    ("incidents", Permission.READ_INCIDENTS),
    ("risks", Permission.READ_RISKS),
    ("actions", Permission.READ_ACTIONS),
)
#: The cards of a page the person may read: (key, label, figure, the page's view it opens).
READER_CARDS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "support": (("support_overdue", "Support steps overdue", "support_overdue", "overdue"),),
    "incidents": (
        ("riddor_overdue", "RIDDOR reports overdue", "riddor_overdue", RIDDOR_OVERDUE_VIEW),
    ),
    "risks": (
        ("risk_reviews", "Risk reviews overdue", "risk_reviews_overdue", "overdue"),
        (
            "control_reviews",
            "Risks with a control review overdue",
            "risks_control_overdue",
            "control_overdue",
        ),
    ),
    "actions": (
        ("actions_overdue", "Actions overdue", "actions_overdue", "overdue"),
        ("actions_sign_off", "Actions awaiting sign-off", "actions_sign_off", "sign_off"),
    ),
}
#: Each page's sidebar badge: (label, figure, view). Where a page has two cards the badge is
#: "needs attention", both cards' rows with each record once, never their sum.
BADGES: dict[str, tuple[str, str, str]] = {
    "support": ("Support steps overdue", "support_overdue", "overdue"),
    "incidents": ("RIDDOR reports overdue", "riddor_overdue", RIDDOR_OVERDUE_VIEW),
    "risks": (
        "Risks whose review or a control's review is overdue",
        "risks_attention",
        "attention",
    ),
    "actions": ("Actions overdue or awaiting sign-off", "actions_attention", "attention"),
}


#: The cards of a page the person may not read (key, label, figure): counts only, opening
#: nothing, but the same numbers and words as the reader's cards (on PostgreSQL from
#: ``vpr_home_figures``, whose ``control_reviews_overdue`` counts risks since revision 0012).
FALLBACK_CARDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "support": (("support_overdue", "Support steps overdue", "support_overdue"),),
    "incidents": (("riddor_overdue", "RIDDOR reports overdue", "riddor_overdue"),),
    "risks": (
        ("risk_reviews", "Risk reviews overdue", "risk_reviews_overdue"),
        ("control_reviews", "Risks with a control review overdue", "risks_control_overdue"),
    ),
    "actions": (
        ("actions_overdue", "Actions overdue", "actions_overdue"),
        ("actions_sign_off", "Actions awaiting sign-off", "actions_sign_off"),
    ),
}


#: Figures whose ``vpr_home_figures`` column has another name.
PG_COLUMNS = {"risks_control_overdue": "control_reviews_overdue"}


def _day(stamp: dt.datetime | None) -> dt.date | None:
    """The date of a MIN/MAX stamp: NULL when there are no rows, though SQL types it datetime."""
    return stamp.date() if stamp is not None else None
