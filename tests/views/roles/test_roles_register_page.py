"""The Roles and responsibilities page on a private copy of the demo trust.

Every figure read off the page is compared with what the service says, so the screen is
checked against the database, not against itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import VprRoleType
from vpr_desktop.views.navigation import visible_pages
from vpr_desktop.views.roles.page import RolesRegisterPage
from vpr_desktop.views.roles.register_words import NO_GAPS
from vpr_desktop.views.roles.register_words import gap_words
from vpr_desktop.views.roles.register_words import summary_text

WAIT_MS = 15000


@pytest.fixture
def open_page(opened: Any, qtbot: Any) -> Any:
    def make(services: Any, size: tuple[int, int] = (1280, 760)) -> RolesRegisterPage:
        page = opened(RolesRegisterPage, "roles", services, size)
        return page

    return make


def idle(qtbot: Any, page: RolesRegisterPage) -> None:
    qtbot.waitUntil(lambda: not page.runner.is_busy(), timeout=WAIT_MS)


def test_lists_every_entry_grouped_by_level_with_the_gap_words(open_page: Any, lead: Any) -> None:
    service = lead.roles_register()
    entries = service.entries()
    assert entries
    page = open_page(lead)
    shown = page.row_texts()
    assert len(shown) == len(entries)
    for (heading, cells), entry in zip(shown, entries, strict=True):
        assert heading.startswith(entry.level.label)
        assert cells[0] == entry.role_label
        assert cells[1] == entry.scope
    # The gap words on screen are exactly the service's gap list, entry by entry.
    gaps = service.gap_list()
    assert gaps
    by_entry: dict[int, list[str]] = {}
    for gap in gaps:
        by_entry.setdefault(gap.role_id, []).append(gap_words(gap.message))
    for (_heading, cells), entry in zip(shown, entries, strict=True):
        expected = "; ".join(by_entry.get(entry.id, [])) or NO_GAPS
        assert cells[7] == expected
    assert "Competence expired" in " ".join(c[7] for _h, c in shown)
    levels = [page.model.item(r, 0).text() for r in range(page.model.rowCount())]
    assert [t.split(" – ")[0] for t in levels] == list(
        dict.fromkeys(e.level.label for e in entries)
    )


def test_summary_strip_numbers_equal_the_service_summary(open_page: Any, lead: Any) -> None:
    summary = lead.roles_register().summary()
    page = open_page(lead)
    text = page.summary_label.text()
    assert text == summary_text(summary)
    assert text.startswith(
        f"{summary.roles} roles · {summary.filled} filled · {summary.vacant} vacant"
    )
    assert f"{summary.competence_gaps} competence gap" in text
    assert f"{summary.holders_left} holder" in text


def test_creating_an_entry_through_the_form_shows_it_in_the_table(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    service = lead.roles_register()
    before = len(service.entries())
    person_id, name, _number = service.find_people("a")[0]
    page = open_page(lead)
    page.new_entry()
    form = page.form
    assert not page.save_button.isEnabled() or page.creating
    form.role_type.setCurrentIndex(
        form.role_type.findData(VprRoleType.TRAINER_CONFLICT_RESOLUTION.value)
    )
    assert form.competence_required.text()  # prefilled for the role type
    pick = next(
        p for p in form.holder._finder(name.split()[-1]) if p.id == person_id
    )  # suggestions come from find_people
    form.holder.add_choices([pick])
    form.holder.setText(pick.label)
    form.hours.setText("4")
    form.review.setText("01/01/2030")
    assert form.is_valid(), form.problems()
    assert page.save_button.isEnabled()
    page.save()  # what Save and Ctrl+S run
    idle(qtbot, page)
    after = service.entries()
    assert len(after) == before + 1
    new = next(
        e
        for e in after
        if e.holder_id == person_id
        and e.role_type is VprRoleType.TRAINER_CONFLICT_RESOLUTION
        and e.hours_per_week == 4
    )
    assert page.entry is not None and page.entry.id == new.id
    assert any(c[2] == name and c[0] == new.role_label for _h, c in page.row_texts())


def test_holder_and_deputy_the_same_shows_the_error_and_disables_save(
    open_page: Any, lead: Any
) -> None:
    page = open_page(lead)
    entry = next(e for e in page.entries if e.holder_id is not None)
    page.select_entry(entry.id)
    assert not page.save_button.isEnabled()  # nothing changed yet
    page.form.deputy.setText(page.form.holder.text())
    assert page.form.errors["deputy_id"].text() == (
        "The deputy must be someone other than the holder."
    )
    assert page.form.errors["deputy_id"].isVisibleTo(page)
    assert not page.save_button.isEnabled()
    page.form.deputy.setText("")
    page.form.hours.setText("12")
    assert page.save_button.isEnabled()


def test_a_stale_save_says_so_and_keeps_the_typed_values(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    service = lead.roles_register()
    page = open_page(lead)
    entry = next(e for e in page.entries if e.holder_id is not None)
    page.select_entry(entry.id)
    # Someone else saves first.
    fresh = service.get(entry.id)
    from dataclasses import fields

    from vpr_desktop.services.roles.service import RoleInput

    data = RoleInput(**{f.name: getattr(fresh, f.name) for f in fields(RoleInput)})
    service.update(entry.id, RoleInput(**{**data.__dict__, "notes": "theirs"}), fresh.version)
    page.form.hours.setText("11")
    page.save()
    idle(qtbot, page)
    assert page.banner.isVisibleTo(page)
    assert page.reload_button.isVisibleTo(page)
    assert page.form.hours.text() == "11"
    page.reload_keeping_changes()
    assert page.form.hours.text() == "11"
    assert page.form.notes.toPlainText() == "theirs" or page.form.has_changes()
    page.save()
    idle(qtbot, page)
    assert service.get(entry.id).hours_per_week == 11


def test_delete_names_the_role_and_removes_it(open_page: Any, lead: Any, qtbot: Any) -> None:
    from vpr_desktop.views.common import dialogs

    service = lead.roles_register()
    page = open_page(lead)
    entry = page.entries[-1]
    page.select_entry(entry.id)
    page.ask_delete()
    idle(qtbot, page)
    kind, title, text = dialogs.recent[-1]
    assert kind == "confirm" and entry.role_label in title and entry.scope in text
    assert entry.id not in {e.id for e in service.entries()}
    assert len(page.row_texts()) == len(service.entries())


def test_who_does_what_lists_the_holders_and_saves_a_one_page_pdf(
    open_page: Any, lead: Any, tmp_path: Path
) -> None:
    rows = lead.roles_register().who_does_what(include_names=True)
    page = open_page(lead)
    page.tabs.setCurrentWidget(page.who)
    text = page.who.text()
    for row in rows:
        assert row.role in text and row.holder in text
    pdf = page.save_pdf(tmp_path / "who")
    assert pdf.suffix == ".pdf" and pdf.read_bytes().startswith(b"%PDF")
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover
        return
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1
    assert "Who does what" in reader.pages[0].extract_text()


def test_a_board_secretary_does_not_see_the_page_and_a_rep_only_reads(
    actor_with: Any, lead: Any, services_as: Any, open_page: Any
) -> None:
    secretary = actor_with(Role.BOARD_SECRETARY)
    assert "roles" not in [s.key for s in visible_pages(secretary)]
    rep = services_as(lead, actor_with(Role.STAFF_SIDE_REP))
    page = open_page(rep)
    assert not page.new_button.isVisible() and not page.save_button.isVisible()
    page.select_entry(page.entries[0].id)
    assert page.form.hours.isReadOnly()
    assert "(read-only)" in page.form.hours.accessibleName()


def test_every_focusable_widget_has_an_accessible_name(open_page: Any, lead: Any) -> None:
    page = open_page(lead)
    page.select_entry(page.entries[0].id)
    page.tabs.setCurrentWidget(page.who)
    page.tabs.setCurrentIndex(0)
    missing = [
        f"{type(w).__name__} {w.objectName()}"
        for w in page.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.accessibleName()
    ]
    assert not missing, missing
