"""Import a self-assessment workbook (the export's layout, or any sheet with code and RAG).

The generic half — safe reading, zip-bomb and macro checks, no formula evaluated, the column
map in ``resources/import_formats/assessment.toml``, all-or-nothing, the rejection record — is
:mod:`vpr_desktop.services.importing`. This body reads code, RAG, work status and narrative
only: evidence and actions are changed in the app, never by a spreadsheet (a re-imported
workbook must not create duplicate actions or point at files it cannot carry).

The rows are checked and written by :mod:`.sheet_rows` (its docstring gives the row rules);
the cycle must be open (not signed off, no signature yet).

Which cycle: the one given, else the one named on the workbook's About sheet (the export
writes its id there). A row whose values equal the cycle's is left alone (no new version, no
audit noise); a changed row is a rating by the importing person, which confirms it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from vpr_desktop.domain.enums import ImportKind
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.assessment.sheet_rows import rag_words
from vpr_desktop.services.assessment.sheet_rows import ratings_body
from vpr_desktop.services.importing.batch import ImportResult
from vpr_desktop.services.importing.batch import run_import
from vpr_desktop.services.importing.mapping import load_format
from vpr_desktop.services.importing.reader import Limits
from vpr_desktop.services.importing.reader_xlsx import prescan_zip

if TYPE_CHECKING:
    from vpr_desktop.services.assessment.service import AssessmentService

ABOUT_SHEET = "About"
CYCLE_ID_LABEL = "Cycle id"


def cycle_from_workbook(path: Path) -> int:
    """The cycle id the export wrote on the About sheet (the workbook is pre-scanned first)."""
    if path.suffix.lower() != ".xlsx":
        raise ValidationError(
            f"{path.name} does not say which cycle it belongs to.",
            "Choose the cycle to import into (--cycle).",
        )
    prescan_zip(path, Limits())
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise ValidationError(
            f"{path.name} could not be read as a workbook ({exc}).",
            "Open it in Excel and save a copy as .xlsx.",
        ) from exc
    try:
        if ABOUT_SHEET in wb.sheetnames:
            for row in wb[ABOUT_SHEET].iter_rows(max_row=40, max_col=2, values_only=True):
                if row and row[0] == CYCLE_ID_LABEL and row[1] is not None:
                    text = str(row[1]).strip().removesuffix(".0")
                    if text.isdigit():
                        return int(text)
    finally:
        wb.close()
    raise ValidationError(
        f"{path.name} does not say which cycle it belongs to (no "
        f"'{CYCLE_ID_LABEL}' on an About sheet).",
        "Choose the cycle to import into (--cycle).",
    )


def import_assessment(
    service: AssessmentService,
    path: Path | str,
    cycle_id: int | None,
    *,
    dry_run: bool = False,
    column_map: dict[str, str] | None = None,
) -> ImportResult:
    path = Path(path)
    if cycle_id is None:
        if not path.is_file():
            raise ValidationError(f"There is no file at {path}.", "Check the path.")
        cycle_id = cycle_from_workbook(path)
    info = service.cycle(cycle_id)
    if info.read_only:
        raise ValidationError(
            f"'{info.name}' is signed off, so it is read-only.",
            "Start a new cycle and import into that one.",
        )
    scale = service.summary(cycle_id).scale
    fmt = load_format("assessment")
    if column_map:
        fmt = fmt.with_columns(column_map)
    return run_import(
        service.db,
        service.actor,
        kind=ImportKind.ASSESSMENT,
        path=path,
        fmt=fmt,
        body=ratings_body(service, info, rag_words(scale)),
        dry_run=dry_run,
        allow_same_file=True,
    )
