"""The new-trust set-up wizard (issue 17) driven as a person would, on a new empty database:
trust name and code, sites and locations (typed, pasted, from an ESR staff export), the starter
catalogue, the standard, the first imports -- every row checked in the database; then a set-up
left half-way opens again where it stopped, and a skipped one is not offered again.

``VPR_SCREENSHOTS=folder`` keeps a screenshot of each step (see ``tests.views.shots``)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy import select

from tests.views.shots import screenshot
from vpr_desktop.domain.models import Course
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.models import TrainingRequirement
from vpr_desktop.services.admin import setup
from vpr_desktop.services.admin.trust_settings import load as load_settings
from vpr_desktop.services.common.unit_of_work import reading


def count(services: Any, model: object) -> int:
    with reading(services.db) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


def staff_export(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [
                ["Assignment Number", "Employee Name", "Staff Group", "Organisation"],
                ["1", "Smith, Ann", "Nursing and Midwifery Registered", "123 Ward 9 Older Adults"],
                ["2", "Jones, Bo", "Nursing and Midwifery Registered", "123 Ward 9 Older Adults"],
                ["3", "Khan, Cy", "Administrative and Clerical", "Head Office"],
            ]
        )
    return path


def test_a_new_trust_is_set_up_end_to_end(
    make_window: Any, empty_services: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window(empty_services)
    wizard = window.setup_wizard  # offered by itself: the database is new and empty
    assert wizard is not None and wizard.heading.text() == "Step 1 of 5: The trust"
    screenshot(wizard, "wizard-1-trust")

    wizard.trust_name.setText("Northgate NHS Foundation Trust")
    wizard.trust_code.setText("rxx")
    wizard.save_button.click()
    assert load_settings(empty_services.db).trust_name == "Northgate NHS Foundation Trust"
    assert wizard.heading.text() == "Step 2 of 5: Sites and locations"

    wizard.save_button.click()  # nothing typed: said, and the step stays
    assert "There are no locations to add yet." in wizard.outcome.text()
    row = wizard.add_place("Northgate Hospital", "Emergency Department", "", "NG-ED")
    combo = wizard.places.cellWidget(row, 2)
    combo.setCurrentIndex(combo.findText("Emergency department"))
    assert (
        wizard.paste_places(
            "Site\tLocation\tSetting type\n"
            "Northgate Hospital\tWard 7\tAcute ward\n"
            "Southfield\tWard 7\tInpatient mental health\n"
        )
        == 2
    )
    assert wizard.add_organisations(staff_export(tmp_path / "staff.csv")) == 2
    assert "2 organisations from staff.csv added" in wizard.outcome.text()
    screenshot(wizard, "wizard-2-places")
    wizard.save_button.click()  # the organisations have no site or setting yet
    assert "row 4 has no site" in wizard.outcome.text()
    assert count(empty_services, Location) == 0
    for r, (site, setting) in enumerate(
        (("Southfield", "Inpatient mental health"), ("Northgate Hospital", "Non clinical support")),
        start=3,
    ):
        wizard.places.item(r, 0).setText(site)
        box = wizard.places.cellWidget(r, 2)
        box.setCurrentIndex(box.findText(setting))
    wizard.save_button.click()
    assert wizard.outcome.text() == "Added 5 locations."
    with reading(empty_services.db) as s:
        placed = sorted(
            (site, name)
            for site, name in s.execute(
                select(Site.name, Location.name).join(Site, Location.site_id == Site.id)
            )
        )
    assert placed == [
        ("Northgate Hospital", "Emergency Department"),
        ("Northgate Hospital", "Head Office"),
        ("Northgate Hospital", "Ward 7"),
        ("Southfield", "Ward 7"),
        ("Southfield", "Ward 9 Older Adults"),
    ]
    assert wizard.heading.text() == "Step 3 of 5: Training catalogue and needs"
    screenshot(wizard, "wizard-3-catalogue")

    wizard.save_button.click()
    assert count(empty_services, StaffGroup) == 9
    assert count(empty_services, Course) >= 5 and count(empty_services, TrainingRequirement) > 0
    assert wizard.heading.text() == "Step 4 of 5: The standard"
    assert "indicators" in wizard.editions.text()
    screenshot(wizard, "wizard-4-standard")
    load = wizard.open_load_standard()
    assert load.windowTitle() == "Load the standard from its workbook"
    load.reject()

    wizard.save_button.click()
    assert wizard.heading.text() == "Step 5 of 5: First imports"
    assert wizard.save_button.isHidden() and not wizard.finish_button.isHidden()
    screenshot(wizard, "wizard-5-imports")
    wizard.import_buttons["staff"].click()
    dialog = window.import_dialogs["staff"]
    assert dialog.windowTitle().startswith("Import staff")
    dialog.reject()

    wizard.finish_button.click()
    state = setup.setup_state(empty_services.db, empty_services.actor)
    assert (state.status, state.done, state.trust_code) == ("finished", setup.STEPS, "RXX")
    assert not state.offered


def test_set_up_left_half_way_resumes_and_skipped_is_not_offered(
    make_window: Any, empty_services: Any
) -> None:
    window = make_window(empty_services)
    wizard = window.setup_wizard
    wizard.trust_name.setText("Southfield Trust")
    wizard.save_button.click()
    wizard.reject()  # closed half-way: the progress is in the database

    again = make_window(empty_services)  # the next time the database is opened
    resumed = again.setup_wizard
    assert resumed is not wizard
    assert resumed.heading.text() == "Step 2 of 5: Sites and locations"
    assert resumed.trust_name.text() == "Southfield Trust"
    resumed.skip_all.click()
    assert setup.setup_state(empty_services.db, empty_services.actor).status == "skipped"

    later = make_window(empty_services)
    assert getattr(later, "setup_wizard", None) is None  # not offered again
    later.setup_action.trigger()  # but on the File menu whenever wanted
    assert later.setup_wizard.heading.text() == "Step 2 of 5: Sites and locations"
