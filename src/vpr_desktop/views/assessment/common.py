"""Shared bits of the Self-assessment page: RAG chips from the scale, flags and counts in words.

A RAG result is always its scale level's label *and* colour (dark text on amber comes from the
scale's ``text_colour``), painted by the risk register's ``ChipDelegate``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Qt

from vpr_desktop.domain.standard_library import WORKING_SUMMARY_MARK
from vpr_desktop.domain.standard_library import Change
from vpr_desktop.views.common.table_model import data_colour

if TYPE_CHECKING:
    from collections.abc import Iterable

    from vpr_desktop.domain.standard_library import ScaleLevel
    from vpr_desktop.services.assessment.records import CycleInfo
    from vpr_desktop.services.assessment.records import RagCounts

WORKING_SUMMARY_NOTE = (
    f"Indicator wording: {WORKING_SUMMARY_MARK}. The official wording "
    "is not shipped with VPR Desktop."
)
#: A rating change in words, by its stored value: the labels of ``Change`` itself.
CHANGE_WORDS = {change.value: change.label for change in Change}


def refusal_words(exc: BaseException) -> str:
    """A refused service call (``VprError``) in the words the page's message line shows; any
    other error is raised again, so the window's crash handler reports it as the bug it is.

    Why one place: the page, the rating editor, the statement and the crosswalk each decided
    the same way which failures are said on screen."""
    from vpr_desktop.domain.errors import VprError

    if not isinstance(exc, VprError):
        raise exc
    return str(exc)


def put(item: Any, role: Qt.ItemDataRole, value: Any) -> None:
    """``setData`` for both item kinds (``QStandardItem`` takes the value first)."""
    from PySide6.QtGui import QStandardItem

    if isinstance(item, QStandardItem):
        item.setData(value, role)
    else:
        item.setData(role, value)


def set_rag(item: Any, level: Any) -> None:
    """Give a ``QStandardItem`` or ``QTableWidgetItem`` the chip of a ``ScaleLevel``."""
    if level is None:
        item.setText("Not in cycle")
        put(item, Qt.ItemDataRole.AccessibleTextRole, "Not in this cycle")
        return
    item.setText(level.label)
    put(item, Qt.ItemDataRole.BackgroundRole, data_colour(level.colour))
    put(item, Qt.ItemDataRole.ForegroundRole, data_colour(level.text_colour))
    put(item, Qt.ItemDataRole.ToolTipRole, level.description)
    put(item, Qt.ItemDataRole.AccessibleTextRole, f"Result: {level.label}")


def flags_of(view: Any) -> list[str]:
    """A rating's flags in words (never a coloured dot alone)."""
    flags = []
    if view.needs_reconfirm:
        flags.append("To re-confirm")
    elif view.carried_forward:
        flags.append("Carried forward, confirm")
    if view.evidence_count == 0:
        flags.append("No evidence")
    if view.evidence_past_review:
        flags.append("Evidence past review")
    if view.open_actions:
        flags.append(f"{view.open_actions} open action{'s' if view.open_actions != 1 else ''}")
    return flags


def counts_text(counts: RagCounts, scale: Iterable[ScaleLevel]) -> str:
    """``Red 2 · Amber 3 · Green 1 · Not assessed 0`` with the scale's labels."""
    from vpr_desktop.domain.enums import Rag

    labels = {level.id: level.label for level in scale}
    return " · ".join(
        f"{labels.get(r, r.value)} {counts.of(r)}"
        for r in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_RATED)
    )


def cycle_status_text(cycle: CycleInfo) -> str:
    """``Signed off · management: A. Lead (12 Mar 2025) · staff side: B. Rep (…)``."""
    from vpr_desktop.views.common.formatting import format_date

    def side(name: str, who: Any, when: Any) -> str:
        if not who:
            return f"{name}: not signed"
        return f"{name}: signed by {who}" + (f" ({format_date(when)})" if when else "")

    return " · ".join(
        (
            cycle.status_label,
            side("Management", cycle.management_signed_by, cycle.management_signed_at),
            side("Staff side", cycle.staff_side_signed_by, cycle.staff_side_signed_at),
        )
    )
