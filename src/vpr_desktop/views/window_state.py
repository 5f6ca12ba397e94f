"""The main window's size, layout, splitter and page, kept in QSettings between runs.

The first start sizes the window to 85% of the screen (at most 1400 x 900) with a minimum that
scales with the font, so 150-200% display scaling still fits a 1366 x 768 laptop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication

from vpr_desktop.views.navigation import PAGES_BY_KEY

if TYPE_CHECKING:
    from vpr_desktop.views.main_window import MainWindow

SETTINGS_GEOMETRY = "window/geometry"
SETTINGS_STATE = "window/state"
SETTINGS_SPLITTER = "window/splitter"
SETTINGS_PAGE = "window/page"


def restore(window: MainWindow) -> None:
    """Size the window for this screen (or as it was left), with its layout and splitter."""
    screen = QGuiApplication.primaryScreen()
    available = screen.availableGeometry().size() if screen else QSize(1366, 728)
    metrics = window.fontMetrics()
    minimum = QSize(
        min(metrics.averageCharWidth() * 90, available.width()),
        min(metrics.lineSpacing() * 26, available.height()),
    )
    window.setMinimumSize(minimum)
    geometry = window.settings.value(SETTINGS_GEOMETRY)
    if geometry is None or not window.restoreGeometry(geometry):
        width = min(max(int(available.width() * 0.85), minimum.width()), 1400)
        height = min(max(int(available.height() * 0.85), minimum.height()), 900)
        window.resize(width, height)
    state = window.settings.value(SETTINGS_STATE)
    if state is not None:
        window.restoreState(state)
    splitter = window.settings.value(SETTINGS_SPLITTER)
    if splitter is not None:
        window.splitter.restoreState(splitter)


def save(window: MainWindow) -> None:
    """Remember the window's size, layout and page for the next start."""
    window.settings.setValue(SETTINGS_GEOMETRY, window.saveGeometry())
    window.settings.setValue(SETTINGS_STATE, window.saveState())
    window.settings.setValue(SETTINGS_SPLITTER, window.splitter.saveState())
    page = window.current_page()
    if page is not None and page.key in PAGES_BY_KEY:
        window.settings.setValue(SETTINGS_PAGE, page.key)
    window.settings.sync()
