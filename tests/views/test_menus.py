"""The window's named actions, made from one table (``menus.window_actions``)."""

from __future__ import annotations

from typing import Any

from vpr_desktop.views.menus import window_actions


def _shown(action: Any) -> tuple[str, list[str], str, bool]:
    shortcuts = [s.toString() for s in action.shortcuts()]
    return action.text(), shortcuts, action.statusTip(), action.isEnabled()


def test_each_named_action_is_made_from_its_row(make_window: Any) -> None:
    window = make_window()
    window.ensure_setup()
    rows = window_actions(window)
    assert [row.attribute for row in rows] == [
        "new_action",
        "open_action",
        "open_shared_action",
        "demo_action",
        "backup_action",
        "template_action",
        "exit_action",
        "find_action",
        "refresh_action",
        "about_action",
        "logs_action",
    ]
    assert _shown(window.new_action) == (
        "&New database…",
        [],
        "Create a new, empty database",
        True,
    )
    assert _shown(window.open_action) == (
        "&Open database…",
        ["Ctrl+O"],
        "Open another database",
        True,
    )
    assert _shown(window.open_shared_action)[1] == ["Ctrl+Shift+O"]
    assert _shown(window.backup_action) == (
        "&Back up now",
        ["Ctrl+B"],
        "Take a verified backup of the database now",
        False,
    )
    assert not window.template_action.isEnabled()
    assert _shown(window.refresh_action) == (
        "&Refresh",
        ["F5"],
        "Load the current page again",
        True,
    )
    assert window.about_action.toolTip() == "About VPR Desktop"  # no tip: Qt uses the text
    assert window.about_action.statusTip() == ""
    assert window.exit_action.toolTip() == "Close VPR Desktop"


def test_named_actions_are_on_the_window_in_table_order(make_window: Any) -> None:
    window = make_window()
    window.ensure_setup()
    texts = [a.text() for a in window.actions()]
    wanted = [row.text for row in window_actions(window)]
    assert texts[: len(wanted)] == wanted
    assert window.file_menu.actions()[0] is window.new_action
    assert window.help_menu.actions() == [window.about_action, window.logs_action]
