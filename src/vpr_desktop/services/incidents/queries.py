"""Reads behind the incident service: the detail record, the timeline, the support queue, the
RIDDOR due list, the pathway setting and the incident "extras" (outcome dates, RIDDOR override,
consent to contact: columns of ``incident`` and ``incident_staff``).

Split from ``incidents.py`` for length; the why of the service is in that module's docstring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain import riddor as rules
from vpr_desktop.domain.base import aware
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import PoliceOutcome
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import IncidentStaff
from vpr_desktop.domain.models import IncidentTypeLink
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import Setting
from vpr_desktop.domain.models import StaffCharacteristic
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.models import SupportStep
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.support_pathway import DEFAULT_PATHWAY
from vpr_desktop.domain.support_pathway import SETTING_KEY
from vpr_desktop.domain.support_pathway import PathwayError
from vpr_desktop.domain.support_pathway import SupportPathway
from vpr_desktop.domain.support_pathway import not_before
from vpr_desktop.domain.support_pathway import step_state
from vpr_desktop.services.common.locations import location_label
from vpr_desktop.services.common.same_named import from_same_named
from vpr_desktop.services.incidents.records import AffectedStaffView
from vpr_desktop.services.incidents.records import ConsentView
from vpr_desktop.services.incidents.records import Extras
from vpr_desktop.services.incidents.records import IncidentDetail
from vpr_desktop.services.incidents.records import RiddorDue
from vpr_desktop.services.incidents.records import RiddorView
from vpr_desktop.services.incidents.records import SupportStepView
from vpr_desktop.services.incidents.records import TimelineEntry
from vpr_desktop.services.incidents.records import stored_local_date

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor

# ------------------------------------------------------------------------------ settings


def load_pathway(session: Session) -> tuple[SupportPathway, str | None]:
    """The trust's pathway (setting ``support_pathway``), else the default; a damaged setting
    falls back to the default with a problem to show rather than stopping incident entry."""
    value = session.scalar(select(Setting.value).where(Setting.key == SETTING_KEY))
    if value is None:
        return DEFAULT_PATHWAY, None
    try:
        return SupportPathway.from_dict(value), None
    except PathwayError as exc:
        return DEFAULT_PATHWAY, f"{exc} The default pathway is used until it is fixed."


def load_extras(session: Session, incident_id: int) -> Extras:
    """The incident's outcome dates and RIDDOR override (``incident`` columns) and each
    affected person's consent to contact (``incident_staff`` columns)."""
    out = Extras()
    row = session.execute(
        select(
            Incident.police_outcome_on,
            Incident.cps_outcome_on,
            Incident.riddor_override_by,
            Incident.riddor_override_at,
        ).where(Incident.id == incident_id)
    ).first()
    if row is None:
        return out
    out.police_outcome_on, out.cps_outcome_on = row.police_outcome_on, row.cps_outcome_on
    out.riddor_override_by = row.riddor_override_by
    out.riddor_override_at = aware(row.riddor_override_at)
    for pid, consent, on, by, note, updated in session.execute(
        select(
            IncidentStaff.person_id,
            IncidentStaff.contact_consent,
            IncidentStaff.contact_consent_on,
            IncidentStaff.contact_consent_by,
            IncidentStaff.contact_consent_note,
            IncidentStaff.updated_at,
        ).where(
            IncidentStaff.incident_id == incident_id, IncidentStaff.contact_consent.is_not(None)
        )
    ):
        day = on if on is not None else stored_local_date(updated)
        out.consent_to_contact[pid] = ConsentView(bool(consent), day, by or "", note)
    return out


