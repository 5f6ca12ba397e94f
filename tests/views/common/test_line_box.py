"""``line_box``: a one-line box with its spoken name, starting text and empty-box hint."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.widgets import line_box


def test_a_box_is_named_for_screen_readers_and_starts_empty(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = line_box(parent, "Evidence title")
    assert isinstance(box, QLineEdit) and box.parent() is parent
    assert (box.accessibleName(), box.text(), box.placeholderText()) == ("Evidence title", "", "")


def test_starting_text_and_hint(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = line_box(parent, "Publisher of the new edition", text="NHS England", hint="e.g. NHS")
    assert box.text() == "NHS England"
    assert box.cursorPosition() == len("NHS England")  # typing goes on at the end
    assert box.placeholderText() == "e.g. NHS"
    assert box.accessibleName() == "Publisher of the new edition"
