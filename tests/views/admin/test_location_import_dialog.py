"""Data > Import locations…: the generic check-then-import dialog over the locations import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.services.admin.test_location_import import GOOD
from tests.services.admin.test_location_import import write
from vpr_desktop.domain.enums import SettingType


def test_data_menu_import_locations_checks_then_imports(
    make_window: Any, empty_services: Any, tmp_path: Path, qtbot: Any
) -> None:
    """The first Data entry opens the dialog; a bad list is refused row by row with nothing
    written; the corrected list imports and the training screens see the locations."""
    window = make_window(empty_services)
    window.ensure_setup()
    first = window.data_menu.actions()[0]
    assert first.text() == "Import &locations…" and first.isEnabled()
    first.trigger()
    dialog = window.import_dialogs["locations"]
    assert dialog is not None and dialog.windowTitle() == "Import locations"

    bad = [list(r) for r in GOOD]
    bad[3 - 2][5] = "Intensive care"
    dialog.set_path(write(tmp_path / "bad.csv", bad))
    qtbot.waitUntil(
        lambda: dialog.result is not None and not dialog.runner.is_busy(), timeout=15000
    )
    assert dialog.problem_texts() == []  # the unknown setting type: once, in the value step
    step = dialog.value_step
    assert step is not None and not step.isHidden()
    assert [step.table.item(0, c).text() for c in range(3)] == [
        "Setting type",
        "Intensive care",
        "1",
    ]
    assert not dialog.import_button.isEnabled()
    assert empty_services.training().reference().locations == ()
    step.choose("setting type", "Intensive care", "Acute ward")
    step.check_button.click()
    qtbot.waitUntil(lambda: dialog.check_result is not None, timeout=15000)
    assert "Import would add 6 locations" in dialog.summary.text()
    assert empty_services.training().reference().locations == ()
    step.values.set("setting type", "Intensive care", None)  # the corrected file instead

    dialog.set_path(write(tmp_path / "good.csv", GOOD))
    qtbot.waitUntil(lambda: dialog.check_result is not None, timeout=15000)
    assert "Import would add 6 locations" in dialog.summary.text()
    assert "Nothing has been written" in dialog.summary.text()
    dialog.run_import()
    qtbot.waitUntil(
        lambda: not dialog.runner.is_busy() and not dialog.result.dry_run, timeout=15000
    )
    assert dialog.result.ok, dialog.result.problems
    assert dialog.summary.text().startswith("Imported 6 locations")
    located = {
        name: setting for _id, name, setting in empty_services.training().reference().locations
    }
    assert located["Emergency Department"] == SettingType.EMERGENCY_DEPARTMENT
    assert located["Cedar PICU"] == SettingType.INPATIENT_MENTAL_HEALTH
    assert len(located) == 6
