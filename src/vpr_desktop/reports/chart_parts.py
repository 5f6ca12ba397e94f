"""The drawing parts every chart is made of: text in the bundled font, lines, boxes, markers,
axes with round ticks (:class:`Plot`), legends, and the Drawing painted as PNG.

Kept apart from :mod:`reports.charts` (which chart shows what) so the Training page's chart
and the funnel plot build on the same parts as the packs' charts: one font, one palette, one
way to write a tick. reportlab is imported inside the functions, so importing this module
costs nothing at start-up.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal

from vpr_desktop.reports.fonts import register_reportlab
from vpr_desktop.reports.palette import NHS_BLUE
from vpr_desktop.reports.palette import NHS_DARK_BLUE
from vpr_desktop.reports.palette import NHS_GREEN
from vpr_desktop.reports.palette import NHS_GREY_1
from vpr_desktop.reports.palette import NHS_GREY_3
from vpr_desktop.reports.palette import NHS_GREY_5
from vpr_desktop.reports.palette import NHS_LIGHT_BLUE
from vpr_desktop.reports.palette import NHS_ORANGE
from vpr_desktop.reports.palette import NHS_TEXT

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing
    from reportlab.graphics.shapes import Group
    from reportlab.graphics.shapes import Shape

DPI = 150
SIZE = (8.0, 4.2)  # inches: 1200 x 630 px at 150 dpi; drawn 17 cm wide in the PDF
SERIES_COLOURS = (NHS_DARK_BLUE, NHS_BLUE, NHS_LIGHT_BLUE, NHS_GREEN, NHS_GREY_3, NHS_ORANGE)
DASHED = (3.7, 1.6)  # matplotlib's "--" at 1 pt, which the packs printed before
DOTTED = (1.4, 2.3)
DASH_DOT = (6.4, 1.6, 1.0, 1.6)
Anchor = Literal["start", "middle", "end"]
#: A glyph in a legend: draws its sample with its centre at (x, y).
Glyph = Callable[[float, float], list["Shape"]]


@cache
def colour(hex_colour: str) -> Any:
    """A reportlab colour from "#RRGGBB" (cached: charts ask for the same few)."""
    from reportlab.lib.colors import HexColor

    return HexColor(hex_colour)


def fonts() -> tuple[str, str]:
    """(regular, bold) names of the bundled font, registered with reportlab."""
    return register_reportlab()


def text(
    x: float,
    y: float,
    words: str,
    size: float = 8,
    bold: bool = False,
    anchor: Anchor = "start",
    fill: str = NHS_TEXT,
) -> Shape:
    """A string whose baseline starts (or is centred, or ends) at (x, y)."""
    from reportlab.graphics.shapes import String

    regular, heavy = fonts()
    return String(
        x,
        y,
        words,
        fontName=heavy if bold else regular,
        fontSize=size,
        fillColor=colour(fill),
        textAnchor=anchor,
    )


def centred_text(x: float, y: float, words: str, size: float = 8, **kw: Any) -> Shape:
    """A string whose middle sits at height ``y`` (cap height of Liberation Sans ~ 0.7)."""
    return text(x, y - 0.35 * size, words, size, **kw)


def width_of(words: str, size: float = 8, bold: bool = False) -> float:
    """Points ``words`` take at ``size`` (the TTF's own metrics, as the PDF lays them)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    regular, heavy = fonts()
    return float(stringWidth(words, heavy if bold else regular, size))


def line(
    points: Sequence[tuple[float, float]],
    stroke: str = NHS_GREY_1,
    width: float = 1.0,
    dash: Sequence[float] = (),
) -> Shape:
    """A polyline through ``points`` (two points: a line)."""
    from reportlab.graphics.shapes import PolyLine

    shape = PolyLine(
        [c for p in points for c in p],
        strokeColor=colour(stroke),
        strokeWidth=width,
        strokeLineJoin=1,
        strokeLineCap=0,
    )
    if dash:
        shape.strokeDashArray = list(dash)
    return shape


def rect(
    x: float, y: float, w: float, h: float, fill: str, edge: str | None = None, width: float = 0.6
) -> Shape:
    """A filled box (with an ``edge`` line of ``width`` points, e.g. white between bars)."""
    from reportlab.graphics.shapes import Rect

    box = Rect(x, y, w, h, fillColor=colour(fill))
    box.strokeColor = colour(edge) if edge else None
    box.strokeWidth = width if edge else 0
    return box


def marker(kind: str, x: float, y: float, size: float, fill: str, edge: str = "") -> Shape:
    """A point marker ``size`` points across: ``o`` circle, ``s`` square, ``D`` diamond."""
    from reportlab.graphics.shapes import Circle
    from reportlab.graphics.shapes import Polygon
    from reportlab.graphics.shapes import Rect

    h = size / 2
    style: dict[str, Any] = {
        "fillColor": colour(fill),
        "strokeColor": colour(edge) if edge else None,
        "strokeWidth": 1.4 if edge else 0,
    }
    if kind == "s":
        return Rect(x - h, y - h, size, size, **style)
    if kind == "D":
        h *= 1.2  # a diamond looks smaller than a square of the same width
        return Polygon([x, y + h, x + h, y, x, y - h, x - h, y], **style)
    return Circle(x, y, h, **style)


def nice_ticks(low: float, high: float, most: int = 8) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten apart) covering low..high."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / most
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def tick_label(value: float, ticks: Sequence[float]) -> str:
    """``value`` with as many decimals as the tick step needs (``1,200``, ``2.5``)."""
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    decimals = 0
    while decimals < 3 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-6:
        decimals += 1
    return f"{value:,.{decimals}f}"