def save_extras(session: Session, incident_id: int, extras: Extras) -> None:
    """Write ``extras`` to the incident's and its affected people's columns (audited by the
    unit of work like any change). A consent for someone with no ``incident_staff`` row is
    not kept (it cannot be: the person is not affected); people without one are "not asked".
    Only values that differ are set, so an unchanged save bumps no version."""
    inc = session.get(Incident, incident_id)
    if inc is None:
        return
    _assign(
        inc,
        police_outcome_on=extras.police_outcome_on,
        cps_outcome_on=extras.cps_outcome_on,
        riddor_override_by=extras.riddor_override_by,
        riddor_override_at=None if extras.riddor_override_by is None else extras.riddor_override_at,
    )
    for row in session.scalars(
        select(IncidentStaff).where(IncidentStaff.incident_id == incident_id)
    ):
        c = extras.consent_to_contact.get(row.person_id)
        _assign(
            row,
            contact_consent=None if c is None else c.consent,
            contact_consent_on=None if c is None else c.recorded_on,
            contact_consent_by=None if c is None else c.recorded_by,
            contact_consent_note=None if c is None else c.note,
        )


def _assign(obj: Any, **values: Any) -> None:
    for name, value in values.items():
        have = getattr(obj, name)
        if isinstance(have, dt.datetime) or isinstance(value, dt.datetime):
            same = aware(have) == aware(value)
        else:
            same = have == value
        if not same:
            setattr(obj, name, value)


# -------------------------------------------------------------------------------- names


def person_name(person: type[Person] = Person) -> ColumnElement[str]:
    """A person's display name built in SQL (first and last name), so lists can sort and search on
    it; pass an alias when a query joins Person twice."""
    return person.first_name + literal(" ") + person.last_name


def incident_types(
    session: Session, incident_id: int, primary: IncidentType
) -> tuple[IncidentType, ...]:
    """The incident's types with the primary one first, as the detail screen and packs show them."""
    linked = set(
        session.scalars(
            select(IncidentTypeLink.incident_type).where(
                IncidentTypeLink.incident_id == incident_id
            )
        )
    )
    linked.discard(primary)
    return (primary, *sorted(linked, key=lambda t: list(IncidentType).index(t)))


def step_view(
    step: SupportStep,
    name: str,
    pathway: SupportPathway,
    occurred_at: dt.datetime,
    now: dt.datetime,
    owner_name: str | None = None,
) -> SupportStepView:
    """One support step as shown to people: labels and owner role from the trust's pathway, the
    named owner (``owner_name``, read by the caller) and its state (due, overdue, done…) as of
    ``now``."""
    spec = pathway.step(step.step_type)
    earliest = not_before(spec, occurred_at) if spec is not None else None
    due = aware(step.due_by)
    done = aware(step.done_at)
    assert due is not None
    return from_same_named(
        SupportStepView,
        step,
        person_name=name,
        label=spec.label if spec else step.step_type.replace("_", " ").capitalize(),
        owner_role=spec.owner_role if spec else "",
        owner_label=spec.owner_label if spec else "",
        due_by=due,
        not_before=earliest,
        done_at=done,
        not_needed=step.declined,
        state=step_state(due, done, step.declined, now, earliest),
        owner_name=owner_name if step.owner_id is not None else None,
        planned_at=aware(step.planned_at),
    )


# ------------------------------------------------------------------------------- detail


def riddor_view(
    inc: Incident, extras: Extras, facts: rules.RiddorFacts, today: dt.date
) -> RiddorView:
    """The stored RIDDOR decision beside what the rule says now, so a screen can show both when a
    person has overridden the rule."""
    rule = rules.assess(facts)
    return RiddorView(
        status=inc.riddor_status,
        reason=inc.riddor_reason,
        deadline=inc.riddor_deadline,
        submitted_on=inc.riddor_submitted_on,
        reference=inc.riddor_reference,
        state=rules.submission_state(
            inc.riddor_status, inc.riddor_deadline, inc.riddor_submitted_on, today
        ),
        overridden=extras.riddor_override_by is not None,
        overridden_by=extras.riddor_override_by,
        rule_status=rule.status,
        rule_reason=rule.reason,
    )


