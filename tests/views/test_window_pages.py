"""The window's declared pages and imports: built on first show, only for roles that may see
them, reachable through shortcut and sidebar; every Data > Import entry opens its dialog."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from vpr_desktop.domain.enums import Role
from vpr_desktop.views.import_kinds import IMPORTS
from vpr_desktop.views.navigation import PAGES
from vpr_desktop.views.navigation import PAGES_BY_KEY

PAGE_CLASSES = {
    "home": "HomePage",
    "assessment": "AssessmentPage",
    "risks": "RiskRegisterPage",
    "training": "TrainingPage",
    "incidents": "IncidentsPage",
    "support": "SupportQueuePage",
    "actions": "ActionLogPage",
    "roles": "RolesRegisterPage",
    "packs": "PacksPage",
    "audit": "AuditPage",
    "admin": "AdminPage",
    "settings": "SettingsPage",
}
DIALOG_TITLES = {
    "locations": "Import locations",
    "staff": "Import staff from ESR",
    "training": "Import training from ESR",
    "incidents": "Import incidents from Datix",
    "risks": "Import risk assessments",
}


def built_keys(window: Any) -> set[str]:
    return {key for key in PAGES_BY_KEY if window.pages.built(key) is not None}


def page_widgets(window: Any) -> list[str]:
    """The pages in the window's stack, by class (the start page aside)."""
    stack = window.stack
    return [
        type(stack.widget(i)).__name__
        for i in range(stack.count())
        if stack.widget(i) is not window.start_page
    ]


def active(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)  # shortcuts need the active window


def test_every_page_is_declared_with_a_factory() -> None:
    assert [spec.key for spec in PAGES] == list(PAGE_CLASSES)
    assert [spec.key for spec in PAGES if spec.factory is None] == []


def test_pages_are_not_built_before_first_shown(make_window: Any, empty_services: Any) -> None:
    window = make_window(empty_services)
    assert window.visible_page_keys() == list(PAGE_CLASSES)
    assert built_keys(window) == {"home"}  # badges and the last backup need it at once
    assert page_widgets(window) == ["HomePage"]
    assert window.show_page("risks")
    assert built_keys(window) == {"home", "risks"}
    assert page_widgets(window) == ["HomePage", "RiskRegisterPage"]
    first = window.pages.built("risks")
    window.show_page("home")
    assert window.show_page("risks") and window.current_page() is first  # built once


@pytest.mark.parametrize(("n", "key"), list(enumerate(list(PAGE_CLASSES)[:9], start=1)))
def test_each_page_opens_through_its_shortcut(
    make_window: Any, empty_services: Any, qtbot: Any, n: int, key: str
) -> None:
    window = make_window(empty_services)
    active(window, qtbot)
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + n), Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    assert page.key == key and type(page).__name__ == PAGE_CLASSES[key]
    assert page.header.title.text() == PAGES_BY_KEY[key].title
    assert window.sidebar.currentRow() == n - 1


def test_admin_opens_through_its_shortcut_for_an_administrator(
    make_window: Any, empty_services: Any, services_as: Any, actor_with: Any, qtbot: Any
) -> None:
    window = make_window(services_as(empty_services, actor_with(Role.ADMINISTRATOR)))
    assert window.visible_page_keys() == ["home", "audit", "admin", "settings"]
    active(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert type(window.current_page()).__name__ == "AdminPage"
    assert window.current_page().key == "admin"


def test_each_page_opens_through_its_sidebar_row(
    make_window: Any, empty_services: Any, qtbot: Any
) -> None:
    window = make_window(empty_services)
    sidebar = window.sidebar
    for row, key in reversed(list(enumerate(PAGE_CLASSES))):
        item = sidebar.item(row)
        sidebar.scrollToItem(item)
        qtbot.mouseClick(
            sidebar.viewport(), Qt.MouseButton.LeftButton, pos=sidebar.visualItemRect(item).center()
        )
        page = window.current_page()
        assert (page.key, type(page).__name__) == (key, PAGE_CLASSES[key])
    assert built_keys(window) == set(PAGE_CLASSES)


def test_a_role_without_permission_never_gets_the_page_built(
    make_window: Any, empty_services: Any, services_as: Any, actor_with: Any, qtbot: Any
) -> None:
    window = make_window(services_as(empty_services, actor_with(Role.BOARD_SECRETARY)))
    window.ensure_setup()
    for action in window.goto_actions:
        action.trigger()
    for key in PAGE_CLASSES:
        window.show_page(key)
    window.new_pack("board")
    window.import_data("incidents")
    window.import_data("risks")
    assert built_keys(window) == {"home", "packs"}
    assert sorted(page_widgets(window)) == ["HomePage", "PacksPage"]
    assert window.note_label.full_text() == (
        "Importing risk assessments needs access to the risk register."
    )


@pytest.mark.parametrize("kind", list(DIALOG_TITLES))
def test_each_import_menu_entry_opens_its_dialog(
    make_window: Any, empty_services: Any, kind: str
) -> None:
    window = make_window(empty_services)
    entries = {a.text(): a for a in window.data_menu.actions() if a.text()}
    # Every import, the history of them, then the Staff Survey figures typed in (not a file)
    assert list(entries) == [
        *(command.text for command in IMPORTS.values()),
        "Import &history…",
        "&Enter Staff Survey figures…",
    ]
    entries[IMPORTS[kind].text].trigger()
    if kind == "risks":  # the register's own dialog, over the register
        page = window.pages["risks"]
        assert window.current_page() is page
        dialog = page.import_dialog
    else:
        dialog = window.import_dialogs[kind]
    assert dialog is not None and dialog.windowTitle() == DIALOG_TITLES[kind]


def test_an_import_refused_says_why_and_opens_nothing(
    make_window: Any, empty_services: Any, services_as: Any, actor_with: Any
) -> None:
    window = make_window(services_as(empty_services, actor_with(Role.COMMITTEE_CHAIR)))
    assert window.import_data("locations") is None
    assert window.note_label.full_text() == (
        "Importing locations needs the VPR lead role and a database that is not read-only."
    )
    assert window.import_data("risks") is None  # the register is shown; its import refused
    assert window.current_page().key == "risks"
    assert window.note_label.full_text() == (
        "Importing risk assessments needs the VPR lead role and a database that is not read-only."
    )
    assert window.import_dialogs == {}
