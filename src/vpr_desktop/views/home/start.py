"""What the window shows before a database is open: "Opening…", or how to open one.

It is the first thing painted at start-up, so it is built from as few widgets as possible (the
"no database" panel and its buttons only when first needed); the database opens in the
background behind it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.page import Page
from vpr_desktop.views.common.page import page_layout
from vpr_desktop.views.common.widgets import EmptyState
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.navigation import PageSpec

START_SPEC = PageSpec(
    "start", "VPR Desktop", "Violence prevention and reduction work for your trust, in one place."
)


class StartPage(Page):
    """Signals: open_requested(), new_requested(), demo_requested() — the File menu's actions."""

    open_requested = Signal()
    new_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(START_SPEC, parent)
        self._layout = page_layout(self)
        self._layout.addWidget(self.header)
        self.opening = EmptyState("Opening database…", [""], self)
        self._layout.addWidget(self.opening)
        self.closed: EmptyState | None = None
        self._layout.addStretch(1)
        self.show_opening("")

    def _build_closed(self) -> EmptyState:
        closed = EmptyState("No database is open", [""], self)
        for text, name, signal in (
            ("Open database…", "Open an existing database", self.open_requested),
            ("New database…", "Create a new database", self.new_requested),
            ("Open demo database", "Open the demo database", self.demo_requested),
        ):
            button = push_button(text, closed, signal.emit, spoken=name)
            if signal is self.open_requested:
                button.setProperty("primary", True)
            closed.add_button(button)
        self._layout.insertWidget(2, closed)
        return closed

    def show_opening(self, where: str) -> None:
        """Say which database is opening; the window is usable once it is checked."""
        self.opening.paragraphs[0].setText(
            (f"Opening {where}. " if where else "")
            + "The window is ready to use as soon as the database has been checked."
        )
        self.opening.show()
        if self.closed is not None:
            self.closed.hide()

    def show_closed(self, reason: str = "") -> None:
        """No database open: say why (``reason``) and offer open, new or demo."""
        if self.closed is None:
            self.closed = self._build_closed()
        self.closed.paragraphs[0].setText(
            (reason + " " if reason else "")
            + "Open the database your trust uses, create a new one, or look around with the "
            "demo database (made-up data for a fictional trust)."
        )
        self.opening.hide()
        self.closed.show()
