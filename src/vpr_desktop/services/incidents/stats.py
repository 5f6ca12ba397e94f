"""Incident figures for packs and the home page: every number is a SQL ``GROUP BY``.

Why SQL: counting 60,000 incidents in Python costs ten times the same ``GROUP BY``
(performance.md), and a pack asks for a dozen such figures. Monthly series group by the stored
``month`` column (``YYYY-MM``, London date), which the ``(month, location_id)`` and
``(month, primary_type)`` indexes cover; a period filter on whole months is a range on that
column too, so monthly counts and the other figures for the same months agree exactly. Only
the few result rows are reshaped in Python (zero-filled months, labels).

Who may call: anyone with ``READ_SUMMARY`` (staff-side reps and board secretaries included),
``READ_INCIDENTS`` or a pack permission. Nothing here returns a narrative, a name or a single
person's characteristic; counts by protected characteristic always go through the disclosure
rule (:mod:`vpr_desktop.domain.disclosure`, NHS Digital preset by default) unless the caller may
read protected characteristics and asks for exact counts.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeVar

from sqlalchemy import ColumnElement
from sqlalchemy import Row
from sqlalchemy import Select
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.orm import Session

from vpr_desktop.domain import disclosure
from vpr_desktop.domain.disclosure import DisclosureRule
from vpr_desktop.domain.disclosure import ProtectedCounts
from vpr_desktop.domain.disclosure import ProtectedTable
from vpr_desktop.domain.enums import CpsOutcome
from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Intent
from vpr_desktop.domain.enums import PerpetratorType
from vpr_desktop.domain.enums import PoliceOutcome
from vpr_desktop.domain.enums import ProtectedCharacteristic
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import IncidentStaff
from vpr_desktop.domain.models import IncidentTypeLink
from vpr_desktop.domain.models import StaffCharacteristic
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.conditional_count import count_if
from vpr_desktop.services.common.locations import location_labels
from vpr_desktop.services.common.paging import SqlColumn
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents import on_time_figures
from vpr_desktop.services.incidents import riddor_deadlines
from vpr_desktop.services.incidents.clock import IncidentClock
from vpr_desktop.services.incidents.figures import MonthlyCounts
from vpr_desktop.services.incidents.figures import NearMissRatio
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.incidents.figures import Series
from vpr_desktop.services.incidents.figures import Split
from vpr_desktop.services.incidents.follow_up_figures import FeedbackGiven
from vpr_desktop.services.incidents.follow_up_figures import PoliceOutcomes
from vpr_desktop.services.incidents.follow_up_figures import RiddorOnTime
from vpr_desktop.services.incidents.follow_up_figures import SupportOnTime

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor

#: The enum columns :meth:`IncidentStats.splits` counts the period's incidents by.
_SPLIT_COLUMNS: dict[str, tuple[InstrumentedAttribute[Any], type[StrEnum]]] = {
    "harm": (Incident.harm, Harm),
    "intent": (Incident.intent, Intent),
    "perpetrator": (Incident.perpetrator_type, PerpetratorType),
}

#: Breakdowns an incident can be in more than once (several types, several staff involved).
MANY_PER_INCIDENT = ("type", "staff_group")
BREAKDOWNS = (
    "location",
    "primary_type",
    "type",
    "staff_group",
    "harm",
    "intent",
    "perpetrator_type",
)
_READERS = (
    Permission.READ_SUMMARY,
    Permission.READ_INCIDENTS,
    Permission.GENERATE_COMMITTEE_PACK,
    Permission.GENERATE_BOARD_PACK,
)


_Figure = TypeVar("_Figure")


@dataclass(frozen=True)
class OnTimeAsk:
    """What the on-time figures (:func:`.on_time_figures.support_on_time`,
    :func:`.riddor_deadlines.riddor_on_time`) are asked: one object for the group of values
    both take, so the period figure and the monthly chart of each are asked for by the same
    two methods of :class:`IncidentStats`. The answer is keyed by month: ``""`` holds the
    whole period when not ``by_month``, else the sum of the ``total_of`` months."""

    clock: IncidentClock
    period: Period
    location_ids: Sequence[int] | None
    where: Sequence[ColumnElement[bool]]
    by_month: bool
    total_of: Sequence[str] = ()


def whole_months(period: Period) -> Period:
    """``period``, refused unless it is whole months: the one check of every ``*_by_month``
    figure, since a monthly series over part months would not add up to the period's figure."""
    if not period.whole_months:
        raise ValidationError("Monthly figures need a period of whole months.")
    return period


