"""The sidebar: one row per page this person may use, with attention counts in the text.

Filled before the first paint (the start page's single "Home" row), so nothing here may touch
the ``Qt`` namespace: item data roles are plain ints. Badges are words and numbers, never a
coloured dot alone (UI.md), and screen readers hear "Support queue, 12 need attention".

Narrow mode: at 150% on a 1366 x 768 laptop the full titles ("Roles and responsibilities
(12)") took a third of the window, so the sidebar can collapse to short labels ("Roles (12)")
while each row keeps its full accessible text and a tooltip with the full title. The
:class:`~vpr_desktop.views.sidebar_panel.SidebarPanel` holds the list and the button that
collapses or widens it (Ctrl+\\ does the same, from the window); the choice is remembered, and
a first start in a window narrower than :data:`NARROW_BELOW` logical pixels starts narrow. In a
window too short for every page at full row height (150% on 1366 x 768 with the taskbar and
title bar taken off), the rows tighten so the last page, Settings, stays in view without a
scrollbar.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QListWidget
from PySide6.QtWidgets import QListWidgetItem
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.navigation import PAGES_BY_KEY
from vpr_desktop.views.navigation import PageSpec
from vpr_desktop.views.sidebar_words import badge_counts
from vpr_desktop.views.sidebar_words import short_spec
from vpr_desktop.views.sidebar_words import sidebar_accessible_text
from vpr_desktop.views.sidebar_words import sidebar_text

if TYPE_CHECKING:
    from vpr_desktop.services.common.summary import AttentionItem

#: Qt::UserRole and Qt::AccessibleTextRole as plain ints (see the module docstring).
KEY_ROLE = 256
ACCESSIBLE_TEXT_ROLE = 11
START_KEY = "start"  # the only row while no database is open
#: The remembered choice (``"true"``/``"false"``; absent: decided by the window's width).
SETTINGS_NARROW = "window/sidebar_narrow"
#: A window narrower than this (logical pixels: 1366 px at 150% is 911) starts narrow.
NARROW_BELOW = 1000
TOGGLE_SHORTCUT = "Ctrl+\\"
#: The rows' vertical padding and the list's own (ui/style.qss): a row is the font's height
#: plus twice the padding. Shorter than every row at that height, the rows tighten.
ROW_PADDING = 8
LIST_PADDING = 8


class Sidebar(QListWidget):
    """Signals: page_chosen(str): the person moved to the row of the page with this key."""

    page_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAccessibleName("Pages")
        self.setAccessibleDescription(
            "Choose a page; the number in brackets is how many items need attention"
        )
        self.setUniformItemSizes(True)
        self.setProperty("horizontalScrollBarPolicy", 1)  # Qt::ScrollBarAlwaysOff
        self._badges: dict[str, int] = {}
        #: Page key -> the filter its badge counts (see :meth:`badge_view`).
        self._badge_views: dict[str, str] = {}
        self._narrow = False
        self.setProperty("tight", False)
        self.currentRowChanged.connect(self._on_row)

    def resizeEvent(self, event: Any) -> None:  # Qt override
        """A height change may leave too little room for every row (see :meth:`fit_rows`)."""
        super().resizeEvent(event)
        self.fit_rows()

    def is_tight(self) -> bool:
        """True while the rows are tightened to fit the height."""
        return bool(self.property("tight"))

    def fit_rows(self) -> None:
        """Tighten the rows (``tight`` style property) when the list is shorter than every
        page at full row height, so no page (Settings, last) is cut off below the fold at
        150% on a 1366 x 768 laptop. Decided from the height alone, never from the rows'
        current size, so it cannot flip back and forth."""
        self.ensurePolished()
        full = self.count() * (self.fontMetrics().height() + 2 * ROW_PADDING)
        tight = self.height() < full + 2 * LIST_PADDING + 2 * self.frameWidth()
        if tight != self.is_tight():
            self.setProperty("tight", tight)
            self.style().unpolish(self)
            self.style().polish(self)
            self.doItemsLayout()

    def preferred_width(self, narrow: bool | None = None) -> int:
        """Wide enough for the longest title (short titles when ``narrow``; default: the
        current mode) with a 4-digit badge, padding and border."""
        # The style sheet sets the sidebar's font: measure with it, not the default font,
        # or "Support queue (146)" is clipped.
        self.ensurePolished()
        metrics = self.fontMetrics()
        short = self._narrow if narrow is None else narrow
        widest = max(
            metrics.horizontalAdvance(sidebar_text(short_spec(spec) if short else spec, 9999))
            for spec in PAGES_BY_KEY.values()
        )
        return widest + 2 * 14 + 4 + 2 * metrics.averageCharWidth() + 8

    def is_narrow(self) -> bool:
        """True while the rows show short labels."""
        return self._narrow

    def set_narrow(self, narrow: bool) -> None:
        """Short labels (``narrow``) or full titles; accessible texts stay whole either way."""
        self._narrow = narrow
        self.setAccessibleDescription(
            "Choose a page; the number in brackets is how many items need attention"
            + ("; short labels, each with its full title as a tooltip" if narrow else "")
        )
        for row in range(self.count()):
            item = self.item(row)
            spec = PAGES_BY_KEY.get(str(item.data(KEY_ROLE)))
            if spec is not None:
                self._label(item, spec)

    def show_start(self) -> None:
        """No database open: a single "Home" row, for the start page."""
        self.blockSignals(True)
        self.clear()
        item = QListWidgetItem("Home")
        item.setData(KEY_ROLE, START_KEY)
        item.setData(ACCESSIBLE_TEXT_ROLE, "Home")
        self.addItem(item)
        self.setCurrentRow(0)
        self.blockSignals(False)

    def fill(self, specs: Iterable[PageSpec], current: str | None = None) -> None:
        """One row per page, without badges until the home summary has counted."""
        self._badges = {}
        self._badge_views = {}
        self.blockSignals(True)
        self.clear()
        for spec in specs:
            item = QListWidgetItem()
            item.setData(KEY_ROLE, spec.key)
            self.addItem(item)
            self._label(item, spec)
        self.blockSignals(False)
        self.fit_rows()
        if current is not None:
            self.select(current)

    def set_badges(self, counts: Mapping[str, int]) -> None:
        """The attention counts by page key (``sidebar_words.badge_counts``)."""
        self._badges = dict(counts)
        for row in range(self.count()):
            item = self.item(row)
            spec = PAGES_BY_KEY.get(str(item.data(KEY_ROLE)))
            if spec is not None:
                self._label(item, spec)

    def show_badges(self, badges: Sequence[AttentionItem]) -> None:
        """The home summary's badges: their counts in the rows, and the filter each one
        counts, so that a first visit can open the rows its number promised."""
        self.set_badges(badge_counts(badges))
        self._badge_views = {b.page: b.view for b in badges if b.count}

    def badge_view(self, key: str) -> str:
        """The filter the badge of page ``key`` counts ("" when it shows none)."""
        return self._badge_views.get(key, "")

    def _label(self, item: QListWidgetItem, spec: PageSpec) -> None:
        count = self._badges.get(spec.key, 0)
        item.setText(sidebar_text(short_spec(spec) if self._narrow else spec, count))
        item.setData(ACCESSIBLE_TEXT_ROLE, sidebar_accessible_text(spec, count))
        item.setToolTip(
            f"{sidebar_text(spec, count)}: {spec.purpose}" if self._narrow else spec.purpose
        )

    def select(self, key: str) -> None:
        """Mark the row of ``key`` current without asking for the page again."""
        for row in range(self.count()):
            if self.item(row).data(KEY_ROLE) == key:
                self.blockSignals(True)
                self.setCurrentRow(row)
                self.blockSignals(False)
                return

    def keys(self) -> list[str]:
        """The page keys listed, top to bottom."""
        return [str(self.item(r).data(KEY_ROLE)) for r in range(self.count())]

    def texts(self) -> list[str]:
        """The entries as shown, badges included."""
        return [self.item(r).text() for r in range(self.count())]

    def _on_row(self, row: int) -> None:
        item = self.item(row) if row >= 0 else None
        if item is not None:
            self.page_chosen.emit(str(item.data(KEY_ROLE)))
