"""The frozen bundle's window check: open the database, visit a page, close, exit 0.

``vpr-desktop --smoke-test --db FILE`` (hidden from ``--help``) is run by
``installer/build.py`` on the PyInstaller bundle, so a missing Qt plugin, style sheet or view
module fails the build here rather than on a trust desktop. It goes through the real start-up
(``run_gui``): the window paints, the database opens in the background and the pages for its
user are attached; then one page besides Home is built and shown, and the window closes as
File > Exit would. If the database does not open the process exits 1 with a plain sentence.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vpr_desktop.views.main_window import MainWindow

#: How long the database may take to open before the check gives up.
SMOKE_TIMEOUT_MS = 120_000
#: How often the check looks whether the opening ended without a database.
POLL_MS = 100
#: The page visited when this user has it; otherwise the first page after Home.
PREFERRED_PAGE = "incidents"


def arm(window: MainWindow, app: object) -> None:
    """Visit a page and close ``window`` once a database is attached; fail on a time-out."""
    from PySide6.QtCore import QTimer

    def visit() -> None:
        keys = window.visible_page_keys()
        others = [key for key in keys if key != "home"]
        key = PREFERRED_PAGE if PREFERRED_PAGE in others else (others or keys)[0]
        if not window.show_page(key):
            fail(f"the page '{key}' could not be shown")
            return
        page = window.current_page()
        title = window.windowTitle()
        print(
            f"smoke test: window '{title}' shows {len(keys)} pages; visited '{key}' "
            f"({type(page).__name__}), closing",
            flush=True,
        )
        timer.stop()
        QTimer.singleShot(500, window.close)

    def fail(reason: str) -> None:
        print(f"smoke test failed: {reason}", file=sys.stderr, flush=True)
        app.exit(1)  # type: ignore[attr-defined]  # before closing, so 1 is the exit code
        window.close()

    def watch_opening() -> None:
        """The start page says no database is open (the opening failed): fail now, with its
        reason, rather than at the time-out."""
        closed = window.start_page.closed
        if closed is not None and window.services is None:
            poll.stop()
            fail(closed.paragraphs[0].text())

    def attached(_services: object) -> None:
        poll.stop()  # opened: from here on only the page visit can fail
        QTimer.singleShot(0, visit)

    window.attached.connect(attached)
    poll = QTimer(window)
    poll.timeout.connect(watch_opening)
    poll.start(POLL_MS)
    timer = QTimer(window)
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: fail("the database did not open within two minutes"))
    timer.start(SMOKE_TIMEOUT_MS)