def facts_of(
    inc: Incident, types: Sequence[IncidentType], staff: Sequence[IncidentStaff]
) -> rules.RiddorFacts:
    """RIDDOR facts from a stored incident (what the form does not store counts as not so)."""
    from vpr_desktop.domain.enums import Harm

    return rules.RiddorFacts(
        incident_date=stored_local_date(inc.occurred_at),
        types=frozenset(types),
        near_miss=inc.near_miss,
        personal_dispute=inc.personal_dispute,
        injury=inc.injury,
        specified_injury=inc.specified_injury,
        death=inc.harm is Harm.DEATH,
        people=tuple(
            rules.PersonIncapacity(s.days_absent, s.restricted_duties_days, s.absence_reason_stress)
            for s in staff
        )
        or ((rules.PersonIncapacity(inc.days_lost),) if inc.days_lost else ()),
    )


def build_detail(
    session: Session,
    incident_id: int,
    actor: Actor,
    pathway: SupportPathway,
    today: dt.date,
    now: dt.datetime,
) -> IncidentDetail | None:
    """Everything the incident screen shows, read in one session; protected characteristics only for
    actors allowed to see them."""
    inc = session.get(Incident, incident_id)
    if inc is None:
        return None
    types = incident_types(session, inc.id, inc.primary_type)
    location = (
        session.scalar(select(location_label()).where(Location.id == inc.location_id))
        if inc.location_id
        else None
    )
    extras = load_extras(session, inc.id)
    staff_rows = session.execute(
        select(IncidentStaff, person_name(), Person.employee_number, StaffGroup.name)
        .join(Person, Person.id == IncidentStaff.person_id)
        .outerjoin(StaffGroup, StaffGroup.id == IncidentStaff.staff_group_id)
        .where(IncidentStaff.incident_id == inc.id)
        .order_by(IncidentStaff.id)
    ).all()
    show_pc = actor.can(Permission.READ_PROTECTED_CHARACTERISTICS)
    chars: dict[int, list[tuple[Any, str]]] = {}
    if show_pc:
        for sid, kind, value in session.execute(
            select(
                StaffCharacteristic.incident_staff_id,
                StaffCharacteristic.characteristic,
                StaffCharacteristic.value,
            )
            .join(IncidentStaff, IncidentStaff.id == StaffCharacteristic.incident_staff_id)
            .where(IncidentStaff.incident_id == inc.id, IncidentStaff.pc_consent.is_(True))
            .order_by(StaffCharacteristic.id)
        ):
            chars.setdefault(sid, []).append((kind, value))
    staff = tuple(
        from_same_named(
            AffectedStaffView,
            s,
            name=name,
            employee_number=number,
            staff_group=group,
            is_reporter=k == 0,
            characteristics=(tuple(chars.get(s.id, ())) if show_pc and s.pc_consent else None),
            consent_to_contact=extras.consent_to_contact.get(s.person_id),
        )
        for k, (s, name, number, group) in enumerate(staff_rows)
    )
    names = {s.person_id: s.name for s in staff}
    occurred = aware(inc.occurred_at)
    assert occurred is not None
    steps = tuple(
        step_view(
            st,
            names.get(st.person_id) or _name(session, st.person_id),
            pathway,
            occurred,
            now,
            _name(session, st.owner_id) if st.owner_id is not None else None,
        )
        for st in session.scalars(
            select(SupportStep)
            .where(SupportStep.incident_id == inc.id)
            .order_by(SupportStep.due_by, SupportStep.id)
        )
    )
    facts = facts_of(inc, types, [s for s, *_ in staff_rows])
    created, updated = aware(inc.created_at), aware(inc.updated_at)
    return from_same_named(
        IncidentDetail,
        inc,
        occurred_at=occurred,
        reported_at=aware(inc.reported_at),
        location=location,
        types=types,
        police_outcome_on=extras.police_outcome_on,
        cps_outcome_on=extras.cps_outcome_on,
        riddor=riddor_view(inc, extras, facts, today),
        created_at=created,
        updated_at=updated,
        staff=staff,
        steps=steps,
        characteristics_visible=show_pc,
    )


