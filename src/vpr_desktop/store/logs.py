"""The application log, and bug reports with a short reference a user can quote.

Logs go to the per-user data folder (rotating, 5 x 1 MB). A bug's log entry carries the
traceback and versions; what the user sees is only the reference and where the log is.

The user is told to send that log on, so it must never hold a database password: a
PostgreSQL URL typed as ``--db postgresql+psycopg://user:SECRET@host/db`` reaches the log in
the command line, in exception texts and in tracebacks. Every line passes through
:class:`RedactingFilter` on the handler (whatever logger wrote it), and the bug reporters run
:func:`redact_secrets` over the details they show.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import re
import secrets
import sqlite3
import sys
import traceback
from pathlib import Path

from vpr_desktop import __version__

_configured: Path | None = None

# scheme://user:PASSWORD@host -- the password is what lies between the user's colon and the
# last "@" before the host (an "@" in a password is percent-encoded in a valid URL).
_URL_PASSWORD = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@'\"]*:)([^\s@'\"]*)(@)")
# password=... in a libpq conninfo string ('quoted' or bare), a URL query or PGPASSWORD=...
_KEY_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&'\",;)\]]+)", re.IGNORECASE)
MASK = "***"


def redact_secrets(text: str) -> str:
    """``text`` with every URL password and ``password=`` value replaced by ``***``."""
    if "://" not in text and "assword" not in text.lower():
        return text  # the common case, cheaply
    text = _URL_PASSWORD.sub(lambda m: f"{m.group(1)}{MASK}{m.group(3)}", text)
    return _KEY_PASSWORD.sub(lambda m: f"{m.group(1)}{MASK}", text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message, exception and stack text with secrets hidden.

    Attached to the handler, so it sees records from every logger (SQLAlchemy's, psycopg's
    and third-party ones included), not only the app's own."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: keep it, as logging itself would
            return True
        record.msg, record.args = redact_secrets(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_secrets(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_secrets(record.stack_info)
        return True


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
    handler.addFilter(RedactingFilter())
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
    tb = redact_secrets("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    context = redact_secrets(context)
    details = f"Reference: {ref}\n{versions_text()}\n{context}\n\n{tb}".strip()
    logging.getLogger("vpr_desktop.bug").error("Unexpected error %s %s\n%s", ref, context, tb)
    return ref, path, details
