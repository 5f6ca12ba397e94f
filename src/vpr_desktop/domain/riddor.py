"""RIDDOR 2013 as it applies to violence against staff: a pure rule from recorded facts.

Why a pure function: the decision has legal deadlines attached, so it must be the same in the
form, the import, the packs and the tests, and it must be explainable. :func:`assess` returns
the status, a reason a health and safety adviser can read, and the deadline; the service stores
all three (and lets a person override with a recorded reason). The rule, in our own words
(domain brief §2.1, §2.2):

1. **Only physical violence is an "accident".** RIDDOR treats non-consensual physical violence
   to a person at work as an accident. An incident counts as physical when *any* of its types is
   physical. Verbal abuse, threats, harassment, online abuse and attempted assaults with no
   contact are never reportable, however long anyone is off afterwards.
2. **A near miss** (no contact, no injury) is not reportable.
3. **Personal disputes** (between workers, or domestic matters brought into work) are not
   work-related violence: not reportable, and the reason says so, so the rationale is on record.
4. **Death, or a specified injury diagnosed by a doctor** (fractures other than fingers, thumbs
   and toes, amputation, sight loss, crush injuries, serious burns, scalping, loss of
   consciousness…; see :data:`SPECIFIED_INJURIES`) is reportable, at the latest **10 days** after
   the incident (and without delay by the quickest means). A self-diagnosed "suspected
   fracture" is not a specified injury until a doctor diagnoses or suspects one.
5. **Incapacity** is counted per affected person in *calendar* days, not counting the day of
   the incident, with weekends and rest days included; days on light or restricted duties count
   as incapacity (the person cannot do their normal work). A person's incapacity is their days
   absent plus their days on restricted duties (recorded as one consecutive spell), or the days
   up to the day they were fit for normal duties again, whichever is longer. The longest spell
   among the affected people decides.
6. **More than 7 days** → reportable, at the latest **15 days** after the incident.
7. **4 to 7 days** (so *exactly 7* too) → not reportable, but an "over-3-day injury" that must
   be **recorded** (status ``RECORD_ONLY``).
8. **3 days or fewer** → not reportable.
9. **A stress absence after a physical incident** is the grey area: practitioners disagree, so
   the rule never decides it. When a stress absence is long enough to change the outcome (more
   than 3 days) and nothing else already makes the incident reportable, the status is
   ``JUDGEMENT_NEEDED``; a person then records the decision as an override with its reason.
10. **An absence with no physical injury recorded** after a physical incident is inconsistent
    (RIDDOR needs an injury): ``JUDGEMENT_NEEDED`` rather than a guess either way.
11. **An injured non-worker** (e.g. a visitor) taken straight from the scene to hospital for
    treatment is reportable, within 10 days.

Records of reportable and over-3-day injuries are kept at least **3 years**
(``keep_record_until``). Reporting to the police is separate from RIDDOR and not decided here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import RiddorStatus

OVER_7_DAY_DEADLINE_DAYS = 15
SPECIFIED_INJURY_DEADLINE_DAYS = 10
OVER_3_DAYS = 3
OVER_7_DAYS = 7
RECORD_KEEPING_YEARS = 3

#: The specified injuries to workers (RIDDOR reg. 4(1)), for the form's pick list.
SPECIFIED_INJURIES: tuple[str, ...] = (
    "Fracture diagnosed by a doctor (not fingers, thumbs or toes)",
    "Amputation",
    "Injury likely to lead to permanent loss or reduction of sight",
    "Crush injury to the head or torso causing damage to the brain or internal organs",
    "Serious burns (over 10% of the body, or damaging the eyes, respiratory system or other "
    "vital organs)",
    "Scalping needing hospital treatment",
    "Loss of consciousness caused by a head injury or asphyxia",
    "Injury in an enclosed space causing hypothermia or heat illness, or needing "
    "resuscitation or admission to hospital for more than 24 hours",
)


@dataclass(frozen=True)
class PersonIncapacity:
    """What was recorded about one affected person's time off or on restricted duties."""

    days_absent: int = 0
    restricted_duties_days: int = 0
    stress_absence: bool = False  # the absence was certified as stress
    fit_for_normal_duties_on: dt.date | None = None  # first day back on normal duties

    def incapacity_days(self, incident_date: dt.date) -> int:
        """The days of incapacity that count for RIDDOR: recorded days, or longer if fit later."""
        recorded = max(0, self.days_absent) + max(0, self.restricted_duties_days)
        if self.fit_for_normal_duties_on is None:
            return recorded
        return max(recorded, incapacity_days_between(incident_date, self.fit_for_normal_duties_on))


