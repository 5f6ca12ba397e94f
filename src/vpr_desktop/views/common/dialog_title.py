"""Naming a dialog: its title bar, the name a screen reader announces, and its object name.

Why one place: each dialog here says the same words in its title bar and to a screen reader
when it opens (the accessible name), is found by its object name (style sheet and tests), and
most are window-modal so the page behind waits. The account, action, database SQL, claims and
set-up dialogs each set these four properties by hand.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

__all__ = ["title_dialog"]


def title_dialog(dialog: QDialog, title: str, *, name: str, modal: bool = True) -> None:
    """Give ``dialog`` the window title ``title``, the same accessible name and the object
    name ``name``; window-modal unless ``modal`` is False (a dialog that is only ever opened
    with ``open()``, which makes it so)."""
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    if modal:
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
