from __future__ import annotations

import datetime as dt

from vpr_desktop.domain.enums import VprRoleType
from vpr_desktop.domain.vpr_roles_rules import ROLE_LABEL
from vpr_desktop.domain.vpr_roles_rules import ROLE_LEVEL
from vpr_desktop.domain.vpr_roles_rules import GapKind
from vpr_desktop.domain.vpr_roles_rules import RoleFacts
from vpr_desktop.domain.vpr_roles_rules import gaps

TODAY = dt.date(2026, 6, 30)


def facts(**kw: object) -> RoleFacts:
    base = dict(
        role_type=VprRoleType.VPR_LEAD,
        required=True,
        has_holder=True,
        has_deputy=True,
        holder_left=False,
        review_date=None,
        competence_required=None,
        competence_held=None,
        competence_expires=None,
    )
    base.update(kw)
    return RoleFacts(**base)  # type: ignore[arg-type]


def kinds(f: RoleFacts) -> list[GapKind]:
    return [k for k, _ in gaps(f, TODAY)]


def test_every_role_type_has_a_level_and_label() -> None:
    assert set(ROLE_LEVEL) == set(VprRoleType) == set(ROLE_LABEL)


def test_gap_rules() -> None:
    assert kinds(facts()) == []
    assert kinds(facts(has_holder=False)) == [GapKind.VACANT]
    assert kinds(facts(has_holder=False, required=False)) == []
    assert kinds(facts(has_deputy=False)) == [GapKind.NO_DEPUTY]
    assert kinds(facts(holder_left=True)) == [GapKind.HOLDER_LEFT]
    assert kinds(facts(review_date=TODAY)) == []
    assert kinds(facts(review_date=TODAY - dt.timedelta(days=1))) == [GapKind.REVIEW_OVERDUE]
    assert kinds(facts(competence_required="RSPH 4")) == [GapKind.COMPETENCE_MISSING]
    assert (
        kinds(
            facts(competence_required="RSPH 4", competence_held="RSPH 4", competence_expires=TODAY)
        )
        == []
    )
    assert kinds(
        facts(
            competence_required="RSPH 4",
            competence_held="RSPH 4",
            competence_expires=dt.date(2026, 6, 29),
        )
    ) == [GapKind.COMPETENCE_EXPIRED]
    message = gaps(facts(has_holder=False, role_type=VprRoleType.STRATEGIC_LEAD), TODAY)[0][1]
    assert message == "Named strategic lead: no one holds this required role"