class IncidentStats(IncidentClock):
    """``IncidentStats(db, actor, today=None)``; ``service.stats()`` builds one."""

    def _admit(self, actor: Actor) -> None:
        """Only those who may read figures (row-level readers, summary readers, pack makers)."""
        if not any(actor.can(p) for p in _READERS):
            raise PermissionDeniedError(
                f"{actor.display_name} ({actor.roles_label}) may not see incident figures.",
                "Ask the VPR lead if you need to.",
            )

    # -------------------------------------------------------------------- monthly (SPC)
    def monthly_counts(
        self,
        period: Period,
        by: str | None = None,
        location_ids: Sequence[int] | None = None,
        types: Sequence[IncidentType] | None = None,
    ) -> MonthlyCounts:
        """Incidents per month, optionally broken down ``by`` one of :data:`BREAKDOWNS`;
        ``location_ids`` / ``types`` (any of the incident's types) narrow it."""
        if by is not None and by not in BREAKDOWNS:
            raise ValidationError(
                f"Cannot break monthly counts down by {by!r}.",
                "Use one of: " + ", ".join(BREAKDOWNS),
            )
        where = self._where(period, location_ids, types)
        months = period.month_list()
        with reading(self.db) as s:
            series: tuple[Series, ...] = ()
            if by is not None:
                series, sums = self._series(s, by, self._breakdown(s, by, where), months)
                if by not in MANY_PER_INCIDENT:
                    # One value per incident (its location, harm...): the month's total is the
                    # sum of its breakdown, so the period is scanned once, not twice.
                    return MonthlyCounts(by, months, tuple(sums), series)
            totals = dict(
                s.execute(
                    select(Incident.month, func.count()).where(*where).group_by(Incident.month)
                ).all()
            )
        return MonthlyCounts(by, months, tuple(int(totals.get(m, 0)) for m in months), series)

    def first_month(self) -> str | None:
        """The first month (``YYYY-MM``) any incident is recorded in, or None when none is:
        where a chart's series begins, so months before recording started are not counted as
        months with no incidents."""
        with reading(self.db) as s:
            first = s.scalar(select(func.min(Incident.month)))
        return str(first) if first else None

    def _breakdown(
        self, s: Session, by: str, where: list[ColumnElement[bool]]
    ) -> Sequence[Row[str, Any, int]]:
        """(month, key, incidents) for the ``by`` breakdown: one GROUP BY over the period."""
        count: ColumnElement[int] = func.count()
        stmt: Select[str, Any, int]
        if by == "type":
            key: SqlColumn[Any] = IncidentTypeLink.incident_type
            stmt = (
                select(Incident.month, key, count)
                .select_from(Incident)
                .join(IncidentTypeLink, IncidentTypeLink.incident_id == Incident.id)
            )
        elif by == "staff_group":
            key = IncidentStaff.staff_group_id
            count = func.count(func.distinct(Incident.id))
            stmt = (
                select(Incident.month, key, count)
                .select_from(Incident)
                .join(IncidentStaff, IncidentStaff.incident_id == Incident.id)
            )
        else:
            key = getattr(Incident, "location_id" if by == "location" else by)
            stmt = select(Incident.month, key, count)
        # Core rows (the session's connection): no ORM row processing for a few thousand
        # (month, key, count) tuples, which cost as much as the GROUP BY itself.
        return s.connection().execute(stmt.where(*where).group_by(Incident.month, key)).all()

    def _series(
        self, s: Session, by: str, rows: Sequence[Row[str, Any, int]], months: tuple[str, ...]
    ) -> tuple[tuple[Series, ...], list[int]]:
        """One series per key of the breakdown, labelled, with a count for every month; and
        the sum of the rows per month."""
        at = {m: i for i, m in enumerate(months)}
        grid: dict[Any, list[int]] = {}
        sums = [0] * len(months)
        for month, k, n in rows:
            i = at.get(month)
            if i is not None:
                counts = grid.get(k)
                if counts is None:
                    counts = grid[k] = [0] * len(months)
                counts[i] = n = int(n)
                sums[i] += n
        labels = self._labels(s, by, set(grid))
        keys = (
            list(labels)
            if by not in ("location", "staff_group")
            else sorted(grid, key=lambda k: labels.get(k, "~"))
        )
        out = []
        none = (0,) * len(months)
        for k in keys:
            out.append(
                Series(
                    "" if k is None else str(getattr(k, "value", k)),
                    labels.get(k, "Not recorded"),
                    tuple(grid[k]) if k in grid else none,
                )
            )
        return tuple(out), sums

    def _labels(self, s: Session, by: str, keys: set[Any]) -> dict[Any, str]:
        enums: dict[str, Any] = {
            "type": IncidentType,
            "primary_type": IncidentType,
            "harm": Harm,
            "intent": Intent,
            "perpetrator_type": PerpetratorType,
        }
        if by in enums:  # every member, zeros included, in the enum's order
            return {m: m.value.replace("_", " ").capitalize() for m in enums[by]}
        ids = [k for k in keys if k is not None]
        if by == "location":
            names = location_labels(s, ids)
        else:
            names = dict(
                s.execute(
                    select(StaffGroup.id, StaffGroup.name).where(StaffGroup.id.in_(ids))
                ).all()
            )
        return {k: names.get(k, "Not recorded") for k in keys}

    def _where(
        self,
        period: Period,
        location_ids: Sequence[int] | None = None,
        types: Sequence[IncidentType] | None = None,
    ) -> list[ColumnElement[bool]]:
        where = period.clauses()
        if location_ids:
            where.append(Incident.location_id.in_(list(location_ids)))
        if types:
            where.append(
                Incident.id.in_(
                    select(IncidentTypeLink.incident_id).where(
                        IncidentTypeLink.incident_type.in_([IncidentType(t) for t in types])
                    )
                )
            )
        return where

    # ------------------------------------------------------------------------- splits
    def splits(
        self, period: Period, *names: str, location_ids: Sequence[int] | None = None
    ) -> tuple[Split, ...]:
        """The splits ``names`` ("harm", "intent", "perpetrator") of the period's incidents,
        in that order, from one GROUP BY over their columns together.

        Why together: each split reads every incident of the period, and on a large trust
        that read is the cost (a quarter is 80k incidents at 1M, 100-170 ms each); the
        combinations of a few enums are a few dozen rows, added up here per split."""
        chosen = [_SPLIT_COLUMNS[name] for name in names]
        columns = [column for column, _enum in chosen]
        with reading(self.db) as s:
            rows = s.execute(
                select(*columns, func.count())
                .where(*self._where(period, location_ids))
                .group_by(*columns)
            ).all()
        out = []
        for i, (_column, enum) in enumerate(chosen):
            found: dict[Any, int] = {}
            for row in rows:
                found[row[i]] = found.get(row[i], 0) + int(row[-1])
            counts = tuple((m.value, found.get(m, 0)) for m in enum)
            out.append(Split(counts, sum(n for _, n in counts)))
        return tuple(out)

    def harm_split(self, period: Period, location_ids: Sequence[int] | None = None) -> Split:
        """Incidents per harm level (every level listed, zeros included)."""
        return self.splits(period, "harm", location_ids=location_ids)[0]

    def intent_split(self, period: Period, location_ids: Sequence[int] | None = None) -> Split:
        """Clinically related vs deliberate (vs not known)."""
        return self.splits(period, "intent", location_ids=location_ids)[0]

    def perpetrator_split(self, period: Period, location_ids: Sequence[int] | None = None) -> Split:
        """Incidents per perpetrator type (every type listed, zeros included)."""
        return self.splits(period, "perpetrator", location_ids=location_ids)[0]

    def type_split(self, period: Period, location_ids: Sequence[int] | None = None) -> Split:
        """Incidents having each type (an incident with two types counts in both)."""
        with reading(self.db) as s:
            rows = dict(
                s.execute(
                    select(IncidentTypeLink.incident_type, func.count())
                    .join(Incident, Incident.id == IncidentTypeLink.incident_id)
                    .where(*self._where(period, location_ids))
                    .group_by(IncidentTypeLink.incident_type)
                ).all()
            )
            total = (
                s.scalar(
                    select(func.count())
                    .select_from(Incident)
                    .where(*self._where(period, location_ids))
                )
                or 0
            )
        return Split(tuple((m.value, int(rows.get(m, 0))) for m in IncidentType), int(total))

    def near_miss_ratio(
        self, period: Period, location_ids: Sequence[int] | None = None
    ) -> NearMissRatio:
        """Near misses against incidents that happened, in the period."""
        with reading(self.db) as s:
            total, near = s.execute(
                select(func.count(), count_if(Incident.near_miss.is_(True))).where(
                    *self._where(period, location_ids)
                )
            ).one()
        return NearMissRatio(int(total), int(near))

    # --------------------------------------------------------------- support and feedback
    def support_on_time(
        self, period: Period, location_ids: Sequence[int] | None = None
    ) -> SupportOnTime:
        """Per step type, for the support steps of incidents in ``period`` (see the class)."""
        return self._in_period(on_time_figures.support_on_time, period, location_ids)

    def support_on_time_by_month(
        self,
        period: Period,
        location_ids: Sequence[int] | None = None,
        *,
        total_of: Sequence[str] = (),
    ) -> dict[str, SupportOnTime]:
        """:meth:`support_on_time` for each month of ``period`` (whole months), every month
        counted in one pass: a twelve-month chart is one query, not twelve. ``total_of``:
        months of ``period`` whose sum is added under ``""`` (what :meth:`support_on_time`
        gives for a period of those whole months), so a pack's period figure and its chart
        share one pass over the incidents."""
        return self._month_by_month(on_time_figures.support_on_time, period, location_ids, total_of)

    def feedback_given(
        self, period: Period, location_ids: Sequence[int] | None = None
    ) -> FeedbackGiven:
        """How many of the period's incidents had feedback given to the reporter."""
        with reading(self.db) as s:
            total, given = s.execute(
                select(func.count(), func.count(Incident.feedback_given_on)).where(
                    *self._where(period, location_ids)
                )
            ).one()
        return FeedbackGiven(int(total), int(given))

    # ------------------------------------------------------------------------- RIDDOR
    def riddor_on_time(
        self, period: Period, location_ids: Sequence[int] | None = None
    ) -> RiddorOnTime:
        """RIDDOR reportable incidents of the period and whether each was submitted in time, as of
        today."""
        return self._in_period(riddor_deadlines.riddor_on_time, period, location_ids)

    def riddor_on_time_by_month(
        self,
        period: Period,
        location_ids: Sequence[int] | None = None,
        *,
        total_of: Sequence[str] = (),
    ) -> dict[str, RiddorOnTime]:
        """:meth:`riddor_on_time` for each month of ``period`` (whole months), in one pass;
        ``total_of`` as for :meth:`support_on_time_by_month`."""
        return self._month_by_month(riddor_deadlines.riddor_on_time, period, location_ids, total_of)

    def _in_period(
        self,
        count: Callable[[OnTimeAsk], dict[str, _Figure]],
        period: Period,
        location_ids: Sequence[int] | None,
    ) -> _Figure:
        """``count`` over the whole of ``period`` (any period, part months too)."""
        where = self._where(period, location_ids)
        return count(OnTimeAsk(self, period, location_ids, where, by_month=False))[""]

    def _month_by_month(
        self,
        count: Callable[[OnTimeAsk], dict[str, _Figure]],
        period: Period,
        location_ids: Sequence[int] | None,
        total_of: Sequence[str],
    ) -> dict[str, _Figure]:
        """``count`` for each month of ``period`` in one pass (refused unless ``period`` is
        whole months), plus the sum of the ``total_of`` months under ``""``."""
        months = whole_months(period)
        where = self._where(months, location_ids)
        return count(OnTimeAsk(self, months, location_ids, where, by_month=True, total_of=total_of))

    # --------------------------------------------------------------- police, CPS, AEWA
    def police_outcomes(
        self, period: Period, location_ids: Sequence[int] | None = None
    ) -> PoliceOutcomes:
        """Police and CPS outcomes of the period's incidents, from one GROUP BY over the four
        columns (each figure read the period again before: three passes, 450 ms at 1M)."""
        i = Incident
        columns = (i.police_informed, i.aewa_sanction, i.police_outcome, i.cps_outcome)
        with reading(self.db) as s:
            rows = s.execute(
                select(*columns, func.count())
                .where(*self._where(period, location_ids))
                .group_by(*columns)
            ).all()
        total = informed = aewa = 0
        police: dict[PoliceOutcome, int] = {}
        cps: dict[CpsOutcome, int] = {}
        for was_informed, sanction, outcome, cps_outcome, n in rows:
            total += n
            aewa += n if sanction is True else 0
            if was_informed is True:
                informed += n
                police[outcome] = police.get(outcome, 0) + n
            if cps_outcome is not CpsOutcome.NOT_APPLICABLE:
                cps[cps_outcome] = cps.get(cps_outcome, 0) + n
        return PoliceOutcomes(
            int(total),
            int(informed or 0),
            tuple(
                (o, int(police.get(o, 0)))
                for o in PoliceOutcome
                if o is not PoliceOutcome.NOT_REPORTED
            ),
            tuple(
                (o, int(cps.get(o, 0))) for o in CpsOutcome if o is not CpsOutcome.NOT_APPLICABLE
            ),
            int(aewa or 0),
        )

    # ---------------------------------------------------------- protected characteristics
    def _rule(self, rule: DisclosureRule | None) -> DisclosureRule:
        if rule is None or not rule.suppresses:
            if not self.actor.can(Permission.READ_PROTECTED_CHARACTERISTICS):
                if rule is not None:
                    raise PermissionDeniedError(
                        "Exact counts by protected characteristic are only for roles allowed "
                        "to see protected characteristics.",
                        "Use a disclosure rule (the NHS Digital preset is the default).",
                    )
                return disclosure.NHS_DIGITAL
            return rule or disclosure.NHS_DIGITAL
        return rule

    def characteristic_counts(
        self,
        period: Period,
        rule: DisclosureRule | None = None,
        location_ids: Sequence[int] | None = None,
    ) -> dict[ProtectedCharacteristic, ProtectedCounts]:
        """Affected staff (who consented) per recorded value of each characteristic, with
        small numbers suppressed (default NHS Digital; exact counts only for roles allowed to
        read characteristics, asked for with ``disclosure.NO_SUPPRESSION``)."""
        rule = self._rule(rule)
        with reading(self.db) as s:
            rows = s.execute(
                self._characteristic_query(period, location_ids, StaffCharacteristic.value)
            ).all()
        grouped: dict[ProtectedCharacteristic, dict[str, int]] = {}
        for kind, value, n in rows:
            grouped.setdefault(kind, {})[value] = int(n)
        return {
            kind: disclosure.protect(dict(sorted(grouped[kind].items())), rule)
            for kind in ProtectedCharacteristic
            if kind in grouped
        }

    def characteristic_by_type(
        self,
        period: Period,
        characteristic: ProtectedCharacteristic,
        rule: DisclosureRule | None = None,
    ) -> ProtectedTable:
        """One characteristic's values (rows) by incident type (columns), protected."""
        rule = self._rule(rule)
        kind = ProtectedCharacteristic(characteristic)
        with reading(self.db) as s:
            rows = s.execute(
                select(StaffCharacteristic.value, IncidentTypeLink.incident_type, func.count())
                .select_from(StaffCharacteristic)
                .join(IncidentStaff, IncidentStaff.id == StaffCharacteristic.incident_staff_id)
                .join(Incident, Incident.id == IncidentStaff.incident_id)
                .join(IncidentTypeLink, IncidentTypeLink.incident_id == Incident.id)
                .where(
                    *self._where(period),
                    IncidentStaff.pc_consent.is_(True),
                    StaffCharacteristic.characteristic == kind,
                )
                .group_by(StaffCharacteristic.value, IncidentTypeLink.incident_type)
            ).all()
        counts = {(value, t.value): int(n) for value, t, n in rows}
        values = sorted({v for v, _ in counts})
        columns = [t.value for t in IncidentType]
        return disclosure.protect_table(counts, values, columns, rule)

    def _characteristic_query(
        self, period: Period, location_ids: Sequence[int] | None, value: SqlColumn[str]
    ) -> Select[ProtectedCharacteristic, str, int]:
        return (
            select(StaffCharacteristic.characteristic, value, func.count())
            .select_from(StaffCharacteristic)
            .join(IncidentStaff, IncidentStaff.id == StaffCharacteristic.incident_staff_id)
            .join(Incident, Incident.id == IncidentStaff.incident_id)
            .where(*self._where(period, location_ids), IncidentStaff.pc_consent.is_(True))
            .group_by(StaffCharacteristic.characteristic, value)
        )
