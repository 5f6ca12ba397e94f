"""Accounts on the Admin page: the roles in words and the account dialog.

The accounts table's model is in :mod:`vpr_desktop.views.admin.accounts_model`; the SQL a
database administrator must run, in :mod:`vpr_desktop.views.admin.database_sql`.

The account dialog does not save by itself: it says in words what is missing (a login,
a name, a role) and otherwise emits ``submitted``; the page runs the change through
``UserService`` in the background and the dialog closes only when it succeeded — refused, it
stays open with what was typed and the service's reason. On PostgreSQL, when the app's login may
not create database logins, the service hands back the SQL a database administrator must run,
which the page shows with a Copy button.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Role
from vpr_desktop.services.admin.users import MAX_LOGIN
from vpr_desktop.services.admin.users import UserRow
from vpr_desktop.views.common.dialog_title import set_dialog_title
from vpr_desktop.views.common.form import WaitsForSave
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import label

#: The roles in the order the dialogs offer them, each with what it lets a person see and do
#: (the permissions table in ``domain.permissions``, in words).
ROLE_CHOICES: tuple[tuple[Role, str], ...] = (
    (Role.VPR_LEAD, "Runs the programme: sees and edits every record."),
    (Role.COMMITTEE_CHAIR, "Reads every record, signs off actions and makes packs."),
    (Role.STAFF_SIDE_REP, "Figures, the self-assessment and the action log; never names."),
    (Role.BOARD_SECRETARY, "The home summary and board packs only."),
    (Role.ADMINISTRATOR, "User accounts, settings, backups and the audit trail."),
)


def roles_in_words(roles: Iterable[Role]) -> str:
    """``VPR lead, Administrator``: the roles in the dialogs' order, or "No role"."""
    chosen = set(roles)
    return ", ".join(role.label for role, _help in ROLE_CHOICES if role in chosen) or "No role"


@dataclass(frozen=True)
class AccountValues:
    """What the account dialog collected."""

    login: str
    display_name: str
    roles: frozenset[Role]


