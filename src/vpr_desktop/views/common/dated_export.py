"""Asking where to save a dated export of what a page shows, then saving it there.

Why a mixin: the action log and the audit trail both offer their rows as a file named after the
page and today's date (``action-log-2026-12-07.xlsx``), both start the save dialog in the
folder the person last exported that page to, and both export at once when a place is chosen.
One method now holds that question; each page keeps only its title, name and formats.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING
from typing import ClassVar
from typing import cast

from vpr_desktop.views.common.export import ask_save_path

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

__all__ = ["DatedExport", "dated_name"]


def dated_name(stem: str, suffix: str, day: dt.date) -> str:
    """The suggested file name for an export made on ``day``: ``stem-YYYY-MM-DD`` + ``suffix``.

    Why a function: the name is the one piece every dated export spells the same way, and the
    tests check it without opening a dialog.
    """
    return f"{stem}-{day.isoformat()}{suffix}"


class DatedExport:
    """For a page (a ``QWidget`` with ``settings`` and ``export_to``) that exports its rows
    to a dated file, remembering the folder under ``EXPORT_DIR_KEY``.

    Why: see the module docstring; the page says where its folder is kept and how it writes
    (``export_to``); this class asks where, with the dated name suggested.
    """

    #: The ``QSettings`` key of the folder this page last exported to.
    EXPORT_DIR_KEY: ClassVar[str] = ""

    settings: QSettings | None

    def export_to(self, path: str | Path) -> None:
        """Write the rows shown to ``path`` (each page says how)."""

    def ask_dated_export(self, title: str, stem: str, suffix: str, file_filter: str) -> None:
        """Ask where to save ``stem-<today><suffix>`` (``title`` on the dialog, files of
        ``file_filter`` listed); export there unless the person cancels."""
        path = ask_save_path(
            cast("QWidget", self),
            title,
            dated_name(stem, suffix, dt.date.today()),
            file_filter,
            settings=self.settings,
            folder_key=self.EXPORT_DIR_KEY,
        )
        if path is not None:
            self.export_to(path)
