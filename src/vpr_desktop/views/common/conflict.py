"""Edit conflicts: someone else saved the record while this person was editing it.

A stale save is refused by the services (the ``version`` column), so nothing is overwritten;
what remains is to let the person decide, field by field, with nothing typed lost. A form
describes itself as a list of :class:`FieldValue` (what it holds, and the same in words); the
panel reads the form three times — as loaded, as typed, and filled with the version now
saved — and :func:`compare` lines them up. :class:`ConflictDialog` shows the table and offers:

* **Reload theirs**: the saved version replaces what was typed (the only way typing is
  thrown away, and it says so);
* **Re-apply mine**: the saved version, with each field *this person changed* put back on
  top, then saved — a three-way merge, so a field only the other person changed keeps their
  value instead of being silently reverted to the old one;
* **Keep editing**: close the dialog; the form and the banner stay as they were.

The dialog imports no services: it only shows what the panel hands it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import label

ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class FieldValue:
    """One field of a form: its key, its label, the value compared and the value in words."""

    key: str
    label: str
    value: object
    shown: str


class Who(Enum):
    """Who changed a field since this person opened the record."""

    NOBODY = "Unchanged"
    THEM = "Changed by them"
    ME = "Changed by you"
    BOTH = "Changed by both"


@dataclass(frozen=True)
class Difference:
    """One field across the three versions, and who changed it."""

    key: str
    label: str
    theirs: str
    mine: str
    who: Who


def compare(
    loaded: Sequence[FieldValue], mine: Sequence[FieldValue], theirs: Sequence[FieldValue]
) -> list[Difference]:
    """Line up the three readings of a form (same fields, same order) field by field."""
    out = []
    for base, me, them in zip(loaded, mine, theirs, strict=True):
        changed_by_me = me.value != base.value
        changed_by_them = them.value != base.value
        if changed_by_me and changed_by_them:
            who = Who.ME if me.value == them.value else Who.BOTH
        elif changed_by_me:
            who = Who.ME
        elif changed_by_them:
            who = Who.THEM
        else:
            who = Who.NOBODY
        out.append(Difference(base.key, base.label, them.shown, me.shown, who))
    return out


def mine_to_reapply(differences: Sequence[Difference]) -> set[str]:
    """The fields to put back on top of the saved version: the ones this person changed."""
    return {d.key for d in differences if d.who in (Who.ME, Who.BOTH)}


class DifferencesModel(QAbstractTableModel):
    """The comparison as a read-only table: field, who changed it, saved now, yours."""

    HEADERS = ("Field", "Who changed it", "Saved now (theirs)", "Yours")

    def __init__(self, rows: Sequence[Difference], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = list(rows)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row.label, row.who.value, row.theirs or "(empty)", row.mine or "(empty)")[
                index.column()
            ]
        if role == Qt.ItemDataRole.FontRole and row.who is not Who.NOBODY:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)  # the words in the second column say the same: not style alone
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def row(self, number: int) -> Difference:
        """The difference shown on row ``number``."""
        return self._rows[number]


class ConflictDialog(ScreenFitDialog):
    """Their saved version beside yours, field by field, and the three ways on.

    ``choice`` is "reload", "reapply" or "" (kept editing) once the dialog has closed.
    """

    def __init__(
        self,
        what: str,
        who_saved: str,
        differences: Sequence[Difference],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(f"{what} was changed by someone else")
        self.setAccessibleName(self.windowTitle())
        self.choice = ""
        self.differences = list(differences)
        changed = [d for d in self.differences if d.who is not Who.NOBODY]
        both = [d.label for d in changed if d.who is Who.BOTH]
        intro = (
            f"{who_saved} saved {what} after you opened it, so your save was not made and "
            "nothing was overwritten. The fields either of you changed are listed first."
        )
        if both:
            intro += f" You both changed: {', '.join(both)}."
        self.intro = label(intro, self, selectable=True)
        self.intro.setAccessibleName(intro)
        self.model = DifferencesModel(
            sorted(changed, key=lambda d: d.who is Who.NOBODY)
            + [d for d in self.differences if d.who is Who.NOBODY],
            self,
        )
        self.table = QTableView(self)
        self.table.setObjectName("conflictTable")
        self.table.setAccessibleName("Their version and yours, field by field")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()

        buttons = QDialogButtonBox(self)
        self.reapply_button = QPushButton("Re-apply my changes and save", self)
        self.reapply_button.setAccessibleName(
            "Put the fields you changed on top of their version and save"
        )
        self.reload_button = QPushButton("Reload their version", self)
        self.reload_button.setAccessibleName("Reload their version (your changes are discarded)")
        self.keep_button = QPushButton("Keep editing", self)
        self.keep_button.setAccessibleName("Close and keep editing (nothing is saved yet)")
        buttons.addButton(self.reapply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.reapply_button.clicked.connect(lambda: self._choose("reapply"))
        self.reload_button.clicked.connect(lambda: self._choose("reload"))
        self.keep_button.clicked.connect(self.reject)
        self.reapply_button.setEnabled(bool(mine_to_reapply(self.differences)))
        self.keep_button.setDefault(True)  # Enter never throws anything away

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 130, self.fontMetrics().lineSpacing() * 36)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def row_texts(self) -> list[tuple[str, str, str, str]]:
        """The table as shown, row by row (field, who, theirs, yours)."""
        return [
            tuple(  # type: ignore[misc]
                str(self.model.data(self.model.index(r, c))) for c in range(4)
            )
            for r in range(self.model.rowCount())
        ]
