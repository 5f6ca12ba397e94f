"""Live refresh: the window notices changes other people (or other programs) make.

On a shared database a committee chair may have the action log open while the VPR lead
updates it; without this the chair sees stale figures until F5. Every few seconds the
watcher reads the database's change mark (``Services.change_mark``: one indexed ``max``) on
a background thread. When it rises, the page on show refreshes the way F5 does — its list
keeping the chosen row and the rows already scrolled through, a detail panel with unsaved
typing left alone — the home summary recounts (so the sidebar badges follow), and every
other built page refreshes when it is next shown.

Polling rather than PostgreSQL LISTEN/NOTIFY: it works the same on SQLite (a CLI import into
the file the window has open) and needs no extra connection held open per window, and a
two-second poll of one ``max(id)`` costs nothing a server would notice.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal

from vpr_desktop.views.common.worker import Job

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services
    from vpr_desktop.views.common.page import Page
    from vpr_desktop.views.page_set import PageSet

log = logging.getLogger(__name__)

#: How often the change mark is read, in milliseconds: a change shows within this (plus the
#: refresh itself) on every open window.
POLL_MS = 2000


class ChangeWatcher(QObject):
    """Reads the change mark of the services it watches and says when it rises.

    Signals:
        changed(): the database changed since the last look (not emitted for the first look).
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._services: Services | None = None
        self._mark: int | None = None
        self._job: Job | None = None
        self._generation = 0  # a look started for other services is ignored when it ends

    def watch(self, services: Services | None) -> None:
        """Watch ``services`` (None: stop). The first look only sets the starting mark."""
        self._generation += 1
        self._services = services
        self._mark = None
        if services is None:
            self._timer.stop()
            return
        self.poll()
        self._timer.start()

    def is_watching(self) -> bool:
        """Whether a database is being watched."""
        return self._services is not None

    def poll(self) -> None:
        """Look at the change mark now (skipped while the previous look is still running)."""
        services = self._services
        if services is None or self._job is not None:
            return
        generation = self._generation
        job = Job(lambda _progress, _cancelled: services.change_mark(), "Checking for changes")
        job.signals.finished.connect(lambda mark: self._looked(generation, mark))
        job.signals.failed.connect(lambda exc: self._failed(generation, exc))
        self._job = job.start("read")

    def _looked(self, generation: int, mark: object) -> None:
        self._job = None
        if generation != self._generation or not isinstance(mark, int):
            return
        previous, self._mark = self._mark, mark
        if previous is not None and mark != previous:
            self.changed.emit()

    def _failed(self, generation: int, exc: object) -> None:
        # A dropped network or a database being closed: the next look tries again, and the
        # person's own next action reports the problem in words. Nothing to show from here.
        self._job = None
        if generation == self._generation:
            log.info("Could not check for changes: %s", type(exc).__name__)


class LiveHost(Protocol):
    """What live refresh needs of the window (``MainWindow``)."""

    pages: PageSet

    def current_page(self) -> Page | None:
        """The page on show."""

    def reload_home(self) -> None:
        """Recount the home summary and the sidebar badges."""


class LiveRefresh(QObject):
    """What the window does when the watcher sees a change: refresh what is on show now and
    what is shown next, never throwing away typing (pages decide that in ``live_refresh``)."""

    def __init__(
        self, window: LiveHost, parent: QObject | None = None, *, interval_ms: int = POLL_MS
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._stale: set[str] = set()
        self.watcher = ChangeWatcher(self, interval_ms=interval_ms)
        self.watcher.changed.connect(self.changed_elsewhere)

    def watch(self, services: Services | None) -> None:
        """Watch the newly attached services (None: the database closed)."""
        self._stale.clear()
        self.watcher.watch(services)

    def changed_elsewhere(self) -> None:
        """Refresh the page on show and the home summary; mark the other built pages."""
        window = self._window
        page = window.current_page()
        for built in window.pages.built_pages():
            if built is not page:
                self._stale.add(built.key)
        if page is not None:
            page.live_refresh()
        if page is None or page.key != "home":
            window.reload_home()  # the sidebar badges follow the home summary

    def shown(self, page: Page) -> None:
        """A page came on show: bring it up to date if it missed a change."""
        if page.key in self._stale:
            self._stale.discard(page.key)
            page.live_refresh()
