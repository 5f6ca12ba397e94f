"""Data > Import history…: every kind's batches listed, an undo asked first, run in the
background, said in words, and the pages it touched reloaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.services.admin.test_location_import import GOOD
from tests.services.admin.test_location_import import write
from vpr_desktop.domain.enums import Role
from vpr_desktop.services.admin.location_import import import_locations
from vpr_desktop.services.importing import history


def test_the_history_lists_and_undoes_a_locations_import(
    make_window: Any, empty_services: Any, qtbot: Any, tmp_path: Path
) -> None:
    from vpr_desktop.views.common import dialogs
    from vpr_desktop.views.imports import open_import_history

    services = empty_services
    result = import_locations(services.db, services.actor, write(tmp_path / "l.csv", GOOD))
    window = make_window(services)
    menu = [a.text() for a in window.data_menu.actions()]
    assert "Import &history…" in menu
    dialog = open_import_history(window)
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10000)
    row = dialog.model.texts()[0]
    assert row[:4] == [str(result.batch_id), "Locations", "l.csv", "Imported"]
    assert row[6:] == ["6", "0", "0"]
    assert not dialog.undo_button.isEnabled()  # nothing selected yet
    assert dialog.select_batch(result.batch_id) and dialog.undo_button.isEnabled()
    dialog.undo_button.click()  # confirm() answers yes when headless
    qtbot.waitUntil(lambda: dialog.model.texts()[0][3].startswith("Undone"), timeout=10000)
    kind, title, text = dialogs.recent[-1]
    assert kind == "confirm" and title == f"Undo import batch {result.batch_id}?"
    assert "refused if a staff assignment, incident, risk" in text
    assert dialog.message.text().startswith(
        f"Import batch {result.batch_id} (l.csv) undone: 6 locations removed"
    )
    assert not dialog.undo_button.isEnabled()  # an undone batch cannot be undone again
    # The second undo is refused by the service too, and said in words, not a traceback.
    dialog.undo_button.setEnabled(True)
    dialog.runner.start(
        lambda _p, _c: history.undo_import(services.db, services.actor, result.batch_id),
        label="again",
        on_done=lambda _r: None,
        on_error=dialog._failed,
    )
    qtbot.waitUntil(lambda: "only an import that was committed" in dialog.message.text())
    dialog.close()


def test_someone_who_may_not_import_is_told_and_sees_no_dialog(
    make_window: Any, empty_services: Any, services_as: Any, actor_with: Any
) -> None:
    from vpr_desktop.views.imports import open_import_history

    chair = services_as(empty_services, actor_with(Role.COMMITTEE_CHAIR))
    window = make_window(chair)
    assert open_import_history(window) is None
    assert "people who may import data" in window.status.note_label.toolTip()
