"""Courses and staff groups an ESR import may add when a person chose "create" for an unknown
competence or staff group.

A new trust's ESR exports name its own courses ("PMVA Full Team Teach") and, now and then, a
staff group the catalogue lacks. Sending the lead to Training > Catalogue first, then back to
the import, loses the file's context; so the import's value step offers "Create a new course"
(name, renewal months, and who needs it: no one yet, everyone, or the same staff as a course
already in the needs analysis) and "Create a new staff group" right there.

Like a new location (:mod:`vpr_desktop.services.importing.new_values`) the value is added to
the import's own session: it exists only if the import commits, so a check adds nothing. The
file's own wording is stored on what is created (a course's ESR name, a staff group's ESR
label), so next month's file finds it without the saved choice; a saved choice applied again
finds what it created the first time (by its code) instead of adding a second one. Creating
needs EDIT_TRAINING, as editing the catalogue does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.models import Course
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.models import TrainingRequirement
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.admin.trust_settings import read as read_settings
from vpr_desktop.services.importing.new_values import make_code
from vpr_desktop.services.importing.value_map import MappableKind
from vpr_desktop.services.importing.value_map import Target
from vpr_desktop.services.importing.values import ValueProblem
from vpr_desktop.services.importing.values import parse_int
from vpr_desktop.services.training.esr_courses import COMPETENCE
from vpr_desktop.services.training.esr_courses import course_targets
from vpr_desktop.services.training.esr_courses import fold_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.common.actor import Actor

#: The "who needs it" choices of a new course that are not "like another course".
NO_NEEDS, EVERYONE = "", "*"
LIKE = "like:"
CLINICAL = (Target("yes", "Clinical"), Target("no", "Non-clinical"))


def course_kind(s: Session, actor: Actor) -> MappableKind:
    """Unknown competences may be an existing course or, for someone who may edit the
    catalogue, a new course with its renewal period and needs rule."""
    targets = tuple(course_targets(s))
    if not actor.can(Permission.EDIT_TRAINING):
        return MappableKind(COMPETENCE, targets)
    needs = [
        Target(NO_NEEDS, "No one yet (set it in Training > Catalogue)"),
        Target(EVERYONE, "Every staff group in every setting"),
    ]
    needed = (
        select(Course.code, Course.name)
        .where(Course.id.in_(select(TrainingRequirement.course_id)))
        .order_by(Course.name)
    )
    needs += [
        Target(f"{LIKE}{code}", f"The same staff as {name}") for code, name in s.execute(needed)
    ]
    return MappableKind(
        COMPETENCE,
        targets,
        "course",
        {"needs": tuple(needs)},
        fields={"refresher_months": "Renewal (months; blank: does not expire)"},
        optional=("needs", "refresher_months"),
    )


def staff_group_kind(s: Session, actor: Actor, what: str) -> MappableKind:
    """Unknown staff groups may be an existing group or, for someone who may edit the
    catalogue, a new clinical or non-clinical group."""
    groups = tuple(
        Target(code, name)
        for code, name in s.execute(
            select(StaffGroup.code, StaffGroup.name).order_by(StaffGroup.name)
        )
    )
    if not actor.can(Permission.EDIT_TRAINING):
        return MappableKind(what, groups)
    return MappableKind(what, groups, "staff group", {"clinical": CLINICAL})


def _require(actor: Actor, noun: str) -> None:
    if not actor.can(Permission.EDIT_TRAINING):
        raise ValueProblem(
            f"is to be created as a {noun}, which needs permission to edit the training catalogue"
        )


def _name_and_code(new: Mapping[str, str], noun: str, limit: int) -> tuple[str, str]:
    name = (new.get("name") or "").strip()
    code = ((new.get("code") or "").strip() or make_code(name, limit))[:limit]
    if not name or not code:
        raise ValueProblem(f"is to be created as a {noun}, but it has no name")
    return name, code


def create_course(
    s: Session, actor: Actor, new: Mapping[str, str], competence: str
) -> tuple[Course, bool]:
    """The course a "create" choice describes, with ``competence`` (the file's own
    wording) as one of its ESR names and its needs rule, and whether it is new; an existing
    course with the same code or name is used (and learns the wording) instead of a second
    one."""
    _require(actor, "course")
    name, code = _name_and_code(new, "course", 30)
    course = s.scalar(select(Course).where(Course.code == code)) or s.scalar(
        select(Course).where(func.lower(Course.name) == name.casefold())
    )
    if course is not None:
        if fold_key(competence) not in {fold_key(n) for n in course.esr_competencies or []}:
            course.esr_competencies = [*(course.esr_competencies or []), competence]
        return course, False
    try:
        months = parse_int(new.get("refresher_months"), minimum=1, maximum=120)
    except ValueProblem as exc:
        raise ValueProblem(
            f"is to be created as a course, but its renewal in months {exc}"
        ) from None
    course = Course(
        code=code,
        name=name,
        refresher_months=months,
        esr_competencies=[competence],
        target_percent=read_settings(s, with_logo=False).training_target_percent,
        active=True,
    )
    s.add(course)
    s.flush()
    _add_needs(s, course.id, (new.get("needs") or NO_NEEDS).strip())
    return course, True


def _add_needs(s: Session, course_id: int, rule: str) -> None:
    """Everyone, or the same staff groups, settings and locations as another course."""
    if rule == EVERYONE:
        for gid in s.scalars(select(StaffGroup.id)):
            for setting in SettingType:
                s.add(
                    TrainingRequirement(
                        course_id=course_id,
                        staff_group_id=gid,
                        setting_type=setting,
                        rationale="Added with the course by an import",
                    )
                )
    elif rule.startswith(LIKE):
        like = s.scalar(select(Course.id).where(Course.code == rule.removeprefix(LIKE)))
        for r in s.scalars(
            select(TrainingRequirement).where(TrainingRequirement.course_id == like)
        ):
            s.add(
                TrainingRequirement(
                    course_id=course_id,
                    staff_group_id=r.staff_group_id,
                    setting_type=r.setting_type,
                    location_id=r.location_id,
                    min_risk_score=r.min_risk_score,
                    rationale=r.rationale,
                )
            )
    s.flush()


def create_staff_group(s: Session, actor: Actor, new: Mapping[str, str], label: str) -> int:
    """The id of the staff group a "create" choice describes, with ``label`` (the file's
    wording) as its ESR label; an existing group with the same code or name is used."""
    _require(actor, "staff group")
    name, code = _name_and_code(new, "staff group", 20)
    group = s.scalar(select(StaffGroup).where(StaffGroup.code == code)) or s.scalar(
        select(StaffGroup).where(func.lower(StaffGroup.name) == name.casefold())
    )
    if group is None:
        group = StaffGroup(
            code=code, name=name, esr_label=label[:255], clinical=new.get("clinical") != "no"
        )
        s.add(group)
        s.flush()
    return group.id
