"""The Incidents page's first rows at start-up, painted before the ORM is imported (issue #20 S2).

Opening the database means importing SQLAlchemy, the models and every service: 0.7-0.9 s on a
2-core PC, while the list's first page is one indexed query of a few milliseconds. So for a
window that opens on the Incidents page (the page last used, ``window_state.SETTINGS_PAGE``)
over a plain SQLite file, :func:`show_early_rows` runs the list's first page as the ORM ran it
last time (``store/early_read.py``: only when everything that made that statement valid still
holds) and shows the rows in the real Incidents page, built without services. Only then does
the window start opening the database (:func:`after_paint`), so the read and the paint do not
compete for the GIL with the imports.

While early the page is read-only: no detail, no New incident, no sorting or filtering. When
the services arrive the window hands them to this same page (``PageSet`` takes it from
``MainWindow.early_pages``), which opens its real list in place of the early rows, keeping the
row chosen and the scroll. A page never adopted (the open failed, or this person's role no
longer shows Incidents) is thrown away by :func:`discard`. Anything that stops the early read
just means no early rows; it is never reported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtCore import QTimer

from vpr_desktop.views.early_source import EarlyRows
from vpr_desktop.views.window_state import SETTINGS_PAGE

if TYPE_CHECKING:
    from vpr_desktop.views.common.list_page import ListPage
    from vpr_desktop.views.main_window import MainWindow

PAGE_KEY = "incidents"
#: If the early rows never paint (a minimised window), open the database anyway.
OPEN_FALLBACK_MS = 1000


def database_file(target: str | None, demo: bool) -> Path | None:
    """The SQLite file the window is about to open, or None (a PostgreSQL address)."""
    from vpr_desktop.store import paths

    if target is None:
        return paths.demo_database_path() if demo else paths.default_database_path()
    if "://" in target:
        return None
    return Path(target)


def show_early_rows(window: MainWindow, target: str | None, demo: bool = False) -> bool:
    """Show the Incidents page with its first rows read early, if it may be; True if shown."""
    if str(window.settings.value(SETTINGS_PAGE, "home")) != PAGE_KEY:
        return False
    path = database_file(target, demo)
    if path is None:
        return False
    from vpr_desktop.store import early_read
    from vpr_desktop.store.netpath import network_reason

    if network_reason(path) is not None:
        return False  # the open refuses such a file: no rows from it first
    # The page opens with an empty search and no filters (the bar is not remembered), so read
    # for those; the page, once built, must agree.
    kept = early_read.load()
    rows = early_read.read_first_page(path, "", {}, kept)
    if rows is None or kept is None:
        return False
    from vpr_desktop.services.incidents.columns import ID_INDEX
    from vpr_desktop.services.incidents.columns import INCIDENT_COLUMNS
    from vpr_desktop.views import pages
    from vpr_desktop.views.navigation import PAGES_BY_KEY

    page: ListPage = pages.incidents(PAGES_BY_KEY[PAGE_KEY], None, window)  # type: ignore[arg-type,assignment]
    if page.filters() or page.filter_bar.search_text():
        page.deleteLater()
        return False
    source = EarlyRows(
        INCIDENT_COLUMNS,
        rows,
        sort_key=kept.sort_key,
        descending=kept.descending,
        id_index=ID_INDEX,
    )
    page.show_early_rows(source)
    window.early_pages[PAGE_KEY] = page
    window.stack.addWidget(page)
    window.stack.setCurrentWidget(page)
    return True


class _Painted(QObject):
    """Calls ``then`` once, after the watched widget's next paint has finished."""

    def __init__(self, watched: QObject, then: Callable[[], None]) -> None:
        super().__init__(watched)
        self._then: Callable[[], None] | None = then
        watched.installEventFilter(self)
        QTimer.singleShot(OPEN_FALLBACK_MS, self, self.fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self.fire)
        return False

    def fire(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def after_paint(window: MainWindow, then: Callable[[], None]) -> None:
    """Run ``then`` once the early rows have painted (at once if none are shown)."""
    page = window.early_pages.get(PAGE_KEY)
    if page is None:
        then()
        return
    _Painted(page.table.viewport(), then)  # type: ignore[attr-defined]


def discard(window: MainWindow) -> None:
    """Throw away early pages the window did not adopt (the open failed, or another page)."""
    for page in window.early_pages.values():
        window.stack.removeWidget(page)
        page.deleteLater()
    window.early_pages.clear()
