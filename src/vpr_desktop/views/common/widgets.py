"""Small building blocks every page shares: the page header, empty states, an eliding label.

They carry object names and dynamic properties only; how they look is in ``ui/style.qss``, so
colours live in one file and a designer can change them without touching code.

These widgets are painted at start-up, before which the ``Qt`` namespace must not be touched:
its first use builds every Qt enum at once (about 13 ms, a third of the start-up budget). So
enum-typed settings go through ``setProperty`` with their integer values, and ``Qt`` itself is
imported inside the few methods that run later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import TypeVar

from PySide6.QtWidgets import QBoxLayout
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QTreeView
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QResizeEvent
    from PySide6.QtWidgets import QHeaderView
    from PySide6.QtWidgets import QTableView

#: Qt::PlainText and Qt::TextSelectableByMouse, set as property values (see module docstring).
PLAIN_TEXT = 0
SELECTABLE_BY_MOUSE = 1


def plain_text(widget: QLabel) -> None:
    """Never interpret a label's text as HTML: it may come from the database."""
    widget.setProperty("textFormat", PLAIN_TEXT)


def label(
    text: str,
    parent: QWidget | None = None,
    *,
    name: str = "",
    wrap: bool = True,
    selectable: bool = False,
) -> QLabel:
    """A plain-text label (never rich text: data must not be interpreted as HTML)."""
    widget = QLabel(parent)
    plain_text(widget)
    widget.setText(text)
    widget.setWordWrap(wrap)
    if name:
        widget.setObjectName(name)
    if selectable:
        widget.setProperty("textInteractionFlags", SELECTABLE_BY_MOUSE)
    return widget


#: What :func:`vertical` stacks: a widget, a nested layout, a widget with its stretch factor, or
#: a number (an empty stretch of that factor, pushing what follows down).
ColumnItem = QWidget | QLayout | tuple[QWidget, int] | int
B = TypeVar("B", bound=QBoxLayout)


def vertical(
    parent: QWidget,
    *items: ColumnItem,
    margins: int | tuple[int, int, int, int] | None = None,
    spacing: int | None = None,
) -> QVBoxLayout:
    """``parent``'s vertical layout, with ``items`` top to bottom (``margins``: all four, or
    left, top, right, bottom; ``spacing``; each left as the style has it when not given).

    Panels stack a few widgets with their own margins and spacing all over the views; one
    call that names what is stacked reads as the layout it makes, where four or more lines of
    ``setContentsMargins``/``addWidget`` each time hid the one that differs.
    """
    return _filled(QVBoxLayout(parent), items, margins, spacing)


def horizontal(
    *items: ColumnItem,
    margins: int | tuple[int, int, int, int] | None = None,
    spacing: int | None = None,
) -> QHBoxLayout:
    """A row with ``items`` left to right, as :func:`vertical` stacks them (a number is an
    empty stretch: ``horizontal(ok, cancel, 1)`` keeps the two buttons to the left), to be
    nested in a page's or panel's layout.

    Why one place: rows of buttons and a caption with its box were each a ``QHBoxLayout``
    filled one ``addWidget`` line at a time, which hid what the row holds.
    """
    return _filled(QHBoxLayout(), items, margins, spacing)


def _filled(
    layout: B,
    items: tuple[ColumnItem, ...],
    margins: int | tuple[int, int, int, int] | None,
    spacing: int | None,
) -> B:
    if margins is not None:
        left, top, right, bottom = (margins,) * 4 if isinstance(margins, int) else margins
        layout.setContentsMargins(left, top, right, bottom)
    if spacing is not None:
        layout.setSpacing(spacing)
    for item in items:
        if isinstance(item, QWidget):
            layout.addWidget(item)
        elif isinstance(item, QLayout):
            layout.addLayout(item)
        elif isinstance(item, tuple):
            layout.addWidget(item[0], item[1])
        else:
            layout.addStretch(item)
    return layout


def push_button(
    text: str, parent: QWidget, slot: Callable[[], object], *, spoken: str, primary: bool = False
) -> QPushButton:
    """A button that runs ``slot`` when pressed, with ``spoken`` as what a screen reader says
    (a fuller sentence than the button's few words: "Remove the selected claim"). A
    ``primary`` button is the main thing to do where it stands (the style sheet marks it out)."""
    button = QPushButton(text, parent)
    if primary:
        button.setProperty("primary", True)
    button.setAccessibleName(spoken)
    button.clicked.connect(slot)
    return button


def text_box(parent: QWidget, lines: int, *, spoken: str = "", text: str = "") -> QPlainTextEdit:
    """A box for a few ``lines`` of free text (a note, a reason, a description) that Tab
    leaves for the next field, as tall as ``lines`` lines of ``parent``'s font plus its frame;
    ``spoken`` is its accessible name when given.

    Why one place: the forms and dialogs of actions, incidents, risks, roles and training each
    set their text boxes up with these same calls.
    """
    box = QPlainTextEdit(text, parent)
    if spoken:
        box.setAccessibleName(spoken)
    box.setTabChangesFocus(True)
    box.setFixedHeight(parent.fontMetrics().lineSpacing() * lines + 16)
    return box


def line_box(parent: QWidget, spoken: str, *, text: str = "", hint: str = "") -> QLineEdit:
    """A one-line box with ``spoken`` as its accessible name (what a screen reader says on
    reaching it), ``text`` in it to start with, and ``hint`` shown while it is empty.

    Why one place: the dialogs and forms each made their one-line boxes with these same
    calls; a box made here always has the name a screen reader introduces it by.
    """
    box = QLineEdit(text, parent)
    box.setAccessibleName(spoken)
    if hint:
        box.setPlaceholderText(hint)
    return box


