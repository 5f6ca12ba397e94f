"""The words of one action: its status, reference, sign-off state and timeline entries.

Everything is said in text — "Overdue – it was due on 12 Oct 2026", "Staff side: not yet
signed" — so nothing depends on colour, and a screen reader hears what a sighted user sees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vpr_desktop.domain.action_rules import KIND_LABELS
from vpr_desktop.domain.action_rules import SIDE_LABELS
from vpr_desktop.domain.action_rules import SIDE_NAMES
from vpr_desktop.domain.action_rules import SOURCE_ENTITIES
from vpr_desktop.domain.action_rules import SOURCE_LABELS
from vpr_desktop.domain.action_rules import STATUS_LABELS
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import Side
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.formatting import format_datetime

if TYPE_CHECKING:
    from vpr_desktop.services.actions.records import ActionDetail
    from vpr_desktop.services.actions.records import TimelineEntry


def status_sentence(detail: ActionDetail) -> str:
    """``Status: In progress. Overdue – it was due on 12 Oct 2026.`` (words, not colour); a
    proposal says which side it waits for."""
    text = f"Status: {STATUS_LABELS[detail.status]}."
    if detail.proposed_by is not None:
        waiting = "management" if detail.proposed_by is Side.STAFF_SIDE else "the staff side"
        text = (
            f"Status: Proposed by the {SIDE_NAMES[detail.proposed_by]} – waiting for "
            f"{waiting} to accept it and name its owner."
        )
    if detail.overdue and detail.due_date is not None:
        text += f" Overdue – it was due on {format_date(detail.due_date)}."
    elif detail.due_date is not None:
        text += f" Due on {format_date(detail.due_date)}."
    else:
        text += " No due date."
    return text


def reference_line(detail: ActionDetail) -> str:
    """``ACT-0012 · Risk (risk assessment 14) · raised 03 Mar 2026``."""
    source = SOURCE_LABELS[detail.source]
    if detail.source_entity and detail.source_id is not None:
        what = SOURCE_ENTITIES.get(detail.source_entity, detail.source_entity).lower()
        source += f" ({what} {detail.source_id})"
    parts = [detail.reference, source]
    if detail.created_at is not None:
        parts.append(f"raised {format_date(detail.created_at)}")
    return " · ".join(parts)


def sign_off_line(detail: ActionDetail, side: Side) -> str:
    """``Management: signed by Pat Lead on 03 Nov 2026`` / ``Staff side: not yet signed``."""
    state = detail.sign_off_for(side)
    if not state.signed:
        return f"{SIDE_LABELS[side]}: not yet signed"
    return (
        f"{SIDE_LABELS[side]}: signed by {state.signed_by_name or state.signed_by} "
        f"on {format_date(state.signed_at)}"
    )


def sign_off_summary(detail: ActionDetail) -> str:
    """Where the action stands on sign-off: closed, cancelled, or whose sign-off is awaited."""
    status = detail.status
    if status is ActionStatus.CLOSED:
        when = f" on {format_date(detail.closed_at)}" if detail.closed_at else ""
        return f"Closed{when}: both sides have signed it off."
    if status is ActionStatus.CANCELLED:
        reason = f" Reason: {detail.cancel_reason}" if detail.cancel_reason else ""
        return f"Cancelled by management.{reason}"
    if status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS):
        return (
            "Not signed yet. Sign-off opens once the action is marked done; then each side "
            "signs it off, and it closes when both have."
        )
    missing = sorted(detail.awaiting_sides)
    if len(missing) == 1:
        return f"Waiting for the {SIDE_NAMES[missing[0]]} to sign it off; it closes when they do."
    return "Not signed yet. When the work is done each side signs it off; it closes when both have."


def entry_lines(entry: TimelineEntry) -> tuple[str, str]:
    """(who and when, what) for one timeline entry, in words."""
    who = [format_datetime(entry.at), entry.by_name]
    if entry.side is not None:
        who.append(SIDE_LABELS[entry.side])
    who.append(KIND_LABELS[entry.kind])
    what = []
    if entry.new_status is not None:
        old = STATUS_LABELS[entry.old_status] if entry.old_status else "new"
        what.append(f"Status: {old} → {STATUS_LABELS[entry.new_status]}.")
    if entry.text:
        what.append(entry.text)
    return " · ".join(who), "\n".join(what)
