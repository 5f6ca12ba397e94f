"""The risk register workbook's Register and Controls columns: what each shows of a risk and a
control. The Register headings are ones ``resources/import_formats/risks.toml`` recognises, so
an exported register can be imported into another database; keeping them in one list apart
from the file writing (:mod:`vpr_desktop.reports.risk_register_xlsx`) keeps that promise
visible where a heading is changed.
"""

from __future__ import annotations

from collections.abc import Sequence

from vpr_desktop.reports.xlsx_export import Column
from vpr_desktop.services.risks.records import ControlView
from vpr_desktop.services.risks.register_export import ExportRisk


def _words(value: object) -> str | None:
    if value is None:
        return None
    text = str(getattr(value, "value", value)).replace("_", " ")
    return text[:1].upper() + text[1:]


def _controls_text(risk: ExportRisk) -> str | None:
    lines = [f"{_words(c.control_type)}: {c.description}" for c in risk.controls]
    return "\n".join(lines) or None


REGISTER_COLUMNS: Sequence[Column[ExportRisk]] = (
    Column("Reference", 11, lambda r: r.row.reference),
    Column("Title", 44, lambda r: r.row.title, wrap=True),
    Column("Location code", 12, lambda r: r.location_code),
    Column("Location", 28, lambda r: r.row.location),
    Column("Activity", 22, lambda r: r.row.activity),
    Column("Description", 50, lambda r: r.description, wrap=True),
    Column("Staff groups", 30, lambda r: "; ".join(r.staff_groups) or None, wrap=True),
    Column("Owner employee number", 14, lambda r: r.owner_employee_number),
    Column("Owner", 22, lambda r: r.row.owner),
    Column("Inherent likelihood", 10, lambda r: r.row.inherent.likelihood),
    Column("Inherent consequence", 11, lambda r: r.row.inherent.consequence),
    Column("Inherent score", 13, lambda r: r.row.inherent),
    Column("Current likelihood", 10, lambda r: r.row.current.likelihood),
    Column("Current consequence", 11, lambda r: r.row.current.consequence),
    Column("Current score", 13, lambda r: r.row.current),
    Column("Target likelihood", 10, lambda r: r.row.target.likelihood),
    Column("Target consequence", 11, lambda r: r.row.target.consequence),
    Column("Target score", 13, lambda r: r.row.target),
    Column("Trend", 16, lambda r: r.row.trend.label),
    Column("Review date", 12, lambda r: r.row.review_date),
    Column("Status", 11, lambda r: _words(r.row.status)),
    Column("Options note", 40, lambda r: r.options_note, wrap=True),
    Column("Controls", 50, _controls_text, wrap=True),
    Column("Flags", 50, lambda r: "\n".join(f.message for f in r.flags) or None, wrap=True),
)

CONTROL_COLUMNS: Sequence[Column[tuple[str, ControlView]]] = (
    Column("Risk reference", 12, lambda rc: rc[0]),
    Column("Type", 20, lambda rc: _words(rc[1].control_type)),
    Column("Control", 50, lambda rc: rc[1].description, wrap=True),
    Column("Owner", 22, lambda rc: rc[1].owner),
    Column("Expected by", 12, lambda rc: rc[1].expected_date),
    Column("Implemented", 12, lambda rc: rc[1].implemented_date),
    Column(
        "On time",
        9,
        lambda rc: None if rc[1].on_time is None else ("Yes" if rc[1].on_time else "No"),
    ),
    Column("Late", 7, lambda rc: "Yes" if rc[1].late else "No"),
    Column("Barrier note", 36, lambda rc: rc[1].barrier_note, wrap=True),
    Column("Effectiveness", 18, lambda rc: _words(rc[1].effectiveness)),
    Column("Next effectiveness review", 14, lambda rc: rc[1].next_review_date),
    Column("Review overdue", 9, lambda rc: "Yes" if rc[1].review_overdue else "No"),
)
