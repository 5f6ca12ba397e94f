"""Each kind of record-form field says it was edited by its own signal; watching a form's
fields reports the key of the one edited, in the field table's order, skipping those asked."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QSpinBox
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.field_signals import edit_signal
from vpr_desktop.views.common.field_signals import watch_fields
from vpr_desktop.views.common.people import PersonField


@pytest.fixture
def host(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def fields(host: QWidget) -> dict[str, QWidget]:
    combo = QComboBox(host)
    combo.addItems(["Low", "Medium", "High"])
    return {
        "title": QLineEdit(host),
        "notes": QPlainTextEdit(host),
        "required": QCheckBox("Required", host),
        "priority": combo,
        "owner": PersonField(lambda _text: [], (), host),
    }


def edit_each(fields: dict[str, QWidget]) -> None:
    fields["owner"].setText("Olu")  # type: ignore[attr-defined]  # a PersonField
    fields["priority"].setCurrentIndex(2)  # type: ignore[attr-defined]  # a QComboBox
    fields["required"].setChecked(True)  # type: ignore[attr-defined]  # a QCheckBox
    fields["notes"].setPlainText("Seen twice")  # type: ignore[attr-defined]  # a QPlainTextEdit
    fields["title"].setText("Screens at reception")  # type: ignore[attr-defined]  # a QLineEdit


def test_every_field_reports_its_key_when_edited(fields: dict[str, QWidget]) -> None:
    seen: list[str] = []
    watch_fields(fields, seen.append)
    edit_each(fields)
    assert seen == ["owner", "priority", "required", "notes", "title"]


def test_skipped_fields_are_left_to_the_form(fields: dict[str, QWidget]) -> None:
    seen: list[str] = []
    watch_fields(fields, seen.append, skip={"priority", "title"})
    edit_each(fields)
    assert seen == ["owner", "required", "notes"]


def test_the_signal_follows_the_kind_of_field(fields: dict[str, QWidget], qtbot: Any) -> None:
    line, box = fields["title"], fields["required"]
    assert isinstance(line, QLineEdit) and isinstance(box, QCheckBox)
    got: list[object] = []
    edit_signal(line).connect(got.append)
    edit_signal(box).connect(got.append)
    line.setText("Ward 3")
    box.setChecked(True)
    assert got == ["Ward 3", True]
    spin = QSpinBox()
    qtbot.addWidget(spin)
    with pytest.raises(TypeError, match="No edit signal is known for a QSpinBox"):
        edit_signal(spin)
