"""The window's central area: the sidebar beside the page area, and the width between them.

The sidebar's width follows its mode (short labels or full titles, ``views.sidebar``), the
person's remembered choice, and on a first start the width the window opens with; the splitter
has to follow each change. That measuring is one concern, kept here so the main window only
composes the parts: it reaches the stack, the page area and the sidebar through this object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.sidebar import NARROW_BELOW
from vpr_desktop.views.sidebar import SETTINGS_NARROW
from vpr_desktop.views.sidebar import Sidebar
from vpr_desktop.views.sidebar_panel import SidebarPanel

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMainWindow


class WindowLayout(QObject):
    """The sidebar panel, the page area (the task strip over the page stack) and the splitter
    between them, made the window's central widget."""

    def __init__(self, window: QMainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.sidebar = Sidebar(window)

        self.page_area = QWidget(window)
        self.page_area.setObjectName("pageArea")
        area = QVBoxLayout(self.page_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.setSpacing(0)
        self.stack = QStackedWidget(self.page_area)
        self.stack.setObjectName("pageStack")
        area.addWidget(self.stack, 1)

        # No arguments: resolving QSplitter(parent) against QSplitter(Qt.Orientation, …) would
        # build the whole Qt namespace before the first paint. Horizontal is the default.
        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.sidebar_panel = SidebarPanel(self.sidebar, window)
        self.sidebar_panel.toggled.connect(self.set_narrow)
        self.splitter.addWidget(self.sidebar_panel)
        self.splitter.addWidget(self.page_area)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        window.setCentralWidget(self.splitter)
        width = self.sidebar.preferred_width()
        self.sidebar.setMinimumWidth(width)
        self.splitter.setSizes([width, max(window.width() - width, width * 3)])
        self._decided = False

    def restore_narrow(self) -> None:
        """The remembered mode, or (none remembered) decide when the window is first shown,
        at the size it opens with."""
        remembered = self.settings.value(SETTINGS_NARROW)
        self._decided = remembered is not None
        if remembered is not None:
            self.set_narrow(str(remembered).lower() in ("true", "1"), remember=False)
        else:
            self.window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.window and not self._decided and event.type() == QEvent.Type.Show:
            # No choice remembered: narrow where the full titles would crowd the page (a
            # 1366-pixel screen at 150% leaves 911 logical pixels).
            self._decided = True
            self.window.removeEventFilter(self)
            self.set_narrow(self.window.width() < NARROW_BELOW, remember=False)
        return False

    def set_narrow(self, narrow: bool, *, remember: bool = True) -> None:
        """Short sidebar labels (``narrow``) or full titles; the page gets the width saved.
        ``remember``: keep the choice for the next start (a person's choice, not the
        first start's guess)."""
        self.sidebar.set_narrow(narrow)
        self.sidebar_panel.show_mode()
        width = self.sidebar.preferred_width()
        self.sidebar.setMinimumWidth(width)
        sizes = self.splitter.sizes()
        total = sum(sizes) if sum(sizes) > 0 else self.window.width()
        self.splitter.setSizes([width, max(total - width, width)])
        if remember:
            self.settings.setValue(SETTINGS_NARROW, "true" if narrow else "false")

    def toggle(self) -> None:
        """Ctrl+\\: narrow the sidebar, or widen it again."""
        self.set_narrow(not self.sidebar.is_narrow())
