"""Plain, frozen inputs and results of the incident service: what screens, packs and the CLI
receive. No ORM object leaves the service (a detached row would lazy-load on a closed session
in a screen, and a mutable one could be changed without a unit of work).

Times: every stored time is UTC (SQLite hands them back naive, PostgreSQL aware; results are
always aware). A *naive* time given in an input is read as the trust's wall-clock time
(Europe/London), because that is what a person types into a form; the incident's ``month`` and
its RIDDOR "incident date" are the London date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field

# ``aware`` is read from here by the incident screens; it lives with ``utcnow``.
from vpr_desktop.domain.base import aware as aware
from vpr_desktop.domain.enums import CpsOutcome
from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Intent
from vpr_desktop.domain.enums import PerpetratorType
from vpr_desktop.domain.enums import PoliceOutcome
from vpr_desktop.domain.enums import ProtectedCharacteristic
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.riddor import RiddorOverride
from vpr_desktop.domain.riddor import SubmissionState
from vpr_desktop.domain.support_pathway import REPORTER_FEEDBACK_STEP
from vpr_desktop.domain.support_pathway import StepState
from vpr_desktop.domain.trust_time import TRUST_ZONE
from vpr_desktop.domain.trust_time import trust_date
from vpr_desktop.domain.trust_time import trust_day_start
from vpr_desktop.services.common.same_named import from_same_named

#: The trust's calendar (see ``domain.trust_time``), under the names the incident modules use:
#: a *stored* time's London date, and the UTC start of a London day.
TRUST_TZ = TRUST_ZONE
stored_local_date = trust_date
day_start_utc = trust_day_start
REFERENCE_PREFIX = "VPR-"
#: Hate-crime monitoring strands (the five national strands, plus sex as the demo records).
HATE_STRANDS: dict[str, str] = {
    "race": "Race",
    "religion": "Religion or belief",
    "sexual_orientation": "Sexual orientation",
    "disability": "Disability",
    "transgender": "Transgender identity",
    "sex": "Sex",
}
AEWA_IN_FORCE = dt.date(2018, 11, 13)  # Assaults on Emergency Workers (Offences) Act 2018
MAX_DAYS = 3660  # ten years: anything longer is a typing slip
MAX_TEXT = 20_000


def to_utc(value: dt.datetime) -> dt.datetime:
    """An input time as UTC; naive means London wall-clock time (see the module docstring)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=TRUST_TZ)
    return value.astimezone(dt.UTC)


def local_date(value: dt.datetime) -> dt.date:
    """The London calendar date of an *input* time (naive = London wall clock)."""
    return to_utc(value).astimezone(TRUST_TZ).date()


def month_of(occurred_utc: dt.datetime) -> str:
    """``YYYY-MM`` of the London date, stored so monthly counts use a plain index."""
    day = stored_local_date(occurred_utc)
    return f"{day.year:04d}-{day.month:02d}"


# ------------------------------------------------------------------------------------ inputs


@dataclass(frozen=True)
class AffectedStaffInput:
    """One member of staff affected. ``staff_group_id`` None: their staff group at the time is
    taken from their ESR assignment on the incident date. ``characteristics`` None on update
    leaves any recorded ones unchanged; they are refused unless ``pc_consent`` is set.
    ``consent_to_contact`` None leaves it as recorded."""

    person_id: int
    staff_group_id: int | None = None
    days_absent: int = 0
    restricted_duties_days: int = 0
    absence_reason_stress: bool = False
    fit_for_normal_duties_on: dt.date | None = None  # for RIDDOR counting only (not stored)
    pc_consent: bool = False
    characteristics: Mapping[ProtectedCharacteristic, str] | None = None
    consent_to_contact: bool | None = None


