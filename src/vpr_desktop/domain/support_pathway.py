"""The trust's post-incident support pathway, as data, and the pure timing rules over it.

Why data: each trust sets its own pathway (the NHS Employers post-incident support framework
gives no national step timings -- brief §2.10), so the steps, who owns them and their time
limits live in the ``support_pathway`` setting and a VPR lead edits them, not a programmer.
Creating an incident turns the pathway into one ``SupportStep`` row per applicable step for
each affected person, with its due time; everything here is pure so the form, the import, the
support queue and the packs agree.

Timing:

* A step is due ``due_hours`` after the pathway's start: the incident's occurrence
  (``starts_from = "occurred_at"``, the default) or the time it was reported (``"reported_at"``,
  what the demo trust uses -- support cannot start before anyone knows).
* ``not_before_hours`` (measured from the *incident*, because it is about time since the
  trauma) keeps a step from being done too soon: the first peer (TRiM-style) conversation is
  held no sooner than 72 hours after the event. Done earlier is shown as "too early".
* ``after_absence`` steps (the return-to-work review) are due ``due_hours`` after the person's
  first day back, i.e. after the incident day plus their days absent.
* A step is *late* when done after its due time, or still open after it.

Conditions (``applies_to``; all listed must hold): ``all``; ``serious`` (physical, sexual,
threatening or hate-motivated, or moderate/severe harm or death); ``absence`` (an injury, or this
person was absent); ``reporter`` (the person who reported it -- the first affected person);
``police_informed``; ``days_lost`` (this person lost days); ``injury``; ``physical``.

Settings shape (``to_dict``; version 2)::

    {"version": 2, "starts_from": "occurred_at",
     "steps": [{"type": "welfare_check", "label": "Immediate welfare check",
                "owner_role": "line_manager", "due_hours": 2, "not_before_hours": null,
                "applies_to": "all", "after_absence": false}, ...]}

It is a superset of the demo trust's first shape (``starts_from`` plus steps with ``type``,
``label``, ``due_hours`` and ``applies_to`` as one word), which :meth:`SupportPathway.from_dict`
reads transparently: missing owner roles are filled from the step type, and nothing that would
change a due time is added.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from vpr_desktop.domain.base import aware
from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.labelled_enum import LabelledEnum
from vpr_desktop.domain.labelled_enum import give_labels

SETTING_KEY = "support_pathway"
SCHEMA_VERSION = 2
STARTS_FROM = ("occurred_at", "reported_at")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
MAX_HOURS = 24 * 366 * 2
#: The step that gives the reporter feedback: done, it records the incident's feedback date,
#: so screens name it as the reporter-feedback step whatever the trust's label says.
REPORTER_FEEDBACK_STEP = "feedback_to_reporter"


class Condition(LabelledEnum):
    ALL = "all"
    SERIOUS = "serious"
    ABSENCE = "absence"
    REPORTER = "reporter"
    POLICE_INFORMED = "police_informed"
    DAYS_LOST = "days_lost"
    INJURY = "injury"
    PHYSICAL = "physical"


CONDITION_LABELS = give_labels(
    Condition,
    {
        Condition.ALL: "Everyone affected",
        Condition.SERIOUS: "Serious incidents (physical, sexual, threats, hate; or moderate harm+)",
        Condition.ABSENCE: "Injured or absent",
        Condition.REPORTER: "The person who reported it",
        Condition.POLICE_INFORMED: "When the police were informed",
        Condition.DAYS_LOST: "When the person lost days",
        Condition.INJURY: "When there was an injury",
        Condition.PHYSICAL: "Physical incidents",
    },
)

#: Owner roles offered by the settings screen (a trust may use its own words too).
OWNER_ROLES: dict[str, str] = {
    "line_manager": "Line manager",
    "occupational_health": "Occupational health / wellbeing",
    "trim_practitioner": "TRiM practitioner (peer support)",
    "security": "Local security management specialist",
    "vpr_lead": "VPR lead",
    "incident_handler": "Incident handler",
}

# Owner for steps of the demo's first settings shape, which had no owner role.
_LEGACY_OWNERS = {
    "manager_check_in": "line_manager",
    "welfare_check": "line_manager",
    "trim_72h": "trim_practitioner",
    "trim_28d": "trim_practitioner",
    "occupational_health_offer": "occupational_health",
    "feedback_to_reporter": "incident_handler",
    "police_liaison": "security",
    "return_to_work_review": "line_manager",
}
_SERIOUS_TYPES = frozenset(
    {
        IncidentType.PHYSICAL,
        IncidentType.SEXUAL,
        IncidentType.THREATENING,
        IncidentType.HATE_MOTIVATED,
    }
)
_SERIOUS_HARM = frozenset({Harm.MODERATE, Harm.SEVERE, Harm.DEATH})


def shown_label(key: str, label: str) -> str:
    """A step's label as lists show it: the reporter-feedback step says so even where the
    trust named it otherwise ("Close the loop" reads "Close the loop (feedback to the
    reporter)"), because completing it records the incident's feedback date."""
    if key == REPORTER_FEEDBACK_STEP and "reporter" not in label.lower():
        return f"{label} (feedback to the reporter)"
    return label


