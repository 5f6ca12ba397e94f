"""The risk form puts back what :meth:`RiskForm.field_values` read (the conflict dialog's
"reapply mine"): every field from its value, only the keys asked for, each change announced."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from vpr_desktop.domain.enums import RiskStatus
from vpr_desktop.domain.risk_matrix import DEFAULT_MATRIX
from vpr_desktop.views.risks.form import RiskForm

CHOICES = SimpleNamespace(
    locations=[
        SimpleNamespace(id=1, name="Ward 1", code="W1"),
        SimpleNamespace(id=2, name="Ward 2", code="W2"),
    ],
    activities=("Lone working", "Restraint"),
    staff_groups=[
        SimpleNamespace(id=10, name="Nursing", code="N"),
        SimpleNamespace(id=11, name="Medical", code="M"),
    ],
)


def make_form(qtbot: Any) -> RiskForm:
    form = RiskForm(DEFAULT_MATRIX, CHOICES, lambda _text: [])
    qtbot.addWidget(form)
    form.clear()
    return form


def values_of(form: RiskForm) -> dict[str, Any]:
    return {field.key: field.value for field in form.field_values()}


@pytest.fixture
def mine(qtbot: Any) -> RiskForm:
    form = make_form(qtbot)
    form.title_edit.setText("Aggression at reception")
    form.location.setCurrentIndex(2)
    form.activity.setEditText("Lone working")
    form.description.setPlainText("Visitors wait long.")
    form.set_groups({11})
    form.owner.setText("Olu Owner")
    form.scores.set_value("inherent", 4, 4)
    form.scores.set_value("current", 3, 4)
    form.scores.set_value("target", 2, 2)
    form.review_date.set_value(dt.date(2027, 1, 31))
    form.status.setCurrentIndex(1)
    form.options_note.setPlainText("Tolerated: screens fitted.")
    return form


def test_every_field_is_put_back_from_its_value(mine: RiskForm, qtbot: Any) -> None:
    other = make_form(qtbot)
    wanted = values_of(mine)
    assert wanted["location"] == 2 and wanted["groups"] == frozenset({11})
    assert wanted["current"] == (3, 4) and wanted["status"] == RiskStatus.TOLERATED
    changes: list[int] = []
    other.changed.connect(lambda: changes.append(1))
    other.put_back(mine.field_values(), set(wanted))
    assert values_of(other) == wanted
    assert changes  # each change is announced as typing would


def test_only_the_keys_asked_for_are_put_back(mine: RiskForm, qtbot: Any) -> None:
    other = make_form(qtbot)
    before = values_of(other)
    other.put_back(mine.field_values(), {"title", "target"})
    after = values_of(other)
    assert after["title"] == "Aggression at reception"
    assert after["target"] == (2, 2)
    assert {k: v for k, v in after.items() if k not in {"title", "target"}} == {
        k: v for k, v in before.items() if k not in {"title", "target"}
    }
