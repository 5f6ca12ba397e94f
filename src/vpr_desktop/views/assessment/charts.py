"""Charts on the Self-assessment page: the RAG split per domain ("Progress") and the change
counts of a comparison -- the same figures the packs draw (``assessment.chart_figures``).

The pictures are the packs' own charts (``vpr_desktop.reports.charts``: window == pack), laid
out as wide as their ``QLabel`` and painted for its screen with their words at the window's text
size (``common.chart_raster``), drawn again when the label's size or screen changes; the packs'
files keep their 8-inch, 150 dpi charts. reportlab is imported only when a chart is first
drawn, which happens only once the chart is on screen (``showEvent``), never when this module
is imported. Every chart has a text summary beside it, so nothing is conveyed by the picture
alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.chart_raster import ChartRaster
from vpr_desktop.views.common.chart_raster import RasterWatch
from vpr_desktop.views.common.png_picture import show_png
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.worker import JobRunner

#: The point size the packs' bar charts write their category names and ticks in (the chart
#: parts' default): the panel paints them at the dpi that makes it the window's text size.
TEXT_POINTS = 8.0

#: The narrowest a chart is laid out (inches): its names, bars and legend side by side. A
#: narrower label shows it shrunk.
MIN_WIDTH_IN = 5.0


def render_png(spec: Any, width_in: float, dpi: float) -> bytes:
    """PNG bytes from the pack renderer, laid out ``width_in`` inches wide (at least
    ``MIN_WIDTH_IN``) and painted at ``dpi`` (imports reportlab on first use)."""
    from vpr_desktop.reports.charts import render

    return bytes(render(spec, dpi=dpi, width_in=max(width_in, MIN_WIDTH_IN)))


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
        self.watch = RasterWatch(self.picture, TEXT_POINTS, self._redraw, self._scale)
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
        raster = self.watch.mark_drawn()

        self.runner.read(
            lambda: (raster, render_png(make(), raster.width_in, raster.dpi)),
            label="Drawing the chart…",
            on_done=self._show_png,
            on_error=self._failed,
        )

    def _show_png(self, result: tuple[ChartRaster, bytes]) -> None:
        raster, png = result
        if raster is not self.watch.drawn:
            return  # drawn for a size or figures since drawn again: the newer one shows
        self.png = png
        self._scale()

    def _failed(self, exc: BaseException) -> None:
        self._drawn_key = None
        self.watch.forget()
        self.picture.setText(
            f"The chart could not be drawn ({exc}); the figures are listed beside it."
        )

    def _redraw(self) -> None:
        """Draw again for the picture's new size or screen (so the words stay at the
        window's text size instead of being scaled with the picture)."""
        self._drawn_key = None
        self.draw()

    def _scale(self) -> None:
        if not self.png:
            return
        show_png(self.picture, self.png, ratio=self.picture.devicePixelRatioF(), grow=False)
