"""The recovery-key dialog: opening an encrypted database this computer holds no key for.

Shown when opening refuses with ``KeyNeededError`` (a database encrypted on another computer,
or whose kept key was lost). The person types the recovery key they were given when it was
encrypted, into a password-style field; ``services.admin.encryption.unlock_database`` proves it
opens the file and keeps its key in the credential store, and the window opens the database.
A key that does not fit is said in the dialog, beside what was typed, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.errors import VprError
from vpr_desktop.services.admin.encryption import unlock_database
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import label


class RecoveryKeyDialog(ScreenFitDialog):
    """Asks for a database's recovery key; ``on_unlocked(kept)`` once it opens the file."""

    def __init__(
        self,
        path: Path,
        message: str,
        on_unlocked: Callable[[bool], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.on_unlocked = on_unlocked
        self.setWindowTitle("Database is encrypted")
        self.setAccessibleName("Database is encrypted: type its recovery key")
        outer = QVBoxLayout(self)
        outer.addWidget(label(message, self, selectable=True))
        outer.addWidget(
            label(
                "Type the recovery key that was shown when the database was encrypted (the "
                "trust's password safe holds it): 52 letters and digits in groups of four.",
                self,
            )
        )
        form = QFormLayout()
        outer.addLayout(form)
        self.key = QLineEdit(self)
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName("Recovery key")
        self.key.setAccessibleDescription(f"The recovery key of {self.path.name}")
        form.addRow("&Recovery key:", self.key)
        self.problem = label("", self, name="fieldError", selectable=True)
        self.problem.setAccessibleName("Why the recovery key did not open the database")
        self.problem.setVisible(False)
        outer.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        self.open_button = QPushButton("&Open", self)
        self.open_button.setAccessibleName("Open with this recovery key")
        self.open_button.setDefault(True)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel")
        buttons.accepted.connect(self.unlock)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        QWidget.setTabOrder(self.key, self.open_button)
        QWidget.setTabOrder(self.open_button, self.cancel_button)
        self.key.setFocus()

    def unlock(self) -> bool:
        """Try the typed key: on success close and call ``on_unlocked``; otherwise say why
        here and keep the dialog open. True when it opened the database."""
        try:
            kept = unlock_database(self.path, self.key.text())
        except VprError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            self.key.selectAll()
            self.key.setFocus()
            return False
        self.key.clear()  # the key leaves the screen's memory with the dialog
        self.accept()
        self.on_unlocked(kept)
        return True
