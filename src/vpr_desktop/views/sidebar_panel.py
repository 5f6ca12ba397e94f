"""The sidebar with the button under it that collapses it to short labels or widens it again.

Painted at start-up with the sidebar, so like it this module keeps off the ``Qt`` namespace.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.sidebar import Sidebar


class SidebarPanel(QWidget):
    """The sidebar with the button that collapses it to short labels or widens it again.

    Signals:
        toggled(bool): the person asked for narrow (True) or wide (False) labels.
    """

    toggled = Signal(bool)

    def __init__(self, sidebar: Sidebar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebarPanel")
        self.sidebar = sidebar
        self.button = QPushButton(self)
        self.button.setObjectName("sidebarToggle")
        self.button.clicked.connect(lambda: self.toggled.emit(not sidebar.is_narrow()))
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(sidebar, 1)
        box.addWidget(self.button)  # under the pages: the list keeps the window's first focus
        self.show_mode()

    def show_mode(self) -> None:
        """Word the button for what pressing it will do."""
        narrow = self.sidebar.is_narrow()
        text = "Wider »" if narrow else "« Narrower"
        spoken = (
            "Show the sidebar's full page titles"
            if narrow
            else "Show the sidebar with short page labels"
        )
        self.button.setText(text)
        self.button.setAccessibleName(f"{spoken} (Ctrl+Backslash)")
        self.button.setToolTip(f"{spoken} (Ctrl+\\)")
