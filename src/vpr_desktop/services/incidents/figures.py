"""The figures the incident statistics hand out: periods, series, splits and on-time shares.

Plain, frozen results with their own arithmetic (totals, percentages that are None when nothing
was counted), so the dashboard, the board pack and the CLI format the same numbers the same way;
:mod:`stats` only queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement

from vpr_desktop.domain.enums import (
    CpsOutcome,
    PoliceOutcome,
)
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import (
    Incident,
)
from vpr_desktop.services.common.periods import on_trust_days


@dataclass(frozen=True)
class Period:
    """Inclusive dates. Whole months filter on the stored ``month`` only (index-friendly);
    a part month adds the exact occurrence-time bounds (London days)."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"The period ends ({self.end}) before it starts ({self.start}).", "Swap the dates."
            )

    @classmethod
    def months(cls, first: str, last: str) -> Period:
        """``Period.months("2025-04", "2026-03")``: whole months."""
        a = dt.date.fromisoformat(first + "-01")
        b = dt.date.fromisoformat(last + "-01")
        return cls(a, _month_end(b))

    @property
    def first_month(self) -> str:
        """The first month as ``YYYY-MM`` (the stored month column compares as text)."""
        return f"{self.start.year:04d}-{self.start.month:02d}"

    @property
    def last_month(self) -> str:
        """The last month as ``YYYY-MM``."""
        return f"{self.end.year:04d}-{self.end.month:02d}"

    @property
    def whole_months(self) -> bool:
        """True when the period is whole calendar months, so the indexed month column alone selects
        it."""
        return self.start.day == 1 and self.end == _month_end(self.end)

    def month_list(self) -> tuple[str, ...]:
        """Every month in the period in order, so charts show empty months as zero rather than
        skipping them."""
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return tuple(out)

    def clauses(self) -> list[ColumnElement[bool]]:
        """SQL for incidents in the period: month bounds (indexed), plus exact times only for part
        months."""
        out: list[ColumnElement[bool]] = [
            Incident.month >= self.first_month,
            Incident.month <= self.last_month,
        ]
        if not self.whole_months:
            out += on_trust_days(Incident.occurred_at, self.start, self.end)
        return out


def _month_end(day: dt.date) -> dt.date:
    nxt = day.replace(day=28) + dt.timedelta(days=4)
    return nxt - dt.timedelta(days=nxt.day)


@dataclass(frozen=True)
class Series:
    """One line of a trend chart: a label and a count per month of the period."""

    key: str
    label: str
    counts: tuple[int, ...]  # one per month of MonthlyCounts.months

    @property
    def total(self) -> int:
        """The series' count over the whole period."""
        return sum(self.counts)


@dataclass(frozen=True)
class MonthlyCounts:
    """Counts per month for an SPC chart: ``total`` (all incidents) and, when broken down,
    one series per key. By ``type`` an incident counts once for each of its types, so the
    series can add up to more than the total; by ``staff_group`` it counts once per group of
    the staff it affected."""

    by: str | None
    months: tuple[str, ...]
    total: tuple[int, ...]
    series: tuple[Series, ...] = ()


@dataclass(frozen=True)
class Split:
    """Counts per category (every category listed, zeros included), with their total."""

    counts: tuple[tuple[str, int], ...]
    total: int

    def as_dict(self) -> dict[str, int]:
        """The counts keyed by category, for lookups."""
        return dict(self.counts)

    def percent(self, key: str) -> float | None:
        """One category's share of the total, or None when there is nothing to divide."""
        n = self.as_dict().get(key, 0)
        return None if self.total == 0 else round(100.0 * n / self.total, 1)


@dataclass(frozen=True)
class NearMissRatio:
    """Near misses against incidents that happened: a reporting-culture signal."""

    incidents: int
    near_misses: int

    @property
    def actual(self) -> int:
        """Incidents that were not near misses."""
        return self.incidents - self.near_misses

    @property
    def ratio(self) -> float | None:
        """Near misses per incident that was not a near miss (a reporting-culture signal)."""
        return None if self.actual == 0 else round(self.near_misses / self.actual, 3)

    @property
    def percent(self) -> float | None:
        """Near misses as a share of all incidents, or None when there are none."""
        return None if not self.incidents else round(100.0 * self.near_misses / self.incidents, 1)


