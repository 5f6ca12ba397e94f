"""The state a record form keeps while it checks itself: named, with today's date source, a
new record until loaded, nothing used yet, no captions or messages until the form adds its
fields, an ``edited`` signal, and valid exactly when it finds no problems."""

from __future__ import annotations

import datetime as dt
from typing import Any

from vpr_desktop.views.common.checked_form import CheckedForm


class OneField(CheckedForm):
    def __init__(self) -> None:
        super().__init__(None, name="oneFieldForm", today=lambda: dt.date(2026, 12, 7))
        self.wrong: dict[str, str] = {}

    def problems(self) -> dict[str, str]:
        return dict(self.wrong)


def test_a_new_form_starts_empty_and_named(qtbot: Any) -> None:
    form = OneField()
    qtbot.addWidget(form)
    assert form.objectName() == "oneFieldForm"
    assert form._today() == dt.date(2026, 12, 7)
    assert form._new is True
    assert form._touched == set()
    assert form._original == {}
    assert form.errors == {} and form.captions == {}


def test_valid_means_no_problems_and_edited_is_a_signal(qtbot: Any) -> None:
    form = OneField()
    qtbot.addWidget(form)
    assert form.is_valid()
    form.wrong = {"title": "Give the action a title."}
    assert not form.is_valid()
    with qtbot.waitSignal(form.edited, timeout=1000):
        form.edited.emit()


def test_the_base_alone_finds_no_problems(qtbot: Any) -> None:
    form = CheckedForm(None, name="plain")
    qtbot.addWidget(form)
    assert form.problems() == {}
    assert form.is_valid()
    assert form._today() == dt.date.today()
