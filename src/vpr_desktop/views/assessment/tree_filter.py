"""The filter row above the Self-assessment indicator tree: result, evidence, re-confirm and
a search, turned into the ``TreeFilter`` the assessment service reads the tree with.

Kept apart from the tree (``assessment.tree``): the page reloads the tree when the filter
changes; the filter knows nothing of the rows it narrows.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Rag
from vpr_desktop.services.assessment.records import TreeFilter
from vpr_desktop.views.common.widgets import line_box

RAG_CHOICES = (
    ("Any result", None),
    ("Red", Rag.RED),
    ("Amber", Rag.AMBER),
    ("Green", Rag.GREEN),
    ("Red or amber", "red_amber"),
    ("Not assessed", Rag.NOT_RATED),
)


class TreeFilterBar(QWidget):
    """Result, evidence and re-confirm filters and the search box above the tree.

    The search waits a quarter of a second after the last key so typing does not reload the
    tree on every letter.

    Signals:
        changed(): the filter changed (the page reloads the tree).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rag_box = QComboBox(self)
        self.rag_box.setAccessibleName("Filter by result")
        for text, value in RAG_CHOICES:
            self.rag_box.addItem(text, value)
        self.no_evidence = QCheckBox("No evidence", self)
        self.past_review = QCheckBox("Evidence past review", self)
        self.reconfirm = QCheckBox("To re-confirm", self)
        for box, name in (
            (self.no_evidence, "Show only indicators with no evidence"),
            (self.past_review, "Show only indicators with evidence past review"),
            (self.reconfirm, "Show only indicators to re-confirm"),
        ):
            box.setAccessibleName(name)
            box.toggled.connect(lambda _on: self.changed.emit())
        self.rag_box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        searched = "Search code, wording or narrative"
        self.search = line_box(self, searched, hint=searched)
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.rag_box)
        for widget in (self.no_evidence, self.past_review, self.reconfirm):
            row.addWidget(widget)
        row.addWidget(self.search, 1)

    def current(self) -> TreeFilter:
        """The filter as the service takes it."""
        value = self.rag_box.currentData()
        rags: frozenset[Rag] = frozenset()
        if value == "red_amber":
            rags = frozenset({Rag.RED, Rag.AMBER})
        elif value is not None:
            rags = frozenset({Rag(value)})
        return TreeFilter(
            rags=rags,
            no_evidence=self.no_evidence.isChecked(),
            evidence_past_review=self.past_review.isChecked(),
            to_reconfirm=self.reconfirm.isChecked(),
            search=self.search.text(),
        )