@dataclass(frozen=True)
class StepTypeOnTime:
    """On-time figures for one support step type, so a late step type stands out."""

    step_type: str
    label: str
    on_time: int
    late_done: int  # done after the due time
    overdue: int  # still open after the due time
    pending: int  # open, not yet due
    not_needed: int

    @property
    def late(self) -> int:
        """Steps done late plus steps still open past their due time."""
        return self.late_done + self.overdue

    @property
    def counted(self) -> int:
        """Steps that count towards the percentage (due by now: on time or late)."""
        return self.on_time + self.late

    @property
    def percent(self) -> float | None:
        """Share done on time, or None when no step was due."""
        return None if not self.counted else round(100.0 * self.on_time / self.counted, 1)


@dataclass(frozen=True)
class SupportOnTime:
    """Support steps of the period's incidents as of ``as_of``: on time = done by the due time;
    late = done after it, or still open after it. Not-yet-due and not-needed steps are not in
    the percentage."""

    as_of: dt.datetime
    by_step: tuple[StepTypeOnTime, ...]

    def _sum(self, attr: str) -> int:
        return sum(getattr(s, attr) for s in self.by_step)

    @property
    def on_time(self) -> int:
        """Steps done by their due time, all step types."""
        return self._sum("on_time")

    @property
    def late(self) -> int:
        """Steps done late or still open past their due time, all step types."""
        return self._sum("late")

    @property
    def pending(self) -> int:
        """Open steps not yet due (not in the percentage)."""
        return self._sum("pending")

    @property
    def not_needed(self) -> int:
        """Steps marked not needed (not in the percentage)."""
        return self._sum("not_needed")

    @property
    def percent(self) -> float | None:
        """Share of due steps done on time, or None when none was due."""
        counted = self.on_time + self.late
        return None if not counted else round(100.0 * self.on_time / counted, 1)


@dataclass(frozen=True)
class FeedbackGiven:
    """How many incidents of the period had feedback given to the reporter."""

    incidents: int
    given: int

    @property
    def percent(self) -> float | None:
        """Share of incidents with feedback, or None when there are no incidents."""
        return None if not self.incidents else round(100.0 * self.given / self.incidents, 1)


@dataclass(frozen=True)
class RiddorOnTime:
    """Reportable incidents of the period, as of ``as_of``."""

    as_of: dt.date
    reportable: int
    on_time: int
    late: int  # submitted after the deadline
    overdue: int  # not submitted, deadline passed
    due: int  # not submitted, deadline not yet passed
    record_only: int  # over-3-day injuries (recorded, not reported)
    judgement_needed: int
    not_assessed: int

    @property
    def percent(self) -> float | None:
        """Share of submissions made on time among those due by now, or None."""
        counted = self.on_time + self.late + self.overdue
        return None if not counted else round(100.0 * self.on_time / counted, 1)


@dataclass(frozen=True)
class PoliceOutcomes:
    """Police and CPS outcomes of the period's incidents, for the sanctions figures the board asks
    for."""

    incidents: int
    police_informed: int
    police: tuple[tuple[PoliceOutcome, int], ...]  # informed incidents only
    cps: tuple[tuple[CpsOutcome, int], ...]  # charged incidents with a CPS outcome
    aewa_sanctions: int

    @property
    def charged(self) -> int:
        """Informed incidents that led to a charge."""
        return dict(self.police).get(PoliceOutcome.CHARGED, 0)

    @property
    def charge_rate(self) -> float | None:
        """Charges as a share of incidents reported to the police, or None when none were."""
        return (
            None
            if not self.police_informed
            else round(100.0 * self.charged / self.police_informed, 1)
        )
