"""Pages whose capability arrives in a later release: say what they will hold, show no data.

A designed empty state is better than a blank page or sample rows: the user learns what the
page is for, and nothing on it could be mistaken for their trust's records.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.page import Page, page_layout, scrolling
from vpr_desktop.views.common.widgets import EmptyState
from vpr_desktop.views.navigation import PageSpec

COMING_HEADING = "This page arrives in a later release"
COMING_NOTE = "Nothing is shown here yet, and nothing on this page is sample data."


class PlaceholderPage(Page):
    """A page not built yet: what it will hold, from its spec."""

    def __init__(self, spec: PageSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        content = QWidget(self)
        content.setObjectName("pageContent")
        layout = page_layout(content)
        layout.addWidget(self.header)
        self.empty = EmptyState(
            COMING_HEADING, ["What it will hold:", *spec.coming], content, note=COMING_NOTE
        )
        layout.addWidget(self.empty)
        layout.addStretch(1)
        outer = page_layout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content, self))
