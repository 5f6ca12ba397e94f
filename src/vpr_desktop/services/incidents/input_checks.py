"""The input checks of the incident service: every field of a reported or edited incident and
its affected staff, and the follow-up outcomes, checked before anything is written.

All problems are collected first and raised together (``raise_problems``), so a person sees
every field to correct at once, not one per save. Split from :mod:`writes` (which applies a
checked input) along that line: checking reads, writing changes rows.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain.base import aware
from vpr_desktop.domain.enums import CpsOutcome
from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Intent
from vpr_desktop.domain.enums import PerpetratorType
from vpr_desktop.domain.enums import PoliceOutcome
from vpr_desktop.domain.enums import ProtectedCharacteristic
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.incidents.records import AEWA_IN_FORCE
from vpr_desktop.services.incidents.records import HATE_STRANDS
from vpr_desktop.services.incidents.records import MAX_DAYS
from vpr_desktop.services.incidents.records import MAX_TEXT
from vpr_desktop.services.incidents.records import AffectedStaffInput
from vpr_desktop.services.incidents.records import IncidentInput
from vpr_desktop.services.incidents.records import local_date
from vpr_desktop.services.incidents.records import month_of
from vpr_desktop.services.incidents.records import to_utc

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
