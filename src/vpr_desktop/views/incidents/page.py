"""Incidents: the row-level incident list with its filter bar, and the detail / form beside it.

The list opens on the first page of the newest incidents whatever the size of the database
(a count and one keyset page), then loads more as the user scrolls. Every filter (date range,
location, type, harm, clinically related or deliberate, near miss) and the search are a new
SQL request; searching waits for a pause in typing (250 ms) so each keystroke does not query.

Beside the list (a splitter whose position is remembered) the detail panel shows the chosen
incident: its RIDDOR box, the staff affected with their support steps, and its timeline
(``incident_detail``). Enter or double-click opens it full width; Esc goes back to the list;
Ctrl+N starts a new incident; Ctrl+S saves the form. Writes run in the background; after one
the list is reloaded and ``data_changed`` tells the window to recount the sidebar's badges.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.actions.forms import name_combo_lists
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.list_base import ListTexts
from vpr_desktop.views.common.list_base import link_tab_order
from vpr_desktop.views.common.list_base import new_button
from vpr_desktop.views.common.list_page import ListPage
from vpr_desktop.views.common.table_model import LazyTableModel
from vpr_desktop.views.common.table_model import ModelIndex
from vpr_desktop.views.common.write_guard import allow
from vpr_desktop.views.common.write_guard import write_refusal
from vpr_desktop.views.incidents.filters import SEARCH_DELAY_MS
from vpr_desktop.views.incidents.filters import IncidentFilterBar

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services
    from vpr_desktop.services.incidents.records import IncidentDetail
    from vpr_desktop.views.incidents.detail import IncidentDetailPanel

__all__ = ["SEARCH_DELAY_MS", "IncidentsPage"]

SETTINGS_SPLITTER = "pages/incidents/splitter"
EMPTY_HEADING = "No incidents yet"
EMPTY_LINES = [
    "Incidents appear here, newest first, once they are in the database.",
    "Next step: New incident (Ctrl+N), or Data > Import incidents from Datix….",
]
EMPTY_LINES_READER = [
    "Incidents appear here, newest first, once they are in the database.",
    "They are recorded by the VPR team (New incident) or imported from Datix.",
]
#: Columns are sized from their heading and first rows (the source's pixel widths assume one
#: font size; the text itself scales with the display).
SIZE_SAMPLE_ROWS = 60
MAX_COLUMN_CHARS = 28
MIN_TEXT_COLUMN_CHARS = 14
CELL_PADDING = 16  # the style sheet's 6 px each side of a cell, and a little air
LONG_TEXT_CHARS = 22


class IncidentsPage(ListPage):
    """The incident list, with the chosen incident's detail (or the new-incident form) beside it.

    Signals:
        data_changed(): something was written (the window recounts the home summary and badges).
    """

    TEXTS = ListTexts(
        table_name="incidentTable",
        table_label="Incidents",
        count_label="Number of incidents shown",
        problem_heading="Incidents cannot be shown",
        empty_heading=EMPTY_HEADING,
        splitter_name="incidentSplitter",
        splitter_key=SETTINGS_SPLITTER,
    )
    SPLITTER_CHARS = (110, 70)
    EMPTY_BESIDE_DETAIL = True
    SELECT_FIRST = False
    COUNT_WRAPS = False

    def setup(self) -> None:
        """The New incident button, shown only to people who may record incidents (nobody yet
        while the page shows its start-up rows without services: see :meth:`take_services`)."""
        self.new_button = new_button("New incident", self.new_incident, self, visible=False)
        self.header.add_action(self.new_button)
        self.setup_actions()

    def take_services(self, services: Services) -> IncidentsPage:
        """The services have arrived for a page built at start-up without them (showing its
        first rows read early, ``views/early_rows.py``): add what needs them -- New incident,
        the detail panel -- and let the list open for real when the page is activated."""
        self.services = services
        self.setup_actions()
        slot = self._detail_slot
        detail = self.make_detail()
        if slot is not None and self.splitter is not None:
            if detail is not None:  # where the blank pane was, at the width it was given
                self.splitter.replaceWidget(self.splitter.indexOf(slot), detail)
                slot.deleteLater()
            else:
                slot.hide()
        self._detail_slot = None
        for paragraph, text in zip(self.empty.paragraphs, self.empty_lines(), strict=False):
            paragraph.setText(text)
        self._finish_layout()
        return self

    def setup_actions(self) -> None:
        """New incident for people who may record incidents, once the services say who."""
        services = self.services
        self.can_create = services is not None and services.actor.can("edit_incidents")  # type: ignore[arg-type]
        self.new_button.setVisible(self.can_create)
        allow(self.new_button, True, write_refusal(services.db if services else None))

    def empty_lines(self) -> list[str]:
        """What the empty log says: recorders are told how to add the first incident."""
        return EMPTY_LINES if self.can_create else EMPTY_LINES_READER

    def make_filter_bar(self) -> IncidentFilterBar:
        """The incident filters: search, date range, location, type, harm and intent."""
        return IncidentFilterBar(self)

    def make_detail(self) -> QWidget | None:
        """The incident panel, or None for someone who may not read single incidents."""
        self.detail: IncidentDetailPanel | None = None
        self._detail_slot: QWidget | None = None
        if self.services is None:
            # Built at start-up for its early rows: a blank pane holds the panel's place (and
            # the splitter's remembered widths) until the services arrive.
            self._detail_slot = QWidget(self)
            return self._detail_slot
        from vpr_desktop.domain.errors import VprError
        from vpr_desktop.views.incidents.detail import IncidentDetailPanel

        try:
            service = self.services.incidents()
            service.actor.require("read_incidents", "see individual incidents")  # type: ignore[arg-type]
        except VprError:
            return None  # the list says why; no detail for someone who may not read incidents
        self.service = service
        self.detail = IncidentDetailPanel(service, self)
        self.detail.changed.connect(self._written)
        self.detail.escape.connect(self.close_form)
        return self.detail

    def build(self) -> None:
        """Lay out the list and bind Ctrl+N (new) and Ctrl+S (save)."""
        self.lay_out(self.header, self.filter_bar, self.showing, main=self.area)
        self.add_shortcuts(
            (QKeySequence.StandardKey.New, self.new_incident),
            (QKeySequence.StandardKey.Save, self._save),
        )
        self._finish_layout()

    def _finish_layout(self) -> None:
        """The empty state's New button and the Tab order, which depend on the services."""
        if self.can_create:
            self.empty.add_button(
                new_button("New incident", self.new_incident, self.empty, primary=False, tooltip="")
            )
        chain: list[QWidget] = [self.new_button, *self.filter_bar.tab_chain(), self.table]
        link_tab_order(chain + (self.detail.tab_chain() if self.detail is not None else []))
        name_combo_lists(self)

    # ------------------------------------------------------------------ page interface

    def show_view(self, view: str) -> bool:
        """A Home card's filter (``riddor=overdue``): the list shows just those incidents."""
        key, _sep, value = view.partition("=")
        if key != "riddor":
            return False
        return self.filter_bar.show_riddor(value)

    def refresh(self) -> None:
        """F5: the list, and the incident shown (unless it is being edited)."""
        if self.model is None:
            self.open_list()
            return
        self.reload_keeping_selection()
        if self.detail is not None and self.detail.detail is not None and not self.detail.editing:
            self.detail.reload()

    # ------------------------------------------------------------------ the list

    def make_source(self) -> Any:
        """The incident list query the lazy table pages through."""
        return self.services.incident_list()

    def prepare(self, source: Any) -> None:
        """Fill the location filter from the service's choices; the first page's statement is
        kept for the next start (see :meth:`list_opened`)."""
        if self.detail is not None:
            self.filter_bar.set_choices(self.detail.service.choices())
        source.keep_first_statement = self.services.db.kind == "sqlite"

    def list_opened(self, model: LazyTableModel) -> None:
        """Keep the first page's statement, as the ORM ran it, so the next start can show these
        rows before the ORM has loaded (``services/common/first_page.py``)."""
        from vpr_desktop.services.common.first_page import keep_first_page

        request = model.request
        keep_first_page(
            self.services.db,
            self.services.actor,
            getattr(self._source, "first_statement", None),
            sort_key=request.sort_key or "",
            descending=request.descending,
            search=request.search,
            filters=request.filters,
        )

    def size_columns(self, model: LazyTableModel) -> None:
        """Fit columns to their heading and the first rows, within limits.

        Only the first :data:`SIZE_SAMPLE_ROWS` rows are measured (Qt would otherwise measure
        every loaded row), no column is made wider than :data:`MAX_COLUMN_CHARS` characters,
        and a cut-off cell shows its whole text in its tooltip.
        """
        self.layout().activate()  # the table's real width, even on the page's first showing
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(SIZE_SAMPLE_ROWS)
        metrics = self.fontMetrics()
        char = metrics.averageCharWidth()
        widest = char * MAX_COLUMN_CHARS
        minimum: list[int] = []
        for i, column in enumerate(model.columns):
            heading = header.sectionSizeHint(i)  # title, sort arrow and padding
            content = self.table.sizeHintForColumn(i) + CELL_PADDING
            header.resizeSection(i, max(heading, min(content, widest)))
            # Only long free text (a location's name) may give up width; short codes such as a
            # reference must stay whole.
            long_text = column.kind == "text" and content > char * LONG_TEXT_CHARS
            minimum.append(
                max(heading, char * MIN_TEXT_COLUMN_CHARS) if long_text else header.sectionSize(i)
            )
        # Wider than the view? Take the excess from long text columns (cut with "…" and shown
        # whole in the tooltip) before resorting to a sideways scrollbar.
        available = self.table.viewport().width() - 2
        excess = header.length() - available
        for i in sorted(range(len(minimum)), key=header.sectionSize, reverse=True):
            if excess <= 0:
                break
            give = min(excess, header.sectionSize(i) - minimum[i])
            if give > 0:
                header.resizeSection(i, header.sectionSize(i) - give)
                excess -= give

    def count_text(self, loaded: int, total: int) -> str:
        """The line above the table; names the search term when nothing matches it."""
        term = self.filter_bar.search_text()
        filtered = bool(self.filters())
        if total == 0:
            return (
                f"No incidents match “{term}”"
                if term and not filtered
                else "No incidents match these filters. Clear filters to see every incident."
            )
        text = f"Showing {loaded:,} of {plural(total, 'incident')}"
        if term:
            text += f" matching “{term}”"
        if filtered:
            text += " (filtered)"
        return text

    def empty_shown(self, empty: bool, total: int) -> None:
        """Filters are pointless (and disabled) while the log is empty."""
        self.filter_bar.setEnabled(not empty)

    def problem_shown(self) -> None:
        """Hide New and the detail panel while the list cannot be read."""
        self.new_button.hide()
        if self.detail is not None:
            self.detail.hide()

    def row_selected(self, key: Hashable, current: ModelIndex, previous: ModelIndex) -> None:
        """Show the chosen incident, unless unsaved edits to the one shown would be lost."""
        if self.detail is None:
            return
        if key == self.current_key and self.detail.detail is not None:
            return
        if self.detail.has_unsaved():
            self.detail.show_banner(
                "Save or cancel the incident you are editing before opening another."
            )
            return
        self.show_incident(int(str(key)), full=False)

    def show_incident(self, incident_id: int, *, full: bool = True) -> None:
        """Open one incident (from the list, or the support queue's "Open incident")."""
        if self.detail is None:
            return
        if self.detail.has_unsaved() and incident_id != self.current_key:
            self.detail.show_banner(
                "Save or cancel the incident you are editing before opening another."
            )
            return
        self.current_key = incident_id
        self.detail.load(incident_id)
        if self.model is not None and not self._selecting:
            self.select_key(incident_id)
        if full:
            self.open_form()

    def row_activated(self) -> None:
        """Enter or double-click opens the incident's form."""
        self.open_form()

    def open_form(self) -> None:
        """Enter or double-click: the incident fills the page (room at 150% and 1366×768)."""
        if self.detail is None or (self.detail.detail is None and not self.detail.editing):
            return
        super().open_form()
        self.detail.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_form(self) -> None:
        """Esc: back to the list beside the detail."""
        if (
            self.detail is not None
            and self.detail.editing
            and self.detail.detail is None
            and not self.detail.has_unsaved()
        ):
            self.detail.clear()  # an untouched new incident: nothing to keep
        super().close_form()

    def set_detail_full(self, full: bool) -> None:
        """Let the detail panel take the whole width (or give it back)."""
        if self.detail is not None:
            self.detail.set_full(full)

    # ------------------------------------------------------------------ writing

    def new_incident(self) -> Any:
        """Ctrl+N: the empty form, full width."""
        if not self.can_create or self.detail is None or not self.isVisible():
            return None
        if self.detail.has_unsaved():
            self.detail.show_banner("Save or cancel the incident you are editing first.")
            self.open_form()
            return None
        form = self.detail.new_incident()
        self.open_form()
        if form is not None:
            form.focus_first()
        return form

    def restore_draft(self, record_key: str, fields: dict[str, str]) -> bool:
        """Text kept before an unexpected close: open that incident's form (or a new one)
        with the text put back, for the person to check and save; False if it cannot be."""
        if self.detail is None or not self.can_create:
            return False
        if record_key == "new":
            if self.new_incident() is None:
                return False
        else:
            self.show_incident(int(record_key))
            if self.detail.detail is None:
                return False
            self.detail.start_edit()
            self.open_form()
        self.detail.put_back_draft(fields)
        return True

    def _save(self) -> None:
        if self.detail is not None:
            self.detail.save()

    def _written(self, detail: IncidentDetail) -> None:
        self.current_key = detail.id
        if self.model is None:
            self.open_list()
        else:
            self.reload_keeping_selection()
        self.data_changed.emit()
