"""A failure as the words a page shows: a known error's sentence, or None for a bug.

Why one place: the pages, tabs and dialogs each turned a ``VprError`` into its message and next
step, and each sent anything else (a bug) to the crash report before giving up. The words are
the error's own (``str(VprError)``: the message, then the next step), so every place says the
same thing the same way.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.errors import VprError


def error_words(exc: BaseException) -> str | None:
    """A known error (``VprError``) as the sentence to show; None for a bug (crash dialog)."""
    return str(exc) if isinstance(exc, VprError) else None


def known_words(exc: BaseException, parent: QWidget | None) -> str | None:
    """The words for a known error; a bug goes to the crash report over ``parent`` and None
    is returned (the caller then shows nothing of its own)."""
    words = error_words(exc)
    if words is None:
        from vpr_desktop.views.crash import report_error

        report_error(exc, parent)
    return words


def problem_words(exc: object) -> str:
    """Why a list cannot be shown: a known error's message and next step, anything else as its
    own text (the list pages and the audit log each worded their problem line so)."""
    message = getattr(exc, "message", str(exc))
    next_step = getattr(exc, "next_step", "")
    return f"{message} {next_step}".strip()
