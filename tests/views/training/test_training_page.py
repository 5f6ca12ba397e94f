"""The Training page on a private copy of the demo trust.

Every figure read off the page is compared with what the training service says for the same
day and filters, so the screen is checked against the database, not against itself.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Role
from vpr_desktop.views.navigation import PAGES_BY_KEY
from vpr_desktop.views.training.catalogue import STALE
from vpr_desktop.views.training.compliance import NO_NAMES
from vpr_desktop.views.training.compliance_columns import expiring_text
from vpr_desktop.views.training.models import NONE_MARK
from vpr_desktop.views.training.models import STATUS_WORDS
from vpr_desktop.views.training.models import percent_text
from vpr_desktop.views.training.page import TrainingPage

WAIT_MS = 20000


@pytest.fixture
def open_page(opened: Any, qtbot: Any) -> Any:
    def make(services: Any, size: tuple[int, int] = (1280, 760)) -> TrainingPage:
        page = opened(TrainingPage, "training", services, size)
        return page

    return make


def loaded(qtbot: Any, tab: Any, after: int = 0) -> None:
    """Wait until ``tab`` has finished more than ``after`` loads and nothing is running."""
    qtbot.waitUntil(
        lambda: tab.loads > after and not tab.reader.is_busy() and not tab.writer.is_busy(),
        timeout=WAIT_MS,
    )


def show(qtbot: Any, page: TrainingPage, tab: Any) -> None:
    """Switch to ``tab`` and wait for it to show fresh figures (it reloads if stale)."""
    before, stale = tab.loads, tab.stale
    page.tabs.setCurrentWidget(tab)
    loaded(qtbot, tab, before if stale else 0)


def tab_titles(page: TrainingPage) -> list[str]:
    return [page.tabs.tabText(i) for i in range(page.tabs.count())]


# --------------------------------------------------------------------------- compliance


def test_compliance_table_shows_the_service_figures(open_page: Any, lead: Any, qtbot: Any) -> None:
    page = open_page(lead)
    tab = page.compliance
    loaded(qtbot, tab)
    assert page.tabs.currentWidget() is tab  # the default tab
    day = tab.filters().as_of
    service = lead.training()
    expected = service.compliance(day)
    assert expected
    shown = tab.detail_model.texts()
    assert len(shown) == len(expected)
    assert sorted(tab.detail_model.rows, key=repr) == sorted(expected, key=repr)
    for cells, row in zip(shown, tab.detail_model.rows, strict=True):
        course, location, group, people, required, compliant, pct, target, status = cells
        assert (course, location, group) == (
            row.course_name,
            row.location_name,
            row.staff_group_name,
        )
        assert people == f"{row.people:,}"
        assert required == f"{row.required:,}"
        assert compliant == f"{row.compliant:,}"
        assert pct == percent_text(row.percent)
        assert target == percent_text(row.target_percent)
        assert status == ("Below target" if row.below_target else "Meets target")
    assert any(c[8] == "Below target" for c in shown)
    # By course: the chart's figures in words, with the expiry counts.
    courses = service.compliance_by_course(day)
    expiring = service.expiring_counts(day)
    by_course = tab.course_model.texts()
    assert [c[0] for c in by_course] == [r.course_name for r in courses]
    for cells, row in zip(by_course, courses, strict=True):
        assert cells[1] == f"{percent_text(row.percent)} ({row.compliant:,} of {row.required:,})"
        assert cells[2].startswith("Below target" if row.below_target else "Meets target")
        assert cells[3] == expiring_text(expiring.get(row.course_name, {}))
    assert tab.chart.lines()[0].startswith(
        f"{courses[0].course_name}: {percent_text(courses[0].percent)}"
    )
    total = sum(r.required for r in expected)
    assert f"of {total:,} required assignments compliant" in tab.summary.text()


def test_the_chart_is_drawn_once_the_tab_shows(open_page: Any, lead: Any, qtbot: Any) -> None:
    page = open_page(lead)
    loaded(qtbot, page.compliance)
    qtbot.waitUntil(lambda: page.compliance.chart.png is not None, timeout=WAIT_MS)
    assert page.compliance.chart.png.startswith(b"\x89PNG")
    assert page.compliance.chart.picture.pixmap() is not None


def test_location_and_staff_group_filters_narrow_the_rows(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    tab = page.compliance
    loaded(qtbot, tab)
    service = lead.training()
    day = tab.filters().as_of
    row = service.compliance(day)[0]
    before = tab.loads
    tab.location_filter.setCurrentIndex(tab.location_filter.findData(row.location_id))
    loaded(qtbot, tab, before)
    expected = service.compliance(day, location_id=row.location_id)
    assert len(tab.detail_model.rows) == len(expected)
    assert {c[1] for c in tab.detail_model.texts()} == {row.location_name}
    before = tab.loads
    tab.group_filter.setCurrentIndex(tab.group_filter.findData(row.staff_group_id))
    loaded(qtbot, tab, before)
    both = [r for r in expected if r.staff_group_id == row.staff_group_id]
    assert tab.detail_model.rows == both
    assert [c.row.compliant for c in tab.course_model.rows] == [
        r.compliant
        for r in service.compliance_by_course(
            day, location_id=row.location_id, staff_group_id=row.staff_group_id
        )
    ]
    assert row.location_name in tab.summary.text()


def test_a_row_opens_the_names_behind_it(open_page: Any, lead: Any, qtbot: Any) -> None:
    page = open_page(lead)
    tab = page.compliance
    loaded(qtbot, tab)
    index = next(
        tab.detail_model.index(i, 0) for i, r in enumerate(tab.detail_model.rows) if r.below_target
    )
    row = tab.detail_model.row(index.row())
    tab.table.setCurrentIndex(index)
    tab.table.activated.emit(index)  # Enter / double-click
    dialog = tab.names_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT_MS)
    expected = lead.training().compliance_people(
        row.course_id,
        location_id=row.location_id,
        staff_group_id=row.staff_group_id,
        as_of=tab.filters().as_of,
        status="not_compliant",
    )
    assert len(expected) == row.required - row.compliant
    shown = dialog.missing_model.texts()
    assert [c[0] for c in shown] == [p.name for p in expected]
    assert {c[5] for c in shown} <= {"Missing", "Expired"}
    names_go_to_a_ward_manager(dialog, expected, lead)


def test_in_a_view_as_preview_the_names_cannot_be_copied_or_saved(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    """Copying or saving names is audited (a write): a preview holds both buttons, saying why."""
    from vpr_desktop.domain.enums import Role

    page = open_page(lead.viewing_as(Role.VPR_LEAD))
    tab = page.compliance
    loaded(qtbot, tab)
    index = next(
        tab.detail_model.index(i, 0) for i, r in enumerate(tab.detail_model.rows) if r.below_target
    )
    tab.table.setCurrentIndex(index)
    tab.table.activated.emit(index)
    dialog = tab.names_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT_MS)
    assert dialog.missing_model.rows  # the names are shown ...
    for button in (dialog.copy_button, dialog.save_button):  # ... but cannot leave the app
        assert not button.isEnabled()
        assert button.toolTip().startswith("View as role is a read-only preview")
        assert button.accessibleDescription() == button.toolTip()


def names_go_to_a_ward_manager(dialog: Any, expected: Any, lead: Any) -> None:
    """Issue 18: the names can be copied (to paste into Excel) and saved as CSV; both audited."""
    import csv
    import tempfile

    from PySide6.QtWidgets import QApplication
    from sqlalchemy import func
    from sqlalchemy import select

    from vpr_desktop.domain.models import AuditEvent
    from vpr_desktop.services.common.unit_of_work import reading

    def exports() -> int:
        with reading(lead.db) as s:
            return int(
                s.scalar(
                    select(func.count())
                    .select_from(AuditEvent)
                    .where(AuditEvent.action == "export")
                )
                or 0
            )

    before = exports()
    expiring = len(dialog.expiring_model.rows)
    assert dialog.copy_button.isEnabled() and dialog.save_button.isEnabled()
    dialog.copy_names()
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[:3] == ["List", "Name", "Employee number"]
    assert len(lines) == 1 + len(expected) + expiring
    assert lines[1].split("\t")[:2] == ["Not compliant", expected[0].name]
    assert dialog.saved.text().startswith(f"Copied {len(expected) + expiring:,} name")
    folder = tempfile.mkdtemp()
    target = f"{folder}/ward names.csv"
    dialog.save_to(target)
    with open(target, encoding="utf-8-sig", newline="") as fh:
        saved = list(csv.reader(fh))
    assert saved[0][:2] == ["List", "Name"] and len(saved) == len(lines)
    assert [r[1] for r in saved[1 : 1 + len(expected)]] == [p.name for p in expected]
    assert dialog.saved.text().startswith("Saved ")
    assert exports() == before + 2


def test_names_are_not_offered_to_the_staff_side(
    open_page: Any, lead: Any, qtbot: Any, services_as: Any, actor_with: Any
) -> None:
    rep = services_as(lead, actor_with(Role.STAFF_SIDE_REP))
    page = open_page(rep)
    assert tab_titles(page) == ["Compliance", "Needs analysis", "Catalogue"]
    assert page.people is None and page.imports is None
    assert not page.focus_search()
    tab = page.compliance
    loaded(qtbot, tab)
    assert tab.detail_model.rows  # the figures, without names
    tab.table.activated.emit(tab.detail_model.index(0, 0))
    assert tab.names_dialog is None
    assert tab.names_note.text() == NO_NAMES
    # Read-only for them: no edit buttons, and a note saying why.
    show(qtbot, page, page.needs)
    assert not page.needs.edit_button.isVisible()
    page.needs.grid.setCurrentIndex(page.needs.model.index(0, 0))
    assert page.needs.edit_current() is None
    assert "VPR lead" in page.needs.note.text()
    show(qtbot, page, page.catalogue)
    assert not page.catalogue.save_button.isVisible()
    assert page.catalogue.form.code.isReadOnly()


# --------------------------------------------------------------------------- needs analysis


def test_needs_grid_cells_are_the_service_course_codes(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    show(qtbot, page, page.needs)
    service = lead.training()
    ref = service.reference()
    codes = {c.id: c.code for c in service.courses(include_inactive=True)}
    groups, settings = dict(ref.staff_groups), dict(ref.settings)
    cells = service.needs_grid()
    assert cells
    shown = page.needs.cell_texts()
    assert len(shown) == len(groups) * len(settings)
    for cell in cells:
        text = shown[(groups[cell.staff_group_id], settings[cell.setting_type])]
        assert text == ", ".join(codes[i] for i in cell.course_ids)
    required = {(c.staff_group_id, c.setting_type) for c in cells}
    empty = [
        (g, s)
        for gid, g in groups.items()
        for st, s in settings.items()
        if (gid, st) not in required
    ]
    assert empty and all(shown[key] == NONE_MARK for key in empty)


def test_editing_a_needs_cell_changes_the_database(open_page: Any, lead: Any, qtbot: Any) -> None:
    page = open_page(lead)
    tab = page.needs
    show(qtbot, page, tab)
    service = lead.training()
    cell = service.needs_grid()[0]
    assert tab.select_cell(cell.staff_group_id, cell.setting_type)
    dialog = tab.edit_current()
    assert dialog is not None
    assert dialog.chosen() == sorted(cell.course_ids)
    dropped = cell.course_ids[0]
    added = next(cid for cid in dialog.boxes if cid not in cell.course_ids)
    dialog.boxes[dropped].setChecked(False)
    dialog.boxes[added].setChecked(True)
    dialog.rationale.setPlainText("Reviewed with the ward manager")
    before = tab.loads
    dialog.confirm.click()
    loaded(qtbot, tab, before)
    wanted = sorted((set(cell.course_ids) - {dropped}) | {added})
    after = {(c.staff_group_id, c.setting_type): c.course_ids for c in service.needs_grid()}
    assert list(after[(cell.staff_group_id, cell.setting_type)]) == wanted
    codes = {c.id: c.code for c in service.courses(include_inactive=True)}
    row, column = tab.grid.currentIndex().row(), tab.grid.currentIndex().column()
    assert tab.model.cell_text(row, column) == ", ".join(codes[i] for i in wanted)
    assert page.compliance.stale  # required courses changed: compliance reloads when shown


# --------------------------------------------------------------------------- catalogue


def test_saving_a_course_and_a_stale_save(open_page: Any, lead: Any, qtbot: Any) -> None:
    page = open_page(lead)
    tab = page.catalogue
    show(qtbot, page, tab)
    service = lead.training()
    course = service.courses()[0]
    assert tab.select_course(course.id)
    assert tab.form.code.text() == course.code
    tab.form.name.setText(course.name + " (updated)")
    tab.form.refresher.setText("")  # no expiry
    before = tab.loads
    tab.save()
    loaded(qtbot, tab, before)
    saved = next(c for c in service.courses() if c.id == course.id)
    assert saved.name == course.name + " (updated)" and saved.refresher_months is None
    row = next(r for r in tab.model.texts() if r[0] == course.code)
    assert row[1] == saved.name and row[2] == "No expiry"
    # Someone else saves the course; our save must not overwrite it.
    service.save_course(
        code=saved.code,
        name="Changed elsewhere",
        refresher_months=12,
        course_id=saved.id,
        expected_version=saved.version,
    )
    tab.form.name.setText("Mine")
    tab.save()
    qtbot.waitUntil(lambda: tab.banner.isVisibleTo(tab), timeout=WAIT_MS)
    assert tab.banner.message() == STALE
    assert tab.reload_button.isVisibleTo(tab)
    assert tab.form.name.text() == "Mine"  # kept what was typed
    assert next(c for c in service.courses() if c.id == course.id).name == "Changed elsewhere"
    before = tab.loads
    tab.reload_course()
    loaded(qtbot, tab, before)
    assert tab.form.name.text() == "Changed elsewhere"


def test_a_course_problem_is_shown_in_words(open_page: Any, lead: Any, qtbot: Any) -> None:
    page = open_page(lead)
    tab = page.catalogue
    show(qtbot, page, tab)
    tab.new_course()
    tab.form.code.setText("NEW")
    tab.save()
    assert tab.banner.message() == "A course needs a code and a name."
    tab.form.name.setText("New course")
    tab.form.refresher.setText("500")
    assert "1 to 120 months" in tab.form.error.text()
    tab.form.refresher.setText("24")
    tab.form.target.setText("90")
    before = tab.loads
    tab.save()
    loaded(qtbot, tab, before)
    new = next(c for c in lead.training().courses() if c.code == "NEW")
    assert (new.name, new.refresher_months, new.target_percent) == ("New course", 24, 90.0)


def test_a_target_for_one_location_reaches_compliance(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    service = lead.training()
    row = service.compliance()[0]
    tab = page.catalogue
    show(qtbot, page, tab)
    tab.select_course(row.course_id)
    dialog = tab.ask_target()
    assert dialog is not None
    dialog.location.setCurrentIndex(dialog.location.findData(row.location_id))
    dialog.percent.setText("40")
    dialog.confirm.click()
    qtbot.waitUntil(
        lambda: not tab.writer.is_busy() and "set to 40%" in tab.saved.text(), timeout=WAIT_MS
    )
    again = [r for r in service.compliance(course_id=row.course_id, location_id=row.location_id)]
    assert again and all(r.target_percent == 40.0 for r in again)
    show(qtbot, page, page.compliance)  # stale after the write: reloaded when shown
    shown = [
        c
        for c in page.compliance.detail_model.texts()
        if c[0] == row.course_name and c[1] == row.location_name
    ]
    assert shown and all(c[7] == "40%" for c in shown)


# --------------------------------------------------------------------------- people


def test_person_view_matches_person_status(open_page: Any, lead: Any, qtbot: Any) -> None:
    page = open_page(lead)
    assert page.focus_search()  # Ctrl+F: the People tab, cursor in its search box
    tab = page.people
    assert tab is not None and page.tabs.currentWidget() is tab
    loaded(qtbot, tab)
    service = lead.training()
    person = service.search_people("")[0]
    before = tab.loads
    tab.search.setText(person.employee_number)
    loaded(qtbot, tab, before)
    assert tab.hits_model.rows[0].person_id == person.person_id
    tab.hits.setCurrentIndex(tab.hits_model.index(0, 0))
    qtbot.waitUntil(
        lambda: tab.person is not None and not tab.person_runner.is_busy(), timeout=WAIT_MS
    )
    statuses = service.person_status(person.person_id)
    required = [s for s in statuses if s.required]
    shown = tab.status_model.texts()
    assert shown == [
        [
            s.assignment_number,
            s.course_name,
            "Yes",
            STATUS_WORDS[s.status],
            s.completed_on.strftime("%d %b %Y") if s.completed_on else "",
            s.expires_on.strftime("%d %b %Y") if s.expires_on else "",
        ]
        for s in required
    ]
    held = [s for s in statuses if not s.required]
    assert [r[1] for r in tab.held_model.texts()] == [s.course_name for s in held]
    assert all(r[3] == "Held, not required" for r in tab.held_model.texts())
    assert tab.heading.text().startswith(person.name)


# --------------------------------------------------------------------------- imports


def write_training_csv(path: Path, person: Any) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(
            [
                "Employee Number",
                "Employee Name",
                "Staff Group",
                "Organisation",
                "Competence Name",
                "Date Achieved",
                "Expiry Date",
                "Required",
            ]
        )
        out.writerow(
            [
                person.assignments[0],
                person.name,
                person.staff_group_name,
                person.location_name,
                "457|LOCAL|Lone Working - 3 Years|",
                "02/11/2026",
                "",
                "Y",
            ]
        )
    return path


def test_undo_from_the_imports_tab_removes_the_batch_records(
    open_page: Any, lead: Any, qtbot: Any, tmp_path: Path
) -> None:
    from vpr_desktop.views.common import dialogs

    service = lead.training()
    person = service.search_people("")[0]
    before = service.person_status(person.person_id)
    result = lead.training_imports().run(
        "training", write_training_csv(tmp_path / "esr.csv", person), dry_run=False
    )
    assert result.ok and result.batch_id is not None
    with_batch = service.person_status(person.person_id)
    assert len(with_batch) == len(before) + 1  # Lone Working, held (required or not)
    page = open_page(lead)
    tab = page.imports
    assert tab is not None
    show(qtbot, page, tab)
    assert tab.select_batch(result.batch_id)
    assert tab.model.texts()[0][:3] == [str(result.batch_id), "Training records", "esr.csv"]
    assert tab.undo_button.isEnabled()
    done = tab.loads
    tab.undo_button.click()  # confirm() answers yes when headless
    loaded(qtbot, tab, done)
    kind, title, text = dialogs.recent[-1]
    assert kind == "confirm" and str(result.batch_id) in title and "esr.csv" in text
    assert service.person_status(person.person_id) == before
    batch = next(b for b in lead.training_imports().history() if b.id == result.batch_id)
    assert batch.undone_at is not None
    row = tab.model.texts()[0]
    assert row[8].startswith("Undone")
    assert row[4] == lead.actor.display_name  # who imported: the name, not the login
    assert row[8].endswith(f"by {lead.actor.display_name}")
    assert not tab.undo_button.isEnabled()
    assert f"Import batch {result.batch_id}" in tab.message.text()
    assert page.compliance.stale


def test_import_buttons_ask_the_window_for_the_wizard(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    assert page.imports is not None
    with qtbot.waitSignal(page.import_requested) as blocker:
        page.imports.staff_button.click()
    assert blocker.args == ["staff"]
    with qtbot.waitSignal(page.import_requested) as blocker:
        page.imports.training_button.click()
    assert blocker.args == ["training"]


def test_a_read_only_database_offers_no_changes(
    open_page: Any, demo_copy: Path, qtbot: Any
) -> None:
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy, mode="ro")
    try:
        services = build_services(db)
        assert db.read_only
        page = open_page(services)
        loaded(qtbot, page.compliance)
        assert page.compliance.detail_model.rows  # reading still works
        show(qtbot, page, page.needs)
        assert not page.needs.edit_button.isVisible()
        assert "read-only" in page.needs.note.text()
        show(qtbot, page, page.catalogue)
        assert not page.catalogue.save_button.isVisible()
        assert "read-only" in page.catalogue.note.text()
        assert page.imports is not None
        show(qtbot, page, page.imports)
        assert not page.imports.staff_button.isEnabled()
        assert not page.imports.undo_button.isEnabled()
        assert "read-only" in page.imports.note.text()
    finally:
        db.close()


def test_an_empty_database_explains_what_compliance_needs(
    open_page: Any, empty_services: Any, qtbot: Any
) -> None:
    page = open_page(empty_services)
    tab = page.compliance
    loaded(qtbot, tab)
    assert tab.stack.currentIndex() == 1
    assert "No training compliance to show yet" in tab.empty.text()
    for other in page.all_tabs()[1:]:
        show(qtbot, page, other)
        assert not other.problem.isVisible()


# --------------------------------------------------------------------------- the window


def test_the_window_builds_the_training_page(make_window: Any, lead: Any) -> None:
    assert PAGES_BY_KEY["training"].factory is not None
    window = make_window(lead)
    assert isinstance(window.pages["training"], TrainingPage)
    assert window.show_page("training")


def test_every_focusable_widget_has_an_accessible_name(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    for tab in page.all_tabs():
        show(qtbot, page, tab)
    missing = [
        f"{type(w).__name__} {w.objectName()}"
        for w in page.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.accessibleName()
    ]
    assert not missing, missing


def test_starter_catalogue_fills_a_new_database(
    open_page: Any, empty_services: Any, qtbot: Any
) -> None:
    page = open_page(empty_services)
    tab = page.catalogue
    show(qtbot, page, tab)
    assert tab.model.texts() == []
    assert tab.starter_button.isEnabled()
    before = tab.loads
    tab.add_starter()  # headless: the confirmation is accepted
    loaded(qtbot, tab, before)
    codes = [r[0] for r in tab.model.texts()]
    assert sorted(codes) == ["BRK", "CR", "DEESC", "LONE", "RI"]
    assert tab.saved.text().startswith("Added 9 staff group(s), 5 course(s)")
    needs = empty_services.training().needs_grid()
    assert len(needs) == 9 * 10 and all(cell.course_ids for cell in needs)


def test_a_lead_changes_a_line_manager_on_the_person_panel(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    assert page.focus_search()
    tab = page.people
    loaded(qtbot, tab)
    service = lead.training()
    person, manager = service.search_people("")[:2]
    before = tab.loads
    tab.search.setText(person.employee_number)
    loaded(qtbot, tab, before)
    tab.hits.setCurrentIndex(tab.hits_model.index(0, 0))
    qtbot.waitUntil(
        lambda: tab.person is not None and not tab.person_runner.is_busy(), timeout=WAIT_MS
    )
    shown = service.person_summary(person.person_id)
    assert tab.change_manager.isVisible() and tab.change_manager.isEnabled()
    dialog = tab.ask_line_manager()
    assert dialog is not None
    dialog.owner.set_person(manager.person_id, manager.name)
    assert dialog.state_line.text().endswith("will be the line manager.")
    dialog.confirm.click()
    qtbot.waitUntil(
        lambda: service.person_summary(person.person_id).line_manager_id == manager.person_id,
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(
        lambda: tab.manager_line.text().startswith(f"Line manager: {manager.name}"),
        timeout=WAIT_MS,
    )
    assert shown.line_manager_id != manager.person_id


def test_the_line_manager_button_is_for_leads_only(
    open_page: Any, lead: Any, services_as: Any, actor_with: Any
) -> None:
    page = open_page(services_as(lead, actor_with(Role.COMMITTEE_CHAIR)))
    assert page.people is not None and not page.people.change_manager.isVisibleTo(page.people)
    assert page.people.ask_line_manager() is None
