"""The compliance chart of the Training page: one horizontal bar per course, its percentage
written at the end of the bar with "below target" / "meets target", and the target marked on
each bar as a dark line.

It is drawn with the packs' own chart helpers (``training.chart_drawing``) in a background
job, and only once the picture is on screen, so opening the window never imports reportlab.
It is painted for the picture's size and screen, with its words at the window's text size
(``common.chart_raster``), and drawn again when either changes, so at 150-200 % it is as
readable and as sharp as the table beside it.
The figures it shows are also in the "By course" table beside it: nothing is said by the
picture alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.chart_raster import RasterWatch
from vpr_desktop.views.common.chart_raster import logical_pixels
from vpr_desktop.views.common.png_picture import show_png
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.training.chart_drawing import TEXT_POINTS
from vpr_desktop.views.training.chart_drawing import Bars
from vpr_desktop.views.training.chart_drawing import chart_lines
from vpr_desktop.views.training.chart_drawing import min_height_in
from vpr_desktop.views.training.chart_drawing import render_compliance

#: The narrowest the picture goes (logical pixels), as before the chart followed the text size.
MIN_WIDTH_PIXELS = 220
#: The picture's floor (as before charts followed the text size): what the tab can always give.
MIN_HEIGHT_PIXELS = 120


class ComplianceChart(QWidget):
    """The chart as a picture, drawn in the background the first time it is on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complianceChart")
        self._bars: list[tuple[str, float, float]] = []
        self._key: Any = None
        self._drawn_key: Any = None
        self.png: bytes | None = None
        self.runner = JobRunner(self, name="Chart drawing task")
        self.picture = QLabel(self)
        self.picture.setObjectName("complianceChartPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setWordWrap(True)
        self._fit_minimum(0)
        self.watch = RasterWatch(self.picture, TEXT_POINTS, self._redraw, self._scale)
        self.heading = label("", self, name="mutedText")
        self.heading.setAccessibleName("Chart title")
        vertical(self, self.heading, self.runner, (self.picture, 1), margins=0, spacing=4)

    def set_bars(self, bars: Bars, title: str) -> None:
        """Show ``bars`` under ``title``; screen readers get one line per bar."""
        self._bars = list(bars)
        self._key = (title, tuple(self._bars))
        lines = chart_lines(self._bars)
        self._fit_minimum(len(self._bars))
        self.heading.setText(title)
        self.picture.setAccessibleName(f"Chart: {title}")
        self.picture.setAccessibleDescription("; ".join(lines))
        self.picture.setToolTip("\n".join(lines))
        if not self._bars:
            self.png = None
            self._drawn_key = self._key
            self.watch.forget()
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
        bars = list(self._bars)
        raster = self.watch.mark_drawn()

        self.runner.read(
            lambda: (
                (key, raster),
                render_compliance(bars, raster.width_in, raster.height_in, raster.dpi),
            ),
            label="Drawing the chart…",
            on_done=self._show_png,
            on_error=self._failed,
            cancellable=False,
        )

    def _show_png(self, result: tuple[Any, bytes]) -> None:
        (key, raster), png = result
        if key != self._key or raster is not self.watch.drawn:
            return  # a drawing for other bars, or a size since redrawn: the newer one shows
        self.png = png
        self.picture.setText("")
        self._scale()

    def _failed(self, exc: BaseException) -> None:
        self._drawn_key = None
        self.watch.forget()
        self.picture.setText(
            f"The chart could not be drawn ({exc}); the figures are in the table beside it."
        )

    def _redraw(self) -> None:
        """Draw again for the picture's new size or screen (so the words stay at the
        window's text size instead of being scaled with the picture)."""
        self._drawn_key = None
        self.draw()

    def _fit_minimum(self, count: int) -> None:
        """The picture asks for the height ``count`` bars need at the window's text size, but
        never more than ``MIN_HEIGHT_PIXELS`` as a minimum: the Compliance tab cannot always
        give the top row that much (1366 x 768 at 150 %), and a minimum above what the layout
        gives cuts the chart's bottom off (the axis words went missing). In less room the
        picture is shrunk whole (``show_png``) until the user gives it more. Its width is left
        to the splitter, whose first share keeps the "By course" table beside it whole."""
        needed = logical_pixels(self.picture, min_height_in(count), TEXT_POINTS)
        self.picture.setMinimumSize(MIN_WIDTH_PIXELS, min(needed, MIN_HEIGHT_PIXELS))

    def _scale(self) -> None:
        if not self.png:
            return
        show_png(self.picture, self.png, ratio=self.picture.devicePixelRatioF(), grow=False)
