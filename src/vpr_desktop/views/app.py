"""Start the window: paint first, open the database after.

Start-up is budgeted at 1.5x a bare ``QMainWindow`` from process start to first paint
(performance.md S1), which leaves about 40 ms for everything that is not Qt. So before the
first paint this module imports only Qt and view modules; SQLAlchemy, the models, openpyxl,
reportlab and Pillow load later, on a worker thread or inside the job that needs them.
The sequence:

1. crash hook (a bug from here on gets a reference and a log, never only a console traceback);
2. ``QApplication`` with the names ``QSettings`` uses and pass-through high-DPI scaling;
3. the style sheet from ``vpr_desktop.ui``; the main window, shown as "Opening database…";
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


STYLE_SHEET = "style.qss"


def load_style_sheet() -> str:
    """The one style sheet, read from the package data of ``vpr_desktop.ui``.

    A plain file next to the package's ``__init__`` is read directly (installed, editable and
    one-folder bundles all have one); only otherwise — a zipped package — is
    ``importlib.resources`` imported, because that import alone costs about 5 ms of start-up.
    """
    import vpr_desktop.ui as ui_package

    try:
        origin = getattr(ui_package, "__file__", None)
        if origin:
            candidate = os.path.join(os.path.dirname(origin), STYLE_SHEET)
            if os.path.isfile(candidate):
                with open(candidate, encoding="utf-8") as fh:
                    return fh.read()
        from importlib.resources import files

        return files("vpr_desktop.ui").joinpath(STYLE_SHEET).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:  # an unstyled window beats no window
        print(f"VPR Desktop: style sheet not loaded ({exc})", file=sys.stderr)
        return ""


def _qt_argv(argv: list[str]) -> list[str]:
    program = sys.argv[0] if sys.argv and sys.argv[0] else "vpr-desktop"
    if argv and argv[0] == program:
        return list(argv)
    return [program, *argv]


def create_application(argv: list[str]) -> object:
    """The QApplication, configured once (tests reuse an existing one)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from vpr_desktop import APP_NAME, ORG_NAME, __version__

    existing = QApplication.instance()
    if existing is None:
        # Fractional scaling (150%) as the display asks, not rounded to 100% or 200%. Set
        # through Qt's environment variable rather than the enum: the first use of the ``Qt``
        # namespace costs ~13 ms, and nothing before the first paint needs it otherwise.
        os.environ.setdefault("QT_SCALE_FACTOR_ROUNDING_POLICY", "PassThrough")
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    _keep_settings_beside_a_portable_copy()
    app = existing or QApplication(_qt_argv(argv))
    app.setStyle("Fusion")  # the same look on every PC; the style sheet builds on it
    app.setStyleSheet(load_style_sheet())
    return app


def _keep_settings_beside_a_portable_copy() -> None:
    """A portable copy (``store/paths.py``) leaves nothing under the user profile: window
    settings go to an INI file in its data folder instead of the registry."""
    from vpr_desktop.store.paths import portable_data_dir

    folder = portable_data_dir()
    if folder is None:
        return
    from PySide6.QtCore import QSettings

    folder.mkdir(parents=True, exist_ok=True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


def run_gui(db_target: str | None, demo: bool, argv: list[str], *, smoke: bool = False) -> int:
    """Show the main window and open ``db_target`` (or the demo/default database) behind it.

    ``smoke``: the frozen bundle's check (``views/smoke.py``): visit a page, close, exit.
    """
    started = time.perf_counter()
    from vpr_desktop.views.crash import install_excepthook

    install_excepthook()
    from PySide6.QtCore import QTimer

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
