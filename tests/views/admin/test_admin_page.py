"""The Admin page over a real SQLite database: an administrator adds a user through the dialog,
and that login then opens the database with its role's pages only; a switched-off account is
refused in plain words; the last administrator is protected; the SQL for a DBA is shown with a
Copy button; the accounts model passes Qt's model tester. What the page shows is compared with
the accounts in the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import User
from vpr_desktop.services.admin.users import UserChange
from vpr_desktop.services.admin.users import UserRow
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.views.admin.accounts_model import AccountsModel
from vpr_desktop.views.admin.page import AdminPage
from vpr_desktop.views.admin.users import AccountDialog
from vpr_desktop.views.common import dialogs
from vpr_desktop.views.navigation import visible_pages

WAIT_MS = 15000
STAFF_SIDE_PAGES = ["home", "assessment", "training", "actions", "roles"]


@pytest.fixture
def trust(tmp_path: Path) -> Iterator[tuple[Path, Any]]:
    """A new database file and the services of its creator (administrator and VPR lead)."""
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    path = tmp_path / "trust.db"
    services = build_services(open_database(path))
    yield path, services
    services.close()


def admin_page(window: Any, qtbot: Any) -> AdminPage:
    assert window.show_page("admin")
    page = window.current_page()
    assert isinstance(page, AdminPage)
    qtbot.waitUntil(lambda: page.loaded and not page.runner.is_busy(), timeout=WAIT_MS)
    return page


def account(services: Any, login: str) -> User | None:
    with reading(services.db) as session:
        user = session.scalar(select(User).where(User.username == login))
        if user is not None:
            _ = user.role_set  # loaded before the session closes
        return user


def shown(page: AdminPage, login: str) -> list[str]:
    row = page.model.row_of(login)
    assert row >= 0, f"{login} is not in the list"
    return [page.model.text(row, c) for c in range(page.model.columnCount())]


def add_through_dialog(
    page: AdminPage, qtbot: Any, login: str, name: str, *roles: Role
) -> AccountDialog:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, AccountDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.login, login)
    qtbot.keyClicks(dialog.name, name)
    for role in roles:
        box = dialog.role_boxes[role]
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().bottomLeft() / 2)
        assert box.isChecked()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    return dialog


def wait_listed(page: AdminPage, qtbot: Any, login: str, status: str = "Active") -> None:
    qtbot.waitUntil(
        lambda: (
            page.model.row_of(login) >= 0
            and page.model.text(page.model.row_of(login), 3) == status
            and not page.runner.is_busy()
        ),
        timeout=WAIT_MS,
    )


def open_as(window: Any, qtbot: Any, path: Path, login: str, monkeypatch: Any) -> None:
    """Open ``path`` in the window as the operating-system login ``login`` would."""
    monkeypatch.setattr("vpr_desktop.services.admin.users.os_account_name", lambda: login)
    window.open_target(str(path))
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=WAIT_MS)


def test_an_administrator_adds_a_user_who_then_sees_only_their_roles_pages(
    make_window: Any, trust: tuple[Path, Any], qtbot: Any, monkeypatch: Any
) -> None:
    path, admin = trust
    window = make_window(admin)
    page = admin_page(window, qtbot)
    creator = admin.actor.username
    assert shown(page, creator) == [creator, creator, "VPR lead, Administrator", "Active"]

    add_through_dialog(page, qtbot, "sam.jones", "Sam  Jones", Role.STAFF_SIDE_REP)
    wait_listed(page, qtbot, "sam.jones")
    assert page.dialog is None  # closed once the account was added
    assert shown(page, "sam.jones") == ["sam.jones", "Sam Jones", "Staff-side rep", "Active"]
    assert page.result.text() == "Added Sam Jones (sam.jones) as Staff-side rep."
    assert page.count.text() == "2 accounts"
    assert page.chosen() is not None and page.chosen().username == "sam.jones"
    user = account(admin, "sam.jones")
    assert user is not None and user.display_name == "Sam Jones" and user.active
    assert user.role_set == {Role.STAFF_SIDE_REP}
    with reading(admin.db) as session:  # audited under the administrator's login
        who = session.scalars(
            select(AuditEvent.username).where(
                AuditEvent.entity == "app_user", AuditEvent.entity_id == str(user.id)
            )
        ).all()
    assert who == [creator]

    # That login now opens the same database, and sees the staff-side rep's pages only.
    admin.close()
    open_as(window, qtbot, path, "sam.jones", monkeypatch)
    services = window.services
    assert services is not None and services.actor.username == "sam.jones"
    assert services.actor.roles == {Role.STAFF_SIDE_REP}
    assert window.visible_page_keys() == STAFF_SIDE_PAGES
    assert [s.key for s in visible_pages(services.actor)] == STAFF_SIDE_PAGES
    assert not window.show_page("admin") and not window.show_page("incidents")
    assert "Staff-side rep" in window.user_label.text()


def test_a_switched_off_account_is_refused_in_plain_words(
    make_window: Any, trust: tuple[Path, Any], qtbot: Any, monkeypatch: Any
) -> None:
    path, admin = trust
    admin.users().add("pat", "Pat Chair", [Role.COMMITTEE_CHAIR])
    window = make_window(admin)
    page = admin_page(window, qtbot)
    assert page.select_login("pat")
    assert page.off_button.isEnabled() and not page.on_button.isEnabled()
    qtbot.mouseClick(page.off_button, Qt.MouseButton.LeftButton)  # confirmed (headless: yes)
    assert dialogs.recent[-1][:2] == ("confirm", "Switch the account off?")
    wait_listed(page, qtbot, "pat", "Switched off")
    assert page.result.text() == "Pat Chair (pat) is switched off."
    assert page.count.text() == "2 accounts: 1 active, 1 switched off"
    user = account(admin, "pat")
    assert user is not None and not user.active
    assert page.on_button.isEnabled() and not page.off_button.isEnabled()

    window.detach()
    window.show_start_sidebar()
    admin.close()
    dialogs.recent.clear()
    open_as(window, qtbot, path, "pat", monkeypatch)
    assert window.services is None
    kinds = [kind for kind, _title, _text in dialogs.recent]
    assert kinds == ["error"]  # a known problem, never the crash dialog
    _kind, _title, text = dialogs.recent[-1]
    assert "The account 'pat' has been switched off." in text
    assert "Ask an administrator to switch it back on." in text
    assert "Traceback" not in text


def test_an_account_is_switched_on_again_with_its_roles(
    make_window: Any, trust: tuple[Path, Any], qtbot: Any
) -> None:
    _path, admin = trust
    users = admin.users()
    users.add("pat", "Pat Chair", [Role.COMMITTEE_CHAIR])
    users.deactivate("pat")
    page = admin_page(make_window(admin), qtbot)
    assert shown(page, "pat")[3] == "Switched off"
    assert page.select_login("pat")
    qtbot.mouseClick(page.on_button, Qt.MouseButton.LeftButton)
    assert dialogs.recent[-1][:2] == ("confirm", "Switch the account on?")
    wait_listed(page, qtbot, "pat", "Active")
    user = account(admin, "pat")
    assert user is not None and user.active and user.role_set == {Role.COMMITTEE_CHAIR}


def test_the_last_administrator_cannot_be_switched_off_or_lose_the_role(
    make_window: Any, trust: tuple[Path, Any], qtbot: Any
) -> None:
    _path, admin = trust
    creator = admin.actor.username
    page = admin_page(make_window(admin), qtbot)
    assert page.select_login(creator)
    qtbot.mouseClick(page.off_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialogs.recent[-1][0] == "error", timeout=WAIT_MS)
    _kind, _title, text = dialogs.recent[-1]
    assert f"({creator}) is the last active administrator and cannot be switched off." in text
    assert "Make someone else an administrator first." in text
    user = account(admin, creator)
    assert user is not None and user.active

    qtbot.mouseClick(page.roles_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.role_boxes[Role.ADMINISTRATOR].isChecked()
    assert dialog.login.isReadOnly() and dialog.login.text() == creator
    dialog.role_boxes[Role.ADMINISTRATOR].setChecked(False)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.problem.isVisible, timeout=WAIT_MS)
    assert "cannot lose the administrator role" in dialog.problem.text()
    assert page.dialog is dialog and dialog.isVisible()  # kept open, nothing lost
    assert not dialog.role_boxes[Role.ADMINISTRATOR].isChecked()
    user = account(admin, creator)
    assert user is not None and Role.ADMINISTRATOR in user.role_set
    dialog.reject()


def test_changing_roles_saves_them(make_window: Any, trust: tuple[Path, Any], qtbot: Any) -> None:
    _path, admin = trust
    admin.users().add("pat", "Pat Chair", [Role.COMMITTEE_CHAIR])
    page = admin_page(make_window(admin), qtbot)
    assert page.select_login("pat")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter on a row: Change roles…
    dialog = page.dialog
    assert dialog is not None and dialog.windowTitle() == "Change the roles of Pat Chair"
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)  # nothing changed yet
    assert "already its roles" in dialog.problem.text()
    dialog.role_boxes[Role.BOARD_SECRETARY].setChecked(True)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT_MS)
    wait_listed(page, qtbot, "pat")
    assert shown(page, "pat")[2] == "Committee chair, Board secretary"
    user = account(admin, "pat")
    assert user is not None
    assert user.role_set == {Role.COMMITTEE_CHAIR, Role.BOARD_SECRETARY}


def test_the_dialog_says_what_is_missing_in_words(
    make_window: Any, trust: tuple[Path, Any], qtbot: Any
) -> None:
    _path, admin = trust
    creator = admin.actor.username
    page = admin_page(make_window(admin), qtbot)
    dialog = page.add_user()
    assert dialog is not None
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.login_error.text() == "Type the person's login."
    assert dialog.name_error.text() == "Type the person's name as colleagues know it."
    assert dialog.roles_error.text() == "Tick at least one role."
    assert all(e.isVisibleTo(dialog) for e in (dialog.login_error, dialog.roles_error))
    qtbot.keyClicks(dialog.login, creator)
    qtbot.keyClicks(dialog.name, "Someone Else")
    dialog.role_boxes[Role.VPR_LEAD].setChecked(True)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.login_error.text().startswith(f"'{creator}' already has an account.")
    assert not dialog.name_error.isVisibleTo(dialog)
    assert not dialog.roles_error.isVisibleTo(dialog)
    assert dialog.isVisible() and not page.runner.is_busy()
    with reading(admin.db) as session:
        assert len(session.scalars(select(User)).all()) == 1
    dialog.reject()


def test_sql_for_a_database_administrator_is_shown_with_a_copy_button(
    make_window: Any, trust: tuple[Path, Any], qtbot: Any, monkeypatch: Any
) -> None:
    """On PostgreSQL without CREATEROLE the service hands back SQL (tested in the service's
    own tests); here the page must show exactly that SQL and copy it."""
    _path, admin = trust
    page = admin_page(make_window(admin), qtbot)
    sql = ('CREATE ROLE "kim" LOGIN', 'GRANT "vpr_staff_side_rep" TO "kim"')

    def add(login: str, name: str, roles: Any) -> UserChange:
        return UserChange(UserRow(login, name, frozenset(roles), True), sql, False)

    monkeypatch.setattr(page.service, "add", add)
    add_through_dialog(page, qtbot, "kim", "Kim Lee", Role.STAFF_SIDE_REP)
    qtbot.waitUntil(lambda: page.sql_dialog is not None, timeout=WAIT_MS)
    dialog = page.sql_dialog
    assert dialog is not None
    assert dialog.text.toPlainText() == (
        'CREATE ROLE "kim" LOGIN;\nGRANT "vpr_staff_side_rep" TO "kim";'
    )
    assert "'kim' is saved" in dialog.message.text()
    assert dialogs.recent[-1][0] == "sql"
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == dialog.text.toPlainText()
    assert dialog.copied.text().startswith("Copied.")
    dialog.reject()


def test_a_vpr_lead_is_told_accounts_belong_to_administrators(
    make_window: Any, empty_services: Any, services_as: Any, qtbot: Any
) -> None:
    lead = Actor("lee", "Lee Lead", frozenset({Role.VPR_LEAD}))
    window = make_window(services_as(empty_services, lead))
    assert "admin" in window.visible_page_keys()  # for the trust settings
    assert window.show_page("admin")
    page = window.current_page()
    assert isinstance(page, AdminPage)
    assert page.stack.currentWidget() is page.problem_area
    assert page.problem.heading.text() == "Accounts are managed by administrators"
    # The notice sits at the top as one block, its words together, not spread down the page.
    assert page.problem.y() == 0 and page.problem.height() < page.stack.height() // 2
    assert not page.add_button.isVisibleTo(page) and not page.buttons.isVisibleTo(page)
    assert page.model.rowCount() == 0 and not page.runner.is_busy()


def test_the_accounts_model_passes_qt_model_tester(
    make_window: Any, trust: tuple[Path, Any], qtbot: Any, qtmodeltester: Any
) -> None:
    _path, admin = trust
    admin.users().add("pat", "Pat Chair", [Role.COMMITTEE_CHAIR])
    admin.users().deactivate("pat")
    page = admin_page(make_window(admin), qtbot)
    assert page.model.rowCount() == 2
    qtmodeltester.check(page.model, force_py=True)
    qtmodeltester.check(page.model)
    row = page.model.row_of("pat")
    status = page.model.index(row, 3)
    assert page.model.data(status) == "Switched off"
    assert page.model.data(status, Qt.ItemDataRole.AccessibleTextRole) == "Status: Switched off"
    empty = AccountsModel()
    qtmodeltester.check(empty, force_py=True)


def test_every_control_is_named_and_on_the_keyboard(
    make_window: Any, trust: tuple[Path, Any], qtbot: Any
) -> None:
    _path, admin = trust
    page = admin_page(make_window(admin), qtbot)
    dialog = page.add_user()
    assert dialog is not None
    for widget in (page, dialog):
        missing = [
            f"{type(w).__name__}#{w.objectName()}"
            for w in [widget, *widget.findChildren(QWidget)]
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not w.accessibleName()
            and w.objectName() != "qt_scrollarea_viewport"
        ]
        assert missing == []
    assert all(box.focusPolicy() & Qt.FocusPolicy.TabFocus for box in dialog.role_boxes.values())
    dialog.reject()
