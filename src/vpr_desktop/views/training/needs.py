"""The Needs analysis tab: which courses each staff group needs in each kind of setting.

A grid with staff groups as rows and settings as columns; each cell lists the course codes
the needs analysis requires ("CR, DEESC") or "—" when it requires none. The codes are
spelled out underneath. This is what "required" means everywhere else on the page: ESR's own
flag is never used (HSE found training generic, not needs-based).

With the VPR lead role a cell is changed by selecting it and pressing Enter (or "Edit
cell…"): a small dialog with the courses to tick and a rationale; the change is saved in the
background and the grid reloads. The grid's model is ``training.needs_model``; the dialog is
``training.needs_dialog``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QHeaderView

from vpr_desktop.views.common.widgets import horizontal
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.training.common import TrainingTab
from vpr_desktop.views.training.models import read_only_view
from vpr_desktop.views.training.needs_dialog import NeedsCellDialog
from vpr_desktop.views.training.needs_model import NeedsData
from vpr_desktop.views.training.needs_model import NeedsModel
from vpr_desktop.views.training.needs_model import fetch_needs

READ_NOTE = "You can read the needs analysis; changing it needs the VPR lead role."
EDIT_HINT = "Select a cell and press Enter (or Edit cell…) to change the courses it requires."


class NeedsTab(TrainingTab):
    """The training needs analysis: which courses each staff group needs in each setting."""

    NAME = "trainingNeeds"
    LOADING = "Loading the needs analysis…"

    def build(self) -> None:
        self.data: NeedsData | None = None
        self.dialog: NeedsCellDialog | None = None
        intro = label(
            "Which courses each staff group needs in each kind of setting. This is "
            'what "required" means in compliance: ESR\'s own required flag is not '
            "used.",
            self,
            name="mutedText",
        )
        self.layout_.addWidget(intro)
        self.edit_button = push_button(
            "Edit cell…",
            self,
            self.edit_current,
            spoken="Edit the courses the selected cell requires",
        )
        self.edit_button.setVisible(self.access.can_edit)
        self.note = label(
            EDIT_HINT if self.access.can_edit else (self.access.edit_note or READ_NOTE),
            self,
            name="mutedText",
        )
        self.note.setAccessibleName("About editing")
        self.layout_.addLayout(horizontal(self.edit_button, (self.note, 1), spacing=12))

        self.model = NeedsModel(self)
        self.grid = read_only_view(
            self.model, "needsGrid", "Needs analysis: staff groups by setting", self
        )
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setWordWrap(True)
        self.grid.setAlternatingRowColors(True)
        header = self.grid.horizontalHeader()
        header.setAccessibleName("Settings")
        # Settings share the width (headings and cells wrap), so all ten fit at 1366x768.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        rows = self.grid.verticalHeader()
        rows.setAccessibleName("Staff groups")
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Rows grow to their wrapped codes once the columns have their final widths.
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(0)
        self._rows_timer.timeout.connect(self.grid.resizeRowsToContents)
        header.sectionResized.connect(lambda *_a: self._rows_timer.start())
        self.grid.activated.connect(lambda _i: self.edit_current())
        self.grid.doubleClicked.connect(lambda _i: self.edit_current())
        self.grid.selectionModel().currentChanged.connect(lambda *_a: self._update())
        self.layout_.addWidget(self.grid, 1)
        self.legend = label("", self, name="mutedText", selectable=True)
        self.legend.setAccessibleName("Course codes")
        self.layout_.addWidget(self.legend)
        self.writer.busy_changed.connect(lambda _b: self._update())
        self._update()

    def fetch(self) -> Callable[[], Any]:
        """Read the grid off the GUI thread."""
        service = self.service
        return lambda: fetch_needs(service)

    def show_data(self, data: NeedsData) -> None:
        """Show the grid read by :meth:`fetch`, keeping the current cell."""
        current = self.grid.currentIndex()
        self.data = data
        self.model.set_data(data)
        self._fit_headings()
        if current.isValid():
            self.grid.setCurrentIndex(self.model.index(current.row(), current.column()))
        active = [c for c in data.courses if c.active]
        self.legend.setText(
            "Codes: " + " · ".join(f"{c.code} = {c.name}" for c in active)
            if active
            else "No courses in the catalogue yet: add them on the Catalogue tab first."
        )
        self._update()

    def _fit_headings(self) -> None:
        """No column narrower than the longest word of its heading (never clipped)."""
        font = QFont(self.grid.horizontalHeader().font())
        font.setBold(True)  # headings are bold (ui/style.qss)
        metrics = QFontMetrics(font)
        words = [w for _st, name in self.model.settings for w in name.split()]
        widest = max((metrics.horizontalAdvance(w) for w in words), default=40)
        # + the header padding (3px 2px in ui/style.qss) and a border
        self.grid.horizontalHeader().setMinimumSectionSize(widest + 8)
        self._rows_timer.start()

    def cell_texts(self) -> dict[tuple[str, str], str]:
        """(staff group name, setting label) -> the cell's text, as shown."""
        m = self.model
        return {
            (g, s): m.cell_text(r, c)
            for r, (_gid, g) in enumerate(m.groups)
            for c, (_st, s) in enumerate(m.settings)
        }

    def _update(self) -> None:
        self.edit_button.setEnabled(
            self.access.can_edit
            and self.grid.currentIndex().isValid()
            and not self.writer.is_busy()
        )

    def select_cell(self, staff_group_id: int, setting: Any) -> bool:
        """Make the cell for ``staff_group_id`` and ``setting`` current; False if absent."""
        m = self.model
        rows = [i for i, (gid, _n) in enumerate(m.groups) if gid == staff_group_id]
        cols = [i for i, (st, _n) in enumerate(m.settings) if st == setting]
        if not rows or not cols:
            return False
        self.grid.setCurrentIndex(m.index(rows[0], cols[0]))
        return True

    def edit_current(self) -> NeedsCellDialog | None:
        """Open the dialog for the current cell; None if it cannot be edited."""
        index = self.grid.currentIndex()
        if not (self.access.can_edit and index.isValid() and self.data is not None):
            return None
        m = self.model
        gid, group = m.groups[index.row()]
        setting, setting_label = m.settings[index.column()]
        courses = [c for c in self.data.courses if c.active]
        chosen = set(m.course_ids(index.row(), index.column()))
        courses += [c for c in self.data.courses if not c.active and c.id in chosen]
        dialog = NeedsCellDialog(group, setting_label, courses, chosen, self)
        dialog.submitted.connect(lambda values: self._save(dialog, gid, setting, values))
        self.dialog = dialog
        from vpr_desktop.views.common.dialogs import headless

        if not headless():
            dialog.open()
        return dialog

    def _save(
        self, dialog: NeedsCellDialog, gid: int, setting: Any, values: tuple[list[int], str]
    ) -> None:
        ids, rationale = values
        service = self.service

        def done(_cell: Any) -> None:
            dialog.done_ok()
            self.load()

        started = self.write(
            lambda: service.set_needs_cell(gid, setting, ids, rationale or None),
            doing="Saving the needs analysis…",
            done="Needs analysis saved",
            on_done=done,
            on_error=dialog.failed,
        )
        if not started:
            dialog.failed("Another change is still being saved; try again in a moment.")
        self._update()
