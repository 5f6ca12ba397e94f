"""What the menu entries run when it is not the window's own method: set-up, Help, the return.

Each imports what it opens when it runs, so filling the menus (straight after the first paint)
loads none of the dialogs behind them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vpr_desktop.views.main_window import MainWindow


def set_up(window: MainWindow) -> None:
    """File > Set up the trust…: the set-up wizard, asked for."""
    from vpr_desktop.views.admin.setup_wizard import offer_setup

    offer_setup(window, force=True)


def offer_setup_if_new(window: MainWindow) -> None:
    """A new, empty database (or an unfinished set-up): the set-up wizard, by itself, once the
    page opened on has painted (the wizard's import is not the first page's work)."""
    from vpr_desktop.views.admin.setup_wizard import offer_setup

    offer_setup(window)


def show_about(window: MainWindow) -> None:
    """Help > About VPR Desktop."""
    from vpr_desktop.views.common.about_dialog import show_about as about

    about(window.services, window)


def show_log_folder(window: MainWindow) -> None:
    """Help > Open log folder: where crash references can be looked up."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from vpr_desktop.store.paths import logs_dir

    folder = logs_dir()
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        window.note(f"The log folder is {folder}")


def export_return(window: MainWindow) -> None:
    """File > Export anonymised return…"""
    from vpr_desktop.views.system.return_dialog import ask_export_return

    ask_export_return(window)


def import_history(window: MainWindow) -> None:
    """Data > Import history…"""
    from vpr_desktop.views.imports import open_import_history

    open_import_history(window)


def enter_staff_survey(window: MainWindow) -> None:
    """Data > Enter Staff Survey figures…"""
    from vpr_desktop.views.system.staff_survey_dialog import ask_enter_staff_survey

    ask_enter_staff_survey(window)


def save_template(window: MainWindow) -> None:
    """File > Save standard template…"""
    from vpr_desktop.views.assessment.standard_template import ask_save_template

    ask_save_template(window)
