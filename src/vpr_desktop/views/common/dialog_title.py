"""A dialog's names: the object name (style sheet, tests) and the title, shown and spoken."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def set_dialog_title(dialog: QWidget, name: str, title: str, *, modal: bool = False) -> None:
    """Name ``dialog``: ``name`` for the style sheet and tests, ``title`` in its title bar and
    as its accessible name (what a screen reader says on opening it); ``modal`` blocks only
    the window it opens over.

    Why one place: every dialog of the app is named these three ways, and its title is what a
    screen reader must say, so the two are set together from one value. The ``Qt`` namespace
    is touched only for ``modal``, keeping it off the start-up path.
    """
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    if modal:
        from PySide6.QtCore import Qt

        dialog.setWindowModality(Qt.WindowModality.WindowModal)
