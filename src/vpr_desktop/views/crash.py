"""Known errors versus bugs: plain words for the first, a reference and a log for the second.

A :class:`~vpr_desktop.domain.errors.VprError` is a problem the user can act on, so it gets a
dialog with what happened and what to do next. Anything else is our bug: the traceback goes to a
rotating log file in the user's log folder under a short reference, and the crash dialog shows
that reference, so "VPR-3FA9C1" in a support call finds the right lines. The app keeps running
(the hook returns to the event loop), so forms the user was filling in are not lost.

The log itself is set up in :mod:`vpr_desktop.views.app_log`.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING

from vpr_desktop.views.app_log import configure_logging

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from vpr_desktop.services.container import Services

_services: Services | None = None
_reporting = False


def set_services(services: Services | None) -> None:
    """Remember the open database so crash reports name its schema (set by the window)."""
    global _services
    _services = services


def new_reference() -> str:
    """A short id a person can read out on the phone: ``VPR-3FA9C1``."""
    from vpr_desktop.store.logs import new_reference as shared_reference

    return shared_reference()


def report_exception(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    parent: QWidget | None = None,
) -> str:
    """Log a bug under a new reference and show the crash dialog; returns the reference."""
    global _reporting
    import logging
    import traceback

    from vpr_desktop.store.logs import redact_secrets

    reference = new_reference()
    trace = redact_secrets("".join(traceback.format_exception(exc_type, exc, tb)))
    if _reporting:  # the report itself failed: never loop, fall back to stderr
        print(
            f"VPR Desktop: error while reporting an error ({reference}):\n{trace}",
            file=sys.__stderr__,
        )
        return reference
    _reporting = True
    try:
        path = configure_logging()
        try:
            from vpr_desktop.views.versions import version_text

            versions = version_text(_services)
        except Exception as version_error:  # a broken database must not hide the report
            versions = f"(versions unavailable: {version_error!r})"
        # Shown in the crash dialog to be copied into an e-mail: no password, ever.
        details = redact_secrets(f"Reference: {reference}\n{versions}\n\n{trace}")
        logging.getLogger("vpr_desktop.crash").error("Unexpected error %s\n%s", reference, details)
        where = str(path) if path else "the console"
        print(
            f"VPR Desktop: unexpected error, reference {reference}; details in {where}",
            file=sys.__stderr__,
        )
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is not None:
            from vpr_desktop.views.common.crash_dialog import show_crash

            show_crash(reference, path, details, parent)
    except Exception:
        print(f"VPR Desktop: could not report error {reference}:\n{trace}", file=sys.__stderr__)
        traceback.print_exc(file=sys.__stderr__)
    finally:
        _reporting = False
    return reference


def report_error(exc: BaseException, parent: QWidget | None = None) -> str | None:
    """A known error gets its plain-words dialog; anything else is reported as a bug."""
    from vpr_desktop.domain.errors import VprError

    if isinstance(exc, VprError):
        from vpr_desktop.views.common.dialogs import show_error

        show_error(exc, parent)
        return None
    return report_exception(type(exc), exc, exc.__traceback__, parent)


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    report_error(exc)


def _thread_excepthook(args: object) -> None:
    # Called on the failing thread: only log there; dialogs belong to the GUI thread, where a
    # Job's own failures are already delivered.
    exc_type = getattr(args, "exc_type", Exception)
    exc = getattr(args, "exc_value", None) or exc_type()
    tb = getattr(args, "exc_traceback", None)
    import logging
    import traceback

    configure_logging()
    logging.getLogger("vpr_desktop.crash").error(
        "Unexpected error in a background thread %s\n%s",
        new_reference(),
        "".join(traceback.format_exception(exc_type, exc, tb)),
    )


def install_excepthook() -> None:
    """Route uncaught exceptions (including those raised in Qt slots) to :func:`report_error`."""
    import threading

    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
