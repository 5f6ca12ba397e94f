"""The window's menu bar, its actions and their shortcuts.

What an entry runs, when it is not the window's own method, is in
:mod:`vpr_desktop.views.menu_commands`.

The top-level menus are made before the first paint (the menu bar is part of it); every entry,
action and shortcut is added straight after it (``MainWindow.ensure_setup``), which keeps
QAction, QKeySequence and the ``Qt`` namespace off the start-up path. Actions are also added
to the window itself, so their shortcuts work with the menu bar hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtGui import QKeySequence

    from vpr_desktop.views.main_window import MainWindow


def make_action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object] | None,
    *,
    shortcuts: list[str | QKeySequence.StandardKey] | None = None,
    tip: str = "",
    enabled: bool = True,
) -> QAction:
    """A window action; it is added to the window so shortcuts work without the menu bar."""
    from PySide6.QtGui import QAction
    from PySide6.QtGui import QKeySequence

    action = QAction(text, window)
    if shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.setEnabled(enabled)
    if slot is not None:
        action.triggered.connect(slot)
    window.addAction(action)  # shortcuts work even with the menu bar hidden
    return action


def build_menu_bar(window: MainWindow) -> None:
    """The top-level menus only: what the first paint shows."""
    bar = window.menuBar()
    bar.setAccessibleName("Menu bar")
    window.file_menu = bar.addMenu("&File")
    window.edit_menu = bar.addMenu("&Edit")
    window.view_menu = bar.addMenu("&View")
    window.data_menu = bar.addMenu("&Data")
    window.reports_menu = bar.addMenu("&Reports")
    window.help_menu = bar.addMenu("&Help")
    window.goto_menu = None  # made with the other entries after first paint


def fill_menus(window: MainWindow) -> None:
    """Every menu entry and its action (after the first paint)."""
    from PySide6.QtGui import QKeySequence

    from vpr_desktop.views import menu_commands
    from vpr_desktop.views.import_kinds import IMPORTS

    commands = window.database
    window.new_action = make_action(
        window, "&New database…", commands.new_database, tip="Create a new, empty database"
    )
    window.open_action = make_action(
        window,
        "&Open database…",
        commands.open_database,
        shortcuts=[QKeySequence.StandardKey.Open],
        tip="Open another database",
    )
    window.open_shared_action = make_action(
        window,
        "Open &shared database…",
        commands.open_shared_database,
        shortcuts=["Ctrl+Shift+O"],
        tip="Connect to your trust's shared PostgreSQL database",
    )
    window.demo_action = make_action(
        window,
        "Open &demo database",
        commands.open_demo,
        tip="Open the demo database (made-up data)",
    )
    window.backup_action = make_action(
        window,
        "&Back up now",
        commands.back_up_now,
        shortcuts=["Ctrl+B"],
        enabled=False,
        tip="Take a verified backup of the database now",
    )
    window.template_action = make_action(
        window,
        "Save standard &template…",
        lambda: menu_commands.save_template(window),
        enabled=False,
        tip="Save the standard as a workbook to paste the published wording into",
    )
    window.exit_action = make_action(
        window,
        "E&xit",
        window.close,
        shortcuts=[QKeySequence.StandardKey.Quit],
        tip="Close VPR Desktop",
    )
    window.find_action = make_action(
        window,
        "&Find…",
        window.focus_search,
        shortcuts=[QKeySequence.StandardKey.Find],
        tip="Search the current page",
    )
    window.refresh_action = make_action(
        window, "&Refresh", window.refresh, shortcuts=["F5"], tip="Load the current page again"
    )
    window.about_action = make_action(
        window, "&About VPR Desktop", lambda: menu_commands.show_about(window)
    )
    window.logs_action = make_action(
        window,
        "Show the &log folder",
        lambda: menu_commands.show_log_folder(window),
        tip="Open the folder with VPR Desktop's log files",
    )

    file_menu = window.file_menu
    file_menu.addActions(
        [window.new_action, window.open_action, window.open_shared_action, window.demo_action]
    )
    file_menu.addSeparator()
    file_menu.addAction(window.backup_action)
    window.restore_action = file_menu.addAction(
        "&Restore a backup…", lambda: commands.restore_backup()
    )
    window.restore_action.setToolTip("Replace the open database with one of its backups")
    window.restore_action.setEnabled(False)
    file_menu.addSeparator()
    file_menu.addAction(window.template_action)
    file_menu.addAction(
        make_action(
            window,
            "Export anonymised &return…",
            lambda: menu_commands.export_return(window),
            tip="The trust's counts in the common data standard, for the system or region",
        )
    )
    window.setup_action = file_menu.addAction(
        "Set &up the trust…", lambda: menu_commands.set_up(window)
    )
    window.setup_action.setToolTip(
        "Trust name, sites and locations, training catalogue, standard, first imports"
    )
    # Once the page opened on has painted: the wizard's import is not the first page's work.
    window.settled.connect(lambda _services: menu_commands.offer_setup_if_new(window))
    file_menu.addSeparator()
    file_menu.addAction(window.exit_action)

    window.edit_menu.addAction(window.find_action)

    window.view_menu.addAction(window.refresh_action)
    window.view_menu.addSeparator()
    window.goto_menu = window.view_menu.addMenu("&Go to")

    for kind, command in IMPORTS.items():
        action = make_action(
            window, command.text, lambda _c=False, k=kind: window.import_data(k), tip=command.tip
        )
        window.data_menu.addAction(action)
        window.import_actions[kind] = action
    window.import_risks_action = window.import_actions["risks"]
    window.data_menu.addAction(
        make_action(
            window,
            "Import &history…",
            lambda: menu_commands.import_history(window),
            tip="Every file imported, by whom and when; undo an import",
        )
    )
    window.data_menu.addSeparator()
    window.data_menu.addAction(
        make_action(
            window,
            "&Enter Staff Survey figures…",
            lambda: menu_commands.enter_staff_survey(window),
            tip="Type in a year's NHS Staff Survey figure for a violence or abuse measure",
        )
    )

    window.reports_menu.addAction("&Committee pack…", lambda: window.new_pack("committee"))
    window.reports_menu.addAction("&Board pack…", lambda: window.new_pack("board"))

    window.help_menu.addAction(window.about_action)
    window.help_menu.addAction(window.logs_action)


def fill_goto_menu(window: MainWindow) -> None:
    """View > Go to: Ctrl+1 … Ctrl+9 (and Alt+) for the first nine pages, in sidebar order."""
    for action in window.goto_actions:
        window.removeAction(action)
        action.deleteLater()
    window.goto_actions = []
    if window.goto_menu is None:  # not built yet: ensure_setup fills it
        return
    window.goto_menu.clear()
    for n, spec in enumerate(window.specs[:9], start=1):
        action = make_action(
            window,
            spec.title,
            lambda _checked=False, k=spec.key: window.show_page(k),
            shortcuts=[f"Ctrl+{n}", f"Alt+{n}"],
        )
        window.goto_menu.addAction(action)
        window.goto_actions.append(action)
    window.goto_menu.setEnabled(bool(window.goto_actions))
