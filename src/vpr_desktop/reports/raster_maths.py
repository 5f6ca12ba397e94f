"""The arithmetic the PNG painter (:mod:`vpr_desktop.reports.raster`) needs: reportlab's
affine transforms, a shape's flat list of coordinates as points, a dashed line cut into the
pieces that are drawn, and reportlab's colours as Pillow's RGBA.

Kept apart from the painter because it is pure arithmetic on numbers: it imports neither
Pillow nor reportlab, so it is read and checked without either.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

#: reportlab's transform (a, b, c, d, e, f): x' = a·x + c·y + e, y' = b·x + d·y + f.
Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]


def multiply(a: Matrix, b: Matrix) -> Matrix:
    """``a`` after ``b`` (reportlab's order: a group's transform applies to its contents)."""
    return (
        a[0] * b[0] + a[2] * b[1],
        a[1] * b[0] + a[3] * b[1],
        a[0] * b[2] + a[2] * b[3],
        a[1] * b[2] + a[3] * b[3],
        a[0] * b[4] + a[2] * b[5] + a[4],
        a[1] * b[4] + a[3] * b[5] + a[5],
    )


def apply(m: Matrix, x: float, y: float) -> Point:
    """Where the point (x, y) lands under ``m``."""
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def pairs(flat: Sequence[float]) -> list[Point]:
    """reportlab's flat ``[x0, y0, x1, y1, ...]`` as points."""
    return [(float(flat[i]), float(flat[i + 1])) for i in range(0, len(flat) - 1, 2)]


def dashes(points: list[Point], pattern: Sequence[float]) -> Iterator[list[Point]]:
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


def stretch(m: Matrix) -> float:
    """How much ``m`` scales lengths (the square root of its area scale), for line widths,
    dash lengths and radii, which must grow with the drawing as its shapes do."""
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def rgba(colour: Any) -> tuple[int, int, int, int] | None:
    """A reportlab colour as 0-255 RGBA (None: not painted; no alpha given: opaque)."""
    if colour is None:
        return None
    alpha = getattr(colour, "alpha", 1.0)
    return (
        round(colour.red * 255),
        round(colour.green * 255),
        round(colour.blue * 255),
        round((1.0 if alpha is None else alpha) * 255),
    )
