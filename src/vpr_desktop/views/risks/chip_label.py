"""A band chip standing alone in a form ("High 12"), outside any table.

Why apart from the table's chips (``risks.chips``): a table paints its cells through a
delegate, while a form needs a widget of its own that sizes itself and speaks its text to a
screen reader; both paint with :func:`~vpr_desktop.views.risks.chips.paint_chip`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.table_model import data_colour
from vpr_desktop.views.risks.chips import chip_size
from vpr_desktop.views.risks.chips import paint_chip


class ChipLabel(QWidget):
    """A band chip in a form ("High 12"), or a plain muted text when there is no score."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("scoreChip")
        self._text = ""
        self._cell: Any = None
        self._name = name
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

    def set_cell(self, cell: Any, empty_text: str = "") -> None:
        """Show the band chip of ``cell``, or ``empty_text`` when there is none."""
        self._cell = cell
        self._text = str(cell) if cell is not None else empty_text
        spoken = f"{self._name}: {self._text}" if self._name else self._text
        self.setAccessibleName(spoken)
        self.setToolTip(spoken)
        self.updateGeometry()
        self.update()

    def text(self) -> str:
        """The chip's text, as read aloud."""
        return self._text

    def sizeHint(self) -> QSize:
        probe = max((self._text, "Moderate 10"), key=len)
        return chip_size(self, probe)

    def minimumSizeHint(self) -> QSize:
        return chip_size(self, self._text or "High 12")

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        rect = self.rect()
        rect.setWidth(min(rect.width(), chip_size(self, self._text).width()))
        if self._cell is None:
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self._text
            )
            return
        paint_chip(
            painter,
            rect,
            self._text,
            data_colour(self._cell.colour),
            data_colour(self._cell.text_colour),
        )
