"""An incident's record in words (RIDDOR decision, support steps, timeline, facts).

Everything is said in words ("RIDDOR: reportable – overdue, the deadline was 12 Jul 2026",
"Overdue – due 03 Jul 2026 14:00"), never by colour alone.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.riddor import SubmissionState
from vpr_desktop.domain.support_pathway import shown_label
from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.formatting import format_datetime
from vpr_desktop.views.incidents.fields import INTENT_LABELS
from vpr_desktop.views.incidents.fields import PERPETRATOR_LABELS
from vpr_desktop.views.incidents.fields import TYPE_LABELS

if TYPE_CHECKING:
    from vpr_desktop.services.incidents.records import IncidentDetail
    from vpr_desktop.services.incidents.records import SupportStepView
    from vpr_desktop.services.incidents.records import TimelineEntry

RIDDOR_WORDS = {
    RiddorStatus.NOT_ASSESSED: "Not assessed",
    RiddorStatus.NOT_REPORTABLE: "Not reportable",
    RiddorStatus.RECORD_ONLY: "Record only (over-3-day injury, not reported)",
    RiddorStatus.REPORTABLE: "Reportable to HSE",
    RiddorStatus.JUDGEMENT_NEEDED: "Judgement needed",
}


def riddor_state_words(detail: IncidentDetail) -> str:
    """Where the RIDDOR report to HSE stands, in one sentence with its deadline."""
    r = detail.riddor
    if r.status is RiddorStatus.JUDGEMENT_NEEDED:
        return (
            "Not decided yet – a person must decide whether it is reportable to HSE "
            "before anyone can say whether a submission is required."
        )
    if r.status is RiddorStatus.NOT_ASSESSED:
        return "Not assessed yet – whether a submission to HSE is required is not known."
    deadline = format_date(r.deadline)
    return {
        SubmissionState.NOT_REQUIRED: "No submission to HSE is required.",
        SubmissionState.DUE: f"Not submitted yet – due by {deadline}.",
        SubmissionState.OVERDUE: f"Overdue – not submitted; the deadline was {deadline}.",
        SubmissionState.ON_TIME: f"Submitted on {format_date(r.submitted_on)}, on time.",
        SubmissionState.LATE: f"Submitted on {format_date(r.submitted_on)}, after the "
        f"deadline of {deadline}.",
    }[r.state]


def riddor_warning(detail: IncidentDetail, today: dt.date) -> str:
    """A warning in words while the report to HSE is overdue ('' otherwise)."""
    r = detail.riddor
    if r.state is not SubmissionState.OVERDUE or r.deadline is None:
        return ""
    late = (today - r.deadline).days
    return (
        f"Warning: the RIDDOR report is overdue by {late} day{'s' if late != 1 else ''} "
        f"(the deadline was {format_date(r.deadline)}). Report it to HSE now, then record "
        "the submission."
    )


def step_words(step: SupportStepView) -> str:
    """``Manager contact (line manager: Jo Bloggs) – Overdue – was due 03 Jul 2026 14:00``;
    the reporter-feedback step says so, and a booking before the step's earliest time is
    warned about in words."""
    head = shown_label(step.step_type, step.label)
    owner = step.owner_name or "unassigned"
    if step.owner_label:
        head += f" ({step.owner_label.lower()}: {owner})"
    else:
        head += f" ({owner})"
    state = step.state
    if step.not_needed:
        tail = "Not needed" + (f": {step.notes}" if step.notes else "")
    elif step.done_at is not None:
        tail = f"{state.label} – done {format_datetime(step.done_at)}"
    elif state.value == "overdue":
        tail = f"Overdue – was due {format_datetime(step.due_by)}"
    else:
        tail = f"Due by {format_datetime(step.due_by)}"
        if step.not_before is not None:
            tail += f" (not before {format_datetime(step.not_before)})"
    if step.planned_at is not None and step.done_at is None:
        tail += f"; planned {format_datetime(step.planned_at)}"
        if step.planned_too_early:
            tail += " – warning: before the step's earliest time"
    return f"{head} – {tail}"


def timeline_words(entry: TimelineEntry) -> str:
    """One timeline entry as a line: when, what, who and any detail."""
    when = format_datetime(entry.at) if entry.at is not None else "Date not recorded"
    text = f"{when} · {entry.title}"
    if entry.person:
        text += f" · {entry.person}"
    if entry.detail:
        text += f" – {entry.detail}"
    return text


def summary_lines(d: IncidentDetail) -> list[tuple[str, str]]:
    """The incident's (label, value) lines for the read-only summary, in display order."""
    types = ", ".join(TYPE_LABELS.get(t, enum_words(t)) for t in d.types)
    if d.hate_strand:
        types += f" (strand: {d.hate_strand.replace('_', ' ')})"
    injury = "No"
    if d.injury:
        injury = "Yes" + (f": {d.injury_description}" if d.injury_description else "")
        if d.specified_injury:
            injury += " (specified injury)"
    police = "Not informed"
    if d.police_informed:
        police = "Informed"
        if d.crime_reference:
            police += f", crime reference {d.crime_reference}"
        police += f"; outcome: {enum_words(d.police_outcome).lower()}"
        if d.cps_outcome.value != "not_applicable":
            police += f"; CPS: {enum_words(d.cps_outcome).lower()}"
    facts = [
        w for w, on in (("near miss", d.near_miss), ("personal dispute", d.personal_dispute)) if on
    ]
    return [
        ("Occurred", format_datetime(d.occurred_at)),
        ("Reported", format_datetime(d.reported_at) or "Not recorded"),
        ("Location", d.location or "Not recorded"),
        ("Type", types),
        ("Perpetrator", PERPETRATOR_LABELS.get(d.perpetrator_type, enum_words(d.perpetrator_type))),
        ("Clinically related or deliberate", INTENT_LABELS.get(d.intent, enum_words(d.intent))),
        ("Harm", enum_words(d.harm)),
        ("Injury", injury),
        ("Days lost", f"{d.days_lost:,}"),
        ("Also", ", ".join(facts).capitalize() if facts else "Not a near miss"),
        ("Police", police),
        ("Datix ID", d.external_ref or "None"),
    ]
