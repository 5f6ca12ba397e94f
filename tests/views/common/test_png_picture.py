"""``show_png``: a chart's PNG fitted into its label, shape kept, sharp at high DPI."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer
from PySide6.QtCore import QIODevice
from PySide6.QtGui import QColor
from PySide6.QtGui import QImage
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel

from vpr_desktop.views.common.png_picture import show_png


def _png(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def test_the_picture_fills_the_label_keeping_its_shape(qtbot: Any) -> None:
    picture = QLabel()
    qtbot.addWidget(picture)
    picture.resize(200, 200)
    show_png(picture, _png(400, 100))
    pixmap = picture.pixmap()
    assert (pixmap.width(), pixmap.height()) == (200, 50)
    assert pixmap.devicePixelRatio() == 1.0
    assert pixmap.toImage().pixelColor(10, 10) == QColor("#336699")


class _Kept(QLabel):
    """A label that keeps the pixmap it is given (Qt hands back one at the label's own
    ratio, which on this test screen is 1)."""

    given: QPixmap | None = None

    def setPixmap(self, pixmap: QPixmap) -> None:  # Qt override
        self.given = pixmap
        super().setPixmap(pixmap)


def test_a_high_dpi_ratio_scales_to_device_pixels(qtbot: Any) -> None:
    picture = _Kept()
    qtbot.addWidget(picture)
    picture.resize(120, 300)
    show_png(picture, _png(60, 30), ratio=2.0)
    assert picture.given is not None
    assert (picture.given.width(), picture.given.height()) == (240, 120)  # device pixels
    assert picture.given.devicePixelRatio() == 2.0


def test_without_grow_a_picture_drawn_for_the_screen_is_shown_pixel_for_pixel(
    qtbot: Any,
) -> None:
    picture = _Kept()
    qtbot.addWidget(picture)
    picture.resize(120, 300)
    show_png(picture, _png(200, 100), ratio=2.0, grow=False)
    assert picture.given is not None
    assert (picture.given.width(), picture.given.height()) == (200, 100)  # not enlarged
    assert picture.given.devicePixelRatio() == 2.0
    show_png(picture, _png(480, 120), ratio=2.0, grow=False)
    assert (picture.given.width(), picture.given.height()) == (240, 60)  # shrunk to fit
