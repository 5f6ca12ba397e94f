"""A filter list refilled on reload keeps the person's choice and does not re-run the filters;
a record's headed box reads its heading to a screen reader."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QLabel

from vpr_desktop.views.common.filter_bar import refill_combo
from vpr_desktop.views.common.widgets import headed_box


def test_a_refilled_list_keeps_the_choice_quietly(qtbot: Any) -> None:
    combo = QComboBox()
    qtbot.addWidget(combo)
    refill_combo(combo, "All owners", [("Ann", 1), ("Bob", 2)], tips=["ann@trust"])
    assert [combo.itemText(i) for i in range(combo.count())] == ["All owners", "Ann", "Bob"]
    assert combo.itemData(1, Qt.ItemDataRole.ToolTipRole) == "ann@trust"
    assert combo.itemData(2, Qt.ItemDataRole.ToolTipRole) is None
    combo.setCurrentIndex(2)
    changes: list[int] = []
    combo.currentIndexChanged.connect(changes.append)
    refill_combo(combo, "All owners", [("Ann", 1), ("Cat", 3), ("Bob", 2)])
    assert combo.currentText() == "Bob" and combo.currentData() == 2
    assert changes == []
    refill_combo(combo, "All owners", [("Ann", 1)])  # the chosen one has gone: no filter
    assert combo.currentIndex() == 0 and combo.currentData() is None
    assert changes == []


def test_a_headed_box_is_named_by_its_heading(qtbot: Any) -> None:
    frame = QFrame()
    qtbot.addWidget(frame)
    box = headed_box(frame, "RIDDOR")
    box.addWidget(QLabel("Reportable", frame))
    assert frame.accessibleName() == "RIDDOR" and frame.objectName() == "panel"
    heading = box.itemAt(0).widget()
    assert isinstance(heading, QLabel) and heading.text() == "RIDDOR"
    assert box.count() == 2


def test_a_headed_box_keeps_the_detail_look_unless_given_its_own(qtbot: Any) -> None:
    plain, roomy = QFrame(), QFrame()
    qtbot.addWidget(plain)
    qtbot.addWidget(roomy)
    box = headed_box(plain, "Sign-off")
    margins = box.contentsMargins()
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (12, 10, 12, 12)
    assert box.spacing() == 4
    box = headed_box(roomy, "Records", margins=(16, 12, 16, 14), spacing=8)
    margins = box.contentsMargins()
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (16, 12, 16, 14)
    assert box.spacing() == 8 and roomy.accessibleName() == "Records"
