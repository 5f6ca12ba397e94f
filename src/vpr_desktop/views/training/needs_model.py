"""The needs analysis grid as data: staff groups (rows) by settings (columns), each cell the
course codes required there, read off the GUI thread in one go.

Why apart from the tab (``training.needs``), which edits a cell and reloads: the grid's
reading and wording ("CR, DEESC", or a dash for none) can be read and tested without the tab.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt

from vpr_desktop.views.common.table_model import selectable_flags
from vpr_desktop.views.training.models import NONE_MARK
from vpr_desktop.views.training.models import ModelIndex

if TYPE_CHECKING:
    from vpr_desktop.services.training.records import CourseInfo
    from vpr_desktop.services.training.service import TrainingService


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
