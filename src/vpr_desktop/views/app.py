"""Start the window: paint first, open the database after.

Start-up is budgeted at 1.5x a bare ``QMainWindow`` from process start to first paint
(performance.md S1), which leaves about 40 ms for everything that is not Qt. So before the
first paint this module imports only Qt and view modules; SQLAlchemy, the models, openpyxl,
reportlab and Pillow load later, on a worker thread or inside the job that needs them.
The sequence:

1. crash hook (a bug from here on gets a reference and a log, never only a console traceback);
2. ``QApplication`` with the names ``QSettings`` uses and pass-through high-DPI scaling, and
   the style sheet from ``vpr_desktop.ui`` (``views.qt_app``);
3. the main window, shown as "Opening database…";
4. after the first paint: logging; the Incidents page's first rows if the window opens on it
   and they may be read early (``views.early_rows``); once those have painted, a background
   job opens the database and builds the services, creating the demo database on ``--demo``
   if needed; the window attaches them.

``VPR_DESKTOP_EXIT_AFTER_PAINT=1`` makes the process print how long it took to paint (from
``VPR_DESKTOP_T0_NS``, a ``time.time_ns()`` taken by whoever spawned it) and exit at once;
``benchmarks/bench_startup.py`` uses it.
"""

from __future__ import annotations

import os
import sys
import time

EXIT_AFTER_PAINT_ENV = "VPR_DESKTOP_EXIT_AFTER_PAINT"
T0_ENV = "VPR_DESKTOP_T0_NS"
#: Modules that must not be loaded when the window first paints.
HEAVY_MODULES = ("sqlalchemy", "openpyxl", "reportlab", "PIL", "alembic")
#: If the window never gets a paint event (started minimised), open the database anyway.
OPEN_FALLBACK_MS = 1000


def run_gui(db_target: str | None, demo: bool, argv: list[str], *, smoke: bool = False) -> int:
    """Show the main window and open ``db_target`` (or the demo/default database) behind it.

    ``smoke``: the frozen bundle's check (``views/smoke.py``): visit a page, close, exit.
    """
    started = time.perf_counter()
    from vpr_desktop.views.crash import install_excepthook

    install_excepthook()
    from PySide6.QtCore import QTimer

    from vpr_desktop.views.qt_app import create_application

    app = create_application(argv)
    from vpr_desktop.views.main_window import MainWindow

    window = MainWindow()
    if smoke:
        from vpr_desktop.views.smoke import arm

        arm(window, app)
    opened = False

    def open_database() -> None:
        nonlocal opened
        if opened:
            return
        opened = True
        # Start-up makes a few hundred void Qt calls, well inside the references None has;
        # the guard (ctypes, ~2 ms) can wait until the window is on screen.
        from vpr_desktop.views.feature_scan import skip_needless_source_scans
        from vpr_desktop.views.qt_workarounds import guard_singletons

        guard_singletons()
        skip_needless_source_scans()  # before the ~300 imports of opening a database
        from vpr_desktop.views.app_log import configure_logging

        configure_logging()
        _close_on_terminate(window)
        # The Incidents page's first rows, read with sqlite3 before the ORM is imported; the
        # open job (and its imports) starts once they have painted (``views.early_rows``).
        from vpr_desktop.views import early_rows

        early_rows.show_early_rows(window, db_target, demo)
        # A file named on the command line is opened, never made: an absent or empty one is
        # refused in plain words (File > New database creates one). Only the app's own default
        # database and the demo are created on first use.
        early_rows.after_paint(
            window, lambda: window.open_target(db_target, demo=demo, create=db_target is None)
        )

    def after_first_paint() -> None:
        if os.environ.get(EXIT_AFTER_PAINT_ENV, "") not in ("", "0"):
            _report_paint_and_exit(started)
        QTimer.singleShot(0, open_database)

    window.first_painted.connect(after_first_paint)
    window.show()
    QTimer.singleShot(OPEN_FALLBACK_MS, open_database)
    code = app.exec()  # type: ignore[attr-defined]
    from vpr_desktop.views.common import worker

    worker.shutdown(3000)
    return int(code)


def _close_on_terminate(window: object) -> None:
    """Ctrl+C or a service manager's SIGTERM closes the window as File > Exit would.

    So the database is closed and its lock released. Python only runs signal handlers
    between bytecodes, so a slow timer gives it the chance while Qt's loop is waiting.
    """
    import signal

    from PySide6.QtCore import QTimer

    def close(_signum: int, _frame: object) -> None:
        window.close()  # type: ignore[attr-defined]

    for name in ("SIGINT", "SIGTERM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), close)
    tick = QTimer(window)  # type: ignore[call-overload]
    tick.timeout.connect(lambda: None)
    tick.start(500)


def _report_paint_and_exit(started: float) -> None:
    """Benchmark probe: print the time to first paint and the heavy modules loaded, then exit.

    ``os._exit`` so that tearing Qt down is not counted, exactly as the bare-window floor does.
    """
    t0 = os.environ.get(T0_ENV)
    if t0:
        elapsed_ms = (time.time_ns() - int(t0)) / 1e6
        basis = "spawn"
    else:
        elapsed_ms = (time.perf_counter() - started) * 1000
        basis = "run_gui"
    loaded = [name for name in HEAVY_MODULES if name in sys.modules]
    sys.stdout.write(
        f"first_paint_ms={elapsed_ms:.1f} basis={basis} heavy_modules={','.join(loaded) or '-'}\n"
    )
    sys.stdout.flush()
    os._exit(0)
