"""The window's status bar: the last note, read-only, the database, who is signed in, backups.

Every part says its state in words (UI.md): "Read-only: X is editing it", "No backup yet".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStatusBar
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.widgets import ElidedLabel
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import set_role

if TYPE_CHECKING:
    import datetime as dt

    from PySide6.QtGui import QResizeEvent

    from vpr_desktop.services.container import Services

READ_ONLY_BECAUSE = "read-only because "
#: The database's path takes at most one part in this many of the bar's width.
DATABASE_SHARE = 4


class WindowStatusBar(QStatusBar):
    """The note on the left (stretching), the database's facts on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.setSizeGripEnabled(True)
        self.note_label = ElidedLabel("", self)
        self.note_label.setObjectName("statusNote")
        self.read_only_label = ElidedLabel("", self)
        self.read_only_label.setObjectName("readOnlyNote")
        self.read_only_label.hide()
        self.db_label = ElidedLabel("No database open", self)
        self.db_label.setObjectName("statusDatabase")
        self.user_label = label("", self, name="statusUser", wrap=False)
        self.user_label.hide()
        self.backup_label = label("", self, name="statusBackup", wrap=False)
        self.backup_label.hide()
        self.addWidget(self.note_label, 1)
        self.addPermanentWidget(self.read_only_label, 2)
        self.addPermanentWidget(self.db_label, 2)
        self.addPermanentWidget(self.user_label)
        self.addPermanentWidget(self.backup_label)

    def note(self, text: str) -> None:
        """Show ``text``, elided to fit; the full text is in the tooltip."""
        self.note_label.set_full_text(text)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        # The database's path, long on a trust desktop, takes at most a quarter of the bar
        # and gives way first: the note beside it says what just happened. (A maximum, never
        # a minimum: nothing here may make the window wider than the screen.)
        db = self.db_label
        db.setMaximumWidth(max(db.minimumSizeHint().width(), self.width() // DATABASE_SHARE))

    def show_database(self, services: Services) -> None:
        """A database was attached: what it is, who is signed in, and whether read-only."""
        db, actor = services.db, services.actor
        self.db_label.set_full_text(db.describe())
        self.user_label.setText(f"{actor.display_name} – {actor.roles_label}")
        self.user_label.setAccessibleName(
            f"Signed in as {actor.display_name}, roles: {actor.roles_label}"
        )
        self.user_label.show()
        if db.read_only:
            reason = db.read_only_reason or "opened read-only"
            if reason.lower().startswith(READ_ONLY_BECAUSE):
                reason = reason[len(READ_ONLY_BECAUSE) :]
            self.read_only_label.set_full_text(f"Read-only: {reason}")
            self.read_only_label.setToolTip(f"Read-only: {reason}. Changes cannot be saved.")
            self.read_only_label.show()
        else:
            self.read_only_label.hide()
        if db.upgraded_from is not None:
            note = f"Database upgraded from schema {db.upgraded_from} to {db.schema_revision}."
            if db.backup_before_upgrade is not None:
                note += f" A backup was taken first: {db.backup_before_upgrade}"
            self.note(note)
        self.backup_label.setText("Last backup: checking…")
        self.backup_label.show()

    def show_last_backup(self, when: dt.datetime | None) -> None:
        """From the home summary: when the last backup was taken, or a warning if never."""
        from vpr_desktop.views.common.formatting import format_datetime

        if when is not None:
            text = f"Last backup: {format_datetime(when)}"
            set_role(self.backup_label, "warning", False)
        else:
            text = "No backup yet"
            set_role(self.backup_label, "warning", True)
        self.backup_label.setText(text)
        self.backup_label.setAccessibleName(text)
