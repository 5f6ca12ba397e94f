"""Admin page: user accounts and their roles.

An administrator adds a user (login, display name, one or more roles), changes an account's
roles, and switches accounts off and on again — never deletes them, because the audit trail
names people by login. Every change goes through ``UserService`` as a background job, so the
service's rules hold here exactly as on the command line: the last active administrator cannot
be switched off or lose the role, and each change is audited. A refusal is said in plain words
(a message, or inside the dialog that asked for it). On PostgreSQL, when the app's login may not
create database logins, the SQL for a database administrator is shown with a Copy button.

VPR leads see this page for the trust settings (``manage_settings``) but may not manage
accounts; the page says so instead of showing a list the service would refuse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.permissions import Permission
from vpr_desktop.views.admin.accounts_model import AccountsModel
from vpr_desktop.views.admin.database_sql import DatabaseSqlDialog
from vpr_desktop.views.admin.users import AccountDialog
from vpr_desktop.views.admin.users import AccountValues
from vpr_desktop.views.admin.users import roles_in_words
from vpr_desktop.views.common.dialogs import open_held
from vpr_desktop.views.common.form import BUSY
from vpr_desktop.views.common.form import say_not_saved
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.list_base import ListPageBase
from vpr_desktop.views.common.list_base import ListTexts
from vpr_desktop.views.common.list_base import link_tab_order
from vpr_desktop.views.common.list_base import make_table
from vpr_desktop.views.common.list_base import new_button
from vpr_desktop.views.common.widgets import EmptyState
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import vertical

if TYPE_CHECKING:
    from collections.abc import Callable

    from vpr_desktop.services.admin.users import UserChange
    from vpr_desktop.services.admin.users import UserRow
    from vpr_desktop.views.common.table_model import ModelIndex


class AdminPage(ListPageBase):
    """The accounts table with Add user…, Change roles…, Switch off… and Switch on…."""

    TEXTS = ListTexts(
        table_name="accountsTable",
        table_label="User accounts",
        count_label="Number of accounts",
        problem_heading="The accounts cannot be shown",
        runner_name="Accounts task",
    )

    def build_page(self) -> None:
        services = self.services
        db = services.db
        self.can_manage = services.actor.can(Permission.MANAGE_USERS)
        reason = db.read_only_reason or "it was opened read-only"
        self.read_only_reason = reason if db.read_only else ""
        self.writable = self.can_manage and not db.read_only
        self.service = services.users()
        self.dialog: AccountDialog | None = None
        self.sql_dialog: DatabaseSqlDialog | None = None
        self.loaded = False
        self._writing = False

        self.add_button = new_button(
            "Add user…", self.add_user, self, accessible="Add a user account (Ctrl+N)"
        )
        self.add_button.setVisible(self.can_manage)
        self.add_button.setEnabled(self.writable)
        self.header.add_action(self.add_button)

        self.read_only_note = label(
            f"Accounts cannot be changed: the database is open read-only "
            f"({self.read_only_reason}).",
            self,
            name="readOnlyNote",
        )
        self.read_only_note.setAccessibleName(self.read_only_note.text())
        self.read_only_note.setVisible(self.can_manage and db.read_only)
        self.result = label("", self, name="mutedText", selectable=True)
        self.result.setAccessibleName("Last change to the accounts")
        self.result.hide()
        self.count = label("", self, name="resultCount")
        self.count.setAccessibleName(self.TEXTS.count_label)

        self.table = make_table(self, self.TEXTS.table_name, self.TEXTS.table_label)
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        self.model = AccountsModel(self.table)
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(lambda _i: self.change_roles())

        self.roles_button = self._button(
            "Change roles…", "Change the roles of the chosen account", self.change_roles
        )
        self.off_button = self._button(
            "Switch off…", "Switch the chosen account off", self.switch_off
        )
        self.on_button = self._button(
            "Switch on…", "Switch the chosen account on again", self.switch_on
        )
        self.buttons = QWidget(self)
        row = QHBoxLayout(self.buttons)
        row.setContentsMargins(0, 0, 0, 0)
        for button in (self.roles_button, self.off_button, self.on_button):
            row.addWidget(button)
        row.addStretch(1)
        self.buttons.setVisible(self.can_manage)

        self.problem = EmptyState(self.TEXTS.problem_heading, [""], self)
        self.list_area = QWidget(self)
        box = QHBoxLayout(self.list_area)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.table)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.list_area)
        # The notice at the top of the page, not spread over its height by the stack.
        self.problem_area = QWidget(self)
        vertical(self.problem_area, self.problem, 1, margins=0)
        self.stack.addWidget(self.problem_area)

        self.lay_out(
            self.header,
            self.runner,
            self.read_only_note,
            self.result,
            self.count,
            main=self.stack,
            below=[self.buttons],
        )
        self.add_shortcuts((QKeySequence.StandardKey.New, self.add_user))
        link_tab_order(
            [self.add_button, self.table, self.roles_button, self.off_button, self.on_button]
        )
        self._update_buttons()
        if not self.can_manage:
            self.problem.heading.setText("Accounts are managed by administrators")
            self.problem.setAccessibleName("Accounts are managed by administrators")
            self.problem.paragraphs[0].setText(
                "Ask an administrator to add a user, change someone's roles or switch an "
                "account off."
            )
            self.stack.setCurrentWidget(self.problem_area)

    def _button(self, text: str, spoken: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(spoken)
        button.setToolTip(spoken)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ page interface

    def activated(self) -> None:
        if not self.loaded:
            self.reload()

    def refresh(self) -> None:
        self.reload()

    # ------------------------------------------------------------------ the list

    def reload(self, select: str | None = None) -> None:
        """Read the accounts again in the background, keeping (or moving to) a chosen login."""
        if not self.can_manage or self._writing:
            return
        chosen = self.chosen()
        keep = select or (chosen.username if chosen is not None else None)
        service = self.service
        self.runner.start(
            lambda _progress, _cancelled: service.list_users(),
            label="Reading the accounts…",
            on_done=lambda rows: self._loaded(rows, keep),
            on_error=self._load_failed,
            quiet=True,
        )

    def _loaded(self, rows: list[UserRow], keep: str | None) -> None:
        self.loaded = True
        self.stack.setCurrentWidget(self.list_area)
        self.model.set_rows(rows)
        off = sum(1 for r in rows if not r.active)
        text = plural(len(rows), "account")
        if off:
            text += f": {len(rows) - off:,} active, {off:,} switched off"
        self.count.setText(text)
        self.count.setAccessibleName(f"{self.TEXTS.count_label}: {text}")
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def _load_failed(self, exc: BaseException) -> None:
        text = self.known_error(exc)
        if text is None:
            return
        self.problem.paragraphs[0].setText(text)
        self.stack.setCurrentWidget(self.problem_area)
        self.count.setText("")

    def chosen(self) -> UserRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or not 0 <= index.row() < self.model.rowCount():
            return None
        return self.model.account(index.row())

    def select_login(self, login: str) -> bool:
        row = self.model.row_of(login)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _row_changed(self, _current: ModelIndex, _previous: ModelIndex) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        account = self.chosen()
        free = self.writable and not self._writing
        self.add_button.setEnabled(free)
        self.roles_button.setEnabled(free and account is not None)
        self.off_button.setEnabled(free and account is not None and account.active)
        self.on_button.setEnabled(free and account is not None and not account.active)

    # ------------------------------------------------------------------ changes

    def add_user(self) -> AccountDialog | None:
        """Add user… (Ctrl+N): the account dialog; the account is added when it is submitted."""
        if not self.writable:
            return None
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        taken = [account.username for account in self.model.accounts()]
        dialog = AccountDialog(self, taken=taken)
        dialog.submitted.connect(lambda values: self._add(dialog, values))
        return self._open(dialog)

    def change_roles(self) -> AccountDialog | None:
        """Change roles…: the chosen account's roles, ticked, to change."""
        account = self.chosen()
        if not self.writable or account is None:
            return None
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        dialog = AccountDialog(self, account=account)
        dialog.submitted.connect(lambda values: self._set_roles(dialog, account, values))
        return self._open(dialog)

    def _open(self, dialog: AccountDialog) -> AccountDialog:
        return open_held(self, "dialog", dialog)

    def _add(self, dialog: AccountDialog, values: AccountValues) -> None:
        service = self.service
        said = f"Added {values.display_name} ({values.login}) as {roles_in_words(values.roles)}."
        self._write(
            lambda: service.add(values.login, values.display_name, values.roles),
            f"Adding {values.login}…",
            said,
            dialog,
        )

    def _set_roles(self, dialog: AccountDialog, account: UserRow, values: AccountValues) -> None:
        if values.roles == account.roles:
            dialog.failed("These are already its roles. Tick or untick a role to change them.")
            return
        service = self.service
        said = f"{account.display_name} ({account.username}) is now {roles_in_words(values.roles)}."
        self._write(
            lambda: service.set_roles(account.username, values.roles),
            f"Changing the roles of {account.username}…",
            said,
            dialog,
        )

    def switch_off(self) -> None:
        """Switch off…: asked first; the person can no longer open the database."""
        account = self.chosen()
        if not self.writable or account is None or not account.active:
            return
        from vpr_desktop.views.common.dialogs import confirm

        who = f"{account.display_name} ({account.username})"
        confirm(
            self,
            "Switch the account off?",
            f"{who} will no longer be able to open this database. Their name stays in the "
            "audit trail, and the account can be switched on again.",
            "Switch off",
            lambda: self._switch(account, on=False),
        )

    def switch_on(self) -> None:
        """Switch on…: asked first; the person can open the database again, same roles."""
        account = self.chosen()
        if not self.writable or account is None or account.active:
            return
        from vpr_desktop.views.common.dialogs import confirm

        who = f"{account.display_name} ({account.username})"
        confirm(
            self,
            "Switch the account on?",
            f"{who} will be able to open this database again as {roles_in_words(account.roles)}.",
            "Switch on",
            lambda: self._switch(account, on=True),
        )

    def _switch(self, account: UserRow, *, on: bool) -> None:
        service = self.service
        login = account.username
        who = f"{account.display_name} ({login})"
        self._write(
            (lambda: service.reactivate(login)) if on else (lambda: service.deactivate(login)),
            f"Switching {login} {'on' if on else 'off'}…",
            f"{who} is switched {'on' if on else 'off'}.",
            None,
            select=login,
        )

    def _write(
        self,
        write: Callable[[], UserChange],
        doing: str,
        said: str,
        dialog: AccountDialog | None,
        *,
        select: str | None = None,
    ) -> None:
        """Run one change in the background; the dialog (if any) closes only on success."""
        if self._writing:
            if dialog is not None:
                dialog.failed(BUSY)
            return
        self._writing = True
        self._update_buttons()

        def done(change: UserChange) -> None:
            self._writing = False
            if dialog is not None:
                dialog.done_ok()
            self.result.setText(said)
            self.result.setAccessibleName(f"Last change to the accounts: {said}")
            self.result.show()
            if change.database_sql:
                self.show_database_sql(change.user.username, change.database_sql)
            self.reload(select=select or change.user.username)

        def failed(exc: BaseException) -> None:
            self._writing = False
            self._update_buttons()
            self._refused(exc, dialog)

        self.runner.write(
            write,
            label=doing,
            on_done=done,
            on_error=failed,
            done_note=said,
        )

    def _refused(self, exc: BaseException, dialog: AccountDialog | None) -> None:
        """Say why nothing changed: in the dialog that asked, else as a plain message."""
        from vpr_desktop.domain.errors import VprError

        if dialog is not None or not isinstance(exc, VprError):
            say_not_saved(dialog, exc, self)
            return
        from vpr_desktop.views.common.dialogs import show_error

        show_error(exc, self)

    def show_database_sql(self, login: str, sql: tuple[str, ...] | list[str]) -> Any:
        """The SQL a database administrator must run, with a Copy button."""
        from vpr_desktop.views.common import dialogs

        dialog = DatabaseSqlDialog(login, sql, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "sql_dialog", None))
        self.sql_dialog = dialog
        dialogs.recent.append(("sql", dialog.windowTitle(), dialog.sql))
        if not dialogs.headless():
            dialog.open()
        return dialog
