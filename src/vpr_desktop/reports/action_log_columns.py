"""The action log workbook's columns: what each sheet shows of an action and a timeline entry,
and the wording of its labels. Kept apart from :mod:`vpr_desktop.reports.action_log_xlsx`
(which writes and audits the file) so a change to what a committee sees in a column is made
in one short list.
"""

from __future__ import annotations

from collections.abc import Sequence

from vpr_desktop.domain.action_rules import KIND_LABELS
from vpr_desktop.domain.action_rules import PRIORITY_LABELS
from vpr_desktop.domain.action_rules import SIDE_LABELS
from vpr_desktop.domain.action_rules import SOURCE_ENTITIES
from vpr_desktop.domain.action_rules import SOURCE_LABELS
from vpr_desktop.domain.action_rules import STATUS_LABELS
from vpr_desktop.reports.xlsx_export import Column
from vpr_desktop.services.actions.records import ExportAction
from vpr_desktop.services.actions.records import ExportEntry


def _source_record(a: ExportAction) -> str | None:
    if a.source_entity is None:
        return None
    return f"{SOURCE_ENTITIES.get(a.source_entity, a.source_entity)} {a.source_id}"


ACTION_COLUMNS: Sequence[Column[ExportAction]] = (
    Column("Reference", 11, lambda a: a.reference),
    Column("Title", 48, lambda a: a.title, wrap=True),
    Column("Description", 60, lambda a: a.description, wrap=True),
    Column("Source", 20, lambda a: SOURCE_LABELS[a.source]),
    Column("Source record", 24, _source_record),
    Column("Status", 24, lambda a: STATUS_LABELS[a.status]),
    Column("Priority", 10, lambda a: PRIORITY_LABELS[a.priority]),
    Column("Due date", 12, lambda a: a.due_date),
    Column("Overdue", 9, lambda a: "Yes" if a.overdue else "No"),
    Column("Management owner", 24, lambda a: a.management_owner),
    Column("Staff-side owner", 24, lambda a: a.staff_side_owner),
    Column("Management signed", 17, lambda a: a.management_signed_at),
    Column("Staff side signed", 17, lambda a: a.staff_side_signed_at),
    Column("Cancel reason", 30, lambda a: a.cancel_reason, wrap=True),
    Column("Created", 17, lambda a: a.created_at),
    Column("Closed", 17, lambda a: a.closed_at),
)


def _status_change(e: ExportEntry) -> str | None:
    if e.new_status is None:
        return None
    old = STATUS_LABELS[e.old_status] if e.old_status else "(new)"
    return f"{old} → {STATUS_LABELS[e.new_status]}"


TIMELINE_COLUMNS: Sequence[Column[ExportEntry]] = (
    Column("Action reference", 16, lambda e: e.reference),
    Column("When", 17, lambda e: e.at),
    Column("Who", 24, lambda e: e.by_name),
    Column("Side", 12, lambda e: SIDE_LABELS[e.side] if e.side else None),
    Column("Kind", 14, lambda e: KIND_LABELS[e.kind]),
    Column("Text", 70, lambda e: e.text, wrap=True),
    Column("Status change", 34, _status_change),
)
