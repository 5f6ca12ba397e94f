"""The figures of what followed the period's incidents: support steps and RIDDOR reports done
on time, feedback given to the reporter, and police and CPS outcomes.

Plain, frozen results with their own arithmetic (totals, and shares that are None when
nothing was due), as :mod:`vpr_desktop.services.incidents.figures` holds for the counts
themselves; kept apart because each of these is judged against a due time or an outcome, not
counted by month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vpr_desktop.domain.enums import CpsOutcome
from vpr_desktop.domain.enums import PoliceOutcome
from vpr_desktop.services.common.shares import percent_of


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
        return percent_of(self.on_time, self.counted)


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
        return percent_of(self.on_time, self.on_time + self.late)


@dataclass(frozen=True)
class FeedbackGiven:
    """How many incidents of the period had feedback given to the reporter."""

    incidents: int
    given: int

    @property
    def percent(self) -> float | None:
        """Share of incidents with feedback, or None when there are no incidents."""
        return percent_of(self.given, self.incidents)


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
        return percent_of(self.on_time, self.on_time + self.late + self.overdue)


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
        return percent_of(self.charged, self.police_informed)
