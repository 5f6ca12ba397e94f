"""The compliance chart of the Training page: one horizontal bar per course, its percentage
written at the end of the bar with "below target" / "meets target", and the target marked on
each bar as a dark line.

It is drawn with the packs' own chart helpers (``training.chart_drawing``) in a background
job, and only once the picture is on screen, so opening the window never imports reportlab.
The figures it shows are also in the "By course" table beside it: nothing is said by the
picture alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.png_picture import show_png
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.training.chart_drawing import Bars
from vpr_desktop.views.training.chart_drawing import chart_lines
from vpr_desktop.views.training.chart_drawing import render_compliance


class ComplianceChart(QWidget):
    """The chart as a picture, drawn in the background the first time it is on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complianceChart")
        self._bars: list[tuple[str, float, float]] = []
        self._title = ""
        self._key: Any = None
        self._drawn_key: Any = None
        self.png: bytes | None = None
        self._drawn_size = (0, 0)
        self.runner = JobRunner(self, name="Chart drawing task")
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(400)
        self._resize_timer.timeout.connect(self._redraw_if_resized)
        self.picture = QLabel(self)
        self.picture.setObjectName("complianceChartPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setMinimumSize(220, 120)
        self.picture.setWordWrap(True)
        self.picture.installEventFilter(self)
        self.heading = label("", self, name="mutedText")
        self.heading.setAccessibleName("Chart title")
        vertical(self, self.heading, self.runner, (self.picture, 1), margins=0, spacing=4)

    def set_bars(self, bars: Bars, title: str) -> None:
        """Show ``bars`` under ``title``; screen readers get one line per bar."""
        self._bars = list(bars)
        self._title = title
        self._key = (title, tuple(self._bars))
        lines = chart_lines(self._bars)
        self.heading.setText(title)
        self.picture.setAccessibleName(f"Chart: {title}")
        self.picture.setAccessibleDescription("; ".join(lines))
        self.picture.setToolTip("\n".join(lines))
        if not self._bars:
            self.png = None
            self._drawn_key = self._key
            self.picture.setPixmap(QPixmap())
            self.picture.setText(
                "No course is required of anyone in this selection, so there is nothing to chart."
            )
            return
        if self.isVisible():
            self.draw()

    def lines(self) -> list[str]:
        """The chart as text, one line per bar (for screen readers and tests)."""
        return chart_lines(self._bars)

    def showEvent(self, event: Any) -> None:  # Qt override
        super().showEvent(event)
        self.draw()

    def draw(self) -> None:
        """Render the chart in the background, unless these bars are already drawn."""
        if not self._bars or self._key == self._drawn_key:
            return
        self._drawn_key = key = self._key
        bars, title = list(self._bars), self._title
        size = (max(self.picture.width(), 240), max(self.picture.height(), 120))
        self._drawn_size = size

        self.runner.read(
            lambda: (key, render_compliance(bars, title, size)),
            label="Drawing the chart…",
            on_done=self._show_png,
            on_error=self._failed,
            cancellable=False,
        )

    def _show_png(self, result: tuple[Any, bytes]) -> None:
        key, png = result
        if key != self._key:
            return
        self.png = png
        self.picture.setText("")
        self._scale()

    def _failed(self, exc: BaseException) -> None:
        self._drawn_key = None
        self.picture.setText(
            f"The chart could not be drawn ({exc}); the figures are in the table beside it."
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.picture and event.type() == QEvent.Type.Resize:
            self._scale()
            if self.png:
                self._resize_timer.start()
        return super().eventFilter(watched, event)

    def _redraw_if_resized(self) -> None:
        """Draw again for a picture much larger or smaller than the one drawn (text stays
        readable instead of being scaled with the picture)."""
        w, h = self.picture.width(), self.picture.height()
        dw, dh = self._drawn_size
        if dw and dh and (abs(w - dw) / dw > 0.2 or abs(h - dh) / dh > 0.2):
            self._drawn_key = None
            self.draw()

    def _scale(self) -> None:
        if not self.png:
            return
        show_png(self.picture, self.png, ratio=self.picture.devicePixelRatioF())