def _name(session: Session, person_id: int) -> str:
    return session.scalar(select(person_name()).where(Person.id == person_id)) or "?"


# ------------------------------------------------------------------------------ timeline


def timeline(d: IncidentDetail) -> list[TimelineEntry]:
    """Occurred → reported → support steps → feedback → RIDDOR → police/CPS outcome."""
    out = [TimelineEntry(d.occurred_at, "occurred", "Incident occurred", d.location or None)]
    if d.reported_at is not None:
        out.append(
            TimelineEntry(
                d.reported_at,
                "reported",
                f"Reported ({d.reference})",
                f"Datix/source reference {d.external_ref}" if d.external_ref else None,
            )
        )
    for s in d.steps:
        if s.not_needed:
            kind, title = "step_not_needed", f"{s.label}: not needed"
        elif s.done_at is not None:
            kind, title = "step_done", f"{s.label}: {s.state.label.lower()}"
        else:
            kind = "step_overdue" if s.state.is_late else "step_due"
            title = f"{s.label}: {'overdue' if s.state.is_late else 'due'}"
        out.append(
            TimelineEntry(s.done_at or s.due_by, kind, title, s.notes, s.person_name, s.state)
        )
    if d.feedback_given_on is not None:
        out.append(
            TimelineEntry(_noon(d.feedback_given_on), "feedback", "Feedback given to the reporter")
        )
    if d.riddor.submitted_on is not None:
        out.append(
            TimelineEntry(
                _noon(d.riddor.submitted_on),
                "riddor_submitted",
                "RIDDOR report submitted",
                f"HSE reference {d.riddor.reference}" if d.riddor.reference else None,
            )
        )
    if d.police_informed and d.police_outcome is not PoliceOutcome.NOT_REPORTED:
        out.append(
            TimelineEntry(
                _noon(d.police_outcome_on),
                "police_outcome",
                "Police outcome: " + _words(d.police_outcome.value),
                f"Crime reference {d.crime_reference}" if d.crime_reference else None,
            )
        )
    if d.cps_outcome.value != "not_applicable":
        detail = "Assaults on Emergency Workers Act sanction" if d.aewa_sanction else None
        out.append(
            TimelineEntry(
                _noon(d.cps_outcome_on),
                "cps_outcome",
                "CPS outcome: " + _words(d.cps_outcome.value),
                detail,
            )
        )
    head, tail = out[:2], out[2:]
    # Stable sort by time; outcomes with no recorded date go last, in the order above.
    tail.sort(key=lambda e: (e.at is None, e.at or d.occurred_at))
    return head + tail


def _noon(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC)


def _words(value: str) -> str:
    return value.replace("_", " ")


# -------------------------------------------------------------------------- RIDDOR list


def riddor_due(
    session: Session, today: dt.date, include_due: bool = True, limit: int = 500
) -> list[RiddorDue]:
    """Reportable incidents not yet submitted, overdue first (oldest deadline first)."""
    stmt = (
        select(
            Incident.id,
            Incident.reference,
            Incident.occurred_at,
            Incident.riddor_deadline,
            Incident.riddor_reason,
        )
        .where(
            Incident.riddor_status == RiddorStatus.REPORTABLE,
            Incident.riddor_submitted_on.is_(None),
            Incident.riddor_deadline.is_not(None),
        )
        .order_by(Incident.riddor_deadline, Incident.id)
        .limit(limit)
    )
    if not include_due:
        stmt = stmt.where(Incident.riddor_deadline < today)
    out = []
    for iid, ref, occurred, deadline, reason in session.execute(stmt):
        out.append(
            RiddorDue(
                iid,
                ref,
                aware(occurred),
                deadline,  # type: ignore[arg-type]
                rules.submission_state(RiddorStatus.REPORTABLE, deadline, None, today),
                reason,
            )
        )
    return out


# ------------------------------------------------------------------------- support queue
