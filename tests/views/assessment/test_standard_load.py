"""Load standard… as a wizard (issue 17, acceptance 6): the standard's workbook laid out as NHS
England lays it out — a cover sheet first, the indicators on a sheet named as its authors chose,
a title row above the headings, each domain merged over its indicator rows — goes through the
sheet / heading-row, columns and preview steps and loads; a bad workbook is refused row by row
with nothing changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox
from PySide6.QtWidgets import QWidget

from tests.services.assessment.test_standard_workbook import SHEET
from tests.services.assessment.test_standard_workbook import official_workbook
from tests.views.shots import screenshot
from vpr_desktop.views.assessment.standard_load import LoadStandardDialog
from vpr_desktop.views.assessment.standard_load import edition_id

WAIT_MS = 15000


def standard_rows(services: Any) -> list[list[Any]]:
    rows = []
    for d in services.standards().edition("2024").domains:
        for i in d.indicators:
            rows.append([f"{d.code} {d.title}", i.code, i.text, i.guidance])
    return rows


def open_dialog(qtbot: Any, services: Any) -> LoadStandardDialog:
    dialog = LoadStandardDialog(services)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 640)
    dialog.show()
    return dialog


def idle(qtbot: Any, dialog: LoadStandardDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.runner.is_busy(), timeout=WAIT_MS)


def through_to_preview(qtbot: Any, dialog: LoadStandardDialog, path: Path) -> None:
    dialog.set_path(path)
    idle(qtbot, dialog)
    assert dialog.step_label.text() == "Step 1 of 4: Choose the file"
    dialog.next()
    assert dialog.step_label.text() == "Step 2 of 4: Sheet and heading row"
    assert dialog.sheet_box.currentText() == "Introduction"  # the first sheet, proposed
    dialog.choose_sheet(SHEET)
    idle(qtbot, dialog)
    screenshot(dialog, "mapping-standard-2-sheet")
    assert dialog.header_row.value() == 3  # below the title row and the blank row
    rows = dialog.sheet_rows_text()
    assert rows[0][0].startswith("Violence prevention") and rows[2][:2] == ["Domain", "Ref"]
    dialog.next()
    idle(qtbot, dialog)
    assert dialog.step_label.text() == "Step 3 of 4: Columns"
    assert dialog.preview.ok and dialog.combos["code"].currentText() == "Ref"
    assert "sheet 'VPR Standard 2024', header on row 3" in dialog.source.text()
    # the domain merged over its rows shows on each of them
    assert [r[1] for r in dialog.preview_rows()[:2]] == ["1 Leadership and accountability"] * 2
    screenshot(dialog, "mapping-standard-3-columns")
    dialog.next()
    idle(qtbot, dialog)
    assert dialog.step_label.text() == "Step 4 of 4: Edition and preview"
    screenshot(dialog, "mapping-standard-4-preview")


def test_the_official_layout_loads_through_the_mapping_step(
    qtbot: Any, empty_services: Any, tmp_path: Path
) -> None:
    services = empty_services
    rows = standard_rows(services)
    rows[0][2] = "Published wording of the first indicator"
    path = official_workbook(tmp_path / "VPR standard 2024 tool.xlsx", rows)
    dialog = open_dialog(qtbot, services)
    through_to_preview(qtbot, dialog, path)
    assert dialog.edition_box.currentData() == "2024"  # the year in the sheet's name
    assert dialog.edition_box.currentText().startswith("Update Violence prevention")
    assert "replaces the wording in use now" in dialog.version_note.text()
    said = dialog.outcome.text()
    assert said.startswith("Violence prevention") and "would be updated" in said
    assert "vpr-" not in said and "Edition id" not in said
    assert dialog.load_result is not None and dialog.load_result.dry_run
    assert dialog.load_result.ok, dialog.outcome.text()
    domains = [d for d in services.standards().edition("2024").domains]
    assert dialog.domains_shown() == [f"{d.code} {d.title}" for d in domains]
    first = dialog.domain_tree.topLevelItem(0)
    assert first.childCount() == len(domains[0].indicators)
    assert first.child(0).text(1) == "Published wording of the first indicator"
    assert services.standards().edition("2024").summary.library_version == 1
    assert dialog.load_button.isEnabled()
    missing = [
        f"{type(w).__name__}#{w.objectName()}"
        for w in [dialog, *dialog.findChildren(QWidget)]
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not w.accessibleName()
        and w.objectName() != "qt_scrollarea_viewport"
        and not isinstance(w.parent(), QAbstractSpinBox)  # the spin box's own line edit
        and w.window() is dialog  # not a combo box's closed pop-up list
    ]
    assert missing == []
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        dialog.load()
    idle(qtbot, dialog)
    after = services.standards().edition("2024")
    assert after.summary.library_version == 2
    assert after.domains[0].indicators[0].text == "Published wording of the first indicator"


def test_a_bad_workbook_is_refused_row_by_row_in_the_dialog(
    qtbot: Any, empty_services: Any, tmp_path: Path
) -> None:
    services = empty_services
    rows = standard_rows(services)
    rows[1][1] = rows[0][1]  # row 5 repeats row 4's code
    rows[2][2] = None  # row 6 has no wording
    path = official_workbook(tmp_path / "VPR standard 2024 tool.xlsx", rows)
    dialog = open_dialog(qtbot, services)
    through_to_preview(qtbot, dialog, path)
    assert not dialog.load_result.ok
    problems = dialog.problems.toPlainText().splitlines()
    assert len(problems) == 2
    assert problems[0].startswith("row 5") and "Ref" in problems[0]
    assert problems[1].startswith("row 6") and "Indicator" in problems[1]
    assert dialog.problems.isVisibleTo(dialog) and not dialog.domain_tree.isVisibleTo(dialog)
    assert not dialog.load_button.isEnabled()
    assert services.standards().edition("2024").summary.library_version == 1


def test_a_new_edition_is_named_in_words() -> None:
    assert edition_id("2027") == "vpr-2027"
    assert edition_id(" Trust standard (draft) ") == "trust-standard-draft"


def test_file_menu_saves_the_template_that_loads_back(
    qtbot: Any, make_window: Any, empty_services: Any, tmp_path: Path
) -> None:
    from vpr_desktop.views.assessment.standard_template import save_template_to

    window = make_window(empty_services)
    window.ensure_setup()
    texts = [a.text() for a in window.file_menu.actions()]
    assert "Save standard &template…" in texts and window.template_action.isEnabled()
    said = save_template_to(empty_services, tmp_path / "template.xlsx")
    assert said.startswith("Saved the template of ") and "template.xlsx" in said
    dialog = open_dialog(qtbot, empty_services)
    dialog.set_path(tmp_path / "template.xlsx")
    idle(qtbot, dialog)
    assert dialog.sheet_box.currentText() == "VPR standard 2024"
    assert dialog.header_row.value() == 3
