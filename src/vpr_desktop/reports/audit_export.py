"""The audit trail (or a filtered view of it) as a CSV file or an Excel workbook.

One line per changed field, as :mod:`vpr_desktop.reports.audit_lines` lays them out (and
writes the CSV); this module writes the workbook and publishes either file.

Every value someone typed reaches the file as text that is never evaluated: in the workbook
through ``xlsx_safety.text_cell``; in the CSV, a cell starting ``= + - @``, tab, CR or LF gets a
leading apostrophe (OWASP "CSV injection"), which Excel shows as text. The file appears whole or
not at all (written next to the target, then moved into place inside the transaction that
audits the export), and times are the trust's local time (Europe/London).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter

from vpr_desktop.reports.audit_lines import COLUMNS
from vpr_desktop.reports.audit_lines import event_texts
from vpr_desktop.reports.audit_lines import lines
from vpr_desktop.reports.audit_lines import local_time
from vpr_desktop.reports.audit_lines import write_csv
from vpr_desktop.reports.xlsx_export import EXPORT_WORDING
from vpr_desktop.reports.xlsx_export import date_cell
from vpr_desktop.reports.xlsx_export import header_row
from vpr_desktop.reports.xlsx_safety import text_cell
from vpr_desktop.services.admin.audit import AuditEntry
from vpr_desktop.services.admin.audit import AuditService
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.store.atomic import FileWriteError
from vpr_desktop.store.atomic import write_atomically

DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


class AuditExportError(FileWriteError):
    """The audit export could not be written (missing folder, file open in Excel, read-only)."""


@dataclass(frozen=True)
class AuditExportResult:
    path: Path
    events: int
    lines: int


def _time_cell(ws: Any, at: dt.datetime) -> Cell:
    # Excel has no time zones: the trust's local time, to the second
    return date_cell(ws, local_time(at).replace(tzinfo=None), DATETIME_FORMAT)


@contextmanager
def _audited(service: AuditService, name: str, detail: Callable[[], str]) -> Iterator[None]:
    # The detail counts the lines written, so it is read when the rename is audited, not before
    with service.recording_export(name, detail()):
        yield


def build_workbook(
    entries: Iterable[AuditEntry], showing: str, who: str
) -> tuple[Workbook, int, int]:
    """The workbook (sheets: Audit, About) in write-only form; returns it with (events, lines)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Audit")
    for i, (_title, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    header_row(ws, [title for title, _width in COLUMNS])
    events: set[int] = set()
    n = 0
    for entry, fields in lines(entries):
        events.add(entry.id)
        texts = [*event_texts(entry), *fields]
        ws.append([entry.id, _time_cell(ws, entry.at), *(text_cell(ws, t) for t in texts)])
        n += 1
    about = wb.create_sheet("About")
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 70
    exported = _time_cell(about, dt.datetime.now(dt.UTC))
    for label, value in (
        ("Exported", exported),
        ("By", text_cell(about, who)),
        ("Showing", text_cell(about, showing)),
        ("Events", len(events)),
        ("Lines", n),
        (
            "Note",
            text_cell(
                about,
                "Special-category data (protected characteristics) is never kept in the "
                "audit trail: a change to it shows as '(changed)'.",
            ),
        ),
    ):
        about.append([text_cell(about, label), value])
    return wb, len(events), n


def export_audit(
    service: AuditService, path: str | Path, request: PageRequest | None = None
) -> AuditExportResult:
    """Write the events ``request`` lists (filters, search and order as on screen) to ``path``:
    ``.csv`` as CSV, anything else as an Excel workbook. The export itself is audited."""
    target = Path(path)
    req = request or PageRequest()
    showing = service.describe(req)
    entries = service.entries(req)
    counts: list[int] = []
    if target.suffix.lower() == ".csv":

        def write(fh: IO[bytes]) -> None:
            # utf-8-sig: Excel opens it with the right characters (names with accents, "…")
            text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
            counts.extend(write_csv(entries, text))
            text.flush()
            text.detach()

    else:

        def write(fh: IO[bytes]) -> None:
            wb, events, n = build_workbook(entries, showing, service.actor.display_name)
            wb.save(fh)
            counts.extend((events, n))

    def detail() -> str:
        return f"{counts[0]} events, {counts[1]} lines ({showing})"

    write_atomically(
        target,
        write,
        wording=EXPORT_WORDING,
        error=AuditExportError,
        inside=_audited(service, target.name, detail),
    )
    return AuditExportResult(target, counts[0], counts[1])
