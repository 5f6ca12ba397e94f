"""The 5×5 risk heat map: how many risks sit in each likelihood × consequence cell.

Rows are likelihood 5 (top) to 1, columns consequence 1 to 5, as the NHS matrix is drawn; the
axis labels carry the matrix's descriptors ("4 Likely", "3 Moderate"). Each cell is coloured
by its band *and* says its count and band in words ("12" / "High 12"), so nothing depends on
colour. A cell is a button: click it, or move to it with the arrow keys and press Enter, to
filter the register to that cell. The grid is one stop in the Tab order (arrow keys move
inside it), so a keyboard user does not have to tab through 25 cells to reach the table.

The widget only shows what it is given (a ``HeatMap`` read-model from the risk register
service: ``count(l, c)``, ``total``, ``which`` and the ``matrix``) and says what was clicked;
the page decides what to filter.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property
from PySide6.QtCore import QRect
from PySide6.QtCore import QSize
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtGui import QFocusEvent
from PySide6.QtGui import QKeyEvent
from PySide6.QtGui import QPainter
from PySide6.QtGui import QPaintEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton
from PySide6.QtWidgets import QButtonGroup
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QRadioButton
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.table_model import data_colour
from vpr_desktop.views.common.widgets import label

#: How much of the band colour an empty cell keeps (the rest is white), so the cells holding
#: risks stand out; empty cells then use the dark text colour, which reads on any pale tint.
EMPTY_TINT = 0.35
SCALE = (1, 2, 3, 4, 5)


def _tint(colour: QColor, share: float) -> QColor:
    return QColor.fromRgb(
        round(colour.red() * share + 255 * (1 - share)),
        round(colour.green() * share + 255 * (1 - share)),
        round(colour.blue() * share + 255 * (1 - share)),
    )


class HeatMapCell(QAbstractButton):
    """One cell: the count (large) and the band with its score ("High 12"), on the band colour.

    The focus ring's colours are properties the style sheet sets (``qproperty-focusColour``),
    like every other colour that is not the trust's own band colour.

    Signals:
        move_focus(int, int): an arrow key asked to move by (rows, columns).
    """

    move_focus = Signal(int, int)

    def __init__(self, likelihood: int, consequence: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("heatCell")
        self.likelihood = likelihood
        self.consequence = consequence
        self.count = 0
        self.cell: Any = None
        # The style sheet sets these (qproperty-…); the palette stands in until it does.
        self._focus_colour = self.palette().color(QPalette.ColorRole.Highlight)
        self._edge_colour = self.palette().color(QPalette.ColorRole.WindowText)
        self._empty_text = self.palette().color(QPalette.ColorRole.WindowText)
        self.setCheckable(True)
        # Named from the start: the counts arrive from a background job (``set_data``).
        self.setAccessibleName(f"Likelihood {likelihood}, consequence {consequence}: counting")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # -- style sheet properties
    def _get_focus(self) -> QColor:
        return self._focus_colour

    def _set_focus(self, colour: QColor) -> None:
        self._focus_colour = colour

    def _get_edge(self) -> QColor:
        return self._edge_colour

    def _set_edge(self, colour: QColor) -> None:
        self._edge_colour = colour

    def _get_empty_text(self) -> QColor:
        return self._empty_text

    def _set_empty_text(self, colour: QColor) -> None:
        self._empty_text = colour

    # Qt property names (camelCase), set from the style sheet
    focusColour = Property(QColor, _get_focus, _set_focus)
    edgeColour = Property(QColor, _get_edge, _set_edge)
    emptyTextColour = Property(QColor, _get_empty_text, _set_empty_text)

    # -- content
    def set_data(self, cell: Any, count: int, spoken: str) -> None:
        """Show ``count`` risks in ``cell``; ``spoken`` is what screen readers hear."""
        self.cell = cell
        self.count = count
        self.setText(f"{count:,}\n{cell.label}")
        self.setAccessibleName(spoken)
        self.setToolTip(spoken)
        self.update()

    def count_text(self) -> str:
        """The number of risks in the cell, as shown."""
        return f"{self.count:,}"

    def sizeHint(self) -> QSize:  # Qt override
        metrics = self.fontMetrics()
        width = metrics.horizontalAdvance("Moderate 10") + 20
        return QSize(width, metrics.lineSpacing() * 2 + 12)

    def minimumSizeHint(self) -> QSize:  # Qt override
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance("Moderate 10") + 8, metrics.lineSpacing() * 2 + 8)

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        if self.cell is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = self.rect().adjusted(1, 1, -1, -1)
        band = data_colour(self.cell.colour)
        empty = self.count == 0
        fill = _tint(band, EMPTY_TINT) if empty else band
        text_colour = self._empty_text if empty else data_colour(self.cell.text_colour)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRect(rect)
        if self.isChecked() or self.hasFocus():  # the dark edge: chosen or focused
            edge = rect.adjusted(2, 2, -2, -2)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(self._pen(self._edge_colour, 4))
            painter.drawRect(edge)
        if self.hasFocus():  # NHS focus: yellow inside a dark edge
            painter.setPen(self._pen(self._focus_colour, 3))
            painter.drawRect(rect.adjusted(6, 6, -6, -6))
        count = f"✓ {self.count:,}" if self.isChecked() else f"{self.count:,}"
        painter.setPen(text_colour)
        font = painter.font()
        big = painter.font()
        big.setBold(True)
        big.setPointSizeF(font.pointSizeF() * 1.25)
        metrics_height = rect.height()
        top = QRect(rect.x(), rect.y(), rect.width(), metrics_height // 2 + 2)
        bottom = QRect(
            rect.x(),
            rect.y() + metrics_height // 2,
            rect.width(),
            metrics_height - metrics_height // 2,
        )
        painter.setFont(big)
        painter.drawText(top, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, count)
        painter.setFont(font)
        shown = painter.fontMetrics().elidedText(
            self.cell.label, Qt.TextElideMode.ElideRight, max(rect.width() - 6, 0)
        )
        painter.drawText(bottom, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, shown)

    @staticmethod
    def _pen(colour: QColor, width: int) -> Any:
        from PySide6.QtGui import QPen

        pen = QPen(colour)
        pen.setWidth(width)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        return pen

    # -- keyboard
    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        key = event.key()
        moves = {
            Qt.Key.Key_Up: (1, 0),
            Qt.Key.Key_Down: (-1, 0),
            Qt.Key.Key_Left: (0, -1),
            Qt.Key.Key_Right: (0, 1),
        }
        if key in moves:
            self.move_focus.emit(*moves[key])
            event.accept()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            event.accept()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # Qt override
        super().focusInEvent(event)
        parent = self.parent()
        while parent is not None and not isinstance(parent, HeatMapWidget):
            parent = parent.parent()
        if parent is not None:
            parent.make_roving(self)


class HeatMapWidget(QFrame):
    """The heat map panel: Current/Target choice, the grid, and the cell filter in words.

    Signals:
        cell_activated(int, int): a cell was clicked or Entered (likelihood, consequence).
        which_changed(str): "current" or "target" chosen.
        clear_requested(): the user asked to clear the cell filter.
    """

    cell_activated = Signal(int, int)
    which_changed = Signal(str)
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("heatMap")
        self.setAccessibleName("Heat map")
        self.which = "current"
        self.heat: Any = None
        self.noun = "live risk"
        self.selected: tuple[int, int] | None = None
        self.cells: dict[tuple[int, int], HeatMapCell] = {}

        heading = label("Heat map", self, name="panelHeading", wrap=False)
        self.current_button = QRadioButton("Current score", self)
        self.current_button.setAccessibleName("Heat map of current scores")
        self.current_button.setChecked(True)
        self.target_button = QRadioButton("Target score", self)
        self.target_button.setAccessibleName("Heat map of target scores")
        self._which_group = QButtonGroup(self)
        self._which_group.addButton(self.current_button)
        self._which_group.addButton(self.target_button)
        self.current_button.toggled.connect(self._which_toggled)
        self.clear_button = QPushButton("Clear cell filter", self)
        self.clear_button.setObjectName("clearCellFilter")
        self.clear_button.setAccessibleName("Clear the heat map cell filter")
        self.clear_button.setEnabled(False)
        self.clear_button.clicked.connect(self.clear_requested.emit)

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(heading)
        top.addWidget(self.current_button)
        top.addWidget(self.target_button)
        top.addStretch(1)
        top.addWidget(self.clear_button)

        self.caption = label("", self, name="mutedText")

        grid = QGridLayout()
        grid.setSpacing(2)
        grid.setColumnMinimumWidth(0, self.fontMetrics().horizontalAdvance("4 Unlikely") + 4)
        grid.setContentsMargins(0, 0, 0, 0)
        self.likelihood_title = label("Likelihood", self, name="axisTitle", wrap=False)
        grid.addWidget(
            self.likelihood_title, 0, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom
        )
        self.row_labels: dict[int, Any] = {}
        self.column_labels: dict[int, Any] = {}
        for row, likelihood in enumerate(reversed(SCALE), start=1):
            row_label = label(str(likelihood), self, name="axisLabel")  # wraps when narrow
            row_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.row_labels[likelihood] = row_label
            grid.addWidget(row_label, row, 0)
            for consequence in SCALE:
                cell = HeatMapCell(likelihood, consequence, self)
                cell.clicked.connect(lambda _checked=False, c=cell: self._activated(c))
                cell.move_focus.connect(lambda dl, dc, c=cell: self._move(c, dl, dc))
                self.cells[(likelihood, consequence)] = cell
                grid.addWidget(cell, row, consequence)
                grid.setColumnStretch(consequence, 1)
            grid.setRowStretch(row, 1)
        for consequence in SCALE:
            column_label = label(str(consequence), self, name="axisLabel")
            column_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.column_labels[consequence] = column_label
            grid.addWidget(column_label, 6, consequence)
        self.consequence_title = label("Consequence", self, name="axisTitle", wrap=False)
        grid.addWidget(
            self.consequence_title, 6, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        layout.addWidget(self.caption)
        self.make_roving(self.cells[(5, 1)])

    # ------------------------------------------------------------------ showing data

    def set_heat(self, heat: Any, noun: str = "live risk") -> None:
        """Show ``heat`` (a ``HeatMap``); ``noun`` says which risks it counts ("open risk")."""
        self.heat = heat
        self.noun = noun
        matrix = heat.matrix
        which_words = "current" if heat.which == "current" else "target"
        for likelihood, row_label in self.row_labels.items():
            row_label.setText(matrix.likelihood_label(likelihood))
        for consequence, column_label in self.column_labels.items():
            column_label.setText(matrix.consequence_label(consequence))
        for (likelihood, consequence), cell in self.cells.items():
            score = matrix.cell(likelihood, consequence)
            count = heat.count(likelihood, consequence)
            spoken = (
                f"Likelihood {matrix.likelihood_label(likelihood)}, consequence "
                f"{matrix.consequence_label(consequence)}: {plural(count, 'risk')}, "
                f"{score.label}"
            )
            cell.set_data(score, count, spoken)
        self.caption.setText(
            f"{plural(heat.total, noun)} by {which_words} score. Select a cell to list its risks."
        )
        self.caption.setToolTip("Bands: " + ", ".join(matrix.band_summary()))
        self.setAccessibleName(f"Heat map of {noun}s by {which_words} score")
        self._show_selection()

    def set_selected(self, cell: tuple[int, int] | None) -> None:
        """Mark the cell the register is filtered to (or none)."""
        self.selected = cell
        self._show_selection()

    def set_which(self, which: str) -> None:
        """Show the current or the target scores without signalling (the page already knows)."""
        self.which = which
        button = self.current_button if which == "current" else self.target_button
        if not button.isChecked():
            button.blockSignals(True)
            button.setChecked(True)
            (self.target_button if which == "current" else self.current_button).setChecked(False)
            button.blockSignals(False)

    def _show_selection(self) -> None:
        for key, cell in self.cells.items():
            chosen = key == self.selected
            cell.setChecked(chosen)
            cell.setAccessibleDescription(
                "The register is filtered to this cell"
                if chosen
                else "Press Enter to list these risks"
            )
        self.clear_button.setEnabled(self.selected is not None)

    def selection_words(self) -> str:
        """The chosen cell in words ("likelihood 4 Likely × consequence 3 Moderate, current
        score"), or "" — the page shows it beside its count of risks."""
        if self.selected is None or self.heat is None:
            return ""
        likelihood, consequence = self.selected
        matrix = self.heat.matrix
        return (
            f"likelihood {matrix.likelihood_label(likelihood)} × consequence "
            f"{matrix.consequence_label(consequence)}, {self.which} score"
        )

    # ------------------------------------------------------------------ interaction

    def cell_text(self, likelihood: int, consequence: int) -> str:
        """The text of the cell at (``likelihood``, ``consequence``), for tests."""
        return self.cells[(likelihood, consequence)].text()

    def make_roving(self, cell: HeatMapCell) -> None:
        """Only the last-focused cell is a Tab stop; arrow keys move between cells."""
        for other in self.cells.values():
            if other is not cell and other.focusPolicy() != Qt.FocusPolicy.ClickFocus:
                other.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        if cell.focusPolicy() != Qt.FocusPolicy.StrongFocus:
            cell.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def roving_cell(self) -> HeatMapCell:
        """The one cell in the Tab order (arrow keys move between cells)."""
        return next(c for c in self.cells.values() if c.focusPolicy() == Qt.FocusPolicy.StrongFocus)

    def _move(self, cell: HeatMapCell, rows: int, columns: int) -> None:
        likelihood = min(5, max(1, cell.likelihood + rows))
        consequence = min(5, max(1, cell.consequence + columns))
        target = self.cells[(likelihood, consequence)]
        self.make_roving(target)
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def _activated(self, cell: HeatMapCell) -> None:
        # The button toggles itself; the page decides (via set_selected) what is checked.
        cell.setChecked((cell.likelihood, cell.consequence) == self.selected)
        self.make_roving(cell)
        self.cell_activated.emit(cell.likelihood, cell.consequence)

    def _which_toggled(self, current: bool) -> None:
        which = "current" if current else "target"
        if which != self.which:
            self.which = which
            self.which_changed.emit(which)
