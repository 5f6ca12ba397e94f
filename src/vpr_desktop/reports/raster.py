"""A reportlab ``Drawing`` painted as PNG with Pillow, for the Word paper and the window.

Why our own painter: the PDF takes the charts as vector drawings, but Word and the window
need pixels. reportlab 5 paints pixels only through its ``rlPyCairo`` backend (its
``rl_renderPM`` backend was dropped), and pycairo publishes no Linux wheel, so it would need a
C tool chain and cairo's headers on every developer's machine and CI. Pillow is already here
(reportlab needs it), and the charts use only a handful of shapes: lines and polylines (solid
or dashed), rectangles, polygons, circles and strings in the bundled TTF, inside groups that
translate, scale or turn text by a quarter. Shapes are painted at ``SUPERSAMPLE`` times the
size and reduced, which gives smooth edges without an anti-aliasing rasteriser. Text is drawn
by Pillow's FreeType with the same TTF the PDF embeds, so both read the same.

The output carries no time or software stamp: the same drawing gives the same bytes.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from functools import cache
from itertools import pairwise
from typing import Any

from vpr_desktop.reports.fonts import FAMILY, font_path

SUPERSAMPLE = 3
Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]


def png(drawing: Any, dpi: float = 150, transparent: bool = False) -> bytes:
    """``drawing`` (width and height in points) as PNG bytes at ``dpi``; white behind unless
    ``transparent`` (the icons sit on coloured table cells)."""
    from PIL import Image

    width = max(1, round(drawing.width * dpi / 72))
    height = max(1, round(drawing.height * dpi / 72))
    scale = dpi / 72 * SUPERSAMPLE
    size = (width * SUPERSAMPLE, height * SUPERSAMPLE)
    mode, background = ("RGBA", (255, 255, 255, 0)) if transparent else ("RGB", (255, 255, 255))
    image = Image.new(mode, size, background)
    # PDF space has y upwards from the bottom; the image has y downwards from the top.
    _Painter(image, scale).group(drawing, (scale, 0.0, 0.0, -scale, 0.0, float(size[1])))
    out = image.reduce(SUPERSAMPLE)
    buf = io.BytesIO()
    out.save(buf, format="PNG", compress_level=6)
    return buf.getvalue()


def _mult(a: Matrix, b: Matrix) -> Matrix:
    """``a`` after ``b`` (reportlab's order: a group's transform applies to its contents)."""
    return (
        a[0] * b[0] + a[2] * b[1],
        a[1] * b[0] + a[3] * b[1],
        a[0] * b[2] + a[2] * b[3],
        a[1] * b[2] + a[3] * b[3],
        a[0] * b[4] + a[2] * b[5] + a[4],
        a[1] * b[4] + a[3] * b[5] + a[5],
    )


def _apply(m: Matrix, x: float, y: float) -> Point:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _pairs(flat: Sequence[float]) -> list[Point]:
    return [(float(flat[i]), float(flat[i + 1])) for i in range(0, len(flat) - 1, 2)]


def _rgba(colour: Any) -> tuple[int, int, int, int] | None:
    if colour is None:
        return None
    alpha = getattr(colour, "alpha", 1.0)
    return (
        round(colour.red * 255),
        round(colour.green * 255),
        round(colour.blue * 255),
        round((1.0 if alpha is None else alpha) * 255),
    )


def _dashes(points: list[Point], pattern: Sequence[float]) -> Iterator[list[Point]]:
    """The "on" pieces of a polyline under a dash ``pattern`` (lengths in pixels)."""
    if not pattern or sum(pattern) <= 0:
        yield points
        return
    k, left, on = 0, float(pattern[0]), True
    piece: list[Point] = [points[0]]
    for (x0, y0), (x1, y1) in pairwise(points):
        length = math.hypot(x1 - x0, y1 - y0)
        done = 0.0
        while length - done > left:
            done += left
            t = done / length
            at = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)
            if on:
                yield [*piece, at]
            piece = [at]
            on = not on
            k = (k + 1) % len(pattern)
            left = float(pattern[k])
        left -= length - done
        piece.append((x1, y1))
    if on and len(piece) > 1:
        yield piece


@cache
def _font(name: str, pixels: float) -> Any:
    from PIL import ImageFont

    style = "bold" if name.endswith("Bold") else "regular"
    return ImageFont.truetype(str(font_path(style)), max(1.0, pixels))


class _Painter:
    """Walks a drawing's tree with the transform so far, painting each shape it knows."""

    def __init__(self, image: Any, scale: float) -> None:
        from PIL import ImageDraw

        self.image = image
        self.draw = ImageDraw.Draw(image)
        self.scale = scale

    def group(self, node: Any, m: Matrix) -> None:
        for child in node.contents:
            kind = type(child).__name__
            if kind == "Group":
                self.group(child, _mult(m, tuple(child.transform)))
            elif kind == "String":
                self.string(child, m)
            else:
                self.shape(kind, child, m)

    def _width(self, node: Any, m: Matrix) -> int:
        stretch = math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
        return max(1, round(float(node.strokeWidth) * stretch))

    def stroke(self, node: Any, points: list[Point], m: Matrix, closed: bool = False) -> None:
        colour = _rgba(getattr(node, "strokeColor", None))
        if colour is None or not points or not node.strokeWidth:
            return
        if closed:
            points = [*points, points[0]]
        width = self._width(node, m)
        stretch = math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
        pattern = [d * stretch for d in (node.strokeDashArray or [])]
        for piece in _dashes(points, pattern):
            self.draw.line(piece, fill=colour, width=width, joint="curve")

    def shape(self, kind: str, node: Any, m: Matrix) -> None:
        if kind == "Line":
            self.stroke(node, [_apply(m, node.x1, node.y1), _apply(m, node.x2, node.y2)], m)
        elif kind == "PolyLine":
            self.stroke(node, [_apply(m, x, y) for x, y in _pairs(node.points)], m)
        elif kind in ("Rect", "Polygon"):
            if kind == "Rect":
                x, y, w, h = node.x, node.y, node.width, node.height
                corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            else:
                corners = _pairs(node.points)
            points = [_apply(m, x, y) for x, y in corners]
            fill = _rgba(node.fillColor)
            if fill is not None:
                self.draw.polygon(points, fill=fill)
            self.stroke(node, points, m, closed=True)
        elif kind == "Circle":
            cx, cy = _apply(m, node.cx, node.cy)
            r = node.r * math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
            box = (cx - r, cy - r, cx + r, cy + r)
            outline = _rgba(node.strokeColor) if node.strokeWidth else None
            width = self._width(node, m) if outline else 0
            self.draw.ellipse(box, fill=_rgba(node.fillColor), outline=outline, width=width)
        else:
            raise ValueError(f"the PNG painter cannot draw a {kind}")

    def string(self, node: Any, m: Matrix) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        colour = _rgba(node.fillColor)
        if colour is None or not node.text:
            return
        x, y = _apply(m, node.x, node.y)
        upright = abs(m[1]) < 1e-9 and abs(m[2]) < 1e-9
        stretch = abs(m[0]) if upright else math.hypot(m[0], m[1])
        font = _font(node.fontName or FAMILY, node.fontSize * stretch)
        shift = {"start": 0.0, "middle": 0.5, "end": 1.0}.get(node.textAnchor, 0.0)
        advance = stringWidth(node.text, node.fontName, node.fontSize) * stretch * shift
        if upright:
            self.draw.text((x - advance, y), node.text, font=font, fill=colour, anchor="ls")
            return
        # Text turned a quarter anticlockwise (a y-axis title): drawn flat, then turned.
        from PIL import Image, ImageDraw

        left, top, right, bottom = font.getbbox(node.text, anchor="ls")
        flat = Image.new("RGBA", (max(1, right - left), max(1, bottom - top)), (0, 0, 0, 0))
        ImageDraw.Draw(flat).text((-left, -top), node.text, font=font, fill=colour, anchor="ls")
        turned = flat.rotate(90, expand=True)
        # The baseline's start (-left, -top) in ``flat`` lands at (-top, width + left).
        # The text runs up the page, so its anchor moves ``advance`` down from the start.
        origin = (round(x + top), round(y + advance - flat.width - left))
        self.image.paste(turned, origin, turned)
