"""``set_dialog_title``: a dialog's object name, title and spoken name, set together."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from vpr_desktop.views.common.dialog_title import set_dialog_title


def test_the_title_is_shown_and_spoken_and_the_name_kept(qtbot: Any) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    set_dialog_title(dialog, "newPackDialog", "New pack")
    assert dialog.objectName() == "newPackDialog"
    assert dialog.windowTitle() == "New pack"
    assert dialog.accessibleName() == "New pack"
    assert dialog.windowModality() == Qt.WindowModality.NonModal


def test_modal_blocks_only_the_window_it_opens_over(qtbot: Any) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    set_dialog_title(dialog, "viewAsDialog", "View as role", modal=True)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert (dialog.windowTitle(), dialog.accessibleName()) == ("View as role", "View as role")
