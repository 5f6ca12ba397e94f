"""Data > Import …: every import the window offers, declared once.

Each entry says who may import (the service checks again), which check-then-import dialog to
open and which page to load again afterwards; :func:`vpr_desktop.views.imports.open_import`
does the rest the same way for all of them. The risk register's import belongs to its page
(the page keeps its own dialog and reloads itself), so that entry shows the page and asks it
to open the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import NamedTuple

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services
    from vpr_desktop.views.common.import_dialog import ImportDialog
    from vpr_desktop.views.main_window import MainWindow

LOCATIONS_INTRO = (
    "Choose a CSV or Excel list of the trust's locations, one row per ward, department or "
    "service, with columns for the site code (and the site name for a new site), the location "
    "code and name, the setting type (e.g. Inpatient mental health, Emergency department, "
    "Community) and, optionally, the directorate and whether it is in use. Setting types "
    "drive each location's training needs and the committee and board packs. Locations "
    "already here (same code) are updated, not duplicated. The file is checked first and "
    "nothing is written until you press Import; if any row has a problem, nothing is "
    "imported."
)
LOCATIONS_FILTER = (
    "Location lists (*.csv *.xlsx);;CSV files (*.csv);;Excel workbooks (*.xlsx);;All files (*)"
)
NOT_READ_ONLY = "needs the VPR lead role and a database that is not read-only."

#: Makes the dialog for one kind of import: (window, services, kind) -> dialog, or None
#: when the page that owns the dialog refused (role or read-only database).
DialogFactory = Callable[["MainWindow", "Services", str], "ImportDialog | None"]


class ImportCommand(NamedTuple):
    """One Data > Import entry: who may use it and the dialog it opens."""

    text: str  # the Data menu entry
    refusal: str  # said when this person, or this database, may not import
    needs: tuple[str, ...]  # every one of these permissions (``Permission`` values)
    dialog: DialogFactory
    refresh: str | None = None  # the page loaded again after an import
    writable: bool = True  # refused up front on a read-only database
    owned_by_page: bool = False  # the page wires and keeps its own dialog
    page_refusal: str = ""  # said when that page refused (its role, a read-only database)
    status_notes: bool = False  # the dialog's task notes also go to the status bar
    tip: str = ""


def _locations(window: MainWindow, services: Services, kind: str) -> ImportDialog:
    from vpr_desktop.services.admin.location_import import import_locations
    from vpr_desktop.services.admin.location_import import location_value_mapping
    from vpr_desktop.views.common.import_dialog import ImportDialog
    from vpr_desktop.views.common.import_dialog import ImportSpec

    db, actor = services.db, services.actor
    spec = ImportSpec(
        "Import locations",
        LOCATIONS_INTRO,
        "location",
        lambda path, dry: import_locations(db, actor, path, dry_run=dry),
        LOCATIONS_FILTER,
        values=location_value_mapping(db, actor),
    )
    return ImportDialog(None, window, spec=spec)


def _esr(window: MainWindow, services: Services, kind: str) -> ImportDialog:
    """Staff or training from ESR: preview and map the columns, check, then import."""
    from vpr_desktop.views.training.import_dialog import EsrImportDialog

    return EsrImportDialog(services.training_imports(), kind, window)


def _datix(window: MainWindow, services: Services, kind: str) -> ImportDialog:
    from vpr_desktop.views.common.import_dialog import ImportDialog
    from vpr_desktop.views.incidents.datix import datix_spec

    return ImportDialog(None, window, spec=datix_spec(services.incidents()))


def _risks(window: MainWindow, services: Services, kind: str) -> ImportDialog | None:
    from vpr_desktop.views.risks.page import RiskRegisterPage

    window.show_page("risks")
    page = window.pages["risks"]
    return page.open_import() if isinstance(page, RiskRegisterPage) else None


IMPORTS: dict[str, ImportCommand] = {
    "locations": ImportCommand(
        "Import &locations…",
        f"Importing locations {NOT_READ_ONLY}",
        ("import_data",),
        _locations,
        refresh="training",
    ),
    "staff": ImportCommand(
        "Import &staff from ESR…",
        f"Importing from ESR {NOT_READ_ONLY}",
        ("import_data",),
        _esr,
        refresh="training",
        status_notes=True,
    ),
    "training": ImportCommand(
        "Import &training from ESR…",
        f"Importing from ESR {NOT_READ_ONLY}",
        ("import_data",),
        _esr,
        refresh="training",
        status_notes=True,
    ),
    "incidents": ImportCommand(
        "Import incidents from &Datix…",
        f"Importing incidents {NOT_READ_ONLY}",
        ("import_data", "edit_incidents"),
        _datix,
        refresh="incidents",
    ),
    "risks": ImportCommand(
        "Import &risk assessments…",
        "Importing risk assessments needs access to the risk register.",
        ("read_risks",),
        _risks,
        writable=False,
        owned_by_page=True,
        page_refusal=f"Importing risk assessments {NOT_READ_ONLY}",
        tip="Import an existing risk register from a CSV or Excel file",
    ),
}
