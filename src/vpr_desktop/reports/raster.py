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
from functools import cache
from typing import Any

from vpr_desktop.reports.fonts import FAMILY
from vpr_desktop.reports.fonts import font_path
from vpr_desktop.reports.raster_maths import Matrix
from vpr_desktop.reports.raster_maths import Point
from vpr_desktop.reports.raster_maths import apply
from vpr_desktop.reports.raster_maths import dashes
from vpr_desktop.reports.raster_maths import multiply
from vpr_desktop.reports.raster_maths import pairs
from vpr_desktop.reports.raster_maths import rgba
from vpr_desktop.reports.raster_maths import stretch

SUPERSAMPLE = 3


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
                self.group(child, multiply(m, tuple(child.transform)))
            elif kind == "String":
                self.string(child, m)
            else:
                self.shape(kind, child, m)

    def _width(self, node: Any, m: Matrix) -> int:
        return max(1, round(float(node.strokeWidth) * stretch(m)))

    def stroke(self, node: Any, points: list[Point], m: Matrix, closed: bool = False) -> None:
        colour = rgba(getattr(node, "strokeColor", None))
        if colour is None or not points or not node.strokeWidth:
            return
        if closed:
            points = [*points, points[0]]
        width = self._width(node, m)
        pattern = [d * stretch(m) for d in (node.strokeDashArray or [])]
        for piece in dashes(points, pattern):
            self.draw.line(piece, fill=colour, width=width, joint="curve")

    def shape(self, kind: str, node: Any, m: Matrix) -> None:
        if kind == "Line":
            self.stroke(node, [apply(m, node.x1, node.y1), apply(m, node.x2, node.y2)], m)
        elif kind == "PolyLine":
            self.stroke(node, [apply(m, x, y) for x, y in pairs(node.points)], m)
        elif kind in ("Rect", "Polygon"):
            if kind == "Rect":
                x, y, w, h = node.x, node.y, node.width, node.height
                corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            else:
                corners = pairs(node.points)
            points = [apply(m, x, y) for x, y in corners]
            fill = rgba(node.fillColor)
            if fill is not None:
                self.draw.polygon(points, fill=fill)
            self.stroke(node, points, m, closed=True)
        elif kind == "Circle":
            cx, cy = apply(m, node.cx, node.cy)
            r = node.r * stretch(m)
            box = (cx - r, cy - r, cx + r, cy + r)
            outline = rgba(node.strokeColor) if node.strokeWidth else None
            width = self._width(node, m) if outline else 0
            self.draw.ellipse(box, fill=rgba(node.fillColor), outline=outline, width=width)
        else:
            raise ValueError(f"the PNG painter cannot draw a {kind}")

    def string(self, node: Any, m: Matrix) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        colour = rgba(node.fillColor)
        if colour is None or not node.text:
            return
        x, y = apply(m, node.x, node.y)
        upright = abs(m[1]) < 1e-9 and abs(m[2]) < 1e-9
        text_scale = abs(m[0]) if upright else math.hypot(m[0], m[1])
        font = _font(node.fontName or FAMILY, node.fontSize * text_scale)
        shift = {"start": 0.0, "middle": 0.5, "end": 1.0}.get(node.textAnchor, 0.0)
        advance = stringWidth(node.text, node.fontName, node.fontSize) * text_scale * shift
        if upright:
            self.draw.text((x - advance, y), node.text, font=font, fill=colour, anchor="ls")
            return
        # Text turned a quarter anticlockwise (a y-axis title): drawn flat, then turned.
        from PIL import Image
        from PIL import ImageDraw

        left, top, right, bottom = font.getbbox(node.text, anchor="ls")
        flat = Image.new("RGBA", (max(1, right - left), max(1, bottom - top)), (0, 0, 0, 0))
        ImageDraw.Draw(flat).text((-left, -top), node.text, font=font, fill=colour, anchor="ls")
        turned = flat.rotate(90, expand=True)
        # The baseline's start (-left, -top) in ``flat`` lands at (-top, width + left).
        # The text runs up the page, so its anchor moves ``advance`` down from the start.
        origin = (round(x + top), round(y + advance - flat.width - left))
        self.image.paste(turned, origin, turned)
