"""File > Open shared database…: connect to the trust's PostgreSQL database.

The person types (or picks from their recent connections) the server, port, database and login
IT gave them, chooses Windows sign-in or a password, and may ask for the password to be kept in
the operating system's credential store. Opening runs in the background through the window's
own opening job (``DatabaseCommands.open_shared``); a refusal — wrong password, server
unreachable, no such database, certificate not trusted, no account in VPR Desktop — is shown
in this dialog as one plain sentence and the next step, with everything typed still there.

The password lives in the password field, the credential store and the engine's connection
arguments only: the URL, the recent list (QSettings) and the log never see it.
"""

from __future__ import annotations

import getpass
import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QButtonGroup
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QRadioButton
from PySide6.QtWidgets import QSpinBox
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.errors import VprError
from vpr_desktop.services.admin.connections import DEFAULT_PORT
from vpr_desktop.services.admin.connections import TLS_LABELS
from vpr_desktop.services.admin.connections import TLS_MODES
from vpr_desktop.services.admin.connections import PasswordStore
from vpr_desktop.services.admin.connections import SharedConnection
from vpr_desktop.services.admin.connections import default_tls
from vpr_desktop.services.admin.connections import recent_from_text
from vpr_desktop.services.admin.connections import recent_to_text
from vpr_desktop.services.admin.connections import remember
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import label

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services
    from vpr_desktop.views.main_window import MainWindow

SETTINGS_RECENT = "shared/recent"


def load_recent(settings: QSettings) -> list[SharedConnection]:
    """The recent connections kept in the settings (no passwords there, ever)."""
    value = settings.value(SETTINGS_RECENT, "")
    return recent_from_text(str(value) if value else "")


