"""A splitter kept where the user left it: one implementation for every page that has one.

Why: the Incidents, Actions, Roles, audit and Self-assessment pages each saved and restored
their splitter their own way (three copies). Here the split is saved on every drag and restored
when the page is built (QSplitter keeps the restored sizes as the panes' preferred widths, so
they hold when the real width arrives), a list of sizes saved by earlier versions is still
read, and a splitter that is not on screen is never saved: its sizes are not real geometry,
and saving them at shutdown from a page built but never shown lost the user's split.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray
from PySide6.QtCore import QObject
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSplitter


class SplitMemory(QObject):
    """Restores ``splitter`` from ``key`` now and saves it there on every drag.

    ``may_save`` says whether the current split is the user's (a list page that shows its form
    over the whole width does not save that).
    """

    def __init__(
        self,
        splitter: QSplitter,
        settings: QSettings | None,
        key: str,
        *,
        may_save: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(splitter)
        self.splitter, self.settings, self.key, self.may_save = splitter, settings, key, may_save
        splitter.splitterMoved.connect(lambda _pos, _index: self.save())
        self.restore()

    def saved(self) -> QByteArray | list[int] | None:
        """What was saved: a splitter state, or (from earlier versions) a list of sizes."""
        value = self.settings.value(self.key) if self.settings is not None and self.key else None
        if isinstance(value, QByteArray | bytes):
            return QByteArray(value)
        if isinstance(value, list) and value:
            try:
                return [int(size) for size in value]
            except (TypeError, ValueError):
                return None
        return None

    def restore(self) -> bool:
        """Put the saved split back; False when nothing usable was saved (defaults stand)."""
        value = self.saved()
        if isinstance(value, QByteArray):
            return self.splitter.restoreState(value)
        if value is not None and len(value) == self.splitter.count():
            self.splitter.setSizes(value)
            return True
        return False

    def save(self) -> None:
        """Keep the current split, when it is on screen and the user's."""
        if self.settings is not None and self.key and self.splitter.isVisible() and self.may_save():
            self.settings.setValue(self.key, self.splitter.saveState())
