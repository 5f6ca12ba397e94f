"""A layout that wraps its widgets onto the next line when the row is full.

Filter bars and button rows use it, so at 150–200% scaling or in a narrow panel their controls
wrap instead of being clipped or pushing the window wider than a 1366-pixel screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtCore import QRect
from PySide6.QtCore import QSize
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout
from PySide6.QtWidgets import QLayoutItem
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QWidget
from PySide6.QtWidgets import QWidgetItem

_EXPANDING = (QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)


class FlowLayout(QLayout):
    """Lays widgets left to right and wraps to a new line when the row is full.

    ``line_spacing`` is the gap between lines (by default a little over half ``spacing``).
    With ``fill`` a widget whose horizontal size policy expands (a search box) takes the rest
    of its line; without it every widget keeps its own width.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        spacing: int = 12,
        line_spacing: int | None = None,
        *,
        fill: bool = False,
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._line_spacing = spacing // 2 + 2 if line_spacing is None else line_spacing
        self._fill = fill
        self.setContentsMargins(0, 0, 0, 0)

    def add(self, widget: QWidget) -> None:
        """Add a widget (``addWidget`` would need the layout installed on a parent first)."""
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def addItem(self, item: QLayoutItem) -> None:  # Qt override
        self._items.append(item)

    def count(self) -> int:  # Qt override
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]  # Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]  # Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # Qt override
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # Qt override
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # Qt override
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # Qt override
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        # Lines first, so an expanding item takes only the room its line leaves (it used to
        # run to the edge, over whatever followed it on the line).
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = area.x()
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if lines[-1] and x + hint.width() > area.right() + 1:
                lines.append([])
                x = area.x()
            lines[-1].append((item, hint))
            x += hint.width() + self._spacing
        y = area.y()
        for number, line in enumerate(lines):
            if not line:
                continue
            if number:
                y += self._line_spacing
            if move:
                self._place(line, area, y)
            y += max(hint.height() for _item, hint in line)
        return y - rect.y() + margins.bottom()

    def _place(self, line: list[tuple[QLayoutItem, QSize]], area: QRect, y: int) -> None:
        used = sum(hint.width() for _item, hint in line) + self._spacing * (len(line) - 1)
        spare = max(0, area.width() - used)
        x = area.x()
        for item, hint in line:
            width = min(hint.width(), area.width())
            widget = item.widget()
            expanding = widget is not None and widget.sizePolicy().horizontalPolicy() in _EXPANDING
            if self._fill and expanding and spare:
                width, spare = width + spare, 0
            item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._spacing


def button_row(*buttons: QWidget, spacing: int = 8) -> FlowLayout:
    """``buttons`` left to right in a row that wraps onto another line when narrow, so at
    150–200% scaling no button's words are cut off.

    Why one place: the panels' and the set-up wizard's button rows were each a
    :class:`FlowLayout` filled one button at a time.
    """
    row = FlowLayout(spacing=spacing)
    for button in buttons:
        row.add(button)
    return row
