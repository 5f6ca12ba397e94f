"""The SQL a database administrator must run when this app's login may not change database logins.

On PostgreSQL the Admin page's account changes reach the database login too; when the app's own
login may not create or grant logins, the service hands back the SQL instead, and this dialog
shows it with a Copy button so it can be sent to IT.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.dialog_title import set_dialog_title
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button


class DatabaseSqlDialog(ScreenFitDialog):
    """The SQL a database administrator must run for a change to reach the database login.

    On a shared PostgreSQL database the login is what the server enforces; when the app's own
    login may not create or grant logins, the account is saved but the person cannot connect
    (or keeps their old rights) until IT runs this.
    """

    def __init__(self, login: str, sql: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = "SQL for the database administrator"
        set_dialog_title(self, "databaseSqlDialog", title, modal=True)
        self.sql = "\n".join(s.rstrip(";") + ";" for s in sql)
        self.message = label(
            f"The account '{login}' is saved, but this app's database login may not change "
            "database logins. Until your database administrator runs the SQL below, the "
            "person's database login does not match their account.",
            self,
            name="dialogMessage",
        )
        self.text = QPlainTextEdit(self.sql, self)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("SQL to run")
        self.text.setTabChangesFocus(True)
        self.copied = label("", self, name="mutedText")
        self.copied.setAccessibleName("Copy result")
        self.copy_button = push_button(
            "Copy", self, self.copy, spoken="Copy the SQL to the clipboard"
        )
        close = QPushButton("Close", self)
        close.setAccessibleName("Close this message")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(label(title, self, name="dialogHeading"))
        layout.addWidget(self.message)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.copied)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.sql)
        self.copied.setText("Copied. Send it to your database administrator.")
