"""The register side of the risk register page: the heat map above the table, and the count.

The table shows the shared lazy model (``views.table_model``) over the risk list source,
with the score columns painted as band chips, the columns in reading order and sized so a
chip or a date is never cut (``risks.columns``). The heat map sits in a collapsible splitter
pane above it; "Show heat map" next to the count hides it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.list_base import make_table
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.risks.chips import ChipDelegate
from vpr_desktop.views.risks.heat_map import HeatMapWidget


class RiskListPanel(QWidget):
    """Heat map, count line and table.

    Signals:
        open_requested(QModelIndex): Enter or a double-click on a row.
        painted(): the table painted for the first time (the page builds its editor then).
    """

    open_requested = Signal(QModelIndex)
    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heat_map = HeatMapWidget()
        self.heat_map.setObjectName("heatMap")
        self.heat_scroll = QScrollArea()
        self.heat_scroll.setObjectName("heatScroll")
        self.heat_scroll.setWidgetResizable(True)
        self.heat_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.heat_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.heat_scroll.setWidget(self.heat_map)

        table_box = QWidget()
        self.showing = label("", table_box, name="resultCount")  # wraps: never widens the list
        self.showing.setAccessibleName("Number of risks shown")
        self.heat_toggle = QCheckBox("Show heat map", table_box)
        self.heat_toggle.setAccessibleName("Show the heat map")
        self.heat_toggle.setChecked(True)
        # Rows room for the score chips (3 px above and below), and 12 of them at 150%.
        self.table = make_table(table_box, "riskTable", "Risk register", row_padding=12)
        self.table.setAccessibleDescription("Enter opens the selected risk; Esc comes back")
        self.table.setItemDelegate(ChipDelegate(self.table))
        self.table.doubleClicked.connect(self.open_requested.emit)
        self.table.installEventFilter(self)
        self.table.viewport().installEventFilter(self)
        self._painted = False

        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 8, 0, 0)
        table_layout.setSpacing(6)
        above_table = QHBoxLayout()
        above_table.setSpacing(12)
        above_table.addWidget(self.showing, 1)
        above_table.addWidget(self.heat_toggle)
        table_layout.addLayout(above_table)
        table_layout.addWidget(self.table, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("riskListSplitter")
        self.splitter.addWidget(self.heat_scroll)
        self.splitter.addWidget(table_box)
        self.splitter.setCollapsible(0, True)
        self.splitter.setCollapsible(1, False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.heat_toggle.toggled.connect(self.heat_scroll.setVisible)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if (
            watched is self.table.viewport()
            and event.type() == QEvent.Type.Paint
            and not self._painted
        ):
            self._painted = True
            self.painted.emit()
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.open_requested.emit(self.table.currentIndex())
            return True
        return super().eventFilter(watched, event)
