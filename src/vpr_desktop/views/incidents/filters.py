"""The incident list's filter bar: date range, location, type, harm, clinically related or
deliberate, near miss, and the search box.

The bar turns what the user picked into ``IncidentListSource`` filters (the same dictionary
the packs use). A date typed badly is said in words next to the bar and is left out of the
filters until it reads as a date. The bar wraps (``FlowLayout``) rather than clipping at 150%.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QVBoxLayout, QWidget

from vpr_desktop.domain.enums import Harm, IncidentType, Intent
from vpr_desktop.views.actions.filters import captioned
from vpr_desktop.views.actions.forms import DATE_HINT, FlowLayout, parse_date
from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.incidents.form import INTENT_LABELS, TYPE_LABELS

if TYPE_CHECKING:
    from vpr_desktop.services.incidents.records import IncidentChoices

SEARCH_DELAY_MS = 250


class IncidentFilterBar(QWidget):
    """Signals:
    changed(): the filters or (after a pause in typing) the search changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        char = self.fontMetrics().averageCharWidth()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        holder = QWidget(self)
        flow = FlowLayout(holder, spacing=12)
        self.search = QLineEdit(holder)
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Search reference, Datix ID or location")
        self.search.setAccessibleName("Search incidents")
        self.search.setAccessibleDescription(
            "Filters the list by incident reference, Datix ID or location name"
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(char * 40)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.changed.emit)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._now)

        self.date_from = QLineEdit(holder)
        self.date_to = QLineEdit(holder)
        for edit, name in ((self.date_from, "From date"), (self.date_to, "To date")):
            edit.setPlaceholderText(DATE_HINT)
            edit.setAccessibleName(f"{name} ({DATE_HINT}), inclusive")
            edit.setFixedWidth(char * 17)
            edit.setClearButtonEnabled(True)
            edit.textChanged.connect(lambda _t: self._timer.start())
            edit.editingFinished.connect(self._now)
        self.location = QComboBox(holder)
        self.location.setAccessibleName("Location")
        self.location.addItem("All locations", None)
        self.location.setMaximumWidth(char * 34)
        self.location.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.type = QComboBox(holder)
        self.type.setAccessibleName("Type of incident")
        self.type.addItem("Any type", None)
        for kind in IncidentType:
            self.type.addItem(TYPE_LABELS.get(kind, enum_words(kind)), kind.value)
        self.harm = QComboBox(holder)
        self.harm.setAccessibleName("Harm")
        self.harm.addItem("Any harm", None)
        for harm in Harm:
            self.harm.addItem(enum_words(harm), harm.value)
        self.intent = QComboBox(holder)
        self.intent.setAccessibleName("Clinically related or deliberate")
        self.intent.addItem("Clinically related or deliberate", None)
        for intent in Intent:
            words = (
                "Intent not known"
                if intent is Intent.UNKNOWN
                else INTENT_LABELS[intent].split(" (")[0]
            )
            self.intent.addItem(words, intent.value)
        self.near_miss = QComboBox(holder)
        self.near_miss.setAccessibleName("Near misses")
        self.near_miss.addItem("Near misses and incidents", None)
        self.near_miss.addItem("Near misses only", True)
        self.near_miss.addItem("Not near misses", False)
        self.clear_button = QPushButton("Clear filters", holder)
        self.clear_button.setAccessibleName("Clear filters and search")
        self.clear_button.clicked.connect(self.clear)
        for combo in self.combos():
            combo.currentIndexChanged.connect(self._now)
        flow.add(self.search)
        flow.add(captioned("From", self.date_from, holder))
        flow.add(captioned("To", self.date_to, holder))
        flow.add(captioned("Location", self.location, holder))
        flow.add(self.type)
        flow.add(self.harm)
        flow.add(self.intent)
        flow.add(self.near_miss)
        flow.add(self.clear_button)
        outer.addWidget(holder)
        self.problem = label("", self, name="fieldError")
        self.problem.hide()
        outer.addWidget(self.problem)

    def set_choices(self, choices: IncidentChoices) -> None:
        chosen = self.location.currentData()
        self.location.blockSignals(True)
        self.location.clear()
        self.location.addItem("All locations", None)
        for loc_id, _code, name in choices.locations:
            self.location.addItem(name, loc_id)
        self.location.setCurrentIndex(max(0, self.location.findData(chosen)))
        self.location.blockSignals(False)

    def combos(self) -> tuple[QComboBox, ...]:
        return (self.location, self.type, self.harm, self.intent, self.near_miss)

    def _now(self, *_args: object) -> None:
        self._timer.stop()
        self.changed.emit()

    def search_text(self) -> str:
        return self.search.text().strip()

    def _dates(self) -> tuple[dt.date | None, dt.date | None, str]:
        out: list[dt.date | None] = []
        for edit, name in ((self.date_from, "From"), (self.date_to, "To")):
            try:
                out.append(parse_date(edit.text()))
            except ValueError:
                return None, None, f"{name} date: write it as {DATE_HINT}."
        start, end = out
        if start and end and start > end:
            return None, None, "The From date is after the To date."
        return start, end, ""

    def filters(self) -> dict[str, Any]:
        """The bar as ``IncidentListSource`` filters."""
        out: dict[str, Any] = {}
        start, end, problem = self._dates()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if start is not None:
            out["from"] = start
        if end is not None:
            out["to"] = end
        for combo, key in (
            (self.location, "location_id"),
            (self.type, "type"),
            (self.harm, "harm"),
            (self.intent, "intent"),
            (self.near_miss, "near_miss"),
        ):
            value = combo.currentData()
            if value is not None:
                out[key] = value
        return out

    def is_default(self) -> bool:
        return not self.search_text() and not self.filters()

    def clear(self) -> None:
        widgets: list[QWidget] = [self.search, self.date_from, self.date_to, *self.combos()]
        for widget in widgets:
            widget.blockSignals(True)
        for edit in (self.search, self.date_from, self.date_to):
            edit.clear()
        for combo in self.combos():
            combo.setCurrentIndex(0)
        for widget in widgets:
            widget.blockSignals(False)
        self._now()

    def tab_chain(self) -> list[QWidget]:
        return [self.search, self.date_from, self.date_to, *self.combos(), self.clear_button]
