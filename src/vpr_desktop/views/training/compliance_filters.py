"""The Compliance tab's filters: course, location, staff group and the as-of date, the
figures' scope in words, and the filter lists kept in step with what was read.

Why apart from the tab (``training.compliance``), which shows the chart and tables: the filters
decide what is read and how the scope is worded. :class:`ComplianceFilters` is mixed into
:class:`~vpr_desktop.views.training.compliance.ComplianceTab`, which calls
:meth:`ComplianceFilters._filter_bar` while it is built and reloads when a filter changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDateEdit
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.flow import FlowLayout
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.training.compliance_data import ComplianceData
from vpr_desktop.views.training.compliance_data import Filters

ALL_COURSES, ALL_LOCATIONS, ALL_GROUPS = "All courses", "All locations", "All staff groups"


class ComplianceFilters:
    """The filter side of the Compliance tab (a mixin: the tab provides ``load``, ``loaded``
    and ``_filling``, set while the lists are refilled so that refilling never reloads)."""

    loaded: bool
    _filling: bool
    load: Callable[[], None]

    def _filter_bar(self) -> FlowLayout:
        """The course, location and staff group filters and the as-of date, on one wrapping
        line; a new date waits for a pause before the tab counts again."""
        self.course_filter = self._combo("Course filter", ALL_COURSES)
        self.location_filter = self._combo("Location filter", ALL_LOCATIONS)
        self.group_filter = self._combo("Staff group filter", ALL_GROUPS)
        self.as_of = QDateEdit(self)
        self.as_of.setObjectName("asOfDate")
        self.as_of.setAccessibleName("Compliance as of date")
        self.as_of.setToolTip("Compliance on this date (training in date on it)")
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("dd MMM yyyy")
        self.as_of.setDate(QDate.currentDate())
        for inner in self.as_of.findChildren(QLineEdit):  # the date's own text box
            inner.setAccessibleName("Compliance as of date")
        self._date_timer = QTimer(self)
        self._date_timer.setSingleShot(True)
        self._date_timer.setInterval(400)
        self._date_timer.timeout.connect(self.load)
        self.as_of.dateChanged.connect(lambda _d: self._date_timer.start())
        self.today_button = push_button(
            "Today",
            self,
            lambda: self.as_of.setDate(QDate.currentDate()),
            spoken="Set the as-of date to today",
        )
        bar = FlowLayout(spacing=12)
        for caption, widget in (
            ("Course", self.course_filter),
            ("Location", self.location_filter),
            ("Staff group", self.group_filter),
            ("As of", self.as_of),
        ):
            bar.add(self._captioned(caption, widget))
        bar.add(self.today_button)
        return bar

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(15)
        combo.addItem(everything, None)
        combo.currentIndexChanged.connect(self._filter_changed)
        return combo

    def _captioned(self, caption: str, widget: QWidget) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        text = label(caption, box, name="fieldName", wrap=False)
        text.setBuddy(widget)
        row.addWidget(text)
        row.addWidget(widget)
        return box

    def filters(self) -> Filters:
        """What the tab is filtered to now (kept with the data it reads)."""
        date = self.as_of.date()
        return Filters(
            dt.date(date.year(), date.month(), date.day()),
            self.course_filter.currentData(),
            self.location_filter.currentData(),
            self.group_filter.currentData(),
        )

    def _filter_changed(self, _index: int) -> None:
        if not self._filling and self.loaded:
            self.load()

    def filters_are_clear(self) -> bool:
        """No course, location or staff group chosen: an empty result then means nothing
        has been imported, not that the filters left nothing."""
        return all(
            c.currentData() is None
            for c in (self.course_filter, self.location_filter, self.group_filter)
        )

    def scope_words(self) -> str:
        """What the figures cover, in words ("all courses, Ward 1, all staff groups")."""
        parts = [
            c.currentText() if c.currentData() is not None else c.itemText(0).lower()
            for c in (self.course_filter, self.location_filter, self.group_filter)
        ]
        return ", ".join(parts)

    def _fill_filters(self, data: ComplianceData) -> None:
        ref = data.reference
        wanted = (
            (self.course_filter, [(c.id, c.name) for c in data.courses]),
            (self.location_filter, [(lid, name) for lid, name, _s in ref.locations]),
            (self.group_filter, list(ref.staff_groups)),
        )
        self._filling = True
        try:
            for combo, items in wanted:
                have = [(combo.itemData(i), combo.itemText(i)) for i in range(1, combo.count())]
                if have == items:
                    continue
                keep = combo.currentData()
                while combo.count() > 1:
                    combo.removeItem(1)
                for value, text in items:
                    combo.addItem(text, value)
                index = combo.findData(keep) if keep is not None else 0
                combo.setCurrentIndex(max(index, 0))
        finally:
            self._filling = False
