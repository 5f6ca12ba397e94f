"""The record-form base (views/common/form.py) through real forms on the demo trust: a change
enables Save, Cancel / Undo puts the saved values back, and a stale save keeps what was typed.
Also the training tables' models checked by ``qtmodeltester`` over real rows."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.views.common.form import ConflictBanner
from vpr_desktop.views.common.form import SaveBar
from vpr_desktop.views.common.form import retype
from vpr_desktop.views.common.form import save_state
from vpr_desktop.views.common.form import typed_values

WAIT_MS = 15000


# --------------------------------------------------------------------------- the parts


def test_save_state_words() -> None:
    assert save_state(changes=False, valid=True) == "No changes."
    assert save_state(changes=True, valid=True) == "Unsaved changes."
    assert save_state(changes=True, valid=True, new=True) == "Ready to save."
    assert save_state(changes=True, valid=False) == "Fix the problems shown above to save."
    assert save_state(changes=True, valid=True, busy=True) == "Saving…"


def test_typed_values_put_back_after_a_reload(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    widgets: dict[str, QWidget] = {
        "title": QLineEdit("Mine", holder),
        "notes": QPlainTextEdit("Line one\nLine two", holder),
        "flag": QCheckBox("Flag", holder),
        "choice": QComboBox(holder),
    }
    choice = widgets["choice"]
    assert isinstance(choice, QComboBox)
    choice.addItems(["a", "b", "c"])
    choice.setCurrentIndex(2)
    flag = widgets["flag"]
    assert isinstance(flag, QCheckBox)
    flag.setChecked(True)
    typed = typed_values(widgets)
    assert typed == {"title": "Mine", "notes": "Line one\nLine two", "flag": True, "choice": 2}
    assert typed_values(widgets, ["title"]) == {"title": "Mine"}
    for widget in widgets.values():  # a reload fills in the saved values
        if isinstance(widget, QLineEdit):
            widget.setText("Theirs")
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText("")
    flag.setChecked(False)
    choice.setCurrentIndex(0)
    retype(widgets, typed)
    assert typed_values(widgets) == typed


def test_banner_and_save_bar_say_the_state(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    banner = ConflictBanner(holder, reload=("Reload", "Reload it"), keep=("Keep", "Keep mine"))
    bar = SaveBar(holder, save=("Save", "Save it (Ctrl+S)"), cancel=("Cancel", "Cancel it"))
    holder.show()
    assert banner.message() == ""
    banner.show_message("Not saved: the title is needed.")
    assert banner.message() == "Not saved: the title is needed."
    assert banner.reload_button.isHidden() and banner.keep_button is not None
    assert banner.keep_button.isHidden()
    banner.show_message("Someone else changed this.", stale=True)
    assert banner.reload_button.isVisible() and banner.keep_button.isVisible()
    banner.hide_message()
    assert banner.message() == "" and banner.isHidden()
    bar.set_state("Unsaved changes.")
    assert bar.state_label.text() == "Unsaved changes."
    assert bar.state_label.accessibleName() == "Form state: Unsaved changes."
    assert bar.save_button.accessibleName() == "Save it (Ctrl+S)"
    assert bar.cancel_button.text() == "Cancel"


# --------------------------------------------------------------------------- the action form


def _action_detail(opened: Any, lead: Any, qtbot: Any) -> tuple[Any, Any]:
    from vpr_desktop.views.actions.page import ActionLogPage

    page = opened(ActionLogPage, "actions", lead)
    brief = lead.action_log().briefs({"status": ActionStatus.OPEN.value})[0]
    page.show_action(brief.reference)
    qtbot.waitUntil(
        lambda: page.detail.detail is not None and page.detail.detail.reference == brief.reference,
        timeout=WAIT_MS,
    )
    return page, page.detail


def test_action_change_enables_save_and_undo_reverts(opened: Any, lead: Any, qtbot: Any) -> None:
    _page, detail = _action_detail(opened, lead, qtbot)
    saved = detail.detail
    assert detail.save_bar.isVisibleTo(detail)
    assert not detail.save_button.isEnabled() and not detail.undo_button.isEnabled()
    assert detail.save_note.text() == "No changes."
    qtbot.keyClicks(detail.form.title, " (draft)")
    assert detail.save_button.isEnabled() and detail.undo_button.isEnabled()
    assert detail.save_note.text() == "Unsaved changes."
    detail.form.title.clear()
    assert not detail.save_button.isEnabled()
    assert detail.save_note.text() == "Fix the problems shown above to save."
    detail.undo_button.click()
    assert detail.form.title.text() == saved.title
    assert not detail.save_button.isEnabled()
    assert detail.save_note.text() == "No changes."
    assert lead.action_log().get(saved.id).title == saved.title  # nothing was written


def test_action_stale_save_keeps_typed_text(opened: Any, lead: Any, qtbot: Any) -> None:
    _page, detail = _action_detail(opened, lead, qtbot)
    loaded = detail.detail
    lead.action_log().update_fields(loaded.id, loaded.version, {"description": "Theirs."})
    detail.form.title.setText("Typed by me")
    detail.save()
    qtbot.waitUntil(lambda: not detail.runner.is_busy(), timeout=WAIT_MS)
    assert "Your changes are still in the form" in detail.banner_message()
    assert detail.form.title.text() == "Typed by me"
    assert detail.save_button.isEnabled()  # not left busy: the user can try again
    assert lead.action_log().get(loaded.id).title == loaded.title


# --------------------------------------------------------------------------- the incident form


def _incident_editor(opened: Any, lead: Any, qtbot: Any) -> Any:
    from vpr_desktop.views.incidents.page import IncidentsPage

    page = opened(IncidentsPage, "incidents", lead)
    page.table.selectRow(0)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=WAIT_MS)
    detail.start_edit()
    return detail


def test_incident_change_enables_save_and_cancel_reverts(
    opened: Any, lead: Any, qtbot: Any
) -> None:
    detail = _incident_editor(opened, lead, qtbot)
    saved = detail.detail
    form = detail.form
    assert detail.save_bar.isVisibleTo(detail)
    assert not detail.save_button.isEnabled()
    assert detail.save_note.text() == "No changes."
    form.description.setPlainText("Typed by me")
    assert detail.save_button.isEnabled()
    assert detail.save_note.text() == "Unsaved changes."
    detail.cancel_button.click()
    assert not detail.editing and not detail.save_bar.isVisibleTo(detail)
    detail.start_edit()
    assert form.description.toPlainText() == (saved.description or "")
    assert not detail.save_button.isEnabled()
    assert lead.incidents().get(saved.id).description == saved.description


def test_incident_stale_save_keeps_typed_text(opened: Any, lead: Any, qtbot: Any) -> None:
    detail = _incident_editor(opened, lead, qtbot)
    form = detail.form
    form.description.setPlainText("Typed by me")
    other = lead.incidents()
    current = other.get(detail.detail.id)
    other.update(
        current.id, dataclasses.replace(current.as_input(), description="Theirs"), current.version
    )
    detail.save()
    qtbot.waitUntil(lambda: not detail.runner.is_busy(), timeout=WAIT_MS)
    assert detail.editing
    assert "Someone else saved this incident" in detail.banner_message()
    assert detail.reload_button.isVisible() and detail.keep_button.isVisible()
    assert form.description.toPlainText() == "Typed by me"
    assert detail.save_button.isEnabled()
    assert other.get(current.id).description == "Theirs"


# --------------------------------------------------------------------------- training models


def test_training_rows_and_needs_models_pass_the_model_tester(
    lead: Any, qtmodeltester: Any
) -> None:
    from vpr_desktop.views.training.catalogue_data import COLUMNS
    from vpr_desktop.views.training.models import RowsModel
    from vpr_desktop.views.training.needs_model import NeedsModel
    from vpr_desktop.views.training.needs_model import fetch_needs

    service = lead.training()
    courses = service.courses(include_inactive=True)
    assert courses
    rows = RowsModel(COLUMNS)
    rows.set_rows(courses)
    assert rows.rowCount() == len(courses)
    assert rows.index(0, 0).data() == courses[0].code
    qtmodeltester.check(rows, force_py=True)

    needs = NeedsModel()
    data = fetch_needs(service)
    needs.set_data(data)
    assert needs.rowCount() == len(data.reference.staff_groups) > 0
    assert needs.columnCount() == len(data.reference.settings) > 0
    qtmodeltester.check(needs, force_py=True)


def test_esr_preview_model_passes_the_model_tester(
    empty_services: Any, qtmodeltester: Any, tmp_path: Path
) -> None:
    from tests.services.training.test_training_import import good_rows
    from tests.services.training.test_training_import import write
    from tests.services.training.training_fixtures import build_ward
    from vpr_desktop.views.training.preview_model import PreviewModel

    build_ward(empty_services.db)
    path = write(tmp_path / "esr.csv", good_rows(12))
    preview = empty_services.training_imports().preview("training", path)
    model = PreviewModel()
    model.set_preview(preview, {"Competence Name": "Competence Name"})
    assert model.rowCount() == 12
    assert model.index(0, 0).data() == "0012"
    qtmodeltester.check(model, force_py=True)
