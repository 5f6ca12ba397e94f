"""The starter training catalogue for a new database (both backends)."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlalchemy import select

from tests.services.training.training_fixtures import LEAD
from tests.services.training.training_fixtures import STAFF_SIDE
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.models import Course
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.models import TrainingRequirement
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.training.service import TrainingService


def counts(db: object) -> tuple[int, int, int]:
    with reading(db) as s:  # type: ignore[arg-type]
        return tuple(
            int(s.scalar(select(func.count()).select_from(m)) or 0)  # type: ignore[return-value]
            for m in (StaffGroup, Course, TrainingRequirement)
        )


def test_new_database_gets_groups_courses_and_national_needs(db: object) -> None:
    svc = TrainingService(db, LEAD)  # type: ignore[arg-type]
    added = svc.add_starter_catalogue()
    settings = len(SettingType)
    assert (added.staff_groups, added.courses, added.needs) == (9, 5, 9 * settings + 3 * 2)
    assert counts(db) == (9, 5, 9 * settings + 6)
    by_code = {c.code: c for c in svc.courses()}
    assert by_code["CR"].refresher_months == 36
    assert by_code["CR"].esr_competencies == ("NHS|CSTF|Conflict Resolution|3 Years|",)
    assert by_code["RI"].rrn_certified
    with reading(db) as s:  # type: ignore[arg-type]
        ri = s.scalars(
            select(TrainingRequirement.setting_type).where(
                TrainingRequirement.course_id == by_code["RI"].id
            )
        ).all()
    assert set(ri) == {SettingType.INPATIENT_MENTAL_HEALTH, SettingType.LEARNING_DISABILITY}
    again = svc.add_starter_catalogue()
    assert again.nothing and "Nothing was added" in again.describe()
    assert counts(db) == (9, 5, 9 * settings + 6)


def test_the_trusts_own_entries_stand(db: object) -> None:
    with UnitOfWork(db, LEAD) as uow:  # type: ignore[arg-type]
        uow.session.add(
            Course(code="LW", name="Lone Working", refresher_months=12, esr_competencies=[])
        )
        uow.session.add(StaffGroup(code="NMR", name="Nurses (our name)"))
        uow.session.flush()
        group = uow.session.scalar(select(StaffGroup.id).where(StaffGroup.code == "NMR"))
        course = uow.session.scalar(select(Course.id).where(Course.code == "LW"))
        uow.session.add(
            TrainingRequirement(
                course_id=course, staff_group_id=group, setting_type=SettingType.COMMUNITY
            )
        )
    added = TrainingService(db, LEAD).add_starter_catalogue()  # type: ignore[arg-type]
    assert (added.staff_groups, added.courses, added.needs) == (8, 4, 0)
    with reading(db) as s:  # type: ignore[arg-type]
        assert s.scalar(select(Course.refresher_months).where(Course.code == "LW")) == 12
        assert (
            s.scalar(select(StaffGroup.name).where(StaffGroup.code == "NMR")) == "Nurses (our name)"
        )


def test_needs_the_edit_training_permission(db: object) -> None:
    with pytest.raises(PermissionDeniedError):
        TrainingService(db, STAFF_SIDE).add_starter_catalogue()  # type: ignore[arg-type]
    assert counts(db) == (0, 0, 0)
