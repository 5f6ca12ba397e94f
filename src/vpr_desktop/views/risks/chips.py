"""Band chips: a score as its band's colour *and* words ("Extreme 16"), never colour alone.

Band colours are data (the trust's risk matrix setting, each band with a colour and a text
colour chosen for contrast: dark text on yellow and amber), so chips are painted from the
``ScoreCell`` via ``table_model.data_colour``; every other colour is in ``ui/style.qss``.
The same chip in a form, outside any table, is ``risks.chip_label``'s.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import QRect
from PySide6.QtCore import QSize
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QStyle
from PySide6.QtWidgets import QStyledItemDelegate
from PySide6.QtWidgets import QStyleOptionViewItem
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.table_model import data_colour

ModelIndex = QModelIndex | QPersistentModelIndex
CHIP_RADIUS = 3
CHIP_PADDING = 8  # logical pixels each side of a chip's text


def chip_size(widget: QWidget, text: str) -> QSize:
    """The size of a band chip holding ``text`` in ``widget``'s font."""
    metrics = widget.fontMetrics()
    return QSize(metrics.horizontalAdvance(text) + 2 * CHIP_PADDING + 2, metrics.height() + 6)


def paint_chip(
    painter: QPainter,
    rect: QRect,
    text: str,
    background: QColor,
    foreground: QColor,
    *,
    outline: QColor | None = None,
) -> None:
    """A rounded band chip with its words, elided to ``rect`` if it must be."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen if outline is None else outline)
    painter.setBrush(background)
    painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), CHIP_RADIUS, CHIP_RADIUS)
    painter.setPen(foreground)
    metrics = painter.fontMetrics()
    shown = text  # cut (with "…") only when the words really do not fit
    if metrics.horizontalAdvance(text) > rect.width() - 4:
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(rect.width() - 6, 0))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, shown)
    painter.restore()


class ChipDelegate(QStyledItemDelegate):
    """Paints a cell that has a band colour (``BackgroundRole``) as a chip inside the cell.

    The chip keeps its colours on a selected row (the selection shows around it), so the band
    stays readable while a risk is open; the text is the band's word and score.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        """Cells with a background colour are drawn as rounded chips; others as usual."""
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if not isinstance(background, QColor):
            super().paint(painter, option, index)
            return
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.backgroundBrush = option.palette.base()  # the row's own fill, not the chip colour
        if index.row() % 2 and opt.features & QStyleOptionViewItem.ViewItemFeature.Alternate:
            opt.backgroundBrush = option.palette.alternateBase()
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        wanted = chip_size(widget, text) if widget is not None else option.rect.size()
        rect = option.rect.adjusted(4, 3, -4, -3)
        rect.setWidth(min(rect.width(), wanted.width()))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        paint_chip(
            painter,
            rect,
            text,
            background,
            foreground if isinstance(foreground, QColor) else option.palette.text().color(),
            outline=option.palette.base().color() if selected else None,
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if option.widget is not None and text:
            hint.setWidth(max(hint.width(), chip_size(option.widget, text).width() + 12))
        return hint


def set_chip_item(item: Any, cell: Any) -> None:
    """Give a ``QTableWidgetItem`` a band chip (text, colours, accessible text)."""
    if cell is None:
        item.setText("")
        return
    item.setText(str(cell))
    item.setData(Qt.ItemDataRole.BackgroundRole, data_colour(cell.colour))
    item.setData(Qt.ItemDataRole.ForegroundRole, data_colour(cell.text_colour))
    item.setData(Qt.ItemDataRole.AccessibleTextRole, str(cell))
