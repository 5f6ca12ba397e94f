"""The support pathway as data: defaults, the demo's settings shape, validation, which steps
apply to whom, due and "not before" times, and on-time / late states."""

from __future__ import annotations

import datetime as dt

import pytest

from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType as T
from vpr_desktop.domain.support_pathway import DEFAULT_PATHWAY
from vpr_desktop.domain.support_pathway import Condition
from vpr_desktop.domain.support_pathway import PathwayError
from vpr_desktop.domain.support_pathway import PathwayStep
from vpr_desktop.domain.support_pathway import PersonFacts
from vpr_desktop.domain.support_pathway import StepState
from vpr_desktop.domain.support_pathway import SupportPathway
from vpr_desktop.domain.support_pathway import applicable_steps
from vpr_desktop.domain.support_pathway import due_at
from vpr_desktop.domain.support_pathway import is_serious
from vpr_desktop.domain.support_pathway import not_before
from vpr_desktop.domain.support_pathway import on_time
from vpr_desktop.domain.support_pathway import step_state

UTC = dt.UTC
OCCURRED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
REPORTED = dt.datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
DEMO_SETTING = {  # exactly what the demo generator writes (demo_events.py)
    "starts_from": "reported_at",
    "steps": [
        {
            "type": "manager_check_in",
            "label": "Manager check-in",
            "due_hours": 24,
            "applies_to": "all",
        },
        {
            "type": "trim_72h",
            "label": "TRiM conversation (72 hours)",
            "due_hours": 72,
            "applies_to": "serious",
        },
        {
            "type": "occupational_health_offer",
            "label": "Occupational health offer",
            "due_hours": 168,
            "applies_to": "absence",
        },
        {
            "type": "feedback_to_reporter",
            "label": "Feedback to the reporter",
            "due_hours": 336,
            "applies_to": "reporter",
        },
        {
            "type": "trim_28d",
            "label": "TRiM follow-up (28 days)",
            "due_hours": 672,
            "applies_to": "serious",
        },
    ],
}


def person(**kw: object) -> PersonFacts:
    values: dict[str, object] = dict(
        serious=False,
        physical=False,
        injury=False,
        police_informed=False,
        is_reporter=False,
        days_absent=0,
    )
    values.update(kw)
    return PersonFacts(**values)  # type: ignore[arg-type]


def keys(steps: tuple[PathwayStep, ...]) -> list[str]:
    return [s.key for s in steps]


def test_default_pathway_has_the_issue_steps() -> None:
    assert DEFAULT_PATHWAY.keys == (
        "welfare_check",
        "manager_check_in",
        "occupational_health_offer",
        "trim_72h",
        "trim_28d",
        "police_liaison",
        "feedback_to_reporter",
        "return_to_work_review",
    )
    trim = DEFAULT_PATHWAY.step("trim_72h")
    assert trim is not None and trim.not_before_hours == 72
    follow_up = DEFAULT_PATHWAY.step("trim_28d")
    assert follow_up is not None and follow_up.not_before_hours == 28 * 24
    assert all(s.owner_role for s in DEFAULT_PATHWAY.steps)
    assert DEFAULT_PATHWAY.starts_from == "occurred_at"


def test_round_trip_through_the_setting_shape() -> None:
    data = DEFAULT_PATHWAY.to_dict()
    assert data["version"] == 2
    assert SupportPathway.from_dict(data) == DEFAULT_PATHWAY


def test_the_demo_setting_is_read_transparently() -> None:
    p = SupportPathway.from_dict(DEMO_SETTING)
    assert p.migrated_from == 1 and p.starts_from == "reported_at"
    assert p.keys == tuple(s["type"] for s in DEMO_SETTING["steps"])
    assert [s.due_hours for s in p.steps] == [24, 72, 168, 336, 672]  # no due time changes
    assert [s.owner_role for s in p.steps] == [
        "line_manager",
        "trim_practitioner",
        "occupational_health",
        "incident_handler",
        "trim_practitioner",
    ]
    assert all(s.not_before_hours is None for s in p.steps)
    saved = p.to_dict()
    # still a superset of the demo's shape: every key the demo wrote is there, same values
    for old, new in zip(DEMO_SETTING["steps"], saved["steps"], strict=True):
        assert {k: new[k] for k in old} == old
    assert SupportPathway.from_dict(saved) == p


@pytest.mark.parametrize(
    "change, words",
    [
        ({"starts_from": "whenever"}, "starts_from"),
        ({"version": 3}, "version 3"),
        ({"steps": []}, "no steps"),
        ({"steps": [{"type": "a", "due_hours": 1}, {"type": "a", "due_hours": 2}]}, "twice"),
        ({"steps": [{"type": "Bad Key", "due_hours": 1}]}, "lower-case"),
        ({"steps": [{"type": "x", "due_hours": 10, "not_before_hours": 20}]}, "cannot be due"),
        ({"steps": [{"type": "x", "due_hours": 1, "applies_to": "everyone"}]}, "applies to"),
        ({"steps": [{"type": "x"}]}, "no due_hours"),
        ({"steps": [{"type": "x", "due_hours": 1.5}]}, "whole number"),
        ({"steps": [{"type": "x", "due_hours": -1}]}, "due_hours must be"),
    ],
)
def test_a_broken_setting_is_refused_in_plain_words(change: dict[str, object], words: str) -> None:
    data = {**DEFAULT_PATHWAY.to_dict(), **change}
    with pytest.raises(PathwayError, match=words):
        SupportPathway.from_dict(data)