@dataclass(frozen=True)
class RiddorFacts:
    """The recorded facts the rule reads (nothing else: no names, no narrative)."""

    incident_date: dt.date
    types: frozenset[IncidentType]
    near_miss: bool = False
    personal_dispute: bool = False
    injury: bool = False  # a physical injury to a worker was recorded
    specified_injury: bool = False  # doctor-diagnosed (see SPECIFIED_INJURIES)
    death: bool = False
    people: tuple[PersonIncapacity, ...] = ()
    non_worker_taken_to_hospital: bool = False

    @property
    def physical(self) -> bool:
        """Whether the incident included physical violence (RIDDOR applies only then)."""
        return IncidentType.PHYSICAL in self.types


@dataclass(frozen=True)
class RiddorDecision:
    """Whether an incident is reportable to HSE, why, and the deadlines that follow."""

    status: RiddorStatus
    reason: str
    deadline: dt.date | None
    keep_record_until: dt.date | None = None
    notify_without_delay: bool = False  # death or specified injury: by the quickest means
    incapacity_days: int = 0  # the longest spell that counted


def incapacity_days_between(incident_date: dt.date, fit_on: dt.date) -> int:
    """Calendar days of incapacity when the person is fit for normal duties on ``fit_on``:
    the days strictly between the incident day and that day (weekends included)."""
    return max(0, (fit_on - incident_date).days - 1)


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def assess(facts: RiddorFacts) -> RiddorDecision:
    """Decide RIDDOR reportability from ``facts`` (see the module docstring for the rule)."""
    day = facts.incident_date
    keep = _years_after(day, RECORD_KEEPING_YEARS)
    non_stress = [p.incapacity_days(day) for p in facts.people if not p.stress_absence]
    stress = [p.incapacity_days(day) for p in facts.people if p.stress_absence]
    longest = max(non_stress, default=0)
    longest_stress = max(stress, default=0)
    longest_any = max(longest, longest_stress)

    if not facts.physical:
        why = (
            "Not reportable: RIDDOR covers physical violence only; verbal abuse, threats "
            "and other non-physical incidents are not reportable"
        )
        if longest_any > OVER_7_DAYS:
            why += f", even with {_days(longest_any)} of absence"
        return RiddorDecision(
            RiddorStatus.NOT_REPORTABLE, why + ".", None, incapacity_days=longest_any
        )
    if facts.near_miss:
        return RiddorDecision(
            RiddorStatus.NOT_REPORTABLE,
            "Not reportable: a near miss (no contact, no injury).",
            None,
        )
    if facts.personal_dispute:
        return RiddorDecision(
            RiddorStatus.NOT_REPORTABLE,
            "Not reportable: the violence arose from a personal dispute (between workers, or "
            "a domestic matter brought into work), which is not work-related violence.",
            None,
            incapacity_days=longest_any,
        )
    if facts.death or facts.specified_injury:
        what = "death of a worker" if facts.death else "a specified injury diagnosed by a doctor"
        return RiddorDecision(
            RiddorStatus.REPORTABLE,
            f"Reportable: {what}; notify without delay and report within "
            f"{SPECIFIED_INJURY_DEADLINE_DAYS} days of the incident.",
            day + dt.timedelta(days=SPECIFIED_INJURY_DEADLINE_DAYS),
            keep,
            notify_without_delay=True,
            incapacity_days=longest_any,
        )
    if facts.non_worker_taken_to_hospital:
        return RiddorDecision(
            RiddorStatus.REPORTABLE,
            "Reportable: an injured non-worker was taken from the scene to hospital for "
            f"treatment; report within {SPECIFIED_INJURY_DEADLINE_DAYS} days of the incident.",
            day + dt.timedelta(days=SPECIFIED_INJURY_DEADLINE_DAYS),
            keep,
            notify_without_delay=True,
            incapacity_days=longest_any,
        )
    if longest > OVER_7_DAYS and facts.injury:
        return RiddorDecision(
            RiddorStatus.REPORTABLE,
            f"Reportable: over-7-day injury ({_days(longest)} of incapacity, not counting the "
            "day of the incident, weekends and restricted duties included); report within "
            f"{OVER_7_DAY_DEADLINE_DAYS} days of the incident.",
            day + dt.timedelta(days=OVER_7_DAY_DEADLINE_DAYS),
            keep,
            incapacity_days=longest,
        )
    if longest_stress > OVER_3_DAYS:
        return RiddorDecision(
            RiddorStatus.JUDGEMENT_NEEDED,
            f"Judgement needed: an absence certified as stress ({_days(longest_stress)}) "
            "followed a physical incident. Practitioners disagree whether this is reportable; "
            "the health and safety lead should decide and record why.",
            None,
            keep,
            incapacity_days=longest_stress,
        )
    if longest > OVER_3_DAYS and not facts.injury:
        return RiddorDecision(
            RiddorStatus.JUDGEMENT_NEEDED,
            f"Judgement needed: {_days(longest)} of incapacity are recorded but no physical "
            "injury is; check whether the absence is due to an injury from the incident.",
            None,
            keep,
            incapacity_days=longest,
        )
    if longest > OVER_3_DAYS:
        return RiddorDecision(
            RiddorStatus.RECORD_ONLY,
            f"Not reportable, but record it: over-3-day injury ({_days(longest)} of "
            "incapacity; reportable only when more than 7 days).",
            None,
            keep,
            incapacity_days=longest,
        )
    extra = f" ({_days(longest)} of incapacity)" if longest else ""
    return RiddorDecision(
        RiddorStatus.NOT_REPORTABLE,
        f"Not reportable: no specified injury and not more than 3 days of incapacity{extra}.",
        None,
        incapacity_days=longest,
    )


