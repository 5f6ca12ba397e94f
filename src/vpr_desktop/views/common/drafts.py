"""Keeping long typing safe: a form's text fields saved as a draft every ~30 s and on focus loss.

A panel hands :class:`DraftKeeper` the fields worth keeping (narratives, notes) when an edit
starts and tells it when the edit ends (saved or cancelled: the draft goes). If the app dies in
between -- a crash, a power cut, a killed process -- the draft stays in the database, and at the
next start :func:`offer_drafts` asks whether to put the text back. Saving is a small write on
the GUI thread (one row), skipped when nothing changed since the last save; a failure to keep a
draft is logged and never interrupts typing.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from vpr_desktop.services.common.drafts import DraftStore
    from vpr_desktop.services.common.drafts import SavedDraft

log = logging.getLogger(__name__)

#: How often typing is kept, in milliseconds (``VPR_DRAFT_INTERVAL_MS`` shortens it in tests).
INTERVAL_MS = int(os.environ.get("VPR_DRAFT_INTERVAL_MS", "30000"))

TextField = QPlainTextEdit | QLineEdit


def _text(field: TextField) -> str:
    return field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()


class DraftKeeper(QObject):
    """Keeps the watched fields of one form as a draft while an edit is open."""

    def __init__(self, store: DraftStore, form: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.form = form
        self.record_key: str | None = None
        self._fields: dict[str, TextField] = {}
        self._kept: dict[str, str] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.keep)

    def watch(self, record_key: str, fields: Mapping[str, TextField]) -> None:
        """An edit of ``record_key`` ("new" for an unsaved record) started on ``fields``."""
        self._unwatch()
        self.record_key = record_key
        self._fields = dict(fields)
        self._kept = {name: _text(f) for name, f in self._fields.items()}  # as loaded
        for field in self._fields.values():
            field.installEventFilter(self)
        self._timer.start()

    def keep(self) -> bool:
        """Save the fields now if they changed since the last save; True if saved."""
        if self.record_key is None:
            return False
        current = {name: _text(f) for name, f in self._fields.items()}
        if current == self._kept:
            return False
        from vpr_desktop.domain.errors import VprError

        try:
            self.store.save(self.form, self.record_key, current)
        except VprError as exc:
            log.warning("Draft not kept: %s", exc.message)
            return False
        self._kept = current
        return True

    def finish(self) -> None:
        """The edit ended (saved or cancelled): the draft is no longer needed."""
        key = self.record_key
        self._unwatch()
        if key is None:
            return
        from vpr_desktop.domain.errors import VprError

        try:
            self.store.discard(self.form, key)
        except VprError as exc:
            log.warning("Draft not removed: %s", exc.message)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.FocusOut and watched in self._fields.values():
            self.keep()
        return False

    def _unwatch(self) -> None:
        self._timer.stop()
        for field in self._fields.values():
            field.removeEventFilter(self)
        self._fields = {}
        self.record_key = None
        self._kept = None


def describe(draft: SavedDraft, form_words: Mapping[str, str]) -> str:
    """One line for the offer: what it was and when it was last kept."""
    from vpr_desktop.views.common.formatting import format_datetime

    what = form_words.get(draft.form, draft.form)
    record = "a new record" if draft.record_key == "new" else f"record {draft.record_key}"
    return f"{what} ({record}), last kept {format_datetime(draft.saved_at)}"


def offer_drafts(
    parent: QWidget,
    lines: list[str],
    restore: Callable[[], None],
    discard: Callable[[], None],
) -> None:
    """Ask whether to put back text kept before an unexpected close (Restore or Discard)."""
    from vpr_desktop.views.common.dialogs import confirm

    listing = "\n".join(f"• {line}" for line in lines)
    confirm(
        parent,
        "Restore unsaved text?",
        "VPR Desktop closed before some typing was saved. It was kept:\n"
        f"{listing}\n\nRestore it into the form (then check it and save), or discard it?",
        "Restore",
        restore,
        no=("Discard", "Discard the kept text"),
        on_no=discard,
    )
