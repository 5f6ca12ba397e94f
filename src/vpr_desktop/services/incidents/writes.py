"""The write rules of the incident service: input checks, children (types, staff,
characteristics, consent), the RIDDOR decision and keeping support steps in line.

Split from ``incidents.py`` for length; the why is in that module's docstring. Functions take
the acting user and the service's clocks explicitly so they stay easy to test and reuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vpr_desktop.domain import riddor as rules
from vpr_desktop.domain.base import aware
from vpr_desktop.domain.enums import (
    CpsOutcome,
    Harm,
    IncidentType,
    Intent,
    PerpetratorType,
    PoliceOutcome,
    ProtectedCharacteristic,
    RiddorStatus,
)
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import (
    Assignment,
    Incident,
    IncidentStaff,
    IncidentTypeLink,
    Location,
    Person,
    StaffCharacteristic,
    StaffGroup,
    SupportStep,
)
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.support_pathway import (
    PersonFacts,
    SupportPathway,
    applicable_steps,
    due_at,
    is_serious,
)
from vpr_desktop.services.incidents.records import (
    AEWA_IN_FORCE,
    HATE_STRANDS,
    MAX_DAYS,
    MAX_TEXT,
    AffectedStaffInput,
    ConsentView,
    Extras,
    IncidentInput,
    local_date,
    month_of,
    stored_local_date,
    to_utc,
)

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor

CLOCK_SKEW = dt.timedelta(minutes=10)  # a PC clock a little behind is not "the future"
Problems = list[tuple[int | None, str, str, str]]


def text_or_none(value: str | None) -> str | None:
    """Trimmed text, or None for blank, so empty form fields store NULL rather than ''."""
    value = (value or "").strip()
    return value or None


def check_input(
    s: Session, data: IncidentInput, existing: Incident | None, actor: Actor, now: dt.datetime
) -> dict[str, Any]:
    """Validate ``data``; returns the incident's column values and derived facts."""
    p: Problems = []
    occurred = to_utc(data.occurred_at)
    if occurred > now + CLOCK_SKEW:
        p.append((None, "occurred_at", occurred.isoformat(), "is in the future"))
    reported = (
        to_utc(data.reported_at)
        if data.reported_at is not None
        else aware(existing.reported_at)
        if existing is not None
        else now
    )
    if reported is not None:
        if reported > now + CLOCK_SKEW:
            p.append((None, "reported_at", reported.isoformat(), "is in the future"))
        if reported < occurred:
            p.append((None, "reported_at", reported.isoformat(), "is before the incident happened"))
    if data.location_id is None:
        p.append((None, "location_id", "", "choose where it happened"))
    elif s.get(Location, data.location_id) is None:
        p.append((None, "location_id", str(data.location_id), "no such location"))
    types = tuple(dict.fromkeys(IncidentType(t) for t in data.types))
    if not types:
        p.append((None, "types", "", "choose at least one type"))
    strand = strand_key(data.hate_strand)
    if IncidentType.HATE_MOTIVATED in types and strand is None:
        p.append(
            (
                None,
                "hate_strand",
                data.hate_strand or "",
                "a hate-motivated incident needs its strand ("
                + ", ".join(HATE_STRANDS.values())
                + ")",
            )
        )
    elif IncidentType.HATE_MOTIVATED not in types and data.hate_strand:
        p.append(
            (None, "hate_strand", data.hate_strand, "only a hate-motivated incident has a strand")
        )
    harm = Harm(data.harm)
    if data.near_miss and (harm is not Harm.NO_HARM or data.injury):
        p.append((None, "near_miss", "yes", "a near miss has no harm and no injury"))
    if data.specified_injury and not data.injury:
        p.append((None, "specified_injury", "yes", "a specified injury is an injury"))
    if data.injury_description and not data.injury:
        p.append(
            (
                None,
                "injury_description",
                data.injury_description[:40],
                "describe an injury only when there was one",
            )
        )
    crime_ref = text_or_none(data.crime_reference)
    police = police_outcome_for(data, existing)
    if not data.police_informed:
        if crime_ref:
            p.append(
                (
                    None,
                    "crime_reference",
                    crime_ref,
                    "a crime reference needs the police to have been informed",
                )
            )
        if data.police_outcome not in (None, PoliceOutcome.NOT_REPORTED):
            p.append(
                (
                    None,
                    "police_outcome",
                    str(data.police_outcome),
                    "a police outcome needs the police to have been informed",
                )
            )
    cps = CpsOutcome(data.cps_outcome)
    if cps is not CpsOutcome.NOT_APPLICABLE and police is not PoliceOutcome.CHARGED:
        p.append(
            (None, "cps_outcome", cps.value, "a CPS outcome needs the police outcome 'charged'")
        )
    p += aewa_problems(data.aewa_sanction, cps, local_date(data.occurred_at))
    for name, value, limit in (
        ("crime_reference", crime_ref, 60),
        ("external_ref", text_or_none(data.external_ref), 60),
        ("description", data.description, MAX_TEXT),
        ("injury_description", data.injury_description, MAX_TEXT),
    ):
        if value is not None and len(value) > limit:
            p.append((None, name, value[:40], f"at most {limit} characters"))
    if data.days_lost is not None and not 0 <= data.days_lost <= MAX_DAYS:
        p.append((None, "days_lost", str(data.days_lost), f"must be 0 to {MAX_DAYS}"))
    ext = text_or_none(data.external_ref)
    if ext is not None:
        other = s.scalar(select(Incident.reference).where(Incident.external_ref == ext))
        if other is not None and (existing is None or other != existing.reference):
            p.append((None, "external_ref", ext, f"is already used by incident {other}"))
    check_staff(s, data.staff, p, actor)
    if data.riddor_override is not None:
        if text_or_none(data.riddor_override.reason) is None:
            p.append((None, "riddor_override", "", "an override needs its reason"))
        if data.riddor_override.status is RiddorStatus.NOT_ASSESSED:
            p.append((None, "riddor_override", "not_assessed", "choose the decision reached"))
    raise_problems(p, "The incident was not saved")
    days_lost = (
        data.days_lost if data.days_lost is not None else sum(st.days_absent for st in data.staff)
    )
    values = {
        "occurred_at": occurred,
        "month": month_of(occurred),
        "reported_at": reported,
        "location_id": data.location_id,
        "primary_type": types[0],
        "hate_strand": strand,
        "perpetrator_type": PerpetratorType(data.perpetrator_type),
        "intent": Intent(data.intent),
        "harm": harm,
        "injury": data.injury,
        "injury_description": text_or_none(data.injury_description) if data.injury else None,
        "specified_injury": data.specified_injury,
        "days_lost": days_lost,
        "near_miss": data.near_miss,
        "personal_dispute": data.personal_dispute,
        "police_informed": data.police_informed,
        "crime_reference": crime_ref if data.police_informed else None,
        "police_outcome": police,
        "cps_outcome": cps,
        "aewa_sanction": data.aewa_sanction,
        "description": text_or_none(data.description),
        "external_ref": ext,
    }
    return {"values": values, "types": types}


