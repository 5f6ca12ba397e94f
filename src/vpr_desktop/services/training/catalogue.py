"""The training catalogue: courses, the training-needs analysis (which staff group in which setting
needs which course) and compliance targets.

The reference data compliance is measured against, edited rarely and by the training lead
(EDIT_TRAINING). The base of :class:`~vpr_desktop.services.training.service.TrainingService`,
which adds per-person status and the compliance reads on top.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select

from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import ComplianceTarget
from vpr_desktop.domain.models import Course
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.models import TrainingRequirement
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.admin.trust_settings import load as load_settings
from vpr_desktop.services.common.locations import location_label
from vpr_desktop.services.common.same_named import from_same_named
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.training.records import CourseInfo
from vpr_desktop.services.training.records import NeedsCell
from vpr_desktop.services.training.records import TrainingReference

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.training.starter import StarterAdded
    from vpr_desktop.store.database import Database


class TrainingCatalogue:
    """The trust's training catalogue: courses, the needs analysis and compliance targets."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    def _require_aggregates(self, doing: str) -> None:
        """Aggregates (no names) are for anyone who may read them or build a pack with them."""
        if any(
            self.actor.can(p)
            for p in (Permission.GENERATE_BOARD_PACK, Permission.GENERATE_COMMITTEE_PACK)
        ):
            return
        self.actor.require(Permission.READ_TRAINING_AGGREGATES, doing)

    # -- pick lists
    def reference(self) -> TrainingReference:
        """Staff groups, locations and settings for the screens' filters (no names of
        people, so the aggregate permission is enough)."""
        self._require_aggregates("see the training filters")
        with reading(self.db) as s:
            groups = tuple(
                (gid, name)
                for gid, name in s.execute(
                    select(StaffGroup.id, StaffGroup.name).order_by(StaffGroup.name, StaffGroup.id)
                )
            )
            locations = tuple(
                (lid, name, setting)
                for lid, name, setting in s.execute(
                    select(Location.id, location_label(), Location.setting_type).order_by(
                        Location.name, location_label(), Location.id
                    )
                )
            )
        return TrainingReference(groups, locations, tuple((st, st.label) for st in SettingType))

    # -- catalogue
    def courses(self, *, include_inactive: bool = False) -> list[CourseInfo]:
        self.actor.require(Permission.READ_TRAINING_AGGREGATES, "see the course catalogue")
        stmt = select(Course).order_by(Course.name)
        if not include_inactive:
            stmt = stmt.where(Course.active.is_(True))
        with reading(self.db) as s:
            return [_course_info(c) for c in s.scalars(stmt)]

    def save_course(
        self,
        *,
        code: str,
        name: str,
        refresher_months: int | None,
        esr_competencies: Iterable[str] = (),
        target_percent: float | None = None,
        rrn_certified: bool = False,
        active: bool = True,
        course_id: int | None = None,
        expected_version: int | None = None,
    ) -> CourseInfo:
        """Create (``course_id`` None) or update a course; audited by the unit of work."""
        self.actor.require(Permission.EDIT_TRAINING, "change the course catalogue")
        code, name = code.strip(), name.strip()
        if not code or not name:
            raise ValidationError("A course needs a code and a name.", "Fill both in.")
        if refresher_months is not None and not 1 <= refresher_months <= 120:
            raise ValidationError(
                "The refresher period must be 1 to 120 months.",
                "Leave it blank for a course that does not expire.",
            )
        if target_percent is None:
            target_percent = self.default_target()
        if not 0 <= target_percent <= 100:
            raise ValidationError("The target must be between 0 and 100%.", "")
        names = [n.strip() for n in esr_competencies if n and n.strip()]
        with UnitOfWork(self.db, self.actor) as uow:
            if course_id is None:
                course = Course(code=code, name=name)
                uow.session.add(course)
            else:
                course = uow.get(Course, course_id, expected_version=expected_version)
                course.code, course.name = code, name
            course.refresher_months = refresher_months
            course.esr_competencies = names
            course.target_percent = float(target_percent)
            course.rrn_certified = rrn_certified
            course.active = active
            uow.session.flush()
            info = _course_info(course)
        return info

    def default_target(self) -> float:
        """The target a new course starts with: the trust's setting (85% unless changed)."""
        return load_settings(self.db, with_logo=False).training_target_percent

    def add_starter_catalogue(self) -> StarterAdded:
        """Add what is missing of the starter catalogue (``services.training_starter``)."""
        from vpr_desktop.services.training.starter import add_starter_catalogue

        return add_starter_catalogue(self.db, self.actor)

    # -- needs analysis
    def needs_grid(self) -> list[NeedsCell]:
        """Every staff group x setting cell that requires at least one course."""
        self.actor.require(Permission.READ_TRAINING_AGGREGATES, "see the needs analysis")
        r = TrainingRequirement
        cells: dict[tuple[int, SettingType], list[int]] = defaultdict(list)
        with reading(self.db) as s:
            for gid, setting, cid in s.execute(
                select(r.staff_group_id, r.setting_type, r.course_id)
                .where(
                    r.staff_group_id.is_not(None),
                    r.setting_type.is_not(None),
                    r.location_id.is_(None),
                )
                .order_by(r.course_id)
            ):
                if gid is not None and setting is not None:  # the WHERE says so; typed Optional
                    cells[(gid, setting)].append(cid)
        return [
            NeedsCell(g, st, tuple(c))
            for (g, st), c in sorted(cells.items(), key=lambda kv: (kv[0][0], kv[0][1].value))
        ]

    def set_needs_cell(
        self,
        staff_group_id: int,
        setting_type: SettingType,
        course_ids: Iterable[int],
        rationale: str | None = None,
    ) -> NeedsCell:
        """Make the cell require exactly ``course_ids`` (adds and removes rows; audited)."""
        self.actor.require(Permission.EDIT_TRAINING, "change the needs analysis")
        wanted = set(course_ids)
        r = TrainingRequirement
        with UnitOfWork(self.db, self.actor) as uow:
            s = uow.session
            uow.get(StaffGroup, staff_group_id)
            rows = list(
                s.scalars(
                    select(r).where(
                        r.staff_group_id == staff_group_id,
                        r.setting_type == setting_type,
                        r.location_id.is_(None),
                    )
                )
            )
            have = {row.course_id for row in rows}
            for row in rows:
                if row.course_id not in wanted:
                    s.delete(row)
            for cid in sorted(wanted - have):
                uow.get(Course, cid)
                s.add(
                    TrainingRequirement(
                        course_id=cid,
                        staff_group_id=staff_group_id,
                        setting_type=setting_type,
                        rationale=rationale,
                    )
                )
        return NeedsCell(staff_group_id, setting_type, tuple(sorted(wanted)))

    # -- targets
    def set_target(self, course_id: int, percent: float, *, location_id: int | None = None) -> None:
        """Set a course's own target (``location_id`` None) or its target at one location
        (creates or updates the ComplianceTarget row); audited by the unit of work."""
        self.actor.require(Permission.EDIT_TRAINING, "change training targets")
        try:
            value = float(percent)
        except (TypeError, ValueError):
            value = float("nan")
        if not 0 <= value <= 100:
            raise ValidationError(
                "The target must be between 0 and 100%.", "Type a percentage such as 85."
            )
        with UnitOfWork(self.db, self.actor) as uow:
            course = uow.get(Course, course_id)
            if location_id is None:
                if course.target_percent != value:
                    course.target_percent = value
                return
            uow.get(Location, location_id)
            ct = ComplianceTarget
            target = uow.session.scalar(
                select(ct).where(ct.course_id == course_id, ct.location_id == location_id)
            )
            if target is None:
                uow.session.add(
                    ComplianceTarget(
                        course_id=course_id, location_id=location_id, target_percent=value
                    )
                )
            elif target.target_percent != value:
                target.target_percent = value


def _course_info(c: Course) -> CourseInfo:
    return from_same_named(CourseInfo, c, esr_competencies=tuple(c.esr_competencies or ()))
