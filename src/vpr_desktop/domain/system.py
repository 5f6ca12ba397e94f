"""Figures from outside the trust's own records: the NHS Staff Survey's violence and abuse
measures, and other trusts' anonymised returns loaded for a system (ICS) or regional view.

Why separate tables: these are published or received aggregates, never edited record by record
like an incident, and a trust's own figures must never be mixed with another trust's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from vpr_desktop.domain.base import Entity


class StaffSurveyResult(Entity):
    """One year's published result for one staff-survey measure: the trust's percentage, its
    benchmark group's and the national one, and a note where the question changed."""

    __tablename__ = "staff_survey_result"
    __table_args__ = (UniqueConstraint("year", "measure"),)

    year: Mapped[int]
    measure: Mapped[str] = mapped_column(String(40))
    trust_percent: Mapped[float]
    benchmark_percent: Mapped[float | None]
    national_percent: Mapped[float | None]
    series_break_note: Mapped[str | None] = mapped_column(Text)


class SystemReturn(Entity):
    """One trust's anonymised return for one period, as loaded into a system database; a newer
    return for the same trust and period replaces it (the unit of work audits the change)."""

    __tablename__ = "system_return"
    __table_args__ = (UniqueConstraint("trust_code", "period_from", "period_to"),)
    # The whole return is tens of kilobytes: the audit keeps its SHA-256, which names it.
    __audit_exclude__ = Entity.__audit_exclude__ | frozenset({"document"})

    trust_code: Mapped[str] = mapped_column(String(5))
    period_from: Mapped[dt.date]
    period_to: Mapped[dt.date]
    made_on: Mapped[dt.date]
    standard_version: Mapped[str] = mapped_column(String(20))
    content_sha256: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict[str, Any]]


@dataclass(frozen=True)
class SurveyMeasure:
    """A staff-survey measure: its stable code, wording, and which way is better."""

    code: str
    text: str
    aliases: tuple[str, ...]  # the survey's question numbers for it (they move between years)
    lower_is_better: bool = True


#: The violence and abuse measures of the NHS Staff Survey (question numbers as in 2021-2024).
SURVEY_MEASURES: tuple[SurveyMeasure, ...] = (
    SurveyMeasure(
        "physical_public",
        "Physical violence from patients, service users, their relatives or the public",
        ("q14a", "q13a"),
    ),
    SurveyMeasure("physical_managers", "Physical violence from managers", ("q14b", "q13b")),
    SurveyMeasure(
        "physical_colleagues", "Physical violence from other colleagues", ("q14c", "q13c")
    ),
    SurveyMeasure(
        "harassment_public",
        "Harassment, bullying or abuse from patients, service users, their relatives or the public",
        ("q15a", "q14a_2020"),
    ),
    SurveyMeasure("harassment_managers", "Harassment, bullying or abuse from managers", ("q15b",)),
    SurveyMeasure(
        "harassment_colleagues",
        "Harassment, bullying or abuse from other colleagues",
        ("q15c",),
    ),
    SurveyMeasure(
        "physical_reported",
        "The last experience of physical violence was reported",
        ("q14d", "q13d"),
        lower_is_better=False,
    ),
    SurveyMeasure(
        "harassment_reported",
        "The last experience of harassment, bullying or abuse was reported",
        ("q15d",),
        lower_is_better=False,
    ),
)


def survey_measure(code_or_alias: str) -> SurveyMeasure | None:
    """The measure a results file's code names (our code or a question number), or None."""
    key = code_or_alias.strip().casefold().replace(" ", "")
    for m in SURVEY_MEASURES:
        if key == m.code or key in m.aliases:
            return m
    return None


def compare_with_benchmark(measure: SurveyMeasure, trust: float, benchmark: float | None) -> str:
    """'better than', 'worse than' or 'the same as' the benchmark, to one decimal place
    ('' without a benchmark). For most measures lower is better; for 'reported', higher."""
    if benchmark is None:
        return ""
    t, b = round(trust, 1), round(benchmark, 1)
    if t == b:
        return "the same as"
    better = t < b if measure.lower_is_better else t > b
    return "better than" if better else "worse than"
