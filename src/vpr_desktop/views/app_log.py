"""The application log, set up once: the shared log file (``store.logs``) and Qt's own messages.

Logging is configured lazily — at the first crash report or just after the window first
paints — because ``logging.handlers`` alone costs about 10 ms of start-up; so this module
imports nothing heavy until :func:`configure_logging` runs.
"""

from __future__ import annotations

from pathlib import Path

_log_path: Path | None = None
_logging_ready = False


def configure_logging() -> Path | None:
    """The shared application log (``store.logs``), plus Qt's own messages; once."""
    global _logging_ready, _log_path
    if _logging_ready:
        return _log_path
    from vpr_desktop.store.logs import configure_logging as configure_app_log

    _logging_ready = True
    _log_path = configure_app_log()
    _route_qt_messages()
    return _log_path


def _route_qt_messages() -> None:
    """Send Qt's own warnings to the log file too (a missing font or plugin shows up there)."""
    import logging

    from PySide6.QtCore import QtMsgType
    from PySide6.QtCore import qInstallMessageHandler

    qt_log = logging.getLogger("vpr_desktop.qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(mode: QtMsgType, _context: object, message: str) -> None:
        qt_log.log(levels.get(mode, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def log_path() -> Path | None:
    """The application log file once logging is configured, else None."""
    return _log_path
