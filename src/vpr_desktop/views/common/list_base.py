"""The part of every list page that does not depend on its view: the page's words, the
splitter whose position is remembered, the empty and problem states, shortcuts, and the one
way a list page writes (a background job through its :class:`JobRunner`).

:class:`~vpr_desktop.views.common.list_page.ListPage` builds the lazy table on this; the roles
register builds a grouped tree on it. The small builders here (``make_table``, ``new_button``,
``link_tab_order``) are for any page that shows a table or a "New …" button.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.page import ServicesPage
from vpr_desktop.views.common.page import page_layout
from vpr_desktop.views.common.split_memory import SplitMemory
from vpr_desktop.views.common.widgets import EmptyState
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import JobRunner


@dataclass(frozen=True)
class ListTexts:
    """What a list page calls things (object and accessible names, the empty state)."""

    table_name: str  #: object name of the table ("actionTable")
    table_label: str  #: its accessible name ("Actions")
    count_label: str  #: accessible name of the count line ("Number of actions shown")
    problem_heading: str  #: "The action log cannot be shown"
    empty_heading: str = ""
    empty_lines: Sequence[str] = ()
    runner_name: str = "Background work"
    splitter_name: str = ""  #: object name of the list | detail splitter
    splitter_key: str = ""  #: QSettings key remembering it ("" : not remembered here)


def make_table(parent: QWidget, name: str, accessible: str, *, row_padding: int = 10) -> QTableView:
    """A register's table: whole rows, one at a time, fixed row height, sortable header."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().lineSpacing() + row_padding)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setSortIndicatorShown(True)
    return table


def new_button(
    text: str,
    slot: Callable[[], object],
    parent: QWidget,
    *,
    visible: bool = True,
    primary: bool = True,
    accessible: str = "",
    tooltip: str | None = None,
) -> QPushButton:
    """A page's "New …" button: named with its shortcut, so a screen reader says Ctrl+N."""
    button = QPushButton(text, parent)
    if primary:
        button.setProperty("primary", True)
    name = accessible or f"{text} (Ctrl+N)"
    button.setAccessibleName(name)
    tip = name if tooltip is None else tooltip
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(slot)
    if not visible:
        button.hide()
    return button


def link_tab_order(chain: Sequence[QWidget]) -> None:
    """Tab visits ``chain`` in this order (reading order, not the order widgets were made)."""
    for before, after in pairwise(chain):
        QWidget.setTabOrder(before, after)


#: A list page's margins (left, top, right, bottom), and on a short page (``COMPACT_BELOW``).
MARGINS = (24, 14, 24, 12)
COMPACT_MARGINS = (16, 6, 16, 6)


class ListPageBase(ServicesPage):
    """What every list page shares, whatever its view: services and settings, the runner for
    writes, the empty / problem states, and the list | detail splitter remembered in QSettings.

    Signals:
        data_changed(): something was written (the window recounts the home summary and badges).
    """

    data_changed = Signal()

    TEXTS: ListTexts
    #: Default widths of the splitter's panes, in average characters, and their stretch.
    SPLITTER_CHARS: tuple[int, int] = (100, 80)
    SPLITTER_STRETCH: tuple[int, int] = (3, 2)

    def prepare_page(self) -> None:
        self.full_form = False
        self.splitter: QSplitter | None = None
        self.split_memory: SplitMemory | None = None
        self.runner = JobRunner(self, name=self.TEXTS.runner_name)

    def build_page(self) -> None:
        """Build the page's widgets (services, settings and the runner are ready)."""

    # ------------------------------------------------------------------ building blocks

    def make_states(self, parent: QWidget, *, stretch: bool = True) -> QWidget:
        """The empty state (what the list holds, the next step) and the problem state."""
        texts = self.TEXTS
        self.empty = EmptyState(texts.empty_heading, list(self.empty_lines()), parent)
        self.problem = EmptyState(texts.problem_heading, [""], parent)
        self.problem.hide()
        holder = QWidget(parent)
        box = vertical(holder, self.empty, self.problem, margins=0)
        if stretch:
            box.addStretch(1)
        self._holder = holder
        return holder

    def empty_lines(self) -> Sequence[str]:
        """The empty state's paragraphs (they may depend on what the person may do)."""
        return self.TEXTS.empty_lines

    def make_splitter(self, parent: QWidget, *panes: QWidget | None) -> QSplitter:
        """The list | detail splitter, as the user last left it (or the default widths)."""
        splitter = QSplitter(Qt.Orientation.Horizontal, parent)
        if self.TEXTS.splitter_name:
            splitter.setObjectName(self.TEXTS.splitter_name)
        splitter.setChildrenCollapsible(False)
        for pane in panes:
            if pane is not None:
                splitter.addWidget(pane)
        for i, stretch in enumerate(self.SPLITTER_STRETCH):
            splitter.setStretchFactor(i, stretch)
        self.splitter = splitter
        char = self.fontMetrics().averageCharWidth()
        splitter.setSizes([char * n for n in self.SPLITTER_CHARS])
        # Not saved while the detail fills the page: that split is not the user's.
        self.split_memory = SplitMemory(
            splitter, self.settings, self.TEXTS.splitter_key, may_save=lambda: not self.full_form
        )
        return splitter

    def _restore_splitter(self) -> bool:
        return self.split_memory is not None and self.split_memory.restore()

    def _save_splitter(self, *_args: object) -> None:
        if self.split_memory is not None:
            self.split_memory.save()

    def lay_out(self, *widgets: QWidget, main: QWidget, below: Sequence[QWidget] = ()) -> None:
        """The page: ``widgets`` above ``main`` (which takes the height), then ``below``.

        Tighter than other pages: height is scarce at 1366×768 and 150%.
        """
        layout = page_layout(self)
        layout.setContentsMargins(*MARGINS)
        layout.setSpacing(8)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addWidget(main, 1)
        for widget in below:
            layout.addWidget(widget)

    def add_shortcuts(self, *pairs: tuple[QKeySequence.StandardKey, Callable[[], object]]) -> None:
        """Window shortcuts that act only while this page is shown (Ctrl+N, Ctrl+S)."""
        for keys, slot in pairs:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    # ------------------------------------------------------------------ page interface

    def shutdown(self) -> None:
        self._save_splitter()
        super().shutdown()

    # ------------------------------------------------------------------ writing

    def run_write(
        self,
        write: Callable[[], Any],
        doing: str,
        done: str,
        *,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> bool:
        """Run one write in the background (False, and nothing run, while another runs)."""
        if self.runner.is_busy():
            return False
        self.runner.write(
            write,
            label=doing,
            on_done=on_done,
            on_error=on_error,
            done_note=done,
        )
        return True

    def known_error(self, exc: BaseException) -> str | None:
        """The words for a known error (``VprError``); an unknown one goes to the crash report."""
        from vpr_desktop.views.common.errors import known_words

        return known_words(exc, self)
