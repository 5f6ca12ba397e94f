"""Home: what needs attention, and what this database holds, from ``services.summary.home()``.

The summary is counted in SQL on a background job, so opening a large database never freezes
the window; the page shows the previous figures (or nothing) until the new ones arrive. Every
number shown is one the summary returned — no stand-in figures that look like data.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.formatting import format_datetime
from vpr_desktop.views.common.formatting import format_number
from vpr_desktop.views.common.page import Page
from vpr_desktop.views.common.page import page_layout
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.widgets import ElidedLabel
from vpr_desktop.views.common.widgets import EmptyState
from vpr_desktop.views.common.widgets import headed_box
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import set_role
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.common.write_guard import allow
from vpr_desktop.views.common.write_guard import preview_refusal
from vpr_desktop.views.navigation import PAGES_BY_KEY
from vpr_desktop.views.navigation import PageSpec

if TYPE_CHECKING:
    from vpr_desktop.services.common.summary import AttentionItem
    from vpr_desktop.services.common.summary import HomeSummary
    from vpr_desktop.services.container import Services

#: Narrowest a "needs attention" card / a Records or Database panel may get, in characters.
CARD_CHARS = 34
PANEL_CHARS = 50
EMPTY_HEADING = "This database is empty"
EMPTY_LINES = [
    "Nothing has been recorded here yet. Import incidents from Datix or a risk register "
    "(Data menu), record incidents and risks by hand, or load ESR staff and training exports "
    "with 'vpr-desktop import staff|training FILE'.",
    "To look around with realistic made-up data first, open the demo database.",
]


class AttentionCard(QFrame):
    """One "needs attention" count: the number, what it counts, and a link to its page.

    The state is said in words ("Needs attention" / "All clear"), not only by the coloured
    edge the style sheet gives a card with a non-zero count.
    """

    open_page = Signal(str, str)

    def __init__(
        self, item: AttentionItem, target: PageSpec | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("attentionCard")
        self.item = item
        attention = item.count > 0
        self.setProperty("attention", "yes" if attention else "no")
        status = "Needs attention" if attention else "All clear"
        self.count_label = label(format_number(item.count), self, name="cardCount", wrap=False)
        self.text_label = label(item.label, self, name="cardLabel")
        self.status_label = label(status, self, name="cardStatus", wrap=False)
        self.setAccessibleName(f"{item.label}: {item.count:,}. {status}.")

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignTop)
        layout = vertical(self, top, self.text_label, margins=(14, 10, 14, 10), spacing=4)
        self.link: QPushButton | None = None
        if target is not None:
            self.link = QPushButton(f"Open {target.title}", self)
            self.link.setObjectName("cardLink")
            self.link.setAccessibleName(f"Open {target.title}: {item.count:,} {item.label}")
            self.link.setCursor(Qt.CursorShape.PointingHandCursor)
            self.link.clicked.connect(lambda: self.open_page.emit(target.key, item.view))
            layout.addWidget(self.link, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)


class HomePage(Page):
    """The landing page for every role.

    Signals:
        summary_loaded(object): a fresh ``HomeSummary`` (the window updates badges from it).
        backup_requested(): the user pressed Back up now.
        demo_requested(): the user asked for the demo database (empty-database next step).
    """

    summary_loaded = Signal(object)
    backup_requested = Signal()
    demo_requested = Signal()

    def __init__(
        self,
        spec: PageSpec,
        services: Services,
        visible: list[PageSpec],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(spec, parent)
        self.services = services
        self._visible = {s.key: s for s in visible}
        self.summary: HomeSummary | None = None
        self._cards: list[AttentionCard] = []
        self._card_columns = 0

        content = QWidget(self)
        content.setObjectName("pageContent")
        layout = page_layout(content)
        layout.addWidget(self.header)

        self.runner = JobRunner(content, name="Loading the summary")
        layout.addWidget(self.runner)
        self.error = label("", content, name="pageError", selectable=True)
        self.error.hide()
        layout.addWidget(self.error)

        self.empty = EmptyState(EMPTY_HEADING, EMPTY_LINES, content)
        demo = push_button(
            "Open demo database",
            self.empty,
            self.demo_requested.emit,
            spoken="Open the demo database",
        )
        self.empty.add_button(demo)
        self.empty.hide()
        layout.addWidget(self.empty)

        layout.addWidget(label("Needs attention", content, name="sectionHeading", wrap=False))
        self.cards_box = QWidget(content)
        self.cards_box.setObjectName("cardsBox")
        self.cards_grid = QGridLayout(self.cards_box)
        self.cards_grid.setContentsMargins(0, 0, 0, 0)
        self.cards_grid.setSpacing(12)
        layout.addWidget(self.cards_box)
        self.loading_note = label("Counting…", content, name="mutedText")
        layout.addWidget(self.loading_note)

        layout.addWidget(label("This database", content, name="sectionHeading", wrap=False))
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.setSpacing(16)
        self._panels_row = row
        self.records_panel, self.records_grid = _panel("Records", content)
        self.details_panel, self.details_grid = _panel("Database", content)
        row.addWidget(self.records_panel, 2)
        row.addWidget(self.details_panel, 3)
        layout.addLayout(row)
        self.backup_button = QPushButton("Back up now", self.details_panel)
        self.backup_button.setObjectName("backupNow")
        self.backup_button.setAccessibleName("Back up the database now")
        self.backup_button.clicked.connect(self.backup_requested.emit)
        self.backup_button.hide()
        # Shown to whoever may back up, but a preview may not (it would prune the folder).
        allow(self.backup_button, True, preview_refusal(services.db))
        layout.addStretch(1)

        outer = page_layout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._scroll = scrolling(content, self)
        # The cards flow by the viewport's width, which is settled only after the page's own
        # resize (its layout sizes the scroll area next): reflow when the viewport resizes.
        self._scroll.viewport().installEventFilter(self)
        outer.addWidget(self._scroll)
        self._content = content

    # ------------------------------------------------------------------ loading

    def activated(self) -> None:
        if self.summary is None and not self.runner.is_busy():
            self.reload()

    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Count in the background; the figures on screen stay until the new ones arrive."""
        summary_service = self.services.summary

        self.runner.read(
            lambda: summary_service.home(),
            label="Loading the summary…",
            on_done=self.show_summary,
            on_error=self._show_error,
            cancellable=False,
        )

    def _show_error(self, exc: BaseException) -> None:
        from vpr_desktop.domain.errors import VprError

        if isinstance(exc, VprError):
            self.error.setText(f"The summary could not be loaded. {exc}")  # message and next step
            self.error.show()
            self.loading_note.hide()
            return
        from vpr_desktop.views.crash import report_error

        report_error(exc, self)

    # ------------------------------------------------------------------ showing

    def show_summary(self, summary: HomeSummary) -> None:
        self.summary = summary
        self.error.hide()
        self.loading_note.hide()
        self._show_cards(summary)
        self._show_records(summary)
        self._show_details(summary)
        self.empty.setVisible(all(n == 0 for _name, n in summary.counts))
        self._card_columns = 0
        self._reflow()  # now that cards and panels hold their text
        self._order_tabs()
        self.summary_loaded.emit(summary)

    def _order_tabs(self) -> None:
        """Tab through the page as it reads: the cards row by row, then Back up now."""
        chain: list[QWidget] = [card.link for card in self._cards if card.link is not None]
        chain.append(self.backup_button)
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _show_cards(self, summary: HomeSummary) -> None:
        for card in self._cards:
            _discard(card)
        self._cards = []
        for item in summary.attention:
            spec = self._visible.get(item.page) or None
            target = spec if spec is not None and item.page in PAGES_BY_KEY else None
            card = AttentionCard(item, target, self.cards_box)
            card.open_page.connect(self._open)
            self._cards.append(card)

    def _open(self, key: str, view: str) -> None:
        """A card's link: its page, with the card's filter when it has one."""
        if view:
            self.navigate_view.emit(key, view)
        else:
            self.navigate.emit(key)

    def _reflow(self) -> None:
        """Fit the cards (3, 2 or 1 per row) and the two panels to the width there is.

        Worked out from the cards' own minimum width, so at 150–200% scaling or in a narrow
        window the page reflows instead of clipping text or scrolling sideways.
        """
        available = self._scroll.viewport().width() - 48  # the page's side margins
        char = self.fontMetrics().averageCharWidth()
        spacing = self.cards_grid.horizontalSpacing()
        # Size hints of labels created a moment ago are not settled yet, so the widths are
        # judged in characters of the page's font (which scales with the display) as well.
        panels = max(
            self.records_panel.minimumSizeHint().width(),
            self.details_panel.minimumSizeHint().width(),
            char * PANEL_CHARS,
        )
        narrow = available < 2 * panels + self._panels_row.spacing()
        self._panels_row.setDirection(
            QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        )
        if not self._cards:
            return
        card_width = max(max(c.minimumSizeHint().width() for c in self._cards), char * CARD_CHARS)
        columns = max(1, min(3, (available + spacing) // (card_width + spacing)))
        if columns == self._card_columns:
            return
        self._card_columns = columns
        for card in self._cards:
            self.cards_grid.removeWidget(card)
        for i, card in enumerate(self._cards):
            self.cards_grid.addWidget(card, i // columns, i % columns)
        for c in range(3):
            self.cards_grid.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._reflow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.Resize and watched is self._scroll.viewport():
            self._reflow()
        return super().eventFilter(watched, event)

    def _show_records(self, summary: HomeSummary) -> None:
        _clear(self.records_grid)
        for row, (name, number) in enumerate(summary.counts):
            _add_row(self.records_grid, row, name, format_number(number), number=True)

    def _show_details(self, summary: HomeSummary) -> None:
        self.backup_button.hide()
        self.backup_button.setParent(self.details_panel)  # out of the row about to be deleted
        _clear(self.details_grid)
        if summary.first_incident and summary.last_incident:
            incidents = (
                f"{format_date(summary.first_incident)} to {format_date(summary.last_incident)}"
            )
        else:
            incidents = "None recorded yet"
        backup = format_datetime(summary.last_backup) if summary.last_backup else "No backup yet"
        rows = [
            ("Database", summary.database),
            ("Incidents recorded", incidents),
            ("Last backup", backup),
            (
                "Last pack",
                format_datetime(summary.last_pack)
                if summary.last_pack
                else "No pack generated yet",
            ),
            ("Schema version", summary.schema_revision),
            ("App version", summary.app_version),
        ]
        for row, (name, value) in enumerate(rows):
            if name == "Last backup" and self._can_back_up():
                cell = QWidget(self.details_panel)
                line = QHBoxLayout(cell)
                line.setContentsMargins(0, 0, 0, 0)
                line.setSpacing(12)
                value_label = label(value, cell, name="fieldValue", wrap=True, selectable=True)
                value_label.setAccessibleName(f"{name}: {value}")
                line.addWidget(value_label)
                line.addWidget(self.backup_button)
                line.addStretch(1)
                self.backup_button.show()
                self.details_grid.addWidget(
                    label(name, self.details_panel, name="fieldName", wrap=False),
                    row,
                    0,
                    Qt.AlignmentFlag.AlignVCenter,
                )
                self.details_grid.addWidget(cell, row, 1)
                self.last_backup_label = value_label
                continue
            value_label = _add_row(self.details_grid, row, name, value, path=name == "Database")
            if name == "Last backup":
                self.last_backup_label = value_label
        self.details_grid.setColumnStretch(1, 1)

    def _can_back_up(self) -> bool:
        from vpr_desktop.domain.permissions import Permission

        return self.services.actor.can(Permission.BACKUP)

    # ------------------------------------------------------------------ for tests and the window

    def texts(self) -> list[str]:
        """The text of every label on the page that is not hidden (tests read figures here)."""
        return [
            w.text() for w in self.findChildren(QLabel) if w.text() and not _hidden_within(w, self)
        ]


def _panel(title: str, parent: QWidget) -> tuple[QFrame, QGridLayout]:
    frame = QFrame(parent)
    outer = headed_box(frame, title, margins=(16, 12, 16, 14), spacing=8)
    grid = QGridLayout()
    grid.setHorizontalSpacing(16)
    grid.setVerticalSpacing(6)
    outer.addLayout(grid)
    outer.addStretch(1)
    return frame, grid


def _add_row(
    grid: QGridLayout, row: int, name: str, value: str, *, number: bool = False, path: bool = False
) -> QLabel:
    parent = grid.parentWidget()
    name_label = label(name, parent, name="fieldName", wrap=False)
    value_label: QLabel
    if path:  # a path cannot wrap; shorten it in the middle instead of widening the page
        value_label = ElidedLabel(value, parent)
        value_label.setObjectName("fieldValue")
    else:
        value_label = label(value, parent, name="fieldValue", wrap=not number, selectable=True)
    value_label.setAccessibleName(f"{name}: {value}")
    if number:
        set_role(value_label, "numeric", True)
        value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    grid.addWidget(name_label, row, 0, Qt.AlignmentFlag.AlignTop)
    grid.addWidget(value_label, row, 1)
    return value_label


def _clear(grid: QGridLayout) -> None:
    while grid.count():
        item = grid.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            _discard(widget)


def _discard(widget: QWidget) -> None:
    """Take a widget off the page now (deleted later, once Qt is done with it)."""
    widget.hide()
    widget.setParent(None)  # type: ignore[call-overload]
    widget.deleteLater()


def _hidden_within(widget: QWidget, page: QWidget) -> bool:
    """Hidden on purpose, itself or an ancestor below ``page``.

    Not ``isHidden()`` alone: a widget just added to a visible layout reports hidden until
    the event loop shows it, yet it is about to be seen.
    """
    explicit = Qt.WidgetAttribute.WA_WState_ExplicitShowHide
    current: QWidget | None = widget
    while current is not None and current is not page:
        if current.isHidden() and current.testAttribute(explicit):
            return True
        current = current.parentWidget()
    return False
