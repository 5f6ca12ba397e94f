"""The figures the incident statistics hand out: periods, series and splits (what followed an
incident -- on-time shares, feedback, police outcomes -- is :mod:`.follow_up_figures`).

Plain, frozen results with their own arithmetic (totals, percentages that are None when nothing
was counted), so the dashboard, the board pack and the CLI format the same numbers the same way;
:mod:`stats` only queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Incident
from vpr_desktop.services.common.periods import on_trust_days
from vpr_desktop.services.common.shares import percent_of


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
        return percent_of(n, self.total)


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
        return percent_of(self.near_misses, self.incidents)