@dataclass(frozen=True)
class Plot:
    """A plot area in a drawing: ``left``/``bottom``/``width``/``height`` in points, and the
    data ranges it shows. Maps data to points and draws the axes' furniture."""

    left: float
    bottom: float
    width: float
    height: float
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def top(self) -> float:
        return self.bottom + self.height

    def x(self, value: float) -> float:
        return self.left + (value - self.x0) / ((self.x1 - self.x0) or 1.0) * self.width

    def y(self, value: float) -> float:
        return self.bottom + (value - self.y0) / ((self.y1 - self.y0) or 1.0) * self.height

    def at(self, x: float, y: float) -> tuple[float, float]:
        return self.x(x), self.y(y)

    def shows_y(self, value: float) -> bool:
        return self.y0 - 1e-9 <= value <= self.y1 + 1e-9

    def hline(
        self,
        value: float,
        stroke: str,
        width: float = 1.0,
        dash: Sequence[float] = (),
        start: float | None = None,
        end: float | None = None,
    ) -> list[Shape]:
        """A horizontal line across the plot (or from data ``start`` to ``end``); nothing when
        ``value`` is outside the range shown (the axes clip it)."""
        if not self.shows_y(value):
            return []
        left = self.left if start is None else max(self.left, self.x(start))
        right = self.right if end is None else min(self.right, self.x(end))
        return [line([(left, self.y(value)), (right, self.y(value))], stroke, width, dash)]

    def series(self, xs: Sequence[float], ys: Sequence[float]) -> list[list[tuple[float, float]]]:
        """The polyline through (xs, ys) cut where it leaves the y range (so limits that run
        off the axes stop at its edge instead of running along it)."""
        pieces: list[list[tuple[float, float]]] = []
        piece: list[tuple[float, float]] = []
        prev: tuple[float, float] | None = None
        for x, y in zip(xs, ys, strict=True):
            inside = self.shows_y(y)
            if prev is not None and inside != self.shows_y(prev[1]):
                edge = self.y1 if max(y, prev[1]) > self.y1 else self.y0
                t = (edge - prev[1]) / (y - prev[1])
                piece.append(self.at(prev[0] + (x - prev[0]) * t, edge))
                if not inside:
                    pieces.append(piece)
                    piece = []
            if inside:
                piece.append(self.at(x, y))
            prev = (x, y)
        if len(piece) > 1:
            pieces.append(piece)
        return [p for p in pieces if len(p) > 1]

    def grid_y(self, ticks: Sequence[float], size: float = 8, label: str = "") -> list[Shape]:
        """Light horizontal grid lines, the left axis with its tick labels, and ``label``
        written up the left edge."""
        out: list[Shape] = []
        widest = 0.0
        for t in ticks:
            y = self.y(t)
            out.append(line([(self.left, y), (self.right, y)], NHS_GREY_5, 0.8))
            out.append(line([(self.left - 3, y), (self.left, y)], NHS_GREY_3, 0.8))
            words = tick_label(t, ticks)
            widest = max(widest, width_of(words, size))
            out.append(centred_text(self.left - 5, y, words, size, anchor="end"))
        out.append(line([(self.left, self.bottom), (self.left, self.top)], NHS_GREY_3, 0.8))
        if label:
            out.append(up_text(self.left - widest - 9, (self.bottom + self.top) / 2, label, size))
        return out

    def grid_x(
        self, ticks: Sequence[float], labels: Sequence[str], size: float = 8, grid: bool = True
    ) -> list[Shape]:
        """Tick labels at ``ticks`` under the bottom axis (and light vertical grid lines)."""
        out: list[Shape] = []
        for t, words in zip(ticks, labels, strict=True):
            x = self.x(t)
            if grid:
                out.append(line([(x, self.bottom), (x, self.top)], NHS_GREY_5, 0.8))
            out.append(line([(x, self.bottom - 3), (x, self.bottom)], NHS_GREY_3, 0.8))
            out.append(text(x, self.bottom - 5 - size, words, size, anchor="middle"))
        out.append(line([(self.left, self.bottom), (self.right, self.bottom)], NHS_GREY_3, 0.8))
        return out


