"""The record forms' field building blocks (views/common/form.py, views/common/people.py):
the one-column layout, a field's caption / field / message trio, locking a field, and a
person field read strictly (to save) or leniently (to see a change)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QWidget

from vpr_desktop.services.actions.people import PersonChoice
from vpr_desktop.views.common.form import add_field
from vpr_desktop.views.common.form import field_column
from vpr_desktop.views.common.form import set_field_editable
from vpr_desktop.views.common.people import PersonField


def test_add_field_stacks_caption_field_and_hidden_message(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = field_column(holder)
    assert holder.layout() is layout
    assert layout.spacing() == 2
    margins = layout.contentsMargins()
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (0, 0, 0, 0)

    title = QLineEdit(holder)
    caption, error = add_field(layout, "Title", title)
    assert caption.text() == "Title" and caption.objectName() == "fieldName"
    assert caption.buddy() is title
    assert caption.contentsMargins().top() == 6
    assert title.accessibleName() == "Title"
    assert error.objectName() == "fieldError" and error.text() == "" and error.isHidden()
    assert [layout.itemAt(i).widget() for i in range(layout.count())] == [caption, title, error]


def test_add_field_without_naming_the_field(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = field_column(holder)
    row = QWidget(holder)
    date = QLineEdit(row)
    date.setAccessibleName("Date")
    caption, _error = add_field(layout, "When", row, name_field=False)
    assert caption.buddy() is row
    assert row.accessibleName() == "" and date.accessibleName() == "Date"
    assert isinstance(layout.itemAt(1).widget(), QWidget) and layout.itemAt(1).widget() is row
    assert all(isinstance(layout.itemAt(i).widget(), QLabel) for i in (0, 2))


def test_set_field_editable_keeps_text_readable(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    line, text, combo = QLineEdit(holder), QPlainTextEdit(holder), QComboBox(holder)
    for widget in (line, text, combo):
        set_field_editable(widget, False)
    assert line.isReadOnly() and line.isEnabled()
    assert text.isReadOnly() and text.isEnabled()
    assert not combo.isEnabled()
    for widget in (line, text, combo):
        set_field_editable(widget, True)
    assert not line.isReadOnly() and not text.isReadOnly() and combo.isEnabled()


def test_person_field_read_strict_and_lenient(qtbot: Any) -> None:
    field = PersonField(lambda _t: [], [PersonChoice(4, "Ann Lee", "E004")])
    qtbot.addWidget(field)
    assert field.read() is None and field.read(lenient=True) is None
    field.set_person(4, "Ann Lee")
    assert field.read() == 4 and field.read(lenient=True) == 4
    field.setText("  Nobody Known ")
    assert field.read() is None
    assert field.read(lenient=True) == "Nobody Known"


def test_boxed_banner_has_its_own_names_and_padding(qtbot: Any) -> None:
    from vpr_desktop.views.common.form_bars import ConflictBanner

    holder = QWidget()
    qtbot.addWidget(holder)
    reloads: list[str] = []
    banner = ConflictBanner.boxed(
        holder,
        reload=("Reload", "Reload the saved thing"),
        keep=("Compare…", "Compare with theirs"),
        on_reload=lambda: reloads.append("reload"),
    )
    assert banner.objectName() == "banner"
    assert banner.text_label.objectName() == "bannerText"
    margins = banner.layout().contentsMargins()
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (12, 8, 12, 8)
    assert banner.reload_button.accessibleName() == "Reload the saved thing"
    assert banner.keep_button is not None and banner.keep_button.text() == "Compare…"
    assert banner.isHidden()
    banner.reload_button.click()
    assert reloads == ["reload"]


def test_one_busy_wording_for_every_dialog_save() -> None:
    from vpr_desktop.views.admin import page as admin_page
    from vpr_desktop.views.common.form import BUSY

    assert BUSY == "Another change is still being saved; try again in a moment."
    assert admin_page.BUSY is BUSY


def test_record_banner_words_and_ways_on(qtbot: Any) -> None:
    from vpr_desktop.views.common.form_bars import KEEP_MINE
    from vpr_desktop.views.common.form_bars import ConflictBanner

    holder = QWidget()
    qtbot.addWidget(holder)
    pressed: list[str] = []
    banner = ConflictBanner.for_record(
        holder, "the action", lambda: pressed.append("reload"), lambda: pressed.append("keep")
    )
    assert banner.reload_button.text() == "Reload (discard my changes)"
    assert banner.reload_button.accessibleName() == "Reload the action and discard my changes"
    assert banner.keep_button is not None
    assert (banner.keep_button.text(), banner.keep_button.accessibleName()) == KEEP_MINE
    assert banner.objectName() == "detailBanner"
    margins = banner.layout().contentsMargins()
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (0, 0, 0, 0)
    banner.reload_button.click()
    banner.keep_button.click()
    assert pressed == ["reload", "keep"]
    padded = ConflictBanner.for_record(holder, "the incident", print, print, (12, 6, 12, 0))
    assert padded.layout().contentsMargins().top() == 6


class _Dialog:
    def __init__(self) -> None:
        self.said: list[str] = []

    def failed(self, message: str) -> None:
        self.said.append(message)

    def done_ok(self) -> None:
        self.said.append("closed")


def test_say_not_saved_words_a_known_error_and_reports_a_bug(qtbot: Any, monkeypatch: Any) -> None:
    from vpr_desktop.domain.errors import VprError
    from vpr_desktop.views import crash
    from vpr_desktop.views.common.form import say_not_saved

    parent = QWidget()
    qtbot.addWidget(parent)
    reported: list[BaseException] = []
    monkeypatch.setattr(crash, "report_error", lambda exc, _parent: reported.append(exc))

    dialog = _Dialog()
    known = VprError("The title is taken.", "Choose another title.")
    assert say_not_saved(dialog, known, parent) == "The title is taken. Choose another title."
    assert dialog.said == ["The title is taken. Choose another title."] and reported == []

    bug = RuntimeError("boom")
    assert say_not_saved(dialog, bug, parent) is None
    assert dialog.said[-1] == "Something went wrong; nothing was saved. See the message."
    assert reported == [bug]
    assert say_not_saved(None, known, parent) == "The title is taken. Choose another title."
