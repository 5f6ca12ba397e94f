"""How large, and at how many dots per inch, an on-screen chart is painted, so that its words
read at the window's own text size and stay sharp at any display scaling (100-200 %).

Why: the charts are reportlab drawings laid out in points, their words at a fixed point size
(7.5 or 8 pt), painted as PNG. Painted at a fixed 150 dpi and then stretched into a label, their
words grew and shrank with the label rather than with the user's text size, and a high-DPI
screen blew the picture up blurred. Here the dpi is chosen so that the chart's base text comes
out exactly as many device pixels as the widget's own font, and the drawing is given the
label's size in inches at that dpi, so the picture is shown pixel for pixel. The packs' charts
(PDF, Word, Excel) are not drawn through here and keep their 150 dpi.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QWidget

#: A drawn chart within this share of the picture's size is kept (scaled at most this much):
#: a smaller change is not worth a redraw, a larger one would visibly shrink the words.
SIZE_TOLERANCE = 0.05

#: What makes a drawn chart stale: its label resized, its text size or its screen changed.
_STALE_EVENTS = (
    QEvent.Type.Resize,
    QEvent.Type.FontChange,
    QEvent.Type.DevicePixelRatioChange,
    QEvent.Type.ScreenChangeInternal,
)


@dataclass(frozen=True)
class ChartRaster:
    """A drawing's size in inches and the dots per inch (device pixels) to paint it at.

    ``ratio`` is the screen's device pixels per logical pixel, which the painted picture is
    marked with so Qt shows it one image pixel to one screen pixel.
    """

    width_in: float
    height_in: float
    dpi: float
    ratio: float

    def close_to(self, other: ChartRaster, tolerance: float = SIZE_TOLERANCE) -> bool:
        """Same text size and screen, and a size within ``tolerance``: no redraw needed."""
        return (
            math.isclose(self.dpi, other.dpi, rel_tol=1e-6)
            and math.isclose(self.ratio, other.ratio, rel_tol=1e-6)
            and abs(self.width_in - other.width_in) <= tolerance * max(other.width_in, 1e-9)
            and abs(self.height_in - other.height_in) <= tolerance * max(other.height_in, 1e-9)
        )


def text_dpi(font_points: float, logical_dpi: float, ratio: float, chart_points: float) -> float:
    """Device pixels per inch at which ``chart_points`` text is as tall as the window's
    ``font_points`` text (the window shows a point as ``logical_dpi / 72`` logical pixels,
    each ``ratio`` device pixels)."""
    return logical_dpi * ratio * font_points / chart_points


def font_points(widget: QWidget) -> float:
    """The point size ``widget``'s text is really shown at (``QFontInfo``: right even when the
    font was set in pixels, where ``QFont.pointSizeF`` says -1)."""
    return float(QFontInfo(widget.font()).pointSizeF())


def raster_for(picture: QWidget, chart_points: float) -> ChartRaster:
    """The raster that fills ``picture`` with a chart whose ``chart_points`` text reads at
    ``picture``'s own font size, at its screen's device pixel ratio."""
    ratio = float(picture.devicePixelRatioF())
    dpi = text_dpi(font_points(picture), picture.logicalDpiY(), ratio, chart_points)
    return ChartRaster(
        picture.width() * ratio / dpi, picture.height() * ratio / dpi, dpi=dpi, ratio=ratio
    )


def logical_pixels(widget: QWidget, inches: float, chart_points: float) -> int:
    """How many logical pixels ``inches`` of a chart take in ``widget`` once its
    ``chart_points`` text is scaled to the widget's font (for minimum sizes, which Qt takes in
    logical pixels: the device pixel ratio cancels out)."""
    scale = font_points(widget) / chart_points
    return math.ceil(inches * widget.logicalDpiY() * scale)


class RasterWatch(QObject):
    """Keeps a chart picture drawn for its current size, text size and screen.

    Every resize (or font or screen change) of ``picture`` calls ``rescale`` at once, so the
    picture already drawn follows the label, and, after a pause, ``redraw`` when the label
    has moved away from the raster last drawn (``mark_drawn``). Why one watcher: the Training
    chart and the Self-assessment charts must both redraw on the same occasions.
    """

    def __init__(
        self,
        picture: QWidget,
        chart_points: float,
        redraw: Callable[[], None],
        rescale: Callable[[], None],
        pause_ms: int = 400,
    ) -> None:
        super().__init__(picture)
        self.picture = picture
        self.chart_points = chart_points
        self._redraw = redraw
        self._rescale = rescale
        self.drawn: ChartRaster | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(pause_ms)
        self.timer.timeout.connect(self.redraw_if_stale)
        picture.installEventFilter(self)

    def current(self) -> ChartRaster:
        """The raster the picture needs now."""
        return raster_for(self.picture, self.chart_points)

    def mark_drawn(self) -> ChartRaster:
        """The raster to draw now, remembered as the one drawn."""
        self.drawn = self.current()
        return self.drawn

    def forget(self) -> None:
        """Nothing is drawn (or the drawing failed): no redraw until the next ``mark_drawn``."""
        self.drawn = None

    def redraw_if_stale(self) -> None:
        """``redraw`` when what is drawn no longer fits the picture."""
        if self.drawn is not None and not self.drawn.close_to(self.current()):
            self._redraw()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.picture and event.type() in _STALE_EVENTS:
            self._rescale()
            if self.drawn is not None:
                self.timer.start()
        return super().eventFilter(watched, event)
