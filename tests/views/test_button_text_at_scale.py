"""Issue 18, acceptance 5: on a 1366×768 screen at 100% and at 150% display scaling, no
button on any page of the VPR lead's window has its text cut.

150% on a 1366×768 screen leaves Qt a logical screen of 911×512: Qt scales fonts, margins and
widgets alike, so that logical size at 100% is the same layout in logical pixels as the real
screen at 150% (what ``QT_SCALE_FACTOR=1.5`` would give), without a second process. A
button's text must fit the area its style leaves inside the border and padding.

Set ``VPR_SCREENSHOTS`` to a folder to keep a screenshot of every page at each scale.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QStyle
from PySide6.QtWidgets import QStyleOptionButton
from PySide6.QtWidgets import QWidget

SCREEN = (1366, 768)


def cut_buttons(root: QWidget) -> list[str]:
    """Visible buttons under ``root`` whose text is wider than the room inside them."""
    cut: list[str] = []
    for button in root.findChildren(QPushButton):
        text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        if not text or not button.isVisible() or button.width() <= 0:
            continue
        option = QStyleOptionButton()
        button.initStyleOption(option)
        room = button.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, option, button
        )
        needed = button.fontMetrics().horizontalAdvance(text)
        if not button.icon().isNull():
            needed += button.iconSize().width() + 4
        if needed > room.width():
            cut.append(f"{text!r}: {needed} px of text in {room.width()} px")
    return cut


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100%", "150%"])
def test_no_button_text_is_cut_on_any_page(
    scale: float, make_window: Any, demo_services: Any, summary_shown: Any, qtbot: Any
) -> None:
    size = (round(SCREEN[0] / scale), round(SCREEN[1] / scale))
    window = make_window(demo_services, size=size)
    summary_shown(window)
    keys = window.visible_page_keys()
    assert "admin" in keys and "incidents" in keys  # the lead and administrator's pages
    shots = os.environ.get("VPR_SCREENSHOTS")
    problems: dict[str, list[str]] = {}
    for key in keys:
        assert window.show_page(key)
        page = window.current_page()
        qtbot.waitUntil(lambda p=page: p.isVisible(), timeout=5000)
        for _ in range(3):  # lazy lists, reflowing rows and splitters settle
            QApplication.processEvents()
            qtbot.wait(30)
        if shots:
            folder = Path(shots)
            folder.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(folder / f"{key}-{round(scale * 100)}.png"))
        cut = cut_buttons(window)
        if cut:
            problems[key] = cut
    assert window.width() <= size[0] + 1, "the window is wider than the screen"
    assert problems == {}
