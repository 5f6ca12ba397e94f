"""``FormDialog.add_captioned``: a field under its caption, the caption its buddy."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit

from vpr_desktop.views.actions.dialogs import FormDialog
from vpr_desktop.views.actions.dialogs import ReasonDialog


class _NameDialog(FormDialog):
    def __init__(self) -> None:
        super().__init__("Name", "", "Save")
        self.name = QLineEdit(self)
        self.caption = self.add_captioned("&Name", self.name)

    def values(self) -> Any:
        return self.name.text()


def test_a_captioned_field_follows_its_caption_in_the_body(qtbot: Any) -> None:
    dialog = _NameDialog()
    qtbot.addWidget(dialog)
    assert isinstance(dialog.caption, QLabel) and dialog.caption.text() == "&Name"
    assert dialog.caption.buddy() is dialog.name
    assert dialog.caption.objectName() == "fieldName"
    widgets = [dialog.body.itemAt(i).widget() for i in range(dialog.body.count())]
    assert widgets == [dialog.caption, dialog.name]


def test_the_reason_dialog_keeps_its_fields_in_order(qtbot: Any) -> None:
    dialog = ReasonDialog("Reopen?", "", "Why?", "Reopen", sides=())
    qtbot.addWidget(dialog)
    widgets = [dialog.body.itemAt(i).widget() for i in range(dialog.body.count())]
    caption = widgets[0]
    assert isinstance(caption, QLabel) and caption.text() == "Why?"
    assert caption.buddy() is dialog.reason
    assert widgets[1:] == [dialog.reason, dialog.needed]