class PathwayError(ValueError):
    """A pathway setting that cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class PathwayStep:
    key: str  # stored as SupportStep.step_type
    label: str
    owner_role: str
    due_hours: int
    not_before_hours: int | None = None
    applies_to: tuple[Condition, ...] = (Condition.ALL,)
    after_absence: bool = False

    @property
    def owner_label(self) -> str:
        return OWNER_ROLES.get(self.owner_role, self.owner_role.replace("_", " ").capitalize())

    def to_dict(self) -> dict[str, Any]:
        applies: str | list[str] = (
            self.applies_to[0].value
            if len(self.applies_to) == 1
            else [c.value for c in self.applies_to]
        )
        return {
            "type": self.key,
            "label": self.label,
            "owner_role": self.owner_role,
            "due_hours": self.due_hours,
            "not_before_hours": self.not_before_hours,
            "applies_to": applies,
            "after_absence": self.after_absence,
        }


@dataclass(frozen=True)
class SupportPathway:
    steps: tuple[PathwayStep, ...]
    starts_from: str = "occurred_at"
    migrated_from: int | None = field(default=None, compare=False)  # set when read from v1

    def __post_init__(self) -> None:
        validate(self)

    def step(self, key: str) -> PathwayStep | None:
        return next((s for s in self.steps if s.key == key), None)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.steps)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": SCHEMA_VERSION,
            "starts_from": self.starts_from,
            "steps": [s.to_dict() for s in self.steps],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SupportPathway:
        """Read a setting value (version 2, or the demo's first shape); raises PathwayError."""
        if not isinstance(data, Mapping):
            raise PathwayError("The support pathway setting is not a table of values.")
        version = data.get("version", 1)
        if version not in (1, SCHEMA_VERSION):
            raise PathwayError(
                f"The support pathway setting has version {version!r}; this "
                f"version of VPR Desktop reads up to {SCHEMA_VERSION}."
            )
        raw_steps = data.get("steps")
        if not isinstance(raw_steps, list) or not raw_steps:
            raise PathwayError("The support pathway has no steps.")
        steps = tuple(_step_from(raw, n) for n, raw in enumerate(raw_steps, start=1))
        return cls(
            steps=steps,
            starts_from=str(data.get("starts_from", "occurred_at")),
            migrated_from=1 if version == 1 else None,
        )


def _step_from(raw: Any, n: int) -> PathwayStep:
    if not isinstance(raw, Mapping):
        raise PathwayError(f"Step {n} of the support pathway is not a table of values.")
    key = str(raw.get("type") or raw.get("key") or "").strip()
    applies = raw.get("applies_to", "all")
    words = [applies] if isinstance(applies, str) else list(applies or ["all"])
    try:
        conditions = tuple(Condition(str(w)) for w in words)
    except ValueError:
        known = ", ".join(c.value for c in Condition)
        raise PathwayError(
            f"Step {n} ({key}) applies to {applies!r}; use one or more of: {known}."
        ) from None

    def hours(name: str, default: Any) -> int | None:
        value = raw.get(name, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise PathwayError(f"Step {n} ({key}): {name} must be a whole number of hours.")
        return int(value)

    due = hours("due_hours", None)
    if due is None:
        raise PathwayError(f"Step {n} ({key}) has no due_hours.")
    return PathwayStep(
        key=key,
        label=str(raw.get("label") or key.replace("_", " ").capitalize()),
        owner_role=str(raw.get("owner_role") or _LEGACY_OWNERS.get(key, "line_manager")),
        due_hours=due,
        not_before_hours=hours("not_before_hours", None),
        applies_to=conditions,
        after_absence=bool(raw.get("after_absence", False)),
    )


def validate(pathway: SupportPathway) -> None:
    """Raise :class:`PathwayError` for a pathway that would create nonsense steps."""
    if pathway.starts_from not in STARTS_FROM:
        raise PathwayError(
            f"starts_from must be one of {', '.join(STARTS_FROM)}, not {pathway.starts_from!r}."
        )
    if not pathway.steps:
        raise PathwayError("The support pathway needs at least one step.")
    seen: set[str] = set()
    for n, s in enumerate(pathway.steps, start=1):
        if not _KEY.match(s.key):
            raise PathwayError(
                f"Step {n}: the key {s.key!r} must be lower-case letters, digits "
                "and underscores (at most 60), starting with a letter."
            )
        if s.key in seen:
            raise PathwayError(f"Step {n}: the key {s.key!r} is used twice.")
        seen.add(s.key)
        if not s.label.strip():
            raise PathwayError(f"Step {n} ({s.key}) needs a label.")
        if not s.owner_role.strip():
            raise PathwayError(f"Step {n} ({s.key}) needs an owner role.")
        if not 0 <= s.due_hours <= MAX_HOURS:
            raise PathwayError(f"Step {n} ({s.key}): due_hours must be 0 to {MAX_HOURS}.")
        if s.not_before_hours is not None:
            if s.not_before_hours < 0:
                raise PathwayError(f"Step {n} ({s.key}): not_before_hours cannot be negative.")
            if not s.after_absence and s.not_before_hours > s.due_hours:
                raise PathwayError(
                    f"Step {n} ({s.key}): it cannot be due ({s.due_hours} h) "
                    f"before it may start ({s.not_before_hours} h)."
                )
        if not s.applies_to:
            raise PathwayError(f"Step {n} ({s.key}) must apply to someone.")


DAY_HOURS = 24

#: The default pathway (issue 7): immediate welfare check, manager contact, an offer of
#: occupational health / wellbeing support, a peer (TRiM-style) conversation no sooner than
#: 72 hours and a follow-up about 28 days later, police liaison where the police were
#: informed, feedback to the reporter, and a return-to-work review when days were lost.
DEFAULT_PATHWAY = SupportPathway(
    steps=(
        PathwayStep("welfare_check", "Immediate welfare check", "line_manager", 2),
        PathwayStep("manager_check_in", "Manager contact", "line_manager", 24),
        PathwayStep(
            "occupational_health_offer",
            "Offer of occupational health / wellbeing support",
            "occupational_health",
            72,
        ),
        PathwayStep(
            "trim_72h",
            "Peer (TRiM-style) conversation, no sooner than 72 hours",
            "trim_practitioner",
            7 * DAY_HOURS,
            not_before_hours=72,
            applies_to=(Condition.SERIOUS,),
        ),
        PathwayStep(
            "trim_28d",
            "Peer follow-up about 28 days later",
            "trim_practitioner",
            35 * DAY_HOURS,
            not_before_hours=28 * DAY_HOURS,
            applies_to=(Condition.SERIOUS,),
        ),
        PathwayStep(
            "police_liaison",
            "Police liaison",
            "security",
            72,
            applies_to=(Condition.POLICE_INFORMED,),
        ),
        PathwayStep(
            "feedback_to_reporter",
            "Feedback to the reporter",
            "incident_handler",
            14 * DAY_HOURS,
            applies_to=(Condition.REPORTER,),
        ),
        PathwayStep(
            "return_to_work_review",
            "Return-to-work review",
            "line_manager",
            48,
            applies_to=(Condition.DAYS_LOST,),
            after_absence=True,
        ),
    )
)


# --------------------------------------------------------------------------- applying it


def is_serious(types: Iterable[IncidentType | str], harm: Harm | str) -> bool:
    return bool(_SERIOUS_TYPES.intersection(IncidentType(t) for t in types)) or (
        Harm(harm) in _SERIOUS_HARM
    )


@dataclass(frozen=True)
class PersonFacts:
    """What decides which steps one affected person gets."""

    serious: bool
    physical: bool
    injury: bool
    police_informed: bool
    is_reporter: bool
    days_absent: int = 0

    def meets(self, condition: Condition) -> bool:
        return {
            Condition.ALL: True,
            Condition.SERIOUS: self.serious,
            Condition.ABSENCE: self.injury or self.days_absent > 0,
            Condition.REPORTER: self.is_reporter,
            Condition.POLICE_INFORMED: self.police_informed,
            Condition.DAYS_LOST: self.days_absent > 0,
            Condition.INJURY: self.injury,
            Condition.PHYSICAL: self.physical,
        }[condition]


def applicable_steps(pathway: SupportPathway, person: PersonFacts) -> tuple[PathwayStep, ...]:
    return tuple(s for s in pathway.steps if all(person.meets(c) for c in s.applies_to))


def start_time(
    pathway: SupportPathway, occurred_at: dt.datetime, reported_at: dt.datetime | None
) -> dt.datetime:
    if pathway.starts_from == "reported_at" and reported_at is not None:
        return aware(max(aware(reported_at), aware(occurred_at)))
    return aware(occurred_at)


def due_at(
    step: PathwayStep,
    pathway: SupportPathway,
    occurred_at: dt.datetime,
    reported_at: dt.datetime | None,
    days_absent: int = 0,
) -> dt.datetime:
    """When ``step`` is due for a person absent ``days_absent`` days."""
    if step.after_absence:
        back = aware(occurred_at) + dt.timedelta(days=max(0, days_absent) + 1)
        return back + dt.timedelta(hours=step.due_hours)
    return start_time(pathway, occurred_at, reported_at) + dt.timedelta(hours=step.due_hours)


def not_before(step: PathwayStep, occurred_at: dt.datetime) -> dt.datetime | None:
    if step.not_before_hours is None or step.after_absence:
        return None
    return aware(occurred_at) + dt.timedelta(hours=step.not_before_hours)


class StepState(LabelledEnum):
    DUE = "due"  # open, not yet due
    OVERDUE = "overdue"  # open, past due
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    DONE_TOO_EARLY = "done_too_early"  # before the pathway's "not before" time
    NOT_NEEDED = "not_needed"  # declined by the person, or not needed (with a reason)

    @property
    def is_open(self) -> bool:
        return self in (StepState.DUE, StepState.OVERDUE)

    @property
    def is_late(self) -> bool:
        return self in (StepState.OVERDUE, StepState.DONE_LATE)


def step_state(
    due_by: dt.datetime,
    done_at: dt.datetime | None,
    not_needed: bool,
    now: dt.datetime,
    earliest: dt.datetime | None = None,
) -> StepState:
    """The state of one step at ``now`` (late = done after due, or open past due)."""
    if not_needed:
        return StepState.NOT_NEEDED
    due = aware(due_by)
    if done_at is None:
        return StepState.OVERDUE if aware(now) > due else StepState.DUE
    done = aware(done_at)
    if earliest is not None and done < aware(earliest):
        return StepState.DONE_TOO_EARLY
    return StepState.DONE_ON_TIME if done <= due else StepState.DONE_LATE


@dataclass(frozen=True)
class OnTime:
    """Counts behind a "% on time" figure; ``pending`` and ``not_needed`` are not in it."""

    on_time: int = 0
    late: int = 0  # done late, or open past due
    pending: int = 0
    not_needed: int = 0
    too_early: int = 0  # counted as on time too (done, and by the due time)

    @property
    def counted(self) -> int:
        return self.on_time + self.late

    @property
    def percent(self) -> float | None:
        return None if self.counted == 0 else round(100.0 * self.on_time / self.counted, 1)


def on_time(states: Iterable[StepState]) -> OnTime:
    n = {s: 0 for s in StepState}
    for s in states:
        n[s] += 1
    return OnTime(
        on_time=n[StepState.DONE_ON_TIME] + n[StepState.DONE_TOO_EARLY],
        late=n[StepState.DONE_LATE] + n[StepState.OVERDUE],
        pending=n[StepState.DUE],
        not_needed=n[StepState.NOT_NEEDED],
        too_early=n[StepState.DONE_TOO_EARLY],
    )
