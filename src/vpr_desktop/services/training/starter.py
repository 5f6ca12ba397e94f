"""The starter training catalogue a new trust database can take in one step.

A new database has no staff groups, courses or needs analysis, so the first staff import
would refuse every row ("not a staff group") and the first training import every competence.
``resources/reference/starter_training.toml`` holds the nine ESR staff groups (national), the
VPR courses with their usual refresher periods, and two needs-analysis entries that rest on
national rules (CSTF conflict resolution for everyone; RRN-certified restrictive intervention
for inpatient mental health and learning disability clinical staff). Everything else is the
trust's decision, made in the catalogue and the needs grid.

Adding it never changes what is there: staff groups and courses are matched by code (an
existing one is left as the trust edited it), and needs-analysis rows are added only when the
needs analysis is empty. One transaction, audited like any other change.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.models import Course
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.models import TrainingRequirement
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.admin.trust_settings import read as read_settings
from vpr_desktop.services.common.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


@dataclass(frozen=True)
class StarterAdded:
    """What loading the starter catalogue added (nothing already present is added again)."""

    staff_groups: int
    courses: int
    needs: int

    @property
    def nothing(self) -> bool:
        """True when the catalogue already held every starter entry."""
        return not (self.staff_groups or self.courses or self.needs)

    def describe(self) -> str:
        """What was added, in one sentence for the status bar."""
        if self.nothing:
            return "Nothing was added: the catalogue already holds every starter entry."
        return (
            f"Added {self.staff_groups} staff group(s), {self.courses} course(s) and "
            f"{self.needs} needs-analysis entr{'y' if self.needs == 1 else 'ies'}. "
            "Review them: refresher periods and needs beyond the national rules are the "
            "trust's decision."
        )


def load_starter() -> dict[str, Any]:
    """The starter catalogue shipped with the app (staff groups, courses, needs)."""
    text = (
        resources.files("vpr_desktop.resources") / "reference" / "starter_training.toml"
    ).read_text(encoding="utf-8")
    return tomllib.loads(text)


def add_starter_catalogue(db: Database, actor: Actor) -> StarterAdded:
    """Add what is missing of the starter catalogue (see the module docstring)."""
    actor.require(Permission.EDIT_TRAINING, "add the starter training catalogue")
    with UnitOfWork(db, actor) as uow:
        return add_starter(uow.session)


def add_starter(s: Session) -> StarterAdded:
    """:func:`add_starter_catalogue` inside the caller's transaction (the set-up wizard
    records its own progress in the same one); the caller checks EDIT_TRAINING."""
    data = load_starter()
    default_target = read_settings(s, with_logo=False).training_target_percent
    groups = {code: gid for gid, code in s.execute(select(StaffGroup.id, StaffGroup.code))}
    added_groups = 0
    for code, name, esr_label, clinical in data["staff_groups"]:
        if code not in groups and not s.scalar(
            select(StaffGroup.id).where(StaffGroup.name == name)
        ):
            group = StaffGroup(code=code, name=name, esr_label=esr_label, clinical=bool(clinical))
            s.add(group)
            s.flush()
            groups[code] = group.id
            added_groups += 1
    courses: dict[str, int] = {}
    names: set[str] = set()
    for cid, code, name in s.execute(select(Course.id, Course.code, Course.name)):
        courses[code] = cid
        names.add(name.casefold())
    added_courses = 0
    for spec in data["courses"]:
        if spec["code"] in courses or spec["name"].casefold() in names:
            continue  # the trust's own course (by code or by name) stands
        course = Course(
            code=spec["code"],
            name=spec["name"],
            refresher_months=spec.get("refresher_months"),
            esr_competencies=list(spec.get("esr", [])),
            target_percent=float(spec.get("target_percent", default_target)),
            rrn_certified=bool(spec.get("rrn_certified", False)),
            active=True,
        )
        s.add(course)
        s.flush()
        courses[course.code] = course.id
        added_courses += 1
    added_needs = 0
    if not s.scalar(select(func.count()).select_from(TrainingRequirement)):
        for need in data["needs"]:
            gids = (
                list(groups.values())
                if need["staff_groups"] == ["*"]
                else [groups[g] for g in need["staff_groups"] if g in groups]
            )
            settings = (
                list(SettingType)
                if need["settings"] == ["*"]
                else [SettingType(v) for v in need["settings"]]
            )
            course_id = courses.get(need["course"])
            if course_id is None:
                continue
            for gid in gids:
                for setting in settings:
                    s.add(
                        TrainingRequirement(
                            course_id=course_id,
                            staff_group_id=gid,
                            setting_type=setting,
                            rationale=need["rationale"],
                        )
                    )
                    added_needs += 1
    return StarterAdded(added_groups, added_courses, added_needs)