def check_staff(
    s: Session, staff: tuple[AffectedStaffInput, ...], p: Problems, actor: Actor
) -> None:
    """Validate affected staff into ``p`` (each person once, existing, figures in range); recording
    characteristics needs its own permission."""
    seen: set[int] = set()
    if any(st.characteristics for st in staff):
        actor.require(Permission.READ_PROTECTED_CHARACTERISTICS, "record protected characteristics")
    for st in staff:
        where = f"staff[{st.person_id}]"
        if st.person_id in seen:
            p.append((None, where, str(st.person_id), "the same person is listed twice"))
        seen.add(st.person_id)
        if s.get(Person, st.person_id) is None:
            p.append((None, where, str(st.person_id), "no such member of staff"))
        if st.staff_group_id is not None and s.get(StaffGroup, st.staff_group_id) is None:
            p.append((None, where, str(st.staff_group_id), "no such staff group"))
        for name, n in (
            ("days_absent", st.days_absent),
            ("restricted_duties_days", st.restricted_duties_days),
        ):
            if not 0 <= n <= MAX_DAYS:
                p.append((None, f"{where}.{name}", str(n), f"must be 0 to {MAX_DAYS}"))
        if st.absence_reason_stress and st.days_absent <= 0:
            p.append(
                (
                    None,
                    f"{where}.absence_reason_stress",
                    "yes",
                    "a stress absence needs the days absent",
                )
            )
        if st.characteristics and not st.pc_consent:
            p.append(
                (
                    None,
                    f"{where}.characteristics",
                    "",
                    "protected characteristics are recorded only with the person's consent",
                )
            )
        for kind, value in (st.characteristics or {}).items():
            ProtectedCharacteristic(kind)
            text = text_or_none(value)
            if text is None or len(text) > 120:
                p.append(
                    (
                        None,
                        f"{where}.{kind}",
                        (value or "")[:40],
                        "give a value of at most 120 characters",
                    )
                )


