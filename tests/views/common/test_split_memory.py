"""A remembered split comes back to the pixel, and an unshown page never overwrites it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.split_memory import SplitMemory

KEY = "pages/test/splitter"


def page_with_split(qtbot: Any, settings: Any) -> tuple[QWidget, QSplitter, SplitMemory]:
    page = QWidget()
    qtbot.addWidget(page)
    splitter = QSplitter(page)
    splitter.addWidget(QLabel("list"))
    splitter.addWidget(QLabel("detail"))
    splitter.setStretchFactor(0, 2)
    splitter.setStretchFactor(1, 3)
    splitter.setSizes([200, 300])  # the default, before the real width is known
    QVBoxLayout(page).addWidget(splitter)
    return page, splitter, SplitMemory(splitter, settings, KEY)


def show(qtbot: Any, page: QWidget) -> None:
    page.resize(1166, 600)
    page.show()
    qtbot.waitExposed(page)


def test_a_dragged_split_comes_back_exactly(qtbot: Any, settings: Any) -> None:
    page, splitter, _memory = page_with_split(qtbot, settings)
    show(qtbot, page)
    splitter.setSizes([437, splitter.width() - 437 - splitter.handleWidth()])
    splitter.splitterMoved.emit(437, 1)
    left = splitter.sizes()[0]
    again, again_splitter, _ = page_with_split(qtbot, settings)
    show(qtbot, again)
    assert again_splitter.sizes()[0] == left


def test_a_page_never_shown_keeps_the_saved_split(qtbot: Any, settings: Any) -> None:
    page, splitter, _memory = page_with_split(qtbot, settings)
    show(qtbot, page)
    splitter.setSizes([437, splitter.width() - 437 - splitter.handleWidth()])
    splitter.splitterMoved.emit(437, 1)
    left = splitter.sizes()[0]
    _hidden, _split, memory = page_with_split(qtbot, settings)
    memory.save()  # e.g. at shutdown, the page built but never shown
    again, again_splitter, _ = page_with_split(qtbot, settings)
    show(qtbot, again)
    assert again_splitter.sizes()[0] == left


def test_sizes_saved_by_earlier_versions_are_read(qtbot: Any, settings: Any) -> None:
    settings.setValue(KEY, [300, 700])
    page, splitter, memory = page_with_split(qtbot, settings)
    assert memory.saved() == [300, 700]
    show(qtbot, page)
    assert abs(splitter.sizes()[0] - 300 * sum(splitter.sizes()) / 1000) <= 1
    settings.setValue(KEY, ["x", "y"])
    assert memory.saved() is None and not memory.restore()
