"""The "Making Data Count" icons, drawn by the app (reportlab shapes, no artwork copied).

NHS England's shapes and colours: a circle holding a small run of points for **variation**
(grey for common cause; orange for a special cause of concern, blue for improvement, purple
where neither direction is better, with an H or an L for high or low) and a circle holding a
letter over a target line for **assurance** (blue P: consistently passes; orange F:
consistently fails; grey ?: hit and miss). The pack always prints the words beside the icon.

:func:`icon_group` is the vector icon (the SPC chart's corner in the PDF draws it as lines and
text); :func:`icon_png` is the same icon as a small PNG, painted once per process and shared
by the PDF's tables, the Word paper and the workbook.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing
    from reportlab.graphics.shapes import Group

GREY = "#A6A6A6"
BLUE = "#00B0F0"
ORANGE = "#E46C0A"
PURPLE = "#490092"
DARK = "#3D3D3D"
ICON_DPI = 150
ICON_INCHES = 0.5  # 75 px: sharp at the 14-20 pt the documents draw it
ICON_PT = ICON_INCHES * 72

#: key -> (colour, letter, shape of the run of points)
_VARIATION = {
    "common_cause": (GREY, "", "flat"),
    "concern_high": (ORANGE, "H", "up"),
    "concern_low": (ORANGE, "L", "down"),
    "improvement_high": (BLUE, "H", "up"),
    "improvement_low": (BLUE, "L", "down"),
    "neither_high": (PURPLE, "H", "up"),
    "neither_low": (PURPLE, "L", "down"),
}
_ASSURANCE = {"pass": (BLUE, "P"), "fail": (ORANGE, "F"), "hit_and_miss": (GREY, "?")}
_RUNS = {
    "flat": [0.50, 0.56, 0.46, 0.53, 0.47, 0.55, 0.50],
    "up": [0.42, 0.47, 0.40, 0.45, 0.43, 0.56, 0.65],
    "down": [0.58, 0.53, 0.60, 0.55, 0.57, 0.44, 0.35],
}


def drawable(key: str) -> bool:
    """Whether ``key`` (``variation/...`` or ``assurance/...``) has a drawing."""
    kind, _, name = key.partition("/")
    return (kind == "variation" and name in _VARIATION) or (
        kind == "assurance" and name in _ASSURANCE
    )


def icon_group(key: str, side: float = ICON_PT) -> Group:
    """Icon ``key`` as shapes in a ``side`` x ``side`` point square at the origin (strokes
    and letters keep their point sizes, so a smaller icon is not a blurred one)."""
    from reportlab.graphics.shapes import Circle
    from reportlab.graphics.shapes import Group
    from reportlab.graphics.shapes import Line
    from reportlab.graphics.shapes import PolyLine
    from reportlab.graphics.shapes import String
    from reportlab.lib.colors import HexColor
    from reportlab.lib.colors import white

    from vpr_desktop.reports.fonts import register_reportlab

    _regular, bold = register_reportlab()
    kind, _, name = key.partition("/")
    group = Group()
    middle = side / 2
    if kind == "variation":
        hex_colour, letter, run = _VARIATION[name]
        colour, grey = HexColor(hex_colour), HexColor(GREY)
        group.add(
            Circle(
                middle, middle, 0.45 * side, fillColor=white, strokeColor=colour, strokeWidth=2.2
            )
        )
        xs = [(0.22 + 0.09 * i) * side for i in range(7)]
        ys = [v * side for v in _RUNS[run]]
        points = [c for xy in zip(xs, ys, strict=True) for c in xy]
        group.add(PolyLine(points, strokeColor=grey, strokeWidth=1.0))
        special = 0 if run == "flat" else 2
        for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
            last = i >= 7 - special
            fill = colour if last else grey
            group.add(Circle(x, y, 1.75 if last else 1.5, fillColor=fill, strokeColor=None))
        if letter:
            y = (0.82 if letter == "H" else 0.14) * side - 0.35 * 7
            group.add(
                String(
                    middle,
                    y,
                    letter,
                    fontName=bold,
                    fontSize=7,
                    fillColor=colour,
                    textAnchor="middle",
                )
            )
    else:
        hex_colour, letter = _ASSURANCE[name]
        colour = HexColor(hex_colour)
        group.add(
            Circle(
                middle, middle, 0.45 * side, fillColor=colour, strokeColor=colour, strokeWidth=2.2
            )
        )
        y = 0.56 * side - 0.35 * 13
        group.add(
            String(
                middle, y, letter, fontName=bold, fontSize=13, fillColor=white, textAnchor="middle"
            )
        )
        group.add(
            Line(
                0.2 * side,
                0.26 * side,
                0.8 * side,
                0.26 * side,
                strokeColor=white,
                strokeWidth=1.4,
                strokeDashArray=[2.8, 1.7],
            )
        )
    return group


def icon_drawing(key: str) -> Drawing:
    """Icon ``key`` as a drawing half an inch square."""
    from reportlab.graphics.shapes import Drawing

    from vpr_desktop.reports.fonts import register_reportlab

    # Its initial font is ours: never an unembedded Helvetica.
    drawing = Drawing(ICON_PT, ICON_PT, initialFontName=register_reportlab()[0])
    drawing.add(icon_group(key))
    return drawing


@cache
def icon_png(key: str) -> bytes | None:
    """The icon as PNG bytes (transparent corners), or None when ``key`` has no drawing."""
    if not drawable(key):
        return None
    from vpr_desktop.reports.raster import png

    return png(icon_drawing(key), dpi=ICON_DPI, transparent=True)
