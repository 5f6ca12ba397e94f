"""Data > Import … and Data > Import history…: opening an import the same way for every kind.

What the imports are (who may use each, its dialog, the page it refreshes) is declared once in
:mod:`vpr_desktop.views.import_kinds`; this opens one, or says why not, and loads the pages an
import (or an undo) wrote to again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vpr_desktop.views.import_kinds import IMPORTS
from vpr_desktop.views.import_kinds import ImportCommand

if TYPE_CHECKING:
    from vpr_desktop.services.importing.batch import BatchInfo
    from vpr_desktop.views.common.import_dialog import ImportDialog
    from vpr_desktop.views.import_history import ImportHistoryDialog
    from vpr_desktop.views.main_window import MainWindow


def open_import(window: MainWindow, kind: str) -> ImportDialog | None:
    """Open the import dialog for ``kind`` (a key of :data:`IMPORTS`), or say why not.

    Returns the dialog (tests drive it), or None when this person or database may not import.
    """
    command = IMPORTS[kind]
    services = window.services
    if (
        services is None
        or (command.writable and services.db.read_only)
        or not all(services.actor.can(p) for p in command.needs)  # type: ignore[arg-type]
    ):
        window.note(command.refusal)
        return None
    dialog = command.dialog(window, services, kind)
    if dialog is None:
        window.note(command.page_refusal or command.refusal)
        return None
    if command.owned_by_page:
        return dialog
    from vpr_desktop.views.common.dialogs import headless
    from vpr_desktop.views.common.worker import JobRunner

    dialog.imported.connect(lambda _result: _imported(window, command))
    dialog.finished.connect(lambda _result: dialog.deleteLater())
    if command.status_notes:
        for runner in dialog.findChildren(JobRunner):
            runner.note.connect(window.note)
    if not headless():
        dialog.open()
    window.import_dialogs[kind] = dialog
    return dialog


def open_import_history(window: MainWindow) -> ImportHistoryDialog | None:
    """Data > Import history…: every batch, and undoing one; None when this person may not
    see it (the history is for people who may import)."""
    from vpr_desktop.domain.permissions import Permission
    from vpr_desktop.views.common.dialogs import headless
    from vpr_desktop.views.import_history import ImportHistoryDialog

    services = window.services
    if services is None or not services.actor.can(Permission.IMPORT_DATA):
        window.note("The import history is for people who may import data (the VPR lead).")
        return None

    def undone(batch: BatchInfo) -> None:
        command = IMPORTS.get(batch.kind)
        if command is not None:
            _imported(window, command)
        else:
            window.reload_home()

    dialog = ImportHistoryDialog(services, window, on_undone=undone)
    dialog.finished.connect(lambda _result: dialog.deleteLater())
    if not headless():
        dialog.open()
    return dialog


def _imported(window: MainWindow, command: ImportCommand) -> None:
    """An import wrote rows: the page showing them, and the home summary, load again."""
    page = window.pages.built(command.refresh) if command.refresh else None
    if page is not None:
        page.refresh()
    window.reload_home()
