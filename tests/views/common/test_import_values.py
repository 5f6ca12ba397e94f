"""Issue 17, acceptance 1 (window): on a new trust's database with the starter set-up, the Datix
sample goes through the import dialog, the VPR lead maps, creates or leaves out its unknown
locations in the value step, the import succeeds, and the choices -- saved in the database --
make a second import of the same file need no mapping at all."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlalchemy import select

from tests.services.incidents.test_incident_import_mapping import SAMPLE
from tests.services.incidents.test_incident_import_mapping import starter_setup
from tests.views.shots import screenshot
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import MappingProfile
from vpr_desktop.domain.models import Site
from vpr_desktop.services.common.unit_of_work import reading


def counts(services: Any) -> tuple[int, int, int]:
    with reading(services.db) as s:
        return (
            s.scalar(select(func.count()).select_from(Incident)) or 0,
            s.scalar(select(func.count()).select_from(Location)) or 0,
            s.scalar(select(func.count()).select_from(Site)) or 0,
        )


def settled(dialog: Any) -> bool:
    return dialog.result is not None and not dialog.runner.is_busy()


def create(step: Any, value: str, site: str, setting: str) -> None:
    """Choose "Create a new location…" for ``value`` and fill in the form that opens."""
    step.choose("location name", value, "Create a new location…")
    form = step.new_dialog
    assert form is not None and form.name.text() == value
    form.options["site"].setCurrentText(site)
    form.options["setting_type"].setCurrentIndex(form.options["setting_type"].findText(setting))
    form.accept()


def test_unknown_locations_are_mapped_in_the_dialog_and_remembered(
    make_window: Any, empty_services: Any, qtbot: Any
) -> None:
    starter_setup(empty_services.db)
    before = counts(empty_services)
    window = make_window(empty_services)
    dialog = window.import_incidents()
    assert dialog is not None
    step = dialog.value_step
    assert step is not None and not step.isVisible()
    dialog.resize(1366, 768)
    dialog.show()
    dialog.set_path(SAMPLE)
    qtbot.waitUntil(lambda: settled(dialog), timeout=20000)

    # Each distinct unknown value once, with its rows; Import is not offered yet.
    assert step.isVisible() and not dialog.import_button.isEnabled()
    table = step.table
    listed = [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]
    assert listed == [
        ("Location name", "111 Call Centre", "13"),
        ("Location name", "Facilities - Security", "10"),
        ("Location name", "Outpatients Reception", "10"),
        ("Location name", "Community Mental Health West", "8"),
    ]
    assert "4 values still need a choice" in step.status.text()
    assert dialog.summary.text() == (
        "4 values in 41 rows of 60 are not known here; nothing was imported. Choose what "
        "each is above, then check again."
    )
    assert dialog.table.isHidden()  # not repeated row by row below
    combo = step.combo_at(0)
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert offered[:3] == ["Choose…", "Leave these rows out", "Create a new location…"]
    assert "Outpatients (Northgate Hospital)" in offered
    assert combo.accessibleName() == "Use instead of location name '111 Call Centre'"

    step.choose("location name", "Outpatients Reception", "Outpatients (Northgate Hospital)")
    step.choose("location name", "Facilities - Security", "Leave these rows out")
    create(step, "111 Call Centre", "Northgate Hospital", "Ambulance / 111 call handling")
    step.choose("location name", "Community Mental Health West", "Create a new location…")
    form = step.new_dialog
    assert form is not None
    form.options["site"].setCurrentText("")
    form.accept()  # refused: the site is missing, and the form says so
    assert form.isVisible() or form.problem.text() == "Give site."
    form.options["site"].setCurrentText("West Locality")
    form.options["setting_type"].setCurrentIndex(form.options["setting_type"].findText("Community"))
    form.accept()
    assert step.combo_at(step.row_of("location name", "111 Call Centre")).currentText() == (
        "New location: 111 Call Centre (Northgate Hospital)"
    )
    screenshot(dialog, "mapping-step-datix")

    step.check_button.click()
    qtbot.waitUntil(lambda: dialog.check_result is not None, timeout=20000)
    assert "Check passed: 60 rows read" in dialog.summary.text()
    assert "2 new locations" in dialog.summary.text()
    assert counts(empty_services) == before  # a check adds no location
    assert step.status.text() == "Every value has a choice."
    screenshot(dialog, "mapping-step-datix-checked")

    dialog.import_button.click()
    qtbot.waitUntil(lambda: settled(dialog) and not dialog.result.dry_run, timeout=20000)
    assert dialog.result.ok, dialog.problem_texts()[:3]
    assert counts(empty_services) == (50, 5, 2)
    assert "Choices saved as 'Incidents from Datix'" in step.status.text()
    with reading(empty_services.db) as s:
        assert list(s.scalars(select(MappingProfile.name))) == ["Incidents from Datix"]
    dialog.close()

    # The next file with the same columns: the saved choices are used by themselves.
    again = window.import_incidents()
    assert again is not None
    again.set_path(SAMPLE)
    qtbot.waitUntil(lambda: settled(again), timeout=20000)
    assert again.result.ok, again.problem_texts()[:3]
    assert again.value_step.profile is not None
    assert again.value_step.profile.name == "Incidents from Datix"
    assert again.value_step.profile_combo.currentText() == "Incidents from Datix"
    assert "0 new incidents" in again.summary.text() or "Check passed" in again.summary.text()
    assert again.import_button.isEnabled()

    # Deleting the saved choices: the next check lists the values again.
    again.value_step._delete(again.value_step.profile)
    with reading(empty_services.db) as s:
        assert s.scalar(select(func.count()).select_from(MappingProfile)) == 0


def test_at_150_percent_the_dialog_scrolls_to_what_the_check_asks(
    make_window: Any, empty_services: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """1366 x 768 at 150%: the dialog's body scrolls, and after a check it shows the values
    still to choose; once they are chosen and checked, the result with Import beside it."""
    from PySide6.QtCore import QPoint
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QScrollArea
    from PySide6.QtWidgets import QWidget

    from vpr_desktop.views.common import screen_fit

    monkeypatch.setattr(screen_fit, "available_rect", lambda _w: QRect(0, 0, 911, 512))
    starter_setup(empty_services.db)
    window = make_window(empty_services, size=(911, 512))
    dialog = window.import_incidents()
    assert dialog is not None
    dialog.show()
    step = dialog.value_step
    scroll = dialog.findChild(QScrollArea, "dialogScroll")
    assert scroll is not None and dialog.height() <= 512

    def in_view(widget: QWidget) -> bool:
        top = widget.mapTo(scroll.viewport(), widget.rect().topLeft()).y()
        return top >= 0 and top + widget.height() <= scroll.viewport().height()

    dialog.set_path(SAMPLE)
    qtbot.waitUntil(lambda: settled(dialog) and in_view(step.status), timeout=20000)
    assert "4 values still need a choice" in step.status.text()
    assert in_view(step.check_button)
    for value in (
        "111 Call Centre",
        "Facilities - Security",
        "Outpatients Reception",
        "Community Mental Health West",
    ):
        step.choose("location name", value, "Leave these rows out")
    step.check_button.click()
    qtbot.waitUntil(lambda: dialog.check_result is not None, timeout=20000)
    qtbot.waitUntil(lambda: in_view(dialog.summary), timeout=5000)
    assert not scroll.isAncestorOf(dialog.import_button)  # pinned under the body, in view
    assert dialog.import_button.isEnabled() and "Check passed" in dialog.summary.text()
    # Once the layout has settled the saved-choices row is below the list of values, never
    # drawn over it (the layout passes through a squeezed state for an event or two).

    def apart() -> bool:
        table_bottom = step.table.mapTo(step, step.table.rect().bottomLeft()).y()
        return table_bottom < step.profile_combo.mapTo(step, QPoint(0, 0)).y()

    qtbot.waitUntil(apart, timeout=5000)
    dialog.close()
