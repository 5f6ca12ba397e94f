"""Work that waits for a paint: the window's first paint, and the first page's after attaching.

Start-up work (opening the database, the menus' actions) waits until the window has painted
once, and what attaching can leave for later (Home and its count, the set-up offer, typing kept
before a crash) waits until the page shown on attaching has painted (performance.md S1, S2).
Both are paint watches with the same pitfalls — a window that never paints, a second attach
before the first page painted — so they live here, apart from the window that composes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services
    from vpr_desktop.views.main_window import MainWindow

#: If the page shown on attaching never paints (a minimised window), settle anyway.
SETTLE_FALLBACK_MS = 1000


class PaintWatch(QObject):
    """Emits the window's ``first_painted`` after its first paint pass, and runs what
    attaching deferred (:meth:`settle_after_paint`) once the page shown has painted.

    An event filter rather than ``paintEvent`` overrides: the pages are many classes, and the
    window's own paint is Qt's; watching from outside needs neither to know.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._painted = False
        #: Attached services whose deferred work waits for ``_page`` to paint.
        self._settling: Services | None = None
        self._page: QObject | None = None
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.window and not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            # After this paint pass has finished, not during it.
            QTimer.singleShot(0, self.window.first_painted.emit)
        if watched is self._page and event.type() == QEvent.Type.Paint:
            self._stop_watching()
            services = self._settling
            QTimer.singleShot(0, self, lambda: self._settle(services))  # once this paint is done
        return False

    def settle_after_paint(self, services: Services) -> None:
        """Run the deferred work for ``services`` once the page shown has painted.

        At once when nothing will paint (a hidden window, as in tests); a shown window that
        never paints (minimised) settles on the fallback timer instead of waiting for ever."""
        self._settling = services
        page = self.window.current_page()
        if page is None or not self.window.isVisible():
            self._settle(services)
            return
        self._page = page
        page.installEventFilter(self)
        QTimer.singleShot(SETTLE_FALLBACK_MS, self, lambda: self._settle(services))

    def cancel(self) -> None:
        """The services are being let go: their deferred work no longer applies."""
        self._settling = None
        self._stop_watching()

    def _stop_watching(self) -> None:
        if self._page is not None:
            self._page.removeEventFilter(self)
            self._page = None

    def _settle(self, services: Services | None) -> None:
        """What attaching left until the first page had painted; runs once per attach."""
        if services is None or services is not self._settling:
            return  # done already (the paint and the fallback timer both ask), or replaced
        self.cancel()
        window = self.window
        if services is not window.services:
            return
        home = window.pages["home"]  # the badges and the last backup come from its summary
        if home is not window.current_page():
            home.reload()  # (the page on show counted when it was activated)
        window.settled.emit(services)
        QTimer.singleShot(0, window.database.offer_drafts)  # typing kept before a crash
