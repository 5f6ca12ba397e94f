"""The RIDDOR rule, one test per row of the brief's table (§2.2), with exact dates.

Acceptance 1: 8 days → reportable, deadline incident + 15 days; exactly 7 → not reportable but
recorded as over-3-day; a weekend inside the absence counts; restricted duties count; specified
injury → incident + 10 days; verbal abuse with long absence → not reportable; near miss → not.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vpr_desktop.domain.enums import IncidentType as T
from vpr_desktop.domain.enums import RiddorStatus as S
from vpr_desktop.domain.riddor import SPECIFIED_INJURIES
from vpr_desktop.domain.riddor import PersonIncapacity
from vpr_desktop.domain.riddor import RiddorFacts
from vpr_desktop.domain.riddor import RiddorOverride
from vpr_desktop.domain.riddor import SubmissionState
from vpr_desktop.domain.riddor import assess
from vpr_desktop.domain.riddor import incapacity_days_between
from vpr_desktop.domain.riddor import override_decision
from vpr_desktop.domain.riddor import submission_state

MON = dt.date(2026, 3, 2)  # a Monday
THU = dt.date(2026, 3, 5)  # a Thursday


def physical(day: dt.date = MON, *people: PersonIncapacity, **kw: object) -> RiddorFacts:
    values: dict[str, object] = {
        "incident_date": day,
        "types": frozenset({T.PHYSICAL}),
        "injury": True,
        "people": people,
    }
    values.update(kw)
    return RiddorFacts(**values)  # type: ignore[arg-type]


# -------------------------------------------------------------- over-7-day injuries (15 days)


def test_eight_days_is_reportable_within_15_days_of_the_incident() -> None:
    d = assess(physical(MON, PersonIncapacity(days_absent=8)))
    assert d.status is S.REPORTABLE
    assert d.deadline == dt.date(2026, 3, 17)  # 2 March + 15 days
    assert "over-7-day" in d.reason and "15 days" in d.reason
    assert not d.notify_without_delay
    assert d.incapacity_days == 8


def test_the_15_day_deadline_runs_across_a_month_end() -> None:
    d = assess(physical(dt.date(2026, 1, 20), PersonIncapacity(days_absent=9)))
    assert d.deadline == dt.date(2026, 2, 4)


def test_exactly_seven_days_is_not_reportable_but_recorded_as_over_three_day() -> None:
    d = assess(physical(MON, PersonIncapacity(days_absent=7)))
    assert d.status is S.RECORD_ONLY
    assert d.deadline is None
    assert "over-3-day" in d.reason
    assert d.keep_record_until == dt.date(2029, 3, 2)  # records kept at least 3 years


@pytest.mark.parametrize(
    "days, status",
    [
        (0, S.NOT_REPORTABLE),
        (1, S.NOT_REPORTABLE),
        (3, S.NOT_REPORTABLE),
        (4, S.RECORD_ONLY),
        (5, S.RECORD_ONLY),
        (7, S.RECORD_ONLY),
        (8, S.REPORTABLE),
        (40, S.REPORTABLE),
    ],
)
def test_thresholds_over_3_and_over_7_days(days: int, status: S) -> None:
    assert assess(physical(MON, PersonIncapacity(days_absent=days))).status is status


def test_a_weekend_inside_the_absence_counts() -> None:
    # Incident Thursday 5 March; back on normal duties Saturday 14 March. Incapacitated
    # Fri 6 .. Fri 13 = 8 calendar days (two weekend days among them; only 6 working days).
    fit_on = dt.date(2026, 3, 14)
    assert incapacity_days_between(THU, fit_on) == 8
    d = assess(physical(THU, PersonIncapacity(fit_for_normal_duties_on=fit_on)))
    assert d.status is S.REPORTABLE
    assert d.deadline == dt.date(2026, 3, 20)


def test_the_incident_day_itself_is_not_counted() -> None:
    # Injured Monday 2 March, back on Wednesday 11 March: off Tue 3 .. Tue 10 = 8 days.
    assert incapacity_days_between(MON, dt.date(2026, 3, 11)) == 8
    # Back the very next day: no incapacity at all.
    assert incapacity_days_between(MON, dt.date(2026, 3, 3)) == 0
    d = assess(physical(MON, PersonIncapacity(fit_for_normal_duties_on=dt.date(2026, 3, 10))))
    assert d.status is S.RECORD_ONLY and d.incapacity_days == 7


def test_restricted_duties_count_as_incapacity() -> None:
    # 3 days off, then 5 days on light duties: 8 consecutive days unable to do normal work.
    d = assess(physical(MON, PersonIncapacity(days_absent=3, restricted_duties_days=5)))
    assert d.status is S.REPORTABLE and d.incapacity_days == 8
    assert d.deadline == dt.date(2026, 3, 17)
    only_restricted = assess(physical(MON, PersonIncapacity(restricted_duties_days=8)))
    assert only_restricted.status is S.REPORTABLE


def test_the_longest_affected_person_decides() -> None:
    d = assess(
        physical(
            MON,
            PersonIncapacity(days_absent=2),
            PersonIncapacity(days_absent=9),
            PersonIncapacity(days_absent=5),
        )
    )
    assert d.status is S.REPORTABLE and d.incapacity_days == 9


# ---------------------------------------------------------- death / specified injury (10 days)


def test_specified_injury_is_reportable_within_10_days() -> None:
    d = assess(physical(THU, specified_injury=True))
    assert d.status is S.REPORTABLE
    assert d.deadline == dt.date(2026, 3, 15)  # 5 March + 10 days
    assert d.notify_without_delay
    assert "specified injury" in d.reason and "10 days" in d.reason


def test_specified_injury_wins_over_a_long_absence_deadline() -> None:
    d = assess(physical(THU, PersonIncapacity(days_absent=30), specified_injury=True))
    assert d.deadline == dt.date(2026, 3, 15)


def test_death_is_reportable_within_10_days() -> None:
    d = assess(physical(THU, death=True))
    assert d.status is S.REPORTABLE and d.deadline == dt.date(2026, 3, 15)
    assert "death" in d.reason and d.notify_without_delay


def test_specified_injuries_list_is_the_regulation_4_1_list() -> None:
    assert len(SPECIFIED_INJURIES) == 8
    assert SPECIFIED_INJURIES[0].startswith("Fracture diagnosed by a doctor (not fingers")


def test_a_self_diagnosed_suspected_fracture_is_not_a_specified_injury() -> None:
    # Recorded as an injury without the doctor-diagnosed flag: decided on days alone.
    assert assess(physical(MON, PersonIncapacity(days_absent=2))).status is S.NOT_REPORTABLE


def test_injured_non_worker_taken_to_hospital_is_reportable_within_10_days() -> None:
    d = assess(physical(MON, non_worker_taken_to_hospital=True))
    assert d.status is S.REPORTABLE and d.deadline == dt.date(2026, 3, 12)


# --------------------------------------------------------------------------- not reportable


@pytest.mark.parametrize(
    "kind",
    [T.VERBAL, T.THREATENING, T.ONLINE, T.STALKING_HARASSMENT, T.ATTEMPTED_ASSAULT, T.SEXUAL],
)
def test_non_physical_incidents_are_not_reportable_even_with_a_long_absence(kind: T) -> None:
    d = assess(
        RiddorFacts(
            MON, frozenset({kind}), injury=False, people=(PersonIncapacity(days_absent=30),)
        )
    )
    assert d.status is S.NOT_REPORTABLE and d.deadline is None
    assert "physical violence only" in d.reason and "30 days" in d.reason


def test_verbal_abuse_with_long_absence_is_not_reportable() -> None:
    d = assess(
        RiddorFacts(
            MON,
            frozenset({T.VERBAL, T.HATE_MOTIVATED}),
            people=(PersonIncapacity(days_absent=21, stress_absence=True),),
        )
    )
    assert d.status is S.NOT_REPORTABLE


def test_an_incident_is_physical_if_any_of_its_types_is() -> None:
    d = assess(
        RiddorFacts(
            MON,
            frozenset({T.VERBAL, T.PHYSICAL}),
            injury=True,
            people=(PersonIncapacity(days_absent=8),),
        )
    )
    assert d.status is S.REPORTABLE


def test_near_miss_is_not_reportable() -> None:
    d = assess(physical(MON, near_miss=True, injury=False))
    assert d.status is S.NOT_REPORTABLE and "near miss" in d.reason


def test_personal_dispute_is_not_reportable_with_the_rationale_recorded() -> None:
    d = assess(
        physical(
            MON, PersonIncapacity(days_absent=12), personal_dispute=True, specified_injury=True
        )
    )
    assert d.status is S.NOT_REPORTABLE and d.deadline is None
    assert "personal dispute" in d.reason and "not work-related" in d.reason


# ------------------------------------------------------------------------------ grey area


def test_stress_absence_after_a_physical_incident_needs_judgement() -> None:
    d = assess(physical(MON, PersonIncapacity(days_absent=14, stress_absence=True), injury=False))
    assert d.status is S.JUDGEMENT_NEEDED
    assert d.deadline is None  # the rule never decides: no deadline until a person does
    assert "stress" in d.reason and "14 days" in d.reason


def test_a_short_stress_absence_does_not_change_the_outcome() -> None:
    d = assess(physical(MON, PersonIncapacity(days_absent=2, stress_absence=True)))
    assert d.status is S.NOT_REPORTABLE


def test_stress_beside_an_over_7_day_injury_is_still_reportable() -> None:
    d = assess(
        physical(
            MON,
            PersonIncapacity(days_absent=20, stress_absence=True),
            PersonIncapacity(days_absent=9),
        )
    )
    assert d.status is S.REPORTABLE and d.incapacity_days == 9


def test_absence_without_a_recorded_injury_needs_judgement() -> None:
    d = assess(physical(MON, PersonIncapacity(days_absent=10), injury=False))
    assert d.status is S.JUDGEMENT_NEEDED and "no physical injury" in d.reason


# ----------------------------------------------------------------- submissions, overrides


def test_submission_state_against_the_deadline() -> None:
    deadline = dt.date(2026, 3, 17)
    today = dt.date(2026, 3, 20)
    assert (
        submission_state(S.REPORTABLE, deadline, None, dt.date(2026, 3, 17)) is SubmissionState.DUE
    )
    assert submission_state(S.REPORTABLE, deadline, None, today) is SubmissionState.OVERDUE
    assert submission_state(S.REPORTABLE, deadline, deadline, today) is SubmissionState.ON_TIME
    assert (
        submission_state(S.REPORTABLE, deadline, dt.date(2026, 3, 18), today)
        is SubmissionState.LATE
    )
    assert submission_state(S.RECORD_ONLY, None, None, today) is SubmissionState.NOT_REQUIRED


def test_an_override_records_a_persons_decision_with_its_deadline() -> None:
    facts = physical(MON, PersonIncapacity(days_absent=14, stress_absence=True), injury=False)
    d = override_decision(facts, RiddorOverride(S.REPORTABLE, "  H&S lead: injury-related. "))
    assert d.status is S.REPORTABLE and d.deadline == dt.date(2026, 3, 17)
    assert d.reason == "H&S lead: injury-related."
    n = override_decision(
        facts, RiddorOverride(S.NOT_REPORTABLE, "Stress unrelated", deadline=dt.date(2026, 4, 1))
    )
    assert n.deadline is None


def test_record_keeping_from_29_february() -> None:
    d = assess(physical(dt.date(2028, 2, 29), PersonIncapacity(days_absent=5)))
    assert d.keep_record_until == dt.date(2031, 2, 28)


@given(
    day=st.dates(dt.date(2019, 1, 1), dt.date(2030, 12, 31)),
    absent=st.integers(0, 60),
    restricted=st.integers(0, 60),
)
def test_property_reportable_exactly_when_over_seven_days(
    day: dt.date, absent: int, restricted: int
) -> None:
    d = assess(physical(day, PersonIncapacity(absent, restricted)))
    total = absent + restricted
    if total > 7:
        assert d.status is S.REPORTABLE and d.deadline == day + dt.timedelta(days=15)
    elif total > 3:
        assert d.status is S.RECORD_ONLY and d.deadline is None
    else:
        assert d.status is S.NOT_REPORTABLE and d.deadline is None