def apply_children(
    s: Session,
    inc: Incident,
    data: IncidentInput,
    clean: dict[str, Any],
    extras: Extras,
    pathway: SupportPathway,
    old: tuple[PoliceOutcome | None, CpsOutcome | None],
    actor: Actor,
    now: dt.datetime,
    today: dt.date,
) -> None:
    """Types, affected staff (with characteristics and consent), outcome dates and support
    steps of a created or updated incident (RIDDOR is decided before: ``riddor_values``)."""
    types: tuple[IncidentType, ...] = clean["types"]
    # types
    existing_types = {
        t.incident_type: t
        for t in s.scalars(select(IncidentTypeLink).where(IncidentTypeLink.incident_id == inc.id))
    }
    for kind in types:
        if kind not in existing_types:
            s.add(IncidentTypeLink(incident_id=inc.id, incident_type=kind))
    for kind, link in existing_types.items():
        if kind not in types:
            s.delete(link)
    # staff
    day = stored_local_date(inc.occurred_at)
    rows = {
        r.person_id: r
        for r in s.scalars(select(IncidentStaff).where(IncidentStaff.incident_id == inc.id))
    }
    wanted = {st.person_id for st in data.staff}
    for pid, row in rows.items():
        if pid not in wanted:
            s.execute(
                delete(SupportStep).where(
                    SupportStep.incident_id == inc.id,
                    SupportStep.person_id == pid,
                    SupportStep.done_at.is_(None),
                    SupportStep.declined.is_(False),
                )
            )
            s.delete(row)  # their consent to contact goes with the row
            extras.consent_to_contact.pop(pid, None)
    for st in data.staff:
        staff_row = rows.get(st.person_id)
        group = (
            st.staff_group_id
            or (staff_row.staff_group_id if staff_row is not None else None)
            or group_at(s, st.person_id, day)
        )
        if staff_row is None:
            staff_row = IncidentStaff(incident_id=inc.id, person_id=st.person_id)
            s.add(staff_row)
        staff_row.staff_group_id = group
        staff_row.days_absent, staff_row.restricted_duties_days = (
            st.days_absent,
            st.restricted_duties_days,
        )
        staff_row.absence_reason_stress, staff_row.pc_consent = (
            st.absence_reason_stress,
            st.pc_consent,
        )
        s.flush()
        if not st.pc_consent:  # consent withdrawn: stop holding the data
            s.execute(
                delete(StaffCharacteristic).where(
                    StaffCharacteristic.incident_staff_id == staff_row.id
                )
            )
        elif st.characteristics is not None:
            set_characteristics(s, staff_row.id, st.characteristics)
        if st.consent_to_contact is not None:
            before = extras.consent_to_contact.get(st.person_id)
            if before is None or before.consent != st.consent_to_contact:
                extras.consent_to_contact[st.person_id] = ConsentView(
                    st.consent_to_contact, today, actor.username
                )
    # police and CPS outcome dates (incident columns): the day an outcome was recorded
    if inc.police_informed and inc.police_outcome is not PoliceOutcome.NOT_REPORTED:
        if old[0] != inc.police_outcome or extras.police_outcome_on is None:
            extras.police_outcome_on = today
    else:
        extras.police_outcome_on = None
    if inc.cps_outcome is CpsOutcome.NOT_APPLICABLE:
        extras.cps_outcome_on = None
    elif old[1] != inc.cps_outcome or extras.cps_outcome_on is None:
        extras.cps_outcome_on = today
    s.flush()
    sync_steps(s, inc, pathway, types, actor, now, today)


