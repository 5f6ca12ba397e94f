"""The action log's filter bar.

The bar turns what the user picked into ``ActionListSource`` filters — the same dictionary the
Excel export and the packs use, so "overdue, staff-side owner X" means one thing everywhere.
It wraps onto more lines when the window is narrow or scaled (``FlowLayout``) rather than
clipping. Searching waits for a pause in typing so each keystroke does not query.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.action_rules import LIVE_STATUSES
from vpr_desktop.domain.action_rules import SIDE_LABELS
from vpr_desktop.domain.action_rules import SOURCE_LABELS
from vpr_desktop.domain.action_rules import STATUS_LABELS
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import Side
from vpr_desktop.views.common.filter_bar import FilterBar
from vpr_desktop.views.common.filter_bar import refill_combo

if TYPE_CHECKING:
    from vpr_desktop.services.actions.people import OwnerChoices

LIVE = "live"
ALL = "all"
#: What the bar shows before the user touches it: the live actions.
DEFAULT_FILTERS = {"status": sorted(s.value for s in LIVE_STATUSES)}


class ActionFilterBar(FilterBar):
    """Search, status, source, each side's owner, overdue only, needs attention, my actions,
    waiting for me (proposals for my side to accept), clear.

    Status "Live" stands for the live statuses (``DEFAULT_FILTERS``), so it is read here
    rather than declared with a key.
    """

    default_filters = DEFAULT_FILTERS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add_search(
            "Search reference or title",
            "Search actions",
            "Filters the list by action reference or title",
        )
        statuses = [(text, status.value) for status, text in STATUS_LABELS.items()]
        self.status = self.add_combo(
            None,
            "Show actions with status",
            [("Live (not closed or cancelled)", LIVE), ("All statuses", ALL), *statuses],
            caption="Status",
        )
        self.source = self.add_combo(
            "source",
            "Show actions from source",
            [("All sources", None), *((t, s.value) for s, t in SOURCE_LABELS.items())],
            caption="Source",
            convert=lambda v: [v],
        )
        # Each side's owner: one list per side, filled by set_owners.
        self.management, self.staff_side = (
            self.add_combo(key, name, [("Anyone", None)], caption=name, max_chars=30)
            for key, name in (
                ("management_owner_id", "Management owner"),
                ("staff_side_owner_id", "Staff-side owner"),
            )
        )
        self.overdue = self.add_check("overdue", "Overdue only", "Overdue only")
        self.attention = self.add_check(
            "attention",
            "Needs attention",
            "Needs attention: overdue or awaiting sign-off",
        )
        self.mine = self.add_check("mine", "My actions", "My actions: ones I own for either side")
        self.waiting = self.add_check(
            None,
            "Waiting for me",
            "Waiting for me: proposals from the other side for my side to accept",
        )
        self.offer(self.waiting, False)  # offered once the user's sides are known
        self._sides: list[str] = []
        self.clear_button = self.add_clear_button()

    def filters(self) -> dict[str, Any]:
        """The bar as ``ActionListSource`` filters."""
        out = super().filters()
        status = self.status.currentData()
        if status == LIVE:
            out.update(DEFAULT_FILTERS)
        elif status not in (ALL, None):
            out["status"] = [status]
        if self.waiting.isChecked() and self._sides:
            out["waiting_for"] = list(self._sides)
        return out

    def set_waiting(self, counts: Mapping[Side, int]) -> None:
        """The "Waiting for me (n)" box: proposals from the other side waiting for the sides
        this user acts for (``ActionLogService.waiting_counts``, counted with the filter it
        sets, so n is the row count it shows). Hidden for someone who acts for no side."""
        self._sides = [side.value for side in counts]
        total = sum(counts.values())
        self.offer(self.waiting, bool(counts))
        self.waiting.setText(f"Waiting for me ({total:,})")
        per_side = "; ".join(f"{SIDE_LABELS[side]}: {n:,}" for side, n in counts.items())
        self.waiting.setAccessibleName(
            f"Waiting for me: {total:,} proposals for my side to accept"
            + (f" ({per_side})" if len(counts) > 1 else "")
        )
        self.waiting.setToolTip(per_side)

    def show_view(self, view: str) -> bool:
        """What a Home card or the sidebar badge counts (``PAGE_VIEWS``): ``overdue``,
        ``sign_off`` (awaiting sign-off) or ``attention`` (either, each action once)."""
        if view == "overdue":
            self.show_only(lambda: self.overdue.setChecked(True))
        elif view == "attention":
            self.show_only(lambda: self.attention.setChecked(True))
        elif view == "sign_off":
            index = self.status.findData(ActionStatus.AWAITING_SIGN_OFF.value)
            self.show_only(lambda: self.status.setCurrentIndex(index))
        else:
            return False
        return True

    def set_owners(self, owners: OwnerChoices) -> None:
        """Fill both owner lists, keeping whoever was chosen; no ``changed``."""
        for combo, people in (
            (self.management, owners.management),
            (self.staff_side, owners.staff_side),
        ):
            refill_combo(
                combo, "Anyone", [(p.name, p.id) for p in people], tips=[p.label for p in people]
            )
        self.mine.setEnabled(owners.me is not None)
        self.mine.setToolTip(
            f"Actions owned by {owners.me.name} for either side"
            if owners.me is not None
            else "Your login is not linked to a staff record, so no actions are yours here."
        )
