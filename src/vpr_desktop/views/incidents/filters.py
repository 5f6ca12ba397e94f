"""The incident list's filter bar: date range, location, type, harm, clinically related or
deliberate, near miss, RIDDOR state, and the search box.

The bar turns what the user picked into ``IncidentListSource`` filters (the same dictionary
the packs use). A date typed badly is said in words next to the bar and is left out of the
filters until it reads as a date. The bar wraps (``FlowLayout``) rather than clipping at 150%.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Intent
from vpr_desktop.domain.riddor import RIDDOR_STATES
from vpr_desktop.views.actions.forms import DATE_HINT
from vpr_desktop.views.actions.forms import date_filters
from vpr_desktop.views.common.filter_bar import SEARCH_DELAY_MS
from vpr_desktop.views.common.filter_bar import FilterBar
from vpr_desktop.views.common.filter_bar import refill_combo
from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.incidents.form import INTENT_LABELS
from vpr_desktop.views.incidents.form import TYPE_LABELS

if TYPE_CHECKING:
    from vpr_desktop.services.incidents.records import IncidentChoices

__all__ = ["SEARCH_DELAY_MS", "IncidentFilterBar"]


def _intent_words(intent: Intent) -> str:
    return "Intent not known" if intent is Intent.UNKNOWN else INTENT_LABELS[intent].split(" (")[0]


class IncidentFilterBar(FilterBar):
    """Search, date range, location, type, harm, intent, near miss, clear; a date typed
    badly is said on the line below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, spacing=12, problem_line=True)
        self.add_search(
            "Search reference, Datix ID or location",
            "Search incidents",
            "Filters the list by incident reference, Datix ID or location name",
            chars=40,
        )
        self.date_from = QLineEdit(self.holder)
        self.date_to = QLineEdit(self.holder)
        for edit, name in ((self.date_from, "From"), (self.date_to, "To")):
            edit.setPlaceholderText(DATE_HINT)
            edit.setAccessibleName(f"{name} date ({DATE_HINT}), inclusive")
            edit.setFixedWidth(self.char * 17)
            edit.setClearButtonEnabled(True)
            self.watch_text(edit)
            self.add(edit, name)
        self.location = self.add_combo(
            "location_id", "Location", [("All locations", None)], caption="Location"
        )
        self.location.setMaximumWidth(self.char * 34)
        self.location.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        types = [(TYPE_LABELS.get(k, enum_words(k)), k.value) for k in IncidentType]
        self.type = self.add_combo("type", "Type of incident", [("Any type", None), *types])
        harms = [(enum_words(h), h.value) for h in Harm]
        self.harm = self.add_combo("harm", "Harm", [("Any harm", None), *harms])
        intents = [(_intent_words(i), i.value) for i in Intent]
        self.intent = self.add_combo(
            "intent",
            "Clinically related or deliberate",
            [("Clinically related or deliberate", None), *intents],
        )
        self.near_miss = self.add_combo(
            "near_miss",
            "Near misses",
            [
                ("Near misses and incidents", None),
                ("Near misses only", True),
                ("Not near misses", False),
            ],
        )
        self.riddor = self.add_combo(
            "riddor",
            "RIDDOR",
            [("Any RIDDOR state", None), *((words, key) for key, words in RIDDOR_STATES.items())],
        )
        self.clear_button = self.add_clear_button()

    def show_riddor(self, state: str) -> bool:
        """Only the incidents in one RIDDOR state (every other filter cleared), with one
        ``changed``: what a Home card opens, so the page shows exactly the card's figure."""
        index = self.riddor.findData(state)
        if index < 0:
            return False
        self.show_only(lambda: self.riddor.setCurrentIndex(index))
        return True

    def set_choices(self, choices: IncidentChoices) -> None:
        """Refill the location filter from ``choices``, keeping the location chosen."""
        refill_combo(
            self.location,
            "All locations",
            [(name, loc_id) for loc_id, _code, name in choices.locations],
        )

    def filters(self) -> dict[str, Any]:
        """The bar as ``IncidentListSource`` filters."""
        out = super().filters()
        dates, problem = date_filters(self.date_from, self.date_to, "from", "to")
        self.show_problem(problem)
        return {**out, **dates}
