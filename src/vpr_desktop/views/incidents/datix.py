"""What a Datix incident import is called and which service call runs it.

The check-then-import dialog is the shared ``views.common.import_dialog.ImportDialog``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vpr_desktop.views.common.import_dialog import ImportSpec

if TYPE_CHECKING:
    from vpr_desktop.services.incidents.service import IncidentService

DATIX_INTRO = (
    "Choose a Datix-style export (CSV or Excel) of violence and aggression "
    "incidents. Patient names, dates of birth and NHS numbers in it are dropped and "
    "never stored. The file is checked first and nothing is written until you press "
    "Import; incidents already here (same Datix reference) are updated, not "
    "duplicated. If any row has a problem, nothing is imported."
)
DATIX_FILTER = (
    "Datix exports (*.csv *.xlsx);;CSV files (*.csv);;Excel workbooks (*.xlsx);;All files (*)"
)


def datix_spec(service: IncidentService) -> ImportSpec:
    """The import dialog's wording and runner for a Datix incident export."""
    return ImportSpec(
        "Import incidents from Datix",
        DATIX_INTRO,
        "incident",
        lambda path, dry: service.import_incidents(path, dry_run=dry),
        DATIX_FILTER,
        values=service.value_mapping(),
    )
