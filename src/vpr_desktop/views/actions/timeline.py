"""An action's timeline section: the box for a new update or comment, the dated entries and
the committee reviews.

Each entry is said in text (who, when, what: ``entry_lines`` in
:mod:`vpr_desktop.views.actions.record`), so nothing depends on colour, and a screen reader hears
what a sighted user sees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.actions.record import entry_lines
from vpr_desktop.views.common.flow import button_row
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import text_box

if TYPE_CHECKING:
    from vpr_desktop.services.actions.records import ActionDetail


class TimelineSection(QWidget):
    """The box for a new update or comment, then the dated entries (newest first), then the
    committee reviews.

    Signals:
        add_requested(str): "update" or "comment" — add the note box's text as one.
    """

    add_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry_labels: list[QLabel] = []
        section = self
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 8, 0, 0)
        box.setSpacing(6)
        self.timeline_heading = label("Timeline", section, name="sectionHeading")
        box.addWidget(self.timeline_heading)
        caption = label("Add an update or a comment", section, name="fieldName")
        self.note = text_box(section, 3, spoken="Update or comment to add")
        self.note.setPlaceholderText("Progress made, or a comment for the other side")
        caption.setBuddy(self.note)
        self.add_update_button = push_button(
            "Add update",
            section,
            lambda: self.add_requested.emit("update"),
            spoken="Add the text as a progress update",
        )
        self.add_comment_button = push_button(
            "Add comment",
            section,
            lambda: self.add_requested.emit("comment"),
            spoken="Add the text as a comment",
        )
        box.addWidget(caption)
        box.addWidget(self.note)
        box.addLayout(button_row(self.add_update_button, self.add_comment_button))
        self.entries_box = QVBoxLayout()
        self.entries_box.setSpacing(6)
        box.addLayout(self.entries_box)
        self.reviews_heading = label("Committee reviews", section, name="panelHeading")
        self.reviews_text = label("", section, name="fieldValue", selectable=True)
        box.addWidget(self.reviews_heading)
        box.addWidget(self.reviews_text)

    def show_detail(self, detail: ActionDetail) -> None:
        """Replace the entries and reviews with those of ``detail``."""
        while self.entries_box.count():
            item = self.entries_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        count = len(detail.timeline)
        self.timeline_heading.setText(
            f"Timeline ({count:,} entries, newest first)" if count != 1 else "Timeline (1 entry)"
        )
        self.entry_labels = []
        for entry in reversed(detail.timeline):
            frame = QFrame()
            frame.setObjectName("timelineEntry")
            box = QVBoxLayout(frame)
            box.setContentsMargins(10, 6, 10, 8)
            box.setSpacing(2)
            meta, what = entry_lines(entry)
            box.addWidget(label(meta, frame, name="fieldName", selectable=True))
            text = label(what, frame, name="fieldValue", selectable=True)
            box.addWidget(text)
            frame.setAccessibleName(f"{meta}. {what}")
            self.entry_labels.append(text)
            self.entries_box.addWidget(frame)
        reviews = [
            f"{format_date(r.meeting_date)}, {r.committee}: "
            f"{r.decision or 'reviewed, no decision recorded'}"
            for r in detail.reviews
        ]
        self.reviews_heading.setVisible(bool(reviews))
        self.reviews_text.setVisible(bool(reviews))
        self.reviews_text.setText("\n".join(reviews))

    def texts(self) -> list[str]:
        """Each entry as shown: who, when, what (newest first)."""
        out = []
        for i in range(self.entries_box.count()):
            widget = self.entries_box.itemAt(i).widget()
            if widget is not None:
                out.append(widget.accessibleName())
        return out
