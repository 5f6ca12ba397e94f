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
from typing import NamedTuple

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


class WindowAction(NamedTuple):
    """One of the window's named actions (``MainWindow.<attribute>``), as a row of a table.

    Why: the eleven actions the menus and other code reach by name were each made by the same
    ``make_action`` call, differing only in these values; one loop now makes them all.
    """

    attribute: str
    text: str
    slot: Callable[[], object]
    tip: str = ""
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    enabled: bool = True


def window_actions(window: MainWindow) -> tuple[WindowAction, ...]:
    """The window's named actions, in the order they are made (and added to the window)."""
    from PySide6.QtGui import QKeySequence

    from vpr_desktop.views import menu_commands

    commands = window.database
    key = QKeySequence.StandardKey
    return (
        WindowAction(
            "new_action", "&New database…", commands.new_database, "Create a new, empty database"
        ),
        WindowAction(
            "open_action",
            "&Open database…",
            commands.open_database,
            "Open another database",
            (key.Open,),
        ),
        WindowAction(
            "open_shared_action",
            "Open &shared database…",
            commands.open_shared_database,
            "Connect to your trust's shared PostgreSQL database",
            ("Ctrl+Shift+O",),
        ),
        WindowAction(
            "demo_action",
            "Open &demo database",
            commands.open_demo,
            "Open the demo database (made-up data)",
        ),
        WindowAction(
            "backup_action",
            "&Back up now",
            commands.back_up_now,
            "Take a verified backup of the database now",
            ("Ctrl+B",),
            enabled=False,
        ),
        WindowAction(
            "template_action",
            "Save standard &template…",
            lambda: menu_commands.save_template(window),
            "Save the standard as a workbook to paste the published wording into",
            enabled=False,
        ),
        WindowAction("exit_action", "E&xit", window.close, "Close VPR Desktop", (key.Quit,)),
        WindowAction(
            "find_action", "&Find…", window.focus_search, "Search the current page", (key.Find,)
        ),
        WindowAction(
            "refresh_action", "&Refresh", window.refresh, "Load the current page again", ("F5",)
        ),
        WindowAction(
            "about_action", "&About VPR Desktop", lambda: menu_commands.show_about(window)
        ),
        WindowAction(
            "logs_action",
            "Show the &log folder",
            lambda: menu_commands.show_log_folder(window),
            "Open the folder with VPR Desktop's log files",
        ),
    )


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

    from vpr_desktop.views import menu_commands
    from vpr_desktop.views.import_kinds import IMPORTS

    commands = window.database
    for spec in window_actions(window):
        action = make_action(
            window,
            spec.text,
            spec.slot,
            shortcuts=list(spec.shortcuts),
            tip=spec.tip,
            enabled=spec.enabled,
        )
        setattr(window, spec.attribute, action)

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
    window.return_action = make_action(
        window,
        "Export anonymised &return…",
        lambda: menu_commands.export_return(window),
        tip="The trust's counts in the common data standard, for the system or region",
    )
    file_menu.addAction(window.return_action)
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
    window.survey_action = make_action(
        window,
        "&Enter Staff Survey figures…",
        lambda: menu_commands.enter_staff_survey(window),
        tip="Type in a year's NHS Staff Survey figure for a violence or abuse measure",
    )
    window.data_menu.addAction(window.survey_action)

    window.pack_actions = [
        window.reports_menu.addAction("&Committee pack…", lambda: window.new_pack("committee")),
        window.reports_menu.addAction("&Board pack…", lambda: window.new_pack("board")),
    ]
    # A write the window refuses (View as role) keeps its entry, greyed, saying why.
    for menu in (window.file_menu, window.data_menu, window.reports_menu):
        menu.setToolTipsVisible(True)

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
