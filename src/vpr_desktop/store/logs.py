"""The application log, and bug reports with a short reference a user can quote.

Logs go to the per-user data folder (rotating, 5 x 1 MB). A bug's log entry carries the
traceback and versions; what the user sees is only the reference and where the log is.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import secrets
import sqlite3
import sys
import traceback
from pathlib import Path

from vpr_desktop import __version__

_configured: Path | None = None


def configure_logging(level: int = logging.INFO) -> Path:
    """Idempotent: returns the log file path."""
    global _configured
    if _configured is not None:
        return _configured
    from vpr_desktop.store.paths import logs_dir

    path = logs_dir() / "vpr-desktop.log"
    handler: logging.Handler
    try:
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError as exc:  # no writable log folder: keep going, say so on stderr
        handler = logging.StreamHandler(sys.stderr)
        print(
            f"VPR Desktop: cannot write the log file ({exc}); logging to the console.",
            file=sys.stderr,
        )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    _configured = path
    return path


def versions_text() -> str:
    return (
        f"VPR Desktop {__version__}; Python {platform.python_version()} "
        f"({sys.platform}); SQLite {sqlite3.sqlite_version}"
    )


def new_reference() -> str:
    return "VPR-" + secrets.token_hex(3).upper()


def log_bug(exc: BaseException, context: str = "") -> tuple[str, Path, str]:
    """Log an unexpected error; returns (reference, log path, details text)."""
    path = configure_logging()
    ref = new_reference()
    tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    details = f"Reference: {ref}\n{versions_text()}\n{context}\n\n{tb}".strip()
    logging.getLogger("vpr_desktop.bug").error("Unexpected error %s %s\n%s", ref, context, tb)
    return ref, path, details
