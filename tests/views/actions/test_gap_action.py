"""Raising joint actions (issue 18): "Raise action for this gap…" asks for the action (title,
owners on both sides, due date, priority) and creates nothing until confirmed, and cannot be
pressed twice; the staff side raises actions in the joint log too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import Priority
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import Side
from vpr_desktop.views.actions.dialogs import COMPLETE_NEEDED
from vpr_desktop.views.actions.dialogs import RAISED_BY
from vpr_desktop.views.actions.dialogs import NewActionDialog
from vpr_desktop.views.actions.page import ActionLogPage
from vpr_desktop.views.assessment.page import AssessmentPage
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.navigation import PAGES_BY_KEY

WAIT_MS = 15000
STAFF_SIDE_USER = "demo.staffside"


@pytest.fixture
def demo_db(demo_copy: Path) -> Iterator[Any]:
    from vpr_desktop.services.demo.assessment import add_demo_assessment
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy)
    add_demo_assessment(db)
    yield db
    db.close()


@pytest.fixture
def lead(demo_db: Any) -> Any:
    from vpr_desktop.services.container import build_services

    return build_services(demo_db)


@pytest.fixture
def rep(demo_db: Any) -> Any:
    from vpr_desktop.services.container import build_services

    return build_services(demo_db, STAFF_SIDE_USER)


def assessment_page(qtbot: Any, settings: Any, services: Any) -> AssessmentPage:
    page = AssessmentPage(PAGES_BY_KEY["assessment"], services, settings=settings)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.activated()
    qtbot.waitUntil(
        lambda: page.tree_data is not None and not page.runner.is_busy(), timeout=WAIT_MS
    )
    return page


def gap_editor(qtbot: Any, page: AssessmentPage) -> Any:
    view = next(
        v for d in page.tree_data.domains for v in d.ratings if v.rag in (Rag.RED, Rag.AMBER)
    )
    page.select_rating(view.id)
    qtbot.waitUntil(
        lambda: page.editor.detail is not None and page.editor.detail.rating.id == view.id,
        timeout=WAIT_MS,
    )
    return page.editor


def test_raise_action_for_a_gap_asks_first_and_cancel_creates_nothing(
    qtbot: Any, settings: Any, lead: Any, demo_db: Any
) -> None:
    from sqlalchemy import text

    from vpr_desktop.services.common.unit_of_work import reading

    def rows() -> int:
        with reading(demo_db) as s:
            return int(s.scalar(text("SELECT count(*) FROM action")) or 0)

    page = assessment_page(qtbot, settings, lead)
    editor = gap_editor(qtbot, page)
    view = editor.detail.rating
    before = rows()
    assert editor.raise_button.isEnabled()
    qtbot.mouseClick(editor.raise_button, Qt.MouseButton.LeftButton)
    dialog = editor.raise_dialog
    assert isinstance(dialog, NewActionDialog)
    assert rows() == before  # nothing created by pressing the button
    assert not editor.raise_button.isEnabled()  # cannot be pressed twice
    assert editor.raise_action() is dialog  # a second call shows the same dialog
    assert dialog.heading.text() == f"Raise an action for {view.code}"
    assert dialog.confirm.text() == "Raise action"
    form = dialog.form
    assert form.title.text().startswith(f"Close the gap on {view.code}: ")
    assert form.source.currentData() == ActionSource.ASSESSMENT_GAP.value
    assert not form.source.isEnabled()
    expected = Priority.HIGH if view.rag is Rag.RED else Priority.MEDIUM
    assert form.priority.currentData() == expected.value
    assert not dialog.confirm.isEnabled()  # no owners, no due date yet
    assert dialog.needed.text() == COMPLETE_NEEDED and dialog.needed.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.back, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.raise_dialog is None, timeout=WAIT_MS)
    assert rows() == before  # Cancel creates nothing
    assert editor.raise_button.isEnabled()


def test_raise_action_for_a_gap_with_both_owners_and_a_due_date(
    qtbot: Any, settings: Any, lead: Any
) -> None:
    page = assessment_page(qtbot, settings, lead)
    editor = gap_editor(qtbot, page)
    view = editor.detail.rating
    dialog = editor.raise_action()
    assert isinstance(dialog, NewActionDialog)
    owners = lead.action_people().owners()
    manager, staff = owners.management[0], owners.staff_side[0]
    form = dialog.form
    form.title.setText(f"Close the gap on {view.code}")
    form.management_owner.setText(manager.label)
    assert not dialog.confirm.isEnabled()  # still one owner and no due date
    form.staff_side_owner.setText(staff.label)
    due = lead.action_log().today.replace(day=1).replace(year=lead.action_log().today.year + 1)
    form.due.setText(format_date(due))
    assert form.problems() == {}
    assert dialog.needed.isHidden() and dialog.confirm.isEnabled()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert not dialog.confirm.isEnabled()  # pressed once: a second press does nothing
    qtbot.waitUntil(lambda: editor.raise_dialog is None, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: (
            not page.runner.is_busy()
            and not editor.runner.is_busy()
            and not page.loading_detail.is_busy()
        ),
        timeout=WAIT_MS,
    )
    message = editor.message.text()
    assert message.startswith("Raised ACT-") and message.endswith(" in the action log.")
    reference = message.split()[1]
    action = next(a for a in lead.assessment().open_actions(view.id) if a.reference == reference)
    detail = lead.action_log().get(action.id)
    assert detail.title == f"Close the gap on {view.code}"
    assert (detail.management_owner_id, detail.staff_side_owner_id) == (manager.id, staff.id)
    assert detail.due_date == due and detail.source is ActionSource.ASSESSMENT_GAP


def test_the_staff_side_raises_an_action_in_the_joint_log(
    opened: Any, rep: Any, lead: Any, qtbot: Any
) -> None:
    page = opened(ActionLogPage, "actions", rep, (1366, 768))
    assert page.new_button.isVisible()
    before = page.model.total
    dialog = page.new_action()
    assert isinstance(dialog, NewActionDialog)
    assert dialog.explanation.text() == RAISED_BY[Side.STAFF_SIDE]
    assert "the action log is joint" in dialog.explanation.text()
    qtbot.keyClicks(dialog.form.title, "Panic alarms that work on every ward")
    assert dialog.confirm.isEnabled()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.detail.runner.is_busy(), timeout=WAIT_MS)
    assert page.model.total == before + 1
    assert page.detail.heading.text() == "Panic alarms that work on every ward"
    raised = page.detail.detail
    assert raised.timeline[0].text == (
        "Action proposed by the staff side; management accepts it and names its owner."
    )
    assert raised.timeline[0].side is Side.STAFF_SIDE
    assert raised.proposed_by is Side.STAFF_SIDE
    # Sign-off waits until the work is marked done, in the service and on screen.
    assert not page.detail.sign_buttons[Side.STAFF_SIDE].isVisibleTo(page.detail)
    from vpr_desktop.domain.errors import ValidationError

    with pytest.raises(ValidationError, match="only an action marked done can be signed off"):
        rep.action_log().sign_off(raised.id)