#: The RIDDOR states the incident list filters on, in the words its filter bar shows. One
#: definition for the list, the Home card and any badge (``services.incidents.listing``
#: turns each into SQL): a figure a user sees is always a filter the Incidents page can show.
RIDDOR_STATES: dict[str, str] = {
    "overdue": "RIDDOR overdue",
    "due_soon": "RIDDOR due within 7 days",
    "unsubmitted": "Reportable, not submitted",
    "judgement": "Judgement needed",
    "not_assessed": "RIDDOR not assessed",
    "late": "RIDDOR submitted late",
}
DUE_SOON_DAYS = 7


class SubmissionState(StrEnum):
    """Where a reportable incident stands against its deadline."""

    NOT_REQUIRED = "not_required"
    DUE = "due"  # not submitted; deadline today or later
    OVERDUE = "overdue"  # not submitted; deadline passed
    ON_TIME = "on_time"  # submitted on or before the deadline
    LATE = "late"  # submitted after the deadline


def submission_state(
    status: RiddorStatus, deadline: dt.date | None, submitted_on: dt.date | None, today: dt.date
) -> SubmissionState:
    """Where a reportable incident's submission to HSE stands against its deadline."""
    if status is not RiddorStatus.REPORTABLE or deadline is None:
        return SubmissionState.NOT_REQUIRED
    if submitted_on is None:
        return SubmissionState.OVERDUE if today > deadline else SubmissionState.DUE
    return SubmissionState.ON_TIME if submitted_on <= deadline else SubmissionState.LATE


@dataclass(frozen=True)
class RiddorOverride:
    """A person's decision replacing the rule's (e.g. settling a ``JUDGEMENT_NEEDED``)."""

    status: RiddorStatus
    reason: str
    deadline: dt.date | None = None


def override_decision(facts: RiddorFacts, override: RiddorOverride) -> RiddorDecision:
    """The decision a person recorded; a reportable override gets the deadline the facts
    imply (10 days for death/specified injury, else 15) unless one is given."""
    day = facts.incident_date
    deadline = override.deadline
    if override.status is RiddorStatus.REPORTABLE and deadline is None:
        days = (
            SPECIFIED_INJURY_DEADLINE_DAYS
            if facts.death or facts.specified_injury
            else OVER_7_DAY_DEADLINE_DAYS
        )
        deadline = day + dt.timedelta(days=days)
    if override.status is not RiddorStatus.REPORTABLE:
        deadline = None
    keep = (
        _years_after(day, RECORD_KEEPING_YEARS)
        if override.status in (RiddorStatus.REPORTABLE, RiddorStatus.RECORD_ONLY)
        else None
    )
    return RiddorDecision(override.status, override.reason.strip(), deadline, keep)