@dataclass(frozen=True)
class IncidentInput:
    """An incident as the form submits it; ``types[0]`` is the primary type.

    ``reported_at`` None: now (on create) or unchanged (on update). ``days_lost`` None: the sum
    of the affected people's days absent. ``riddor_override`` records a person's decision with
    its reason instead of the rule's; on update None keeps an earlier override and
    ``clear_riddor_override`` goes back to the rule.
    """

    occurred_at: dt.datetime
    location_id: int | None
    types: tuple[IncidentType, ...]
    reported_at: dt.datetime | None = None
    hate_strand: str | None = None
    perpetrator_type: PerpetratorType = PerpetratorType.UNKNOWN
    intent: Intent = Intent.UNKNOWN
    harm: Harm = Harm.NO_HARM
    injury: bool = False
    injury_description: str | None = None
    specified_injury: bool = False
    near_miss: bool = False
    personal_dispute: bool = False
    non_worker_taken_to_hospital: bool = False  # for RIDDOR only (not stored)
    police_informed: bool = False
    crime_reference: str | None = None
    # None (or not_reported while informed): kept as recorded, else "under investigation"
    police_outcome: PoliceOutcome | None = None
    cps_outcome: CpsOutcome = CpsOutcome.NOT_APPLICABLE
    aewa_sanction: bool = False
    description: str | None = None
    external_ref: str | None = None
    days_lost: int | None = None
    staff: tuple[AffectedStaffInput, ...] = ()
    riddor_override: RiddorOverride | None = None
    clear_riddor_override: bool = False


# ----------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Choice:
    """A key and its label for a choice list, so screens show words while services store keys."""

    key: str
    label: str


@dataclass(frozen=True)
class RiddorView:
    """An incident's RIDDOR position for display: the recorded decision, its deadline state and what
    the rule says now."""

    status: RiddorStatus
    reason: str | None
    deadline: dt.date | None
    submitted_on: dt.date | None
    reference: str | None
    state: SubmissionState  # on time / late / overdue / due / not required, as of today
    overridden: bool  # a person's recorded decision, not the rule's
    overridden_by: str | None
    rule_status: RiddorStatus  # what the rule says from the facts now
    rule_reason: str


@dataclass(frozen=True)
class ConsentView:
    """A person's recorded consent to be contacted, with who recorded it and when (the consent must
    be evidenced)."""

    consent: bool
    recorded_on: dt.date
    recorded_by: str
    note: str | None = None


@dataclass(frozen=True)
class AffectedStaffView:
    """A member of staff affected by an incident, as shown; characteristics are None unless the
    viewer may see them and consent was given."""

    id: int  # incident_staff id
    person_id: int
    name: str
    employee_number: str
    staff_group_id: int | None
    staff_group: str | None
    days_absent: int
    restricted_duties_days: int
    absence_reason_stress: bool
    pc_consent: bool
    is_reporter: bool
    # None: not shown to this user (no permission) or no consent; else what was recorded.
    characteristics: tuple[tuple[ProtectedCharacteristic, str], ...] | None
    consent_to_contact: ConsentView | None


@dataclass(frozen=True)
class SupportStepView:
    """A support step as shown in the incident and the support queue, with its state already worked
    out."""

    id: int
    version: int
    incident_id: int
    person_id: int
    person_name: str
    step_type: str
    label: str
    owner_role: str
    owner_label: str
    due_by: dt.datetime
    not_before: dt.datetime | None
    done_at: dt.datetime | None
    done_by: str | None
    not_needed: bool
    notes: str | None
    state: StepState
    owner_id: int | None = None  # the named person who answers for it (None: unassigned)
    owner_name: str | None = None
    planned_at: dt.datetime | None = None  # when it is planned or booked

    @property
    def is_reporter_feedback(self) -> bool:
        """The step that tells the reporter what happened (it records the incident's feedback
        date when done), whatever the trust calls it."""
        return self.step_type == REPORTER_FEEDBACK_STEP

    @property
    def planned_too_early(self) -> bool:
        """Planned or booked before the step's earliest time (a TRiM assessment inside 72
        hours): warned about, never refused, because bookings are what they are."""
        return (
            self.planned_at is not None
            and self.not_before is not None
            and self.planned_at < self.not_before
        )