def test_which_steps_apply() -> None:
    everyone = keys(applicable_steps(DEFAULT_PATHWAY, person()))
    assert everyone == ["welfare_check", "manager_check_in", "occupational_health_offer"]
    reporter = keys(applicable_steps(DEFAULT_PATHWAY, person(is_reporter=True)))
    assert "feedback_to_reporter" in reporter
    police = keys(applicable_steps(DEFAULT_PATHWAY, person(police_informed=True)))
    assert "police_liaison" in police and "police_liaison" not in everyone
    absent = keys(applicable_steps(DEFAULT_PATHWAY, person(days_absent=3)))
    assert "return_to_work_review" in absent and "return_to_work_review" not in everyone
    serious = keys(applicable_steps(DEFAULT_PATHWAY, person(serious=True)))
    assert {"trim_72h", "trim_28d"} <= set(serious)


def test_several_conditions_must_all_hold() -> None:
    p = SupportPathway(
        (PathwayStep("x", "X", "vpr_lead", 1, applies_to=(Condition.PHYSICAL, Condition.INJURY)),)
    )
    assert not applicable_steps(p, person(physical=True))
    assert keys(applicable_steps(p, person(physical=True, injury=True))) == ["x"]
    assert p.to_dict()["steps"][0]["applies_to"] == ["physical", "injury"]


def test_serious_means_physical_sexual_threat_or_hate_or_moderate_harm() -> None:
    assert is_serious([T.PHYSICAL], Harm.NO_HARM)
    assert is_serious([T.VERBAL, T.HATE_MOTIVATED], Harm.NO_HARM)
    assert not is_serious([T.VERBAL], Harm.LOW)
    assert is_serious([T.VERBAL], Harm.MODERATE)


def test_due_times_from_the_incident_or_the_report() -> None:
    welfare = DEFAULT_PATHWAY.step("welfare_check")
    assert welfare is not None
    assert due_at(welfare, DEFAULT_PATHWAY, OCCURRED, REPORTED) == OCCURRED + dt.timedelta(hours=2)
    by_report = SupportPathway(DEFAULT_PATHWAY.steps, starts_from="reported_at")
    assert due_at(welfare, by_report, OCCURRED, REPORTED) == REPORTED + dt.timedelta(hours=2)
    # naive stored times are UTC
    assert due_at(
        welfare, DEFAULT_PATHWAY, OCCURRED.replace(tzinfo=None), None
    ) == OCCURRED + dt.timedelta(hours=2)


def test_return_to_work_review_is_due_after_the_absence() -> None:
    rtw = DEFAULT_PATHWAY.step("return_to_work_review")
    assert rtw is not None
    # off 5 days after the incident day: back on day 6, review within 48 hours of that
    assert due_at(
        rtw, DEFAULT_PATHWAY, OCCURRED, REPORTED, days_absent=5
    ) == OCCURRED + dt.timedelta(days=6, hours=48)


def test_trim_conversation_not_before_72_hours_from_the_event() -> None:
    trim = DEFAULT_PATHWAY.step("trim_72h")
    assert trim is not None
    earliest = not_before(trim, OCCURRED)
    due = due_at(trim, DEFAULT_PATHWAY, OCCURRED, REPORTED)
    assert earliest == OCCURRED + dt.timedelta(hours=72)
    now = OCCURRED + dt.timedelta(days=30)
    too_soon = OCCURRED + dt.timedelta(hours=30)
    assert step_state(due, too_soon, False, now, earliest) is StepState.DONE_TOO_EARLY
    assert step_state(due, earliest, False, now, earliest) is StepState.DONE_ON_TIME


def test_step_states() -> None:
    due = OCCURRED + dt.timedelta(hours=24)
    before, after = due - dt.timedelta(minutes=1), due + dt.timedelta(minutes=1)
    assert step_state(due, None, False, before) is StepState.DUE
    assert step_state(due, None, False, after) is StepState.OVERDUE
    assert step_state(due, due, False, after) is StepState.DONE_ON_TIME  # at the due time
    assert step_state(due, after, False, after) is StepState.DONE_LATE
    assert step_state(due, None, True, after) is StepState.NOT_NEEDED
    assert StepState.OVERDUE.is_late and StepState.DONE_LATE.is_late
    assert StepState.DUE.is_open and not StepState.DONE_ON_TIME.is_open


def test_on_time_counts_late_done_and_open_past_due_as_late() -> None:
    result = on_time(
        [
            StepState.DONE_ON_TIME,
            StepState.DONE_ON_TIME,
            StepState.DONE_LATE,
            StepState.OVERDUE,
            StepState.DUE,
            StepState.NOT_NEEDED,
            StepState.DONE_TOO_EARLY,
        ]
    )
    assert (result.on_time, result.late, result.pending, result.not_needed) == (3, 2, 1, 1)
    assert result.percent == 60.0
    assert on_time([]).percent is None
