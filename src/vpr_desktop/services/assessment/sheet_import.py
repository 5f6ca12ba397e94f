"""Import a self-assessment workbook (the export's layout, or any sheet with code and RAG).

The generic half — safe reading, zip-bomb and macro checks, no formula evaluated, the column
map in ``resources/import_formats/assessment.toml``, all-or-nothing, the rejection record — is
:mod:`vpr_desktop.services.importing`. This body reads code, RAG, work status and narrative
only: evidence and actions are changed in the app, never by a spreadsheet (a re-imported
workbook must not create duplicate actions or point at files it cannot carry).

Row rules (each failure is one report line naming the row, so "row 17: RAG 'Purple' ..." and
"row 30: Code '9.9' ..." come back together and nothing is written):

* the code must be an indicator of the cycle's edition, once per file;
* the RAG must be one of the edition's scale labels (also ``R``/``A``/``G``; blank is "not
  assessed");
* the work status, when the column is there, one of to do / in progress / in review / done;
* the cycle must be open (not signed off, no signature yet).

Which cycle: the one given, else the one named on the workbook's About sheet (the export
writes its id there). A row whose values equal the cycle's is left alone (no new version, no
audit noise); a changed row is a rating by the importing person, which confirms it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import ImportKind, Rag, WorkStatus
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AssessmentCycle, Indicator, Rating
from vpr_desktop.services.importing.batch import ImportContext, ImportResult, run_import
from vpr_desktop.services.importing.mapping import load_format
from vpr_desktop.services.importing.reader import Limits
from vpr_desktop.services.importing.row_check import RowCheck
from vpr_desktop.services.importing.values import clean_text, parse_choice
from vpr_desktop.services.importing.zip_prescan import prescan_zip

if TYPE_CHECKING:
    from vpr_desktop.services.assessment.records import CycleInfo
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


def rag_words(scale: Any) -> dict[str, Rag]:
    """Accepted RAG cell values (case-blind): the scale's labels, the ids, R/A/G."""
    words: dict[str, Rag] = {}
    for level in scale:
        for word in (level.label, level.id.value, level.id.value.replace("_", " ")):
            words[" ".join(word.split()).casefold()] = level.id
    words.update(
        {
            "r": Rag.RED,
            "a": Rag.AMBER,
            "g": Rag.GREEN,
            "not assessed": Rag.NOT_RATED,
            "not rated": Rag.NOT_RATED,
        }
    )
    return words


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
        body=_body(service, info, rag_words(scale)),
        dry_run=dry_run,
        allow_same_file=True,
    )


def _body(service: AssessmentService, info: CycleInfo, words: dict[str, Rag]) -> Any:
    allowed = ", ".join(dict.fromkeys(level.label for level in service.summary(info.id).scale))

    def body(ctx: ImportContext) -> None:
        s = ctx.session
        cycle = s.get(AssessmentCycle, info.id)
        assert cycle is not None
        service._check_editable(s, cycle.id)
        ratings = {
            code: r
            for r, code in s.execute(
                select(Rating, Indicator.code)
                .join(Indicator, Indicator.id == Rating.indicator_id)
                .where(Rating.cycle_id == cycle.id)
            ).all()
        }
        fmt = ctx.table.format
        has_status, has_narrative = ctx.table.has("work_status"), ctx.table.has("narrative")
        seen: dict[str, int] = {}
        updates: list[tuple[Rating, Rag, WorkStatus, str | None]] = []
        for row in ctx.table.rows():
            ctx.rows_read += 1
            check = RowCheck(ctx, row)
            code = clean_text(row["code"])
            rating = None
            if code is None:
                check.problem("code", row["code"], "is empty; Code is required")
            elif check.first_use("code", code, seen, "the same code is"):
                rating = ratings.get(code)
                if rating is None:
                    check.problem(
                        "code",
                        code,
                        f"is not an indicator of the {info.edition} edition in '{info.name}'",
                    )
            raw_rag = clean_text(row["rag"])
            rag = Rag.NOT_RATED
            if raw_rag is not None:
                found = words.get(" ".join(raw_rag.split()).casefold())
                if found is None:
                    check.problem("rag", raw_rag, f"is not a rating; use {allowed}")
                else:
                    rag = found
            status = WorkStatus(rating.work_status) if rating is not None else WorkStatus.TO_DO
            if has_status:
                chosen = check.parse(
                    "work_status", lambda v: parse_choice(v, fmt.field("work_status").choices)
                )
                status = WorkStatus(chosen) if chosen else status
            narrative = rating.narrative if rating is not None else None
            if has_narrative:
                narrative = check.text("narrative", required=False)
            if not check.bad and rating is not None:
                updates.append((rating, rag, status, narrative))
        if ctx.problems:
            return
        now, changed = utcnow(), 0
        for rating, rag, status, narrative in updates:
            if (Rag(rating.rag), WorkStatus(rating.work_status), rating.narrative) == (
                rag,
                status,
                narrative,
            ):
                continue
            rating.rag, rating.work_status, rating.narrative = rag, status, narrative
            rating.carried_forward = rating.needs_reconfirm = False
            rating.rated_by, rating.rated_at = service.actor.username, now
            changed += 1
        s.flush()
        ctx.rows_ok = len(updates)
        ctx.counts.update({"ratings changed": changed, "unchanged": len(updates) - changed})
        if len(seen) < len(ratings):
            ctx.notes.append(
                f"{len(ratings) - len(seen)} indicator(s) of the cycle were not "
                "in the file and were left as they were."
            )

    return body
