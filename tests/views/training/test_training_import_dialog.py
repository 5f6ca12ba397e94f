"""Data > Import training from ESR: preview, column mapping saved as a profile, check, import,
and Cancel that writes nothing (issue 6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func
from sqlalchemy import select

from tests.services.training.test_training_import import HEADER
from tests.services.training.test_training_import import good_rows
from tests.services.training.test_training_import import write
from tests.services.training.training_fixtures import build_ward
from tests.views.shots import screenshot
from vpr_desktop.domain.models import ImportBatch
from vpr_desktop.domain.models import TrainingRecord
from vpr_desktop.services.common.unit_of_work import reading

RENAMED = [("Module Title" if h == "Competence Name" else h) for h in HEADER]


def _write_renamed(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerows([RENAMED, *rows])
    return path


def _records(db: Any) -> int:
    with reading(db) as s:
        return int(s.scalar(select(func.count()).select_from(TrainingRecord)) or 0)


def _batches(db: Any) -> int:
    with reading(db) as s:
        return int(s.scalar(select(func.count()).select_from(ImportBatch)) or 0)


@pytest.fixture
def ward_services(empty_services: Any) -> Any:
    build_ward(empty_services.db)
    return empty_services


def _idle(dialog: Any) -> bool:
    return not dialog.runner.is_busy()


def test_data_menu_entries_are_enabled(make_window: Any, ward_services: Any) -> None:
    window = make_window(ward_services)
    texts = {a.text(): a.isEnabled() for a in window.data_menu.actions() if a.text()}
    assert texts["Import &staff from ESR…"] and texts["Import &training from ESR…"]
    assert not any("later release" in t for t in texts)


def test_preview_then_check_then_import(
    make_window: Any, ward_services: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window(ward_services)
    dialog = window.import_training_data("training")
    assert dialog.windowTitle() == "Import training from ESR"
    dialog.set_path(write(tmp_path / "good.csv", good_rows(39)))
    qtbot.waitUntil(lambda: dialog.check_result is not None, timeout=15000)
    # The preview shows the file's own first rows and which field each column feeds.
    assert dialog.preview_model.rowCount() == 20
    assert dialog.preview_model.index(0, 0).data() == "0012"
    heading = dialog.preview_model.headerData(4, Qt.Orientation.Horizontal)
    assert heading == "Competence Name\n→ Competence Name"
    assert dialog.combos["competency"].currentText() == "Competence Name"
    assert "Check passed: 39 rows read" in dialog.summary.text()
    assert "39 new records" in dialog.summary.text()
    assert _records(ward_services.db) == 0

    dialog.run_import()
    qtbot.waitUntil(
        lambda: _idle(dialog) and dialog.result is not None and not dialog.result.dry_run,
        timeout=15000,
    )
    assert dialog.result.ok, dialog.problem_texts()
    assert _records(ward_services.db) == 39
    assert dialog.summary.text().startswith("Imported 39 new records")


def test_renamed_column_mapped_by_hand_and_saved_as_a_profile(
    make_window: Any, ward_services: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window(ward_services)
    path = _write_renamed(tmp_path / "renamed.csv", good_rows(12))
    dialog = window.import_training_data("training")
    dialog.set_path(path)
    qtbot.waitUntil(lambda: dialog.preview is not None and _idle(dialog), timeout=15000)
    assert dialog.preview.missing_required == ("competency",)
    assert "Choose a column for: Competence Name" in dialog.mapping_status.text()
    assert not dialog.check_button.isEnabled()
    assert dialog.check_result is None

    screenshot(dialog, "mapping-columns-esr-needed")
    combo = dialog.combos["competency"]
    combo.setCurrentIndex(combo.findText("Module Title"))
    qtbot.waitUntil(lambda: dialog.check_result is not None, timeout=15000)
    assert "Check passed: 12 rows read" in dialog.summary.text()
    screenshot(dialog, "mapping-columns-esr-chosen")
    saved = dialog.save_profile("ESR monthly")
    assert saved is not None and saved.mapping["competency"] == "Module Title"
    assert dialog.profile_combo.currentText() == "ESR monthly"

    # The next export of the same layout picks the saved mapping up by itself.
    again = window.import_training_data("training")
    again.set_path(path)
    qtbot.waitUntil(lambda: again.check_result is not None, timeout=15000)
    assert again.profile_combo.currentText() == "ESR monthly"
    assert "Using the saved mapping 'ESR monthly'" in again.mapping_status.text()
    again.run_import()
    qtbot.waitUntil(lambda: _idle(again) and not again.result.dry_run, timeout=15000)
    assert _records(ward_services.db) == 12
    with reading(ward_services.db) as s:
        profile = s.scalar(
            select(ImportBatch.mapping_profile).where(ImportBatch.id == again.result.batch_id)
        )
    assert profile is not None and "ESR monthly" in profile


def test_bad_rows_listed_and_nothing_written(
    make_window: Any, ward_services: Any, qtbot: Any, tmp_path: Path
) -> None:
    rows = good_rows(39)
    rows[9 - 2][5] = "31/02/2024"
    rows[12 - 2][4] = "NHS|CSTF|Basket Weaving|3 Years|"
    rows[40 - 2] = list(rows[20 - 2])
    window = make_window(ward_services)
    dialog = window.import_training_data("training")
    dialog.skip_unknown.setChecked(False)  # strict: the unknown competence is a problem too
    dialog.set_path(write(tmp_path / "bad.csv", rows))
    qtbot.waitUntil(lambda: dialog.result is not None and _idle(dialog), timeout=15000)
    problems = dialog.problem_texts()
    assert [p[0] for p in problems] == ["9", "40"]  # the unknown competence: in the step
    assert problems[0][2] == "31/02/2024"
    step = dialog.value_step
    assert step is not None and not step.isHidden()
    assert [step.table.item(0, c).text() for c in range(3)] == [
        "Competence",
        "NHS|CSTF|Basket Weaving|3 Years|",
        "1",
    ]
    assert not dialog.import_button.isEnabled()
    assert _records(ward_services.db) == 0
    report = dialog.save_report(tmp_path / "report.csv")
    assert report is not None and "Basket Weaving" in report.read_text(encoding="utf-8-sig")


def test_cancel_writes_nothing(
    make_window: Any, ward_services: Any, qtbot: Any, tmp_path: Path
) -> None:
    rows, bases = [], good_rows(5)
    for i in range(30000):  # distinct completions: one a day per assignment and course
        base = bases[i % 5]
        day = dt.date(1990, 1, 1) + dt.timedelta(days=i // 5)
        rows.append([*base[:5], day.strftime("%d/%m/%Y"), "", "Y"])
    path = write(tmp_path / "big.csv", rows)
    window = make_window(ward_services)
    dialog = window.import_training_data("training")
    dialog.set_path(path, check=False)
    qtbot.waitUntil(lambda: dialog.preview is not None and _idle(dialog), timeout=15000)
    before = _batches(ward_services.db)
    dialog.check_result = object()  # as if checked: go straight to the import
    dialog.run_import()
    dialog.runner.cancel()
    qtbot.waitUntil(lambda: _idle(dialog), timeout=30000)
    assert dialog.summary.text() == "Cancelled. Nothing was written."
    assert _records(ward_services.db) == 0
    assert _batches(ward_services.db) == before


def test_competences_no_course_lists_are_left_out_unless_the_box_is_cleared(
    make_window: Any, ward_services: Any, qtbot: Any, tmp_path: Path
) -> None:
    """A real competence export holds fire safety, IG, ...: left out (and named) by default,
    rejected when the box is cleared."""
    rows = good_rows(10)
    for k in (3, 6):
        rows[k][4] = "NHS|CSTF|Information Governance|1 Year|"
    window = make_window(ward_services)
    dialog = window.import_training_data("training")
    assert dialog.skip_unknown.isChecked()
    dialog.set_path(write(tmp_path / "mixed.csv", rows))
    qtbot.waitUntil(lambda: dialog.check_result is not None and _idle(dialog), timeout=15000)
    assert "8 new records" in dialog.summary.text()
    assert "2 rows left out" in dialog.summary.text()
    assert (
        "Left out 1 competence no course lists: 'NHS|CSTF|Information Governance|1 Year|' (2 rows)."
    ) in dialog.details.text()
    step = dialog.value_step  # named in the value step too, where it can become a course
    assert step is not None and not step.isHidden()
    assert step.combo_at(0).currentText() == "As by default: left out (no course lists it)"
    dialog.skip_unknown.setChecked(False)
    qtbot.waitUntil(lambda: dialog.result is not None and _idle(dialog), timeout=15000)
    assert not dialog.result.ok and dialog.result.rows_rejected == 2
    assert dialog.problem_texts() == []  # the one competence is listed once, in the step
    assert "1 value in 2 rows of 10 is not known here" in dialog.summary.text()
    dialog.skip_unknown.setChecked(True)
    qtbot.waitUntil(lambda: dialog.check_result is not None and _idle(dialog), timeout=15000)
    dialog.run_import()
    qtbot.waitUntil(lambda: _idle(dialog) and not dialog.result.dry_run, timeout=15000)
    assert _records(ward_services.db) == 8


def test_one_choice_makes_a_competence_count_as_a_course(
    make_window: Any, ward_services: Any, qtbot: Any, tmp_path: Path
) -> None:
    """Issue 17: "this competence is course X" in the dialog, without editing the catalogue."""
    rows = good_rows(10)
    for k in (3, 6):
        rows[k][4] = "PMVA Full Team Teach"
    window = make_window(ward_services)
    dialog = window.import_training_data("training")
    dialog.resize(1366, 768)
    dialog.set_path(write(tmp_path / "local-names.csv", rows))
    qtbot.waitUntil(lambda: dialog.check_result is not None and _idle(dialog), timeout=15000)
    step = dialog.value_step
    assert step is not None and "8 new records" in dialog.summary.text()
    step.choose("competence", "PMVA Full Team Teach", "Conflict Resolution (CSTF) (CR)")
    step.check_button.click()
    qtbot.waitUntil(
        lambda: _idle(dialog) and "10 new records" in dialog.summary.text(), timeout=15000
    )
    assert step.table.item(0, 2).text() == "2"
    dialog.grab().save("/tmp/map-esr.png")
    dialog.run_import()
    qtbot.waitUntil(lambda: _idle(dialog) and not dialog.result.dry_run, timeout=15000)
    assert _records(ward_services.db) == 10
    assert "Choices saved as 'Training from ESR'" in step.status.text()


def test_a_competence_becomes_a_new_course_from_the_value_step(
    make_window: Any, ward_services: Any, qtbot: Any, tmp_path: Path
) -> None:
    """Issue 17: "Create a new course…" in the value step: name, renewal months and who needs
    it, typed right there; the check runs again and the import adds the course with its
    records; the choice is saved with the others."""
    from vpr_desktop.domain.enums import SettingType
    from vpr_desktop.domain.models import Course
    from vpr_desktop.domain.models import TrainingRequirement

    rows = good_rows(10)
    for k in (3, 6):
        rows[k][4] = "Lone Working Awareness"
    window = make_window(ward_services)
    dialog = window.import_training_data("training")
    dialog.resize(1366, 768)
    dialog.set_path(write(tmp_path / "lone.csv", rows))
    qtbot.waitUntil(lambda: dialog.check_result is not None and _idle(dialog), timeout=15000)
    step = dialog.value_step
    step.choose("competence", "Lone Working Awareness", "Create a new course…")
    form = step.new_dialog
    assert form is not None and form.name.text() == "Lone Working Awareness"
    assert form.fields["refresher_months"].accessibleName() == (
        "Renewal (months; blank: does not expire) of the new course"
    )
    form.name.setText("Lone Working")
    form.fields["refresher_months"].setText("36")
    needs = form.options["needs"]
    needs.setCurrentIndex(needs.findText("Every staff group in every setting"))
    screenshot(dialog, "mapping-step-training")
    screenshot(form, "mapping-new-course", fit=False)  # at its own size, as it opens
    form.accept()
    assert step.combo_at(0).currentText() == "New course: Lone Working"
    step.check_button.click()
    qtbot.waitUntil(
        lambda: _idle(dialog) and "10 new records" in dialog.summary.text(), timeout=15000
    )
    with reading(ward_services.db) as s:
        assert s.scalar(select(Course.id).where(Course.name == "Lone Working")) is None
    dialog.run_import()
    qtbot.waitUntil(lambda: _idle(dialog) and not dialog.result.dry_run, timeout=15000)
    assert dialog.result.ok and _records(ward_services.db) == 10
    with reading(ward_services.db) as s:
        course = s.scalar(select(Course).where(Course.name == "Lone Working"))
        assert course is not None and course.refresher_months == 36
        assert course.esr_competencies == ["Lone Working Awareness"]
        needed = s.scalar(select(func.count()).where(TrainingRequirement.course_id == course.id))
    assert needed == 2 * len(SettingType)  # two staff groups, every setting
    assert "Choices saved as 'Training from ESR'" in step.status.text()