def column_modes(table: QTableView | QTreeView, *modes: QHeaderView.ResizeMode) -> None:
    """Size ``table``'s columns (a table's or a tree's), the first by the first of ``modes``
    and so on (columns past the last keep the header's own mode).

    Why one place: the before-and-after tables (an audit event's, a stale save's), the unknown
    values of an import, the set-up wizard's places and the self-assessment's indicator tree
    each sized their columns one by one.
    """
    header = table.header() if isinstance(table, QTreeView) else table.horizontalHeader()
    for column, mode in enumerate(modes):
        header.setSectionResizeMode(column, mode)


def headed_box(
    frame: QFrame,
    heading: str,
    *,
    margins: tuple[int, int, int, int] = (12, 10, 12, 12),
    spacing: int = 4,
) -> QVBoxLayout:
    """Make ``frame`` a headed box of a record's detail panel (an action's sign-off, an
    incident's RIDDOR) and return its layout for the lines under the heading.

    Why one place: the boxes of the detail panels must look and read alike (the panel frame,
    its margins, the heading that is also its accessible name), whichever record they show.
    The home page's roomier panels are the same box with their own ``margins`` and ``spacing``.
    """
    frame.setObjectName("panel")
    frame.setAccessibleName(heading)
    box = QVBoxLayout(frame)
    box.setContentsMargins(*margins)
    box.setSpacing(spacing)
    box.addWidget(label(heading, frame, name="panelHeading", wrap=False))
    return box


def text_cell(text: str, *, number: bool = False) -> QTableWidgetItem:
    """A cell of a read-only table of an import's rows, whose text is also its tooltip; a
    ``number`` (a row number, a count) is right-aligned.

    Why: a value cut off by its column must still be readable whole by hovering, and the import
    window's problem list and its value step list rows the same way.
    """
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if number:
        from PySide6.QtCore import Qt

        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def set_role(widget: QWidget, name: str, value: object) -> None:
    """Change a dynamic property the style sheet selects on, and re-apply the style."""
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class PageHeader(QWidget):
    """Title and one-line purpose on the left, the page's primary action on the right."""

    def __init__(self, title: str, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageHeader")
        self.title = label(title, self, name="pageTitle", wrap=False)
        self.title.setAccessibleName(title)
        self.purpose = label(purpose, self, name="pagePurpose")
        text = QVBoxLayout()
        text.setContentsMargins(0, 0, 0, 0)
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.purpose)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addLayout(text, 1)

    def add_action(self, button: QPushButton) -> None:
        """Add a button to the header's row, top-aligned with the title."""
        from PySide6.QtCore import Qt

        self._row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)


class EmptyState(QFrame):
    """A designed "nothing here yet" panel: what the page holds and what to do next.

    ``lines`` are separate paragraphs; ``actions`` are buttons for the next step.
    """

    def __init__(
        self, heading: str, lines: list[str], parent: QWidget | None = None, *, note: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(heading)
        self.heading = label(heading, self, name="emptyHeading")
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        self.paragraphs: list[QLabel] = []
        for line in lines:
            paragraph = label(line, self, name="emptyText")
            self.paragraphs.append(paragraph)
            layout.addWidget(paragraph)
        self.note: QLabel | None = None
        if note:
            self.note = label(note, self, name="emptyNote")
            layout.addWidget(self.note)
        self._buttons = QHBoxLayout()
        self._buttons.setContentsMargins(0, 6, 0, 0)
        self._buttons.addStretch(1)
        layout.addLayout(self._buttons)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def add_button(self, button: QPushButton) -> None:
        """Add a button to the row of buttons under the text."""
        self._buttons.insertWidget(self._buttons.count() - 1, button)

    def text(self) -> str:
        """The heading, paragraphs and note as plain text (for tests)."""
        parts = [self.heading.text(), *(p.text() for p in self.paragraphs)]
        if self.note is not None:
            parts.append(self.note.text())
        return "\n".join(parts)


class ElidedLabel(QLabel):
    """A one-line label that shortens long text with "…" instead of widening the window.

    The full text stays in the tooltip and the accessible name (a long database path in the
    status bar must not push the window wider than a 1366-pixel screen).
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        plain_text(self)
        # At most as wide as the whole text, and as narrow as the room left: what a short
        # text does not need goes to its neighbours (a status bar's note was cut in the
        # middle beside a half-empty read-only box).
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self._full = ""
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        """Set the text; the label shows what fits and the tooltip the whole."""
        self._full = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self.updateGeometry()
        self._elide()

    def full_text(self) -> str:
        """The text before eliding."""
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._elide()

    def minimumSizeHint(self) -> QSize:  # Qt override
        hint = super().minimumSizeHint()
        hint.setWidth(self.fontMetrics().averageCharWidth() * 8)
        return hint

    def sizeHint(self) -> QSize:  # Qt override
        hint = super().sizeHint()
        hint.setWidth(self._padding() + self.fontMetrics().horizontalAdvance(self._full))
        return hint

    def _padding(self) -> int:
        """What the label needs besides its text: the style sheet's padding and border (and
        a little room, so a text that fits is never cut by rounding)."""
        shown = self.fontMetrics().horizontalAdvance(self.text())
        return super().sizeHint().width() - shown + 4

    def _elide(self) -> None:
        # Not laid out yet: resizeEvent elides once it has a width. (Measuring the padding
        # before then would polish the label before its owner names it for the style sheet.)
        metrics = self.fontMetrics()
        width = max(self.width() - self._padding(), 0) if self.isVisible() else 0
        if not self.isVisible() or metrics.horizontalAdvance(self._full) <= width:
            shown = self._full
        else:
            from PySide6.QtCore import Qt

            shown = metrics.elidedText(self._full, Qt.TextElideMode.ElideMiddle, width)
        if shown != self.text():
            super().setText(shown)
