"""A rendered chart (PNG bytes) shown in a ``QLabel``, scaled to the label's size."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel


def show_png(picture: QLabel, png: bytes, *, ratio: float = 1.0, grow: bool = True) -> None:
    """Show ``png`` in ``picture``, scaled smoothly to fit it with its shape kept.

    ``ratio`` is the screen's device pixels per pixel: the picture is scaled to that many
    more pixels and marked so, which keeps it sharp on a high-DPI screen (1.0: as drawn).
    ``grow=False`` never enlarges it: a chart painted for this screen at the window's text
    size (``chart_raster``) is shown pixel for pixel, or shrunk only while a smaller label
    waits for its redraw, so its words never come out larger or blurred.

    Why one place: the Self-assessment charts and the Training compliance chart each loaded
    and scaled their PNG the same way on every resize.
    """
    pixmap = QPixmap()
    pixmap.loadFromData(png, "PNG")
    room = picture.size() * ratio
    if not grow and pixmap.width() <= room.width() and pixmap.height() <= room.height():
        scaled = pixmap
    else:
        scaled = pixmap.scaled(
            room,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    scaled.setDevicePixelRatio(ratio)
    picture.setPixmap(scaled)
