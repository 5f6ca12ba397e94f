"""The risk register's filter bar.

The bar turns its controls into the list request's filters (``RiskListSource`` filters them
in SQL): status (live by default: open or tolerated, what the heat map counts), location, band
of the current score, overdue reviews (the risk's own, a control's, or either: what the Home
cards and the sidebar badge count), above target, and a search that waits for a pause in
typing. It wraps onto a second line rather than being clipped on a narrow window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common import flow
from vpr_desktop.views.common.filter_bar import FilterBar

#: The status filter's choices: (words, statuses, what the heat map then counts).
STATUS_CHOICES: tuple[tuple[str, tuple[str, ...] | None, str], ...] = (
    ("Live (open or tolerated)", ("open", "tolerated"), "live risk"),
    ("Open", ("open",), "open risk"),
    ("Tolerated", ("tolerated",), "tolerated risk"),
    ("Closed", ("closed",), "closed risk"),
    ("All statuses", None, "risk"),
)


class FlowLayout(flow.FlowLayout):
    """The shared wrapping layout, with expanding widgets filling their line (``fill``): the
    search box takes the rest of its line."""

    def __init__(
        self, parent: QWidget | None = None, spacing: int = 12, line_spacing: int = 8
    ) -> None:
        super().__init__(parent, spacing, line_spacing, fill=True)


class RiskFilterBar(FilterBar):
    """Status, location, band, overdue, above target and search (last, taking the rest of
    its line).

    Signals:
        status_changed(): the status filter changed (the heat map counts those statuses).
    """

    status_changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        super().__init__(parent, flow=lambda w: FlowLayout(w, spacing=14, line_spacing=8))
        self._today = today
        self.status_box = self.add_combo(
            "status",
            "Status filter",
            [(words, statuses) for words, statuses, _noun in STATUS_CHOICES],
            caption="Status",
            convert=list,
        )
        self.location_box = self.add_combo(
            "location_id", "Location filter", [("All locations", None)], caption="Location"
        )
        self.location_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.location_box.setMinimumContentsLength(14)
        self.location_box.setMaxVisibleItems(20)
        self.band_box = self.add_combo(
            "band", "Current score band filter", [("All bands", None)], caption="Band"
        )
        self.overdue_box = self.add_check(
            "overdue", "Overdue reviews", "Only risks whose review is overdue"
        )
        self.control_overdue_box = self.add_check(
            "control_overdue",
            "Control review overdue",
            "Only risks with a control whose review is overdue",
        )
        self.attention_box = self.add_check(
            "attention",
            "Needs attention",
            "Only risks whose review, or a control's review, is overdue",
        )
        self.above_box = self.add_check(
            "above_target", "Above target", "Only risks scoring above their target"
        )
        self.add_search(
            "Search reference, title, activity or location",
            "Search risks",
            "Filters the register by reference, title, activity or location name",
            chars=26,
        )
        self.search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.status_box.currentIndexChanged.connect(lambda _i: self.status_changed.emit())

    def add(self, widget: QWidget, caption: str = "", *, caption_name: str = "") -> None:
        """Like :meth:`FilterBar.add`, but captions are plain text, not styled as field names."""
        super().add(widget, caption, caption_name=caption_name)  # plain captions here

    def fill(self, locations: Any, matrix: Any) -> None:
        """The locations and the matrix's bands (read when the page opens)."""
        for loc in locations:
            self.location_box.addItem(loc.name, loc.id)
            self.location_box.setItemData(
                self.location_box.count() - 1,
                f"{loc.name} ({loc.code})",
                Qt.ItemDataRole.ToolTipRole,
            )
        for band, summary in zip(matrix.bands, matrix.band_summary(), strict=True):
            self.band_box.addItem(summary, band.key)

    def filters(self) -> dict[str, Any]:
        """The filters these controls ask for (``RiskListSource`` filter names)."""
        out = super().filters()
        if out.keys() & {"overdue", "control_overdue", "attention"}:
            out["as_of"] = self._today()
        return out

    def show_view(self, view: str) -> bool:
        """Only the live risks a Home card or the sidebar badge counts (``PAGE_VIEWS``):
        ``overdue``, ``control_overdue`` or ``attention`` (either)."""
        boxes = {
            "overdue": self.overdue_box,
            "control_overdue": self.control_overdue_box,
            "attention": self.attention_box,
        }
        box = boxes.get(view)
        if box is None:
            return False
        self.show_only(lambda: box.setChecked(True))
        return True

    def statuses(self) -> tuple[Any, ...]:
        """The statuses chosen; every status when the filter is on "Any"."""
        from vpr_desktop.domain.enums import RiskStatus

        chosen = self.status_box.currentData()
        return tuple(RiskStatus(s) for s in chosen) if chosen else tuple(RiskStatus)

    def noun(self) -> str:
        """What the chosen statuses are called ("live risk", "closed risk")."""
        return STATUS_CHOICES[max(self.status_box.currentIndex(), 0)][2]

    def tab_chain(self) -> list[QWidget]:
        """The controls in Tab order, with the search last."""
        return [*super().tab_chain()[1:], self.search]