def riddor_values(
    data: IncidentInput, clean: dict[str, Any], extras: Extras, actor: Actor, now: dt.datetime
) -> dict[str, Any]:
    """The RIDDOR columns to store: the rule's decision from the input's facts, or a person's
    override (recorded in ``extras``); empty when an earlier override stands."""
    facts = rules.RiddorFacts(
        incident_date=local_date(data.occurred_at),
        types=frozenset(clean["types"]),
        near_miss=data.near_miss,
        personal_dispute=data.personal_dispute,
        injury=data.injury,
        specified_injury=data.specified_injury,
        death=Harm(data.harm) is Harm.DEATH,
        people=tuple(
            rules.PersonIncapacity(
                st.days_absent,
                st.restricted_duties_days,
                st.absence_reason_stress,
                st.fit_for_normal_duties_on,
            )
            for st in data.staff
        )
        or ((rules.PersonIncapacity(data.days_lost),) if data.days_lost else ()),
        non_worker_taken_to_hospital=data.non_worker_taken_to_hospital,
    )
    if data.clear_riddor_override:
        extras.riddor_override_by = extras.riddor_override_at = None
    if data.riddor_override is not None:
        decision = rules.override_decision(facts, data.riddor_override)
        extras.riddor_override_by = actor.display_name
        extras.riddor_override_at = now
    elif extras.riddor_override_by is not None:
        return {}  # a person's earlier decision stands
    else:
        decision = rules.assess(facts)
    return {
        "riddor_status": decision.status,
        "riddor_reason": decision.reason,
        "riddor_deadline": decision.deadline,
    }


def set_characteristics(
    s: Session, staff_id: int, chars: Mapping[ProtectedCharacteristic, str]
) -> None:
    """Make the stored protected characteristics of one affected person match ``chars``: add, change
    and delete rows in place."""
    have = {
        c.characteristic: c
        for c in s.scalars(
            select(StaffCharacteristic).where(StaffCharacteristic.incident_staff_id == staff_id)
        )
    }
    want = {ProtectedCharacteristic(k): (text_or_none(v) or "") for k, v in chars.items()}
    for kind, row in have.items():
        if kind not in want:
            s.delete(row)
        elif row.value != want[kind]:
            row.value = want[kind]
    for kind, value in want.items():
        if kind not in have:
            s.add(StaffCharacteristic(incident_staff_id=staff_id, characteristic=kind, value=value))


def sync_steps(
    s: Session,
    inc: Incident,
    pathway: SupportPathway,
    types: tuple[IncidentType, ...],
    actor: Actor,
    now: dt.datetime,
    today: dt.date,
) -> None:
    """Bring the support steps in line with the pathway and the incident as it now is."""
    occurred, reported = aware(inc.occurred_at), aware(inc.reported_at)
    assert occurred is not None
    serious = is_serious(types, inc.harm)
    staff = s.execute(
        select(IncidentStaff.person_id, IncidentStaff.days_absent)
        .where(IncidentStaff.incident_id == inc.id)
        .order_by(IncidentStaff.id)
    ).all()
    existing = {
        (st.person_id, st.step_type): st
        for st in s.scalars(select(SupportStep).where(SupportStep.incident_id == inc.id))
    }
    owner = default_step_owner(s, staff[0][0]) if staff else None
    for k, (pid, days) in enumerate(staff):
        facts = PersonFacts(
            serious=serious,
            physical=IncidentType.PHYSICAL in types,
            injury=inc.injury,
            police_informed=inc.police_informed,
            is_reporter=k == 0,
            days_absent=days,
        )
        wanted = applicable_steps(pathway, facts)
        for spec in wanted:
            due = due_at(spec, pathway, occurred, reported, days)
            step = existing.get((pid, spec.key))
            if step is None:
                s.add(
                    SupportStep(
                        incident_id=inc.id,
                        person_id=pid,
                        step_type=spec.key,
                        due_by=due,
                        owner_id=owner,
                    )
                )
            elif step.done_at is None and not step.declined and aware(step.due_by) != due:
                step.due_by = due
        keys = {spec.key for spec in wanted}
        for (p, key), step in existing.items():
            if (
                p == pid
                and key not in keys
                and key in pathway.keys
                and step.done_at is None
                and not step.declined
            ):
                step.declined, step.done_at, step.done_by = True, now, actor.username
                step.notes = (
                    "Not needed: no longer applies after the incident was "
                    f"changed on {today:%d %b %Y}."
                )


