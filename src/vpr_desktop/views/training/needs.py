"""The Needs analysis tab: which courses each staff group needs in each kind of setting.

A grid with staff groups as rows and settings as columns; each cell lists the course codes
the needs analysis requires ("CR, DEESC") or "—" when it requires none. The codes are
spelled out underneath. This is what "required" means everywhere else on the page: ESR's own
flag is never used (HSE found training generic, not needs-based).

With the VPR lead role a cell is changed by selecting it and pressing Enter (or "Edit
cell…"): a small dialog with the courses to tick and a rationale; the change is saved in the
background and the grid reloads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from vpr_desktop.views.actions.dialogs import FormDialog
from vpr_desktop.views.common.table_model import selectable_flags
from vpr_desktop.views.common.widgets import label, push_button
from vpr_desktop.views.training.access import Access
from vpr_desktop.views.training.common import TrainingTab
from vpr_desktop.views.training.models import NONE_MARK, ModelIndex

if TYPE_CHECKING:
    from vpr_desktop.services.training.records import CourseInfo
    from vpr_desktop.services.training.service import TrainingService

READ_NOTE = "You can read the needs analysis; changing it needs the VPR lead role."
EDIT_HINT = "Select a cell and press Enter (or Edit cell…) to change the courses it requires."


@dataclass(frozen=True)
class NeedsData:
    """What the needs tab shows, read off the GUI thread: reference lists, courses and cells."""

    reference: Any
    courses: list[CourseInfo]  # including inactive ones (an old cell may still name one)
    cells: dict[tuple[int, Any], tuple[int, ...]]  # (staff group id, setting) -> course ids


def fetch_needs(service: TrainingService) -> NeedsData:
    """Read the needs analysis grid and the lists it is labelled with, in one go."""
    reference = service.reference()
    courses = service.courses(include_inactive=True)
    cells = {(c.staff_group_id, c.setting_type): tuple(c.course_ids) for c in service.needs_grid()}
    return NeedsData(reference, courses, cells)


def wrap_words(text: str, width: int = 12) -> str:
    """Break a column heading onto lines of about ``width`` characters."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


class NeedsModel(QAbstractTableModel):
    """Staff groups (rows) x settings (columns) -> the required course codes."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.groups: list[tuple[int, str]] = []
        self.settings: list[tuple[Any, str]] = []
        self.codes: dict[int, str] = {}
        self.cells: dict[tuple[int, Any], tuple[int, ...]] = {}

    def set_data(self, data: NeedsData) -> None:
        """Replace the grid: staff groups as rows, settings as columns."""
        self.beginResetModel()
        self.groups = list(data.reference.staff_groups)
        self.settings = list(data.reference.settings)
        self.codes = {c.id: c.code for c in data.courses}
        self.cells = dict(data.cells)
        self.endResetModel()

    def course_ids(self, row: int, column: int) -> tuple[int, ...]:
        """The courses required of the staff group in ``row`` working in the setting in
        ``column``.
        """
        return self.cells.get((self.groups[row][0], self.settings[column][0]), ())

    def cell_text(self, row: int, column: int) -> str:
        """The cell's course codes, or a dash when no course is required."""
        ids = self.course_ids(row, column)
        return ", ".join(self.codes.get(i, f"#{i}") for i in ids) or NONE_MARK

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.groups)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.settings)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Course codes to show; screen readers also hear the group and setting."""
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell_text(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self.cell_text(row, column)
            needs = "no course" if text == NONE_MARK else text
            return f"{self.groups[row][1]} in {self.settings[column][1]}: {needs}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        names = self.settings if orientation == Qt.Orientation.Horizontal else self.groups
        if not 0 <= section < len(names):
            return None
        name = names[section][1]
        if role == Qt.ItemDataRole.DisplayRole:
            return wrap_words(name, 11 if orientation == Qt.Orientation.Horizontal else 18)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return name
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Cells are selectable; editing goes through :class:`NeedsCellDialog`."""
        return selectable_flags(index)


class NeedsTab(TrainingTab):
    """The training needs analysis: which courses each staff group needs in each setting."""

    def __init__(
        self, service: TrainingService, access: Access, parent: QWidget | None = None
    ) -> None:
        super().__init__(service, access, "trainingNeeds", parent)
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
        self.edit_button.setVisible(access.can_edit)
        self.note = label(
            EDIT_HINT if access.can_edit else (access.edit_note or READ_NOTE),
            self,
            name="mutedText",
        )
        self.note.setAccessibleName("About editing")
        bar = QHBoxLayout()
        bar.setSpacing(12)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.note, 1)
        self.layout_.addLayout(bar)

        self.model = NeedsModel(self)
        self.grid = QTableView(self)
        self.grid.setObjectName("needsGrid")
        self.grid.setAccessibleName("Needs analysis: staff groups by setting")
        self.grid.setModel(self.model)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setTabKeyNavigation(False)
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

    def loading_label(self) -> str:
        """What the runner says while the grid loads."""
        return "Loading the needs analysis…"

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


class NeedsCellDialog(FormDialog):
    """Tick the courses a staff group needs in a setting, and say why."""

    def __init__(
        self,
        group: str,
        setting: str,
        courses: Sequence[CourseInfo],
        chosen: set[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            f"{group} in {setting}",
            "Tick every course this staff group needs in this kind of setting. "
            "Compliance counts only what the needs analysis requires.",
            "Save",
            parent,
            back="Cancel",
            width_chars=70,
        )
        self.back.setAccessibleName("Cancel, without changing the needs analysis")
        self.confirm.setAccessibleName(f"Save the courses for {group} in {setting}")
        self.boxes: dict[int, QCheckBox] = {}
        self.body.addWidget(label("Courses", self, name="fieldName"))
        for course in courses:
            text = f"{course.code} – {course.name}" + ("" if course.active else " (inactive)")
            box = QCheckBox(text, self)
            box.setAccessibleName(text)
            box.setChecked(course.id in chosen)
            self.boxes[course.id] = box
            self.body.addWidget(box)
        if not courses:
            self.body.addWidget(label("The catalogue has no courses yet.", self, name="fieldHint"))
        caption = label(
            "Rationale (why these courses; kept with the change)", self, name="fieldName"
        )
        self.rationale = QPlainTextEdit(self)
        self.rationale.setAccessibleName("Rationale")
        self.rationale.setTabChangesFocus(True)
        self.rationale.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        caption.setBuddy(self.rationale)
        self.body.addWidget(caption)
        self.body.addWidget(self.rationale)

    def chosen(self) -> list[int]:
        """The ticked course ids, sorted."""
        return sorted(cid for cid, box in self.boxes.items() if box.isChecked())

    def values(self) -> tuple[list[int], str]:
        """The ticked course ids and the rationale for the change."""
        return self.chosen(), self.rationale.toPlainText().strip()
