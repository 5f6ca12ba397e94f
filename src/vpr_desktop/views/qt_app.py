"""The ``QApplication``: the names ``QSettings`` uses, high-DPI scaling, the style and the style
sheet; made once by the start-up sequence (``views.app``) and by the tests.

Imported before the first paint, so it imports only the standard library at module level; Qt,
the package's names and ``store.paths`` are imported when the application is made.
"""

from __future__ import annotations

import os
import sys

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

    from vpr_desktop import APP_NAME
    from vpr_desktop import ORG_NAME
    from vpr_desktop import __version__

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
