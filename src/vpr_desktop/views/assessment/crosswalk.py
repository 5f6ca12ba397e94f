"""Crosswalk: the 2020 → 2024 links listed one per row (old code and wording, new code and
wording, the theme and note, and whether a person has confirmed it, in words), with buttons to
confirm or unconfirm the selected links or confirm every link shown (``crosswalk_confirm``).
Read-only for anyone who may not edit the assessment. Loaded when the tab is first shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QTreeWidget
from PySide6.QtWidgets import QTreeWidgetItem
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.standard_library import strip_mark
from vpr_desktop.views.assessment.common import refusal_words
from vpr_desktop.views.assessment.crosswalk_confirm import LINK_ID
from vpr_desktop.views.assessment.crosswalk_confirm import CrosswalkConfirming
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import JobRunner

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services

COLUMNS = ("2020 code", "2020 indicator", "2024 code", "2024 indicator", "Theme and note", "State")
STATE_COLUMN = COLUMNS.index("State")


def state_text(item: Any) -> str:
    """Whether a person has confirmed the link, by whom and when, in words."""
    if item.confirmed:
        when = f" on {format_date(item.confirmed_at)}" if item.confirmed_at else ""
        return f"Confirmed by {item.confirmed_by}{when}"
    return "Proposed — not confirmed"


def theme_text(item: Any) -> str:
    """The link's theme, strength and rationale, as one cell of text."""
    parts = []
    if item.to_domain_code or item.to_domain_title:
        parts.append(f"{item.to_domain_code}. {item.to_domain_title}".strip(". "))
    if item.strength:
        parts.append(f"{item.strength.capitalize()} link")
    if item.rationale:
        parts.append(item.rationale)
    if item.retired:
        parts.append("Retired: kept for history")
    return " · ".join(parts)


class CrosswalkPanel(CrosswalkConfirming, QWidget):
    """The 2020 → 2024 crosswalk links, with confirm / unconfirm for editors."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crosswalkPanel")
        self.services = services
        self.items: list[Any] | None = None
        from vpr_desktop.domain.permissions import Permission

        self.can_confirm = (
            services.actor.can(Permission.EDIT_ASSESSMENT) and not services.db.read_only
        )
        self.runner = JobRunner(self, name="Crosswalk task")
        self.intro = label(
            "Each row links an indicator of the 2020 edition to one of the 2024 edition. "
            "Narratives, evidence and actions are carried along a link only once a person has "
            "confirmed it."
            + (
                ""
                if self.can_confirm
                else " You can read the crosswalk; confirming it needs the VPR lead role."
            ),
            self,
            name="crosswalkIntro",
        )
        self.counts = label("", self, name="crosswalkCounts", selectable=True)
        self.counts.setAccessibleName("Crosswalk counts")
        self.message = label("", self, name="crosswalkMessage", selectable=True)
        self.message.setAccessibleName("Crosswalk message")
        self.message.hide()
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("crosswalkTable")
        self.tree.setAccessibleName("Crosswalk links from the 2020 to the 2024 edition")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.confirm_button = push_button(
            "Confirm selected",
            self,
            self.confirm_selected,
            spoken="Confirm the selected crosswalk links",
        )
        self.unconfirm_button = push_button(
            "Unconfirm selected",
            self,
            self.unconfirm_selected,
            spoken="Unconfirm the selected crosswalk links",
        )
        self.confirm_all_button = push_button(
            "Confirm all shown",
            self,
            self.confirm_all_shown,
            spoken="Confirm every crosswalk link shown",
        )
        buttons = QHBoxLayout()
        for button in (self.confirm_button, self.unconfirm_button, self.confirm_all_button):
            button.setVisible(self.can_confirm)
            buttons.addWidget(button)
        buttons.addStretch(1)
        vertical(
            self,
            self.intro,
            self.counts,
            buttons,
            self.message,
            self.runner,
            (self.tree, 1),
            margins=(0, 8, 0, 0),
        )

    # ------------------------------------------------------------ loading
    def load(self) -> None:
        """Read the crosswalk in the background, then show it."""

        self.runner.read(
            lambda: self.services.standards().crosswalk(),
            label="Loading the crosswalk…",
            on_done=self.show_items,
            on_error=self._failed,
        )

    def show_items(self, items: list[Any]) -> None:
        """Replace the rows with ``items``, keeping the selected links selected."""
        self.items = list(items)
        selected = set(self.selected_ids())
        self.tree.clear()
        for item in self.items:
            row = QTreeWidgetItem(
                [
                    item.from_code,
                    strip_mark(item.from_text),
                    item.to_code,
                    strip_mark(item.to_text),
                    theme_text(item),
                    state_text(item),
                ]
            )
            row.setData(0, LINK_ID, item.id)
            row.setToolTip(1, item.from_text)
            row.setToolTip(3, item.to_text)
            self.tree.addTopLevelItem(row)
            row.setSelected(item.id in selected)
        confirmed = sum(1 for i in self.items if i.confirmed)
        self.counts.setText(
            f"{plural(len(self.items), 'link')} · {confirmed} confirmed · "
            f"{len(self.items) - confirmed} proposed, not confirmed"
        )

    # ------------------------------------------------------------ reading
    def row_count(self) -> int:
        """How many links are listed (for tests)."""
        return self.tree.topLevelItemCount()

    def row_of(self, link_id: int) -> QTreeWidgetItem | None:
        """The row of link ``link_id``, or None if it is not listed."""
        for r in range(self.tree.topLevelItemCount()):
            row = self.tree.topLevelItem(r)
            if row.data(0, LINK_ID) == link_id:
                return row
        return None

    def state_of(self, link_id: int) -> str:
        """The state column of link ``link_id`` in words ("" if not listed)."""
        row = self.row_of(link_id)
        return row.text(STATE_COLUMN) if row is not None else ""

    def selected_ids(self) -> list[int]:
        """The ids of the selected links."""
        return [row.data(0, LINK_ID) for row in self.tree.selectedItems()]

    def select_links(self, link_ids: list[int]) -> None:
        """Select exactly the links ``link_ids`` that are listed."""
        self.tree.clearSelection()
        for link_id in link_ids:
            row = self.row_of(link_id)
            if row is not None:
                row.setSelected(True)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _failed(self, exc: BaseException) -> None:
        self._say(refusal_words(exc))
