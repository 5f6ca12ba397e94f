"""Charts on the Self-assessment page: the RAG split per domain ("Progress") and the change
counts of a comparison -- the same figures the packs draw (``assessment.chart_figures``).

The pictures are the PNGs ``vpr_desktop.reports.charts`` renders for the packs (window == pack),
shown in a ``QLabel``. reportlab is imported only when a chart is first drawn, which happens
only once the chart is on screen (``showEvent``), never when this module is imported. Every
chart has a text summary beside it, so nothing is conveyed by the picture alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.png_picture import show_png
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.worker import JobRunner


def render_png(spec: Any) -> bytes:
    """PNG bytes from the pack renderer (imports reportlab on first use)."""
    from vpr_desktop.reports.charts import render

    return bytes(render(spec))


class ChartPanel(QWidget):
    """A pack chart as a picture with its summary in words beside it.

    ``set_chart`` stores what to draw; drawing (in a background job) waits until the panel is
    shown, so an unseen chart never costs a reportlab import.
    """

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._make_spec: Callable[[], Any] | None = None
        self._drawn_key: Any = None
        self._key: Any = None
        self.png: bytes | None = None
        self.runner = JobRunner(self, name="Chart drawing task")
        self.picture = QLabel(self)
        self.picture.setObjectName(f"{name}Picture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setMinimumSize(240, 160)
        self.picture.installEventFilter(self)
        self.heading = label("", self, name=f"{name}Heading")
        self.summary = label("", self, name=f"{name}Summary", selectable=True)
        self.summary.setAccessibleName("Chart summary in words")
        words = QVBoxLayout()
        words.addWidget(self.heading)
        words.addWidget(self.summary)
        words.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.picture, 3)
        row.addLayout(words, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.runner)
        layout.addLayout(row, 1)

    def set_chart(
        self, key: Any, title: str, lines: list[str], make_spec: Callable[[], Any]
    ) -> None:
        """What to show: ``lines`` at once, the picture (from ``make_spec()``) when visible."""
        self._key = key
        self._make_spec = make_spec
        self.heading.setText(title)
        self.summary.setText("\n".join(lines))
        self.picture.setAccessibleName(f"Chart: {title}")
        self.picture.setAccessibleDescription("; ".join(lines))
        if self.isVisible():
            self.draw()

    def summary_lines(self) -> list[str]:
        """The chart's text summary, one line per figure."""
        text = self.summary.text()
        return text.split("\n") if text else []

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.draw()

    def draw(self) -> None:
        """Render the chart in the background, unless the same figures are already drawn."""
        make, key = self._make_spec, self._key
        if make is None or key == self._drawn_key:
            return
        self._drawn_key = key

        self.runner.read(
            lambda: render_png(make()),
            label="Drawing the chart…",
            on_done=self._show_png,
            on_error=self._failed,
        )

    def _show_png(self, png: bytes) -> None:
        self.png = png
        self._scale()

    def _failed(self, exc: BaseException) -> None:
        self._drawn_key = None
        self.picture.setText(
            f"The chart could not be drawn ({exc}); the figures are listed beside it."
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.picture and event.type() == QEvent.Type.Resize:
            self._scale()
        return super().eventFilter(watched, event)

    def _scale(self) -> None:
        if not self.png:
            return
        show_png(self.picture, self.png)
