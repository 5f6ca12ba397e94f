"""Edit conflicts: someone else saved the record while this person was editing it.

A stale save is refused by the services (the ``version`` column), so nothing is overwritten;
what remains is to let the person decide, field by field, with nothing typed lost. The panel
lines up the three readings of its form (:mod:`vpr_desktop.views.common.differences`) and
:class:`ConflictDialog` shows the table and offers:

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

from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.differences import Difference
from vpr_desktop.views.common.differences import Who
from vpr_desktop.views.common.differences import mine_to_reapply
from vpr_desktop.views.common.differences_model import DifferencesModel
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import column_modes
from vpr_desktop.views.common.widgets import label


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
        fit = QHeaderView.ResizeMode
        column_modes(
            self.table, fit.ResizeToContents, fit.ResizeToContents, fit.Stretch, fit.Stretch
        )
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