def default_step_owner(s: Session, reporter_id: int) -> int | None:
    """Who a new step belongs to: the reporter's line manager where the staff record names one,
    else nobody (unassigned, for the queue to hand out) -- never a guess."""
    return s.scalar(select(Person.line_manager_id).where(Person.id == reporter_id))


def group_at(s: Session, person_id: int, day: dt.date) -> int | None:
    """The person's staff group on ``day`` (primary assignment first), else their latest."""
    rows = s.execute(
        select(
            Assignment.staff_group_id,
            Assignment.start_date,
            Assignment.end_date,
            Assignment.primary,
        ).where(Assignment.person_id == person_id)
    ).all()
    live = [
        r
        for r in rows
        if (r.start_date is None or r.start_date <= day)
        and (r.end_date is None or r.end_date >= day)
    ]
    pool = live or rows
    if not pool:
        return None
    best = max(pool, key=lambda r: (bool(r.primary), r.start_date or dt.date.min))
    return int(best.staff_group_id)


def strand_key(value: str | None) -> str | None:
    """The hate strand key for a value given as a key or a label (older exports say 'gender
    reassignment'), or None when not recognised."""
    text = text_or_none(value)
    if text is None:
        return None
    key = text.casefold().replace(" ", "_")
    if key in HATE_STRANDS:
        return key
    for k, label in HATE_STRANDS.items():
        if label.casefold() == text.casefold():
            return k
    if key == "gender_reassignment":
        return "transgender"
    return None


def police_outcome_for(data: IncidentInput, existing: Incident | None) -> PoliceOutcome:
    """The police outcome to store: not reported unless the police were informed, else the one
    given, the one already held, or under investigation."""
    if not data.police_informed:
        return PoliceOutcome.NOT_REPORTED
    if data.police_outcome not in (None, PoliceOutcome.NOT_REPORTED):
        return PoliceOutcome(data.police_outcome)
    if existing is not None and existing.police_outcome is not PoliceOutcome.NOT_REPORTED:
        return existing.police_outcome
    return PoliceOutcome.UNDER_INVESTIGATION


def aewa_problems(sanction: bool, cps: CpsOutcome, day: dt.date) -> Problems:
    """Problems with an Assaults on Emergency Workers Act sanction: it needs a conviction and an
    offence after the Act came in."""
    out: Problems = []
    if sanction and cps is not CpsOutcome.CONVICTED:
        out.append(
            (
                None,
                "aewa_sanction",
                "yes",
                "an Assaults on Emergency Workers Act sanction needs a conviction",
            )
        )
    if sanction and day < AEWA_IN_FORCE:
        out.append(
            (
                None,
                "aewa_sanction",
                "yes",
                f"the Act applies to offences from {AEWA_IN_FORCE:%d %B %Y}",
            )
        )
    return out


def raise_problems(problems: Problems, what: str) -> None:
    """Raise one ValidationError for all the problems found (none: do nothing), leading with the
    first so the message names a field."""
    if problems:
        first = problems[0]
        raise ValidationError(
            f"{what}: {first[1]} {first[3]}.", "Correct the fields marked and save again.", problems
        )