class AccountDialog(ScreenFitDialog, WaitsForSave):
    """Add an account (login, display name, roles) or change an account's roles.

    Signals:
        submitted(object): the :class:`AccountValues` to save; the page saves, then calls
            :meth:`done_ok` or :meth:`failed`.
    """

    submitted = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        account: UserRow | None = None,
        taken: Iterable[str] = (),
    ) -> None:
        """``account``: change that account's roles (login and name fixed); None: a new one.
        ``taken``: logins that already have an account (said before the service is asked)."""
        super().__init__(parent)
        self.account = account
        self._taken = set(taken)
        self._busy = False
        adding = account is None
        who = "" if account is None else account.display_name
        title = "Add a user" if adding else f"Change the roles of {who}"
        set_dialog_title(self, "accountDialog", title, modal=True)
        heading = label(title, self, name="dialogHeading")
        explanation = label(
            "The login is the person's Windows login (or their database login on a shared "
            "PostgreSQL database). Their roles decide which pages they see."
            if adding
            else "Their roles decide which pages they see. The change applies the next time "
            "they open the database.",
            self,
            name="dialogMessage",
        )

        self.login = QLineEdit(self)
        self.login.setAccessibleName("Login")
        self.login.setMaxLength(MAX_LOGIN)
        self.login.setPlaceholderText("for example jsmith")
        self.login_error = self._error_label("Login problem")
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Display name")
        self.name.setMaxLength(200)
        self.name.setPlaceholderText("for example Jo Smith")
        self.name_error = self._error_label("Display name problem")
        if account is not None:
            self.login.setText(account.username)
            self.name.setText(account.display_name)
            for edit in (self.login, self.name):
                edit.setReadOnly(True)

        self.roles_error = self._error_label("Roles problem")
        self.role_boxes: dict[Role, QCheckBox] = {}
        roles_box = QWidget(self)
        roles_box.setAccessibleName("Roles")
        roles_layout = QVBoxLayout(roles_box)
        roles_layout.setContentsMargins(0, 0, 0, 0)
        roles_layout.setSpacing(2)
        for role, what in ROLE_CHOICES:
            box = QCheckBox(role.label, roles_box)
            box.setAccessibleName(f"Role: {role.label}")
            box.setAccessibleDescription(what)
            box.setToolTip(what)
            box.setChecked(account is not None and role in account.roles)
            box.toggled.connect(lambda _on: self.roles_error.hide())
            hint = label(what, roles_box, name="fieldHint")
            hint.setContentsMargins(24, 0, 0, 4)
            roles_layout.addWidget(box)
            roles_layout.addWidget(hint)
            self.role_boxes[role] = box

        # Captions above the fields, one column: wrapped messages keep their height at 200%.
        form = QVBoxLayout()
        form.setSpacing(4)
        for caption, field, error in (
            ("&Login", self.login, self.login_error),
            ("Display &name", self.name, self.name_error),
            ("Roles", roles_box, self.roles_error),
        ):
            title = QLabel(caption, self)
            title.setObjectName("fieldName")
            title.setBuddy(field)
            form.addWidget(title)
            form.addWidget(field)
            form.addWidget(error)
            form.addSpacing(6)

        self.problem = label("", self, name="pageError", selectable=True)
        self.problem.setAccessibleName("Why it was not saved")
        self.problem.hide()
        self.confirm = QPushButton("Add user" if adding else "Save roles", self)
        self.confirm.setProperty("primary", True)
        self.confirm.setDefault(True)
        self.confirm.setAccessibleName("Add the user" if adding else f"Save the roles of {who}")
        self.back = QPushButton("Cancel", self)
        self.back.setAccessibleName("Cancel, without saving")
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.back, QDialogButtonBox.ButtonRole.RejectRole)
        self.confirm.clicked.connect(self.submit)
        self.back.clicked.connect(self.reject)
        self.login.textEdited.connect(lambda _t: self.login_error.hide())
        self.name.textEdited.connect(lambda _t: self.name_error.hide())

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addLayout(form, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 84)
        first: QWidget = self.login if adding else next(iter(self.role_boxes.values()))
        first.setFocus()

    def _error_label(self, spoken: str) -> QLabel:
        error = label("", self, name="fieldError")
        error.setAccessibleName(spoken)
        error.hide()
        return error

    def values(self) -> AccountValues:
        return AccountValues(
            self.login.text().strip(),
            " ".join(self.name.text().split()),
            frozenset(role for role, box in self.role_boxes.items() if box.isChecked()),
        )

    def problems(self) -> dict[str, str]:
        """What is missing or wrong, in words, by field ("login", "name", "roles")."""
        values = self.values()
        out: dict[str, str] = {}
        if self.account is None:
            if not values.login:
                out["login"] = "Type the person's login."
            elif values.login in self._taken:
                out["login"] = (
                    f"'{values.login}' already has an account. Choose it in the list to change "
                    "its roles or switch it on."
                )
            if not values.display_name:
                out["name"] = "Type the person's name as colleagues know it."
        if not values.roles:
            out["roles"] = "Tick at least one role."
        return out

    def submit(self) -> None:
        """Add / Save: say what is missing, or hand the values to the page."""
        if self._busy:
            return
        problems = self.problems()
        for key, error in (
            ("login", self.login_error),
            ("name", self.name_error),
            ("roles", self.roles_error),
        ):
            error.setText(problems.get(key, ""))
            error.setVisible(key in problems)
        if problems:
            self.adjustSize()  # room for the messages
            first = {"login": self.login, "name": self.name}
            for key in ("login", "name"):
                if key in problems:
                    first[key].setFocus()
                    break
            else:
                next(iter(self.role_boxes.values())).setFocus()
            return
        self.start_saving()
        self.submitted.emit(self.values())

    def update_state(self) -> None:
        """Add / Save waits while the values are being saved."""
        self.confirm.setEnabled(not self._busy)