@dataclass(frozen=True)
class IncidentDetail:
    """Everything the incident screen shows, read once: plain frozen data so the view never touches
    the database."""

    id: int
    version: int
    reference: str
    external_ref: str | None
    occurred_at: dt.datetime
    reported_at: dt.datetime | None
    month: str
    location_id: int | None
    location: str | None
    types: tuple[IncidentType, ...]  # primary first
    primary_type: IncidentType
    hate_strand: str | None
    perpetrator_type: PerpetratorType
    intent: Intent
    harm: Harm
    injury: bool
    injury_description: str | None
    specified_injury: bool
    days_lost: int
    near_miss: bool
    personal_dispute: bool
    police_informed: bool
    crime_reference: str | None
    police_outcome: PoliceOutcome
    police_outcome_on: dt.date | None
    cps_outcome: CpsOutcome
    cps_outcome_on: dt.date | None
    aewa_sanction: bool
    riddor: RiddorView
    description: str | None
    feedback_given_on: dt.date | None
    import_batch_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    staff: tuple[AffectedStaffView, ...]
    steps: tuple[SupportStepView, ...]
    characteristics_visible: bool  # False: the user may not see protected characteristics

    def as_input(self) -> IncidentInput:
        """The record as the form would resubmit it unchanged (for editing)."""
        return from_same_named(
            IncidentInput,
            self,
            police_outcome=self.police_outcome if self.police_informed else None,
            staff=tuple(
                from_same_named(
                    AffectedStaffInput,
                    s,
                    # None: the recorded characteristics and consent to contact stay as they
                    # are; the RIDDOR-only fitness date is not on the record.
                    characteristics=None,
                    consent_to_contact=None,
                    fit_for_normal_duties_on=None,
                )
                for s in self.staff
            ),
            # Not on the record (RIDDOR-only input, and the override is kept by an update):
            # the form resubmits them as it starts.
            non_worker_taken_to_hospital=False,
            riddor_override=None,
            clear_riddor_override=False,
        )


@dataclass(frozen=True)
class TimelineEntry:
    """One event of an incident's story, oldest first; ``at`` None: date not recorded."""

    at: dt.datetime | None
    kind: str  # occurred | reported | step_done | step_not_needed | step_due | step_overdue |
    #            feedback | riddor_submitted | police_outcome | cps_outcome
    title: str
    detail: str | None = None
    person: str | None = None
    state: StepState | None = None


@dataclass(frozen=True)
class IncidentChoices:
    """What the incident form offers in its drop-downs."""

    locations: tuple[tuple[int, str, str], ...]  # (id, code, name), active only
    staff_groups: tuple[tuple[int, str, str], ...]  # (id, code, name)
    types: tuple[IncidentType, ...]
    hate_strands: tuple[Choice, ...]
    perpetrator_types: tuple[PerpetratorType, ...]
    intents: tuple[Intent, ...]
    harms: tuple[Harm, ...]
    police_outcomes: tuple[PoliceOutcome, ...]
    cps_outcomes: tuple[CpsOutcome, ...]
    riddor_statuses: tuple[RiddorStatus, ...]
    characteristics: tuple[ProtectedCharacteristic, ...]
    specified_injuries: tuple[str, ...]
    step_types: tuple[Choice, ...]  # from the support pathway setting
    owner_roles: tuple[Choice, ...]


@dataclass(frozen=True)
class RiddorDue:
    """A reportable incident not yet submitted (home page / RIDDOR list)."""

    incident_id: int
    reference: str
    occurred_at: dt.datetime
    deadline: dt.date
    state: SubmissionState
    reason: str | None


@dataclass
class Extras:
    """The incident facts the service reads and writes as one bundle: outcome dates and the
    RIDDOR override (columns of ``incident``), and consent to contact by person id (columns
    ``contact_consent*`` of each ``incident_staff`` row). ``incident_queries.load_extras`` /
    ``save_extras`` move it to and from the rows (schema 0004 moved them out of the
    ``incident_extra:<id>`` setting rows that held them before)."""

    consent_to_contact: dict[int, ConsentView] = field(default_factory=dict)
    police_outcome_on: dt.date | None = None
    cps_outcome_on: dt.date | None = None
    riddor_override_by: str | None = None
    riddor_override_at: dt.datetime | None = None