def up_text(x: float, y: float, words: str, size: float = 8, bold: bool = False) -> Group:
    """``words`` written up the page, centred on (x, y): an axis title on the left."""
    from reportlab.graphics.shapes import Group

    group = Group(text(0, 0, words, size, bold, anchor="middle"))
    group.translate(x, y)
    group.rotate(90)
    return group


def line_glyph(
    stroke: str, width: float = 1.0, dash: Sequence[float] = (), mark: str = "", mark_fill: str = ""
) -> Glyph:
    """A legend sample: a short line (and a marker on it)."""

    def draw(x: float, y: float) -> list[Shape]:
        shapes = [line([(x - 9, y), (x + 9, y)], stroke, width, dash)]
        if mark:
            shapes.append(marker(mark, x, y, 3.5, mark_fill or stroke))
        return shapes

    return draw


def marker_glyph(kind: str, fill: str, size: float = 6.5, edge: str = "") -> Glyph:
    """A legend sample: a marker alone."""
    return lambda x, y: [marker(kind, x, y, size, fill, edge)]


def swatch_glyph(fill: str) -> Glyph:
    """A legend sample: a small filled box (bars)."""
    return lambda x, y: [rect(x - 7, y - 3.5, 14, 7, fill)]


def legend(
    entries: Sequence[tuple[str, Glyph]], centre: float, top: float, columns: int, size: float = 7.5
) -> list[Shape]:
    """Entries in rows of ``columns``, centred on ``centre``, first row's middle at ``top``
    (each column as wide as its widest entry, so nothing overlaps)."""
    if not entries:
        return []
    columns = max(1, min(columns, len(entries)))
    widths = [0.0] * columns
    for i, (words, _glyph) in enumerate(entries):
        widths[i % columns] = max(widths[i % columns], 24 + width_of(words, size))
    gap = 14.0
    x = centre - (sum(widths) + gap * (columns - 1)) / 2
    starts = []
    for w in widths:
        starts.append(x)
        x += w + gap
    out: list[Shape] = []
    for i, (words, glyph) in enumerate(entries):
        x, y = starts[i % columns], top - (i // columns) * (size + 4.5)
        out += glyph(x + 9, y)
        out.append(centred_text(x + 22, y, words, size))
    return out


def new_drawing(width_in: float, height_in: float) -> Drawing:
    """An empty drawing ``width_in`` x ``height_in`` inches with a white background."""
    from reportlab.graphics.shapes import Drawing

    # The initial font: else the PDF renderer starts the drawing in (unembedded) Helvetica.
    drawing = Drawing(width_in * 72, height_in * 72, initialFontName=fonts()[0])
    drawing.add(rect(0, 0, drawing.width, drawing.height, "#FFFFFF"))
    return drawing


def png(drawing: Drawing, dpi: float = DPI) -> bytes:
    """The drawing as PNG bytes (Word paper, window)."""
    from vpr_desktop.reports.raster import png as paint

    return paint(drawing, dpi)


def add_all(drawing: Drawing, shapes: Iterable[Shape]) -> None:
    """Add each of ``shapes`` to ``drawing``, in order (later ones paint over earlier)."""
    for shape in shapes:
        drawing.add(shape)


def fit(words: str, room: float, size: float = 8) -> str:
    """``words`` cut with an ellipsis to fit ``room`` points (full text is in the table)."""
    if width_of(words, size) <= room:
        return words
    while words and width_of(words + "…", size) > room:
        words = words[:-1]
    return words.rstrip() + "…"
