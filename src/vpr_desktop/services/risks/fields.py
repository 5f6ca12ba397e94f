"""A risk's and a control's fields as a form or an import gives them: checked before a write
(every problem listed by field, so the form can mark each) and copied onto the row.

Why apart from the service: creating and updating a risk share the same checks and copying,
as adding and changing a control do; the service keeps the transactions, permissions and
versions around them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from vpr_desktop.domain.enums import RiskStatus
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Control
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import RiskAssessment
from vpr_desktop.domain.models import RiskStaffGroup
from vpr_desktop.domain.models import StaffGroup

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.risks.inputs import ControlInput
    from vpr_desktop.services.risks.inputs import RiskInput


def clean_text(value: str | None) -> str | None:
    """Text as stored: stripped, and None when nothing is left."""
    value = (value or "").strip()
    return value or None


def check_risk(s: Session, data: RiskInput) -> None:
    """Refuse a risk whose fields are missing, too long or point at records that are gone."""
    problems: list[tuple[int | None, str, str, str]] = []
    title = clean_text(data.title)
    if title is None:
        problems.append((None, "title", "", "Every risk needs a title."))
    elif len(title) > 500:
        problems.append((None, "title", title[:40], "The title is over 500 characters."))
    if data.activity and len(data.activity.strip()) > 120:
        problems.append((None, "activity", data.activity[:40], "At most 120 characters."))
    if data.reference is not None and not 0 < len(data.reference.strip()) <= 30:
        problems.append((None, "reference", data.reference, "1 to 30 characters."))
    if data.status is RiskStatus.TOLERATED and not clean_text(data.options_note):
        problems.append(
            (
                None,
                "options_note",
                "",
                "A tolerated risk needs an options note saying why it is tolerated.",
            )
        )
    for what, model, ident in (
        ("location_id", Location, data.location_id),
        ("owner_id", Person, data.owner_id),
    ):
        if ident is not None and s.get(model, ident) is None:
            problems.append((None, what, str(ident), "No longer exists; choose again."))
    if data.staff_group_ids:
        found = set(s.scalars(select(StaffGroup.id).where(StaffGroup.id.in_(data.staff_group_ids))))
        for gid in set(data.staff_group_ids) - found:
            problems.append((None, "staff_group_ids", str(gid), "No such staff group."))
    _refuse_if_any("risk", problems)


def apply_risk(ra: RiskAssessment, data: RiskInput) -> None:
    """Copy checked input onto the row (inherent and target default to the current score)."""
    inherent, target = data.inherent or data.current, data.target or data.current
    ra.title = (data.title or "").strip()
    ra.location_id, ra.owner_id = data.location_id, data.owner_id
    ra.activity, ra.description = clean_text(data.activity), clean_text(data.description)
    ra.inherent_likelihood, ra.inherent_consequence = inherent.likelihood, inherent.consequence
    ra.current_likelihood, ra.current_consequence = (
        data.current.likelihood,
        data.current.consequence,
    )
    ra.target_likelihood, ra.target_consequence = target.likelihood, target.consequence
    ra.current_score = data.current.score
    ra.review_date, ra.status = data.review_date, data.status
    ra.options_note = clean_text(data.options_note)


def link_staff_groups(s: Session, risk_id: int, ids: tuple[int, ...]) -> None:
    """Make the risk's staff groups exactly ``ids``: links not listed go, new ones come."""
    existing = {
        g.staff_group_id: g
        for g in s.scalars(select(RiskStaffGroup).where(RiskStaffGroup.risk_id == risk_id))
    }
    for gid, link in existing.items():
        if gid not in ids:
            s.delete(link)
    for gid in dict.fromkeys(ids):
        if gid not in existing:
            s.add(RiskStaffGroup(risk_id=risk_id, staff_group_id=gid))


def check_control(s: Session, data: ControlInput) -> None:
    """Refuse a control with no description or an owner who no longer exists."""
    problems: list[tuple[int | None, str, str, str]] = []
    if not clean_text(data.description):
        problems.append((None, "description", "", "Describe the control."))
    if data.owner_id is not None and s.get(Person, data.owner_id) is None:
        problems.append((None, "owner_id", str(data.owner_id), "No longer exists."))
    _refuse_if_any("control", problems)


def apply_control(c: Control, data: ControlInput) -> None:
    """Copy checked input onto the control's row."""
    c.control_type, c.description = data.control_type, (data.description or "").strip()
    c.owner_id, c.expected_date = data.owner_id, data.expected_date
    c.implemented_date, c.barrier_note = data.implemented_date, clean_text(data.barrier_note)
    c.effectiveness, c.next_review_date = data.effectiveness, data.next_review_date


def _refuse_if_any(what: str, problems: list[tuple[int | None, str, str, str]]) -> None:
    """Refuse the save when any field is wrong, in the same words for a risk and a control:
    the first problem said in the message, every one marked on the form."""
    if problems:
        raise ValidationError(
            f"The {what} was not saved: " + problems[0][3],
            "Correct the fields marked and save again.",
            problems,
        )
