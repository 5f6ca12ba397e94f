"""A dialog's title bar, accessible name and object name are set in one call; window-modal
unless asked not to be (the modality Qt gives a dialog by itself is left alone then)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from vpr_desktop.views.common.dialog_title import title_dialog


def test_a_titled_dialog_is_named_alike_and_window_modal(qtbot: Any) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    title_dialog(dialog, "Add a user", name="accountDialog")
    assert dialog.windowTitle() == "Add a user"
    assert dialog.accessibleName() == "Add a user"
    assert dialog.objectName() == "accountDialog"
    assert dialog.windowModality() is Qt.WindowModality.WindowModal


def test_modal_false_leaves_the_modality_as_it_was(qtbot: Any) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    title_dialog(dialog, "Set up VPR Desktop for your trust", name="setupWizard", modal=False)
    assert dialog.windowTitle() == dialog.accessibleName() == "Set up VPR Desktop for your trust"
    assert dialog.objectName() == "setupWizard"
    assert dialog.windowModality() is Qt.WindowModality.NonModal