class OpenSharedDialog(ScreenFitDialog):
    """The connection form; :meth:`open_connection` starts the background opening."""

    def __init__(
        self,
        window: MainWindow,
        settings: QSettings | None = None,
        passwords: PasswordStore | None = None,
    ) -> None:
        super().__init__(window)
        self.window_ = window
        self.settings = settings if settings is not None else window.settings
        self.passwords = passwords if passwords is not None else PasswordStore()
        self.recent = load_recent(self.settings)
        self._tls_chosen = False  # True once the person picks a TLS mode themselves
        self.setWindowTitle("Open shared database")
        self.setAccessibleName("Open shared database")
        self._build()
        self._fill_recent()
        if self.recent:
            self.recent_box.setCurrentIndex(1)  # the last one used
        else:
            self._sign_in_changed()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.addWidget(
            label(
                "Connect to your trust's shared VPR Desktop database. IT can tell you the "
                "server, database and user name.",
                self,
            )
        )
        form = QFormLayout()
        outer.addLayout(form)

        self.recent_box = QComboBox(self)
        self.recent_box.setAccessibleName("Recent connections")
        self.recent_box.currentIndexChanged.connect(self._recent_chosen)
        form.addRow("&Recent:", self.recent_box)

        self.host = QLineEdit(self)
        self.host.setAccessibleName("Server")
        self.host.setPlaceholderText("for example vpr-db.trust.nhs.uk")
        self.host.textEdited.connect(self._host_edited)
        form.addRow("&Server:", self.host)

        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setAccessibleName("Port")
        form.addRow("&Port:", self.port)

        self.database = QLineEdit(self)
        self.database.setAccessibleName("Database")
        form.addRow("&Database:", self.database)

        self.user = QLineEdit(self)
        self.user.setAccessibleName("User name")
        self.user.setText(_os_login())
        form.addRow("&User name:", self.user)

        sign_in = QWidget(self)
        row = QHBoxLayout(sign_in)
        row.setContentsMargins(0, 0, 0, 0)
        self.windows_sign_in = QRadioButton("Windows s&ign-in (no password)", sign_in)
        self.windows_sign_in.setAccessibleName("Use Windows sign-in")
        self.use_password = QRadioButton("&A password", sign_in)
        self.use_password.setAccessibleName("Use a password")
        self.use_password.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.windows_sign_in)
        group.addButton(self.use_password)
        group.buttonToggled.connect(lambda *_a: self._sign_in_changed())
        row.addWidget(self.windows_sign_in)
        row.addWidget(self.use_password)
        row.addStretch(1)
        form.addRow("Sign in with:", sign_in)

        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        form.addRow("Pass&word:", self.password)

        self.remember = QCheckBox("Re&member my password on this computer", self)
        self.remember.setAccessibleName("Remember my password on this computer")
        form.addRow("", self.remember)
        self.store_note = label(self.passwords.why_not, self, name="fieldHint")
        self.store_note.setVisible(bool(self.passwords.why_not))
        form.addRow("", self.store_note)
        if not self.passwords.available:
            self.remember.setEnabled(False)

        self.tls = QComboBox(self)
        self.tls.setAccessibleName("Encryption (TLS)")
        for mode in TLS_MODES:
            self.tls.addItem(TLS_LABELS[mode], mode)
        self.tls.activated.connect(self._tls_picked)
        form.addRow("&Encryption:", self.tls)

        self.problem = label("", self, name="fieldError", selectable=True)
        self.problem.setAccessibleName("Why the database did not open")
        self.problem.setVisible(False)
        outer.addWidget(self.problem)
        self.status = label("", self)
        self.status.setAccessibleName("Connection progress")
        self.status.setVisible(False)
        outer.addWidget(self.status)

        self.buttons = QDialogButtonBox(self)
        self.open_button = QPushButton("&Open", self)
        self.open_button.setAccessibleName("Open")
        self.open_button.setDefault(True)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.open_connection)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        order: list[QWidget] = [
            self.recent_box,
            self.host,
            self.port,
            self.database,
            self.user,
            self.windows_sign_in,
            self.use_password,
            self.password,
            self.remember,
            self.tls,
            self.open_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.host.setFocus()

    def _fill_recent(self) -> None:
        self.recent_box.blockSignals(True)
        self.recent_box.clear()
        self.recent_box.addItem("New connection")
        for conn in self.recent:
            self.recent_box.addItem(conn.label())
        self.recent_box.blockSignals(False)

    # ------------------------------------------------------------------ the fields

    def connection(self) -> SharedConnection:
        """What the fields describe (not yet checked: see ``SharedConnection.validate``)."""
        mode = self.tls.currentData()
        return SharedConnection(
            host=self.host.text(),
            port=self.port.value(),
            database=self.database.text(),
            user=self.user.text(),
            tls=mode if mode in TLS_MODES else None,
            windows_sign_in=self.windows_sign_in.isChecked(),
        )

    def set_connection(self, conn: SharedConnection) -> None:
        """Fill the fields from ``conn`` (a recent connection); the password stays empty."""
        self.host.setText(conn.host)
        self.port.setValue(conn.port)
        self.database.setText(conn.database)
        self.user.setText(conn.user)
        (self.windows_sign_in if conn.windows_sign_in else self.use_password).setChecked(True)
        self._select_tls(conn.tls_mode)
        self._tls_chosen = True
        self.password.clear()
        kept = not conn.windows_sign_in and self.passwords.get(conn) is not None
        self.remember.setChecked(kept)
        self.password.setPlaceholderText("Remembered on this computer" if kept else "")
        self._sign_in_changed()

    def _recent_chosen(self, index: int) -> None:
        if 1 <= index <= len(self.recent):
            self.set_connection(self.recent[index - 1])

    def _host_edited(self, text: str) -> None:
        if not self._tls_chosen:  # follow the host until the person chooses a mode
            self._select_tls(default_tls(text))

    def _tls_picked(self, _index: int) -> None:
        self._tls_chosen = True

    def _select_tls(self, mode: str) -> None:
        index = self.tls.findData(mode)
        if index >= 0:
            self.tls.setCurrentIndex(index)

    def _sign_in_changed(self) -> None:
        with_password = not self.windows_sign_in.isChecked()
        self.password.setEnabled(with_password)
        self.remember.setEnabled(with_password and self.passwords.available)
        if not self._tls_chosen:
            self._select_tls(default_tls(self.host.text()))

    # ------------------------------------------------------------------ opening

    def open_connection(self) -> bool:
        """Check the fields and start opening in the background; False if not started."""
        try:
            conn = self.connection().validate()
        except ValidationError as exc:
            self.show_problem(exc)
            return False
        typed = "" if conn.windows_sign_in else self.password.text()
        kept = None if conn.windows_sign_in or typed else self.passwords.get(conn)
        password = typed or kept
        keep = self.remember.isChecked() and self.remember.isEnabled()

        def opened(services: Services) -> None:
            self._remember(conn)
            if keep and typed:
                self.passwords.save(conn, typed)
            elif not keep and not conn.windows_sign_in:
                self.passwords.forget(conn)
            self.password.clear()
            self._set_busy(False)
            self.accept()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            if kept is not None and getattr(exc, "reason", "") == "password":
                self.passwords.forget(conn)  # the kept password is out of date
                self.password.setPlaceholderText("")
            if isinstance(exc, VprError):
                self.show_problem(exc)
                return
            from vpr_desktop.views.crash import report_error

            self.problem.setText("The database did not open because of a problem in VPR Desktop.")
            self.problem.setVisible(True)
            report_error(exc, self)

        self.show_problem(None)
        started = self.window_.database.open_shared(
            conn.url(),
            password=password,
            where=conn.label(),
            on_opened=opened,
            on_failed=failed,
        )
        if not started:
            self.status.setText("Wait for the current task to finish first.")
            self.status.setVisible(True)
            return False
        self._set_busy(True, f"Connecting to {conn.host}…")
        return True

    def _remember(self, conn: SharedConnection) -> None:
        self.recent = remember(self.recent, conn)
        self.settings.setValue(SETTINGS_RECENT, recent_to_text(self.recent))
        self.settings.sync()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.open_button.setEnabled(not busy)
        self.status.setText(text)
        self.status.setVisible(busy and bool(text))

    def show_problem(self, exc: VprError | None) -> None:
        """One plain sentence and the next step, under the fields (None hides it)."""
        text = "" if exc is None else str(exc)
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        self.setAccessibleDescription(text)

    def problem_text(self) -> str:
        """What the dialog is saying went wrong ("" when nothing)."""
        return "" if self.problem.isHidden() else self.problem.text()


def _os_login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
