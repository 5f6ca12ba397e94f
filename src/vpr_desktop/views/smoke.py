"""The frozen bundle's window check: open the database, visit a page, close, exit 0.

``vpr-desktop --smoke-test --db FILE`` (hidden from ``--help``) is run by
``installer/build.py`` on the PyInstaller bundle, so a missing Qt plugin, style sheet or view
module fails the build here rather than on a trust desktop. It goes through the real start-up
(``run_gui``): the window paints, the database opens in the background and the pages for its
user are attached; then one page besides Home is built and shown, and the window closes as
File > Exit would. If the database never attaches the process exits 1 with a plain sentence.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vpr_desktop.views.main_window import MainWindow

#: How long the database may take to open before the check gives up.
SMOKE_TIMEOUT_MS = 120_000
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
        QTimer.singleShot(500, window.close)

    def fail(reason: str) -> None:
        print(f"smoke test failed: {reason}", file=sys.stderr, flush=True)
        app.exit(1)  # type: ignore[attr-defined]  # before closing, so 1 is the exit code
        window.close()

    window.attached.connect(lambda _services: QTimer.singleShot(0, visit))
    timer = QTimer(window)
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: fail("the database did not open within two minutes"))
    timer.start(SMOKE_TIMEOUT_MS)
