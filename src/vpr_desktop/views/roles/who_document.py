"""The "who does what" table as a document: its HTML, printed on one page or saved as PDF.

The same HTML is shown on screen (``roles.who``) and printed with Qt's ``QTextDocument``
(QtPrintSupport ships with PySide6-Essentials), on A4 landscape, with the font made smaller
until it fits one page. Names come from the database, so every value is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPageLayout
from PySide6.QtGui import QPageSize
from PySide6.QtGui import QTextDocument

from vpr_desktop.views.common.formatting import format_date

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from vpr_desktop.services.roles.service import WhoRow

TITLE = "Who does what: violence prevention and reduction roles"
COLUMNS = ("Role", "Scope", "Holder", "Deputy", "Hours a week", "Review date")
#: Point sizes tried, largest first, until the table fits on one page.
FONT_SIZES = (10, 9, 8, 7, 6, 5)


def who_html(
    rows: Sequence[WhoRow], *, trust: str = "", today: dt.date | None = None, font_pt: int = 10
) -> str:
    """The table as HTML, grouped by level (a heading row per level)."""
    esc = html.escape
    when = format_date(today or dt.date.today())
    head = "".join(
        f'<th align="{"right" if c == "Hours a week" else "left"}">{c}</th>' for c in COLUMNS
    )
    body: list[str] = []
    level = None
    for row in rows:
        if row.level != level:
            level = row.level
            body.append(
                f'<tr><td colspan="{len(COLUMNS)}" class="level"><b>{esc(level)}</b></td></tr>'
            )
        hours = "" if row.hours_per_week is None else f"{row.hours_per_week:g}"
        body.append(
            "<tr>"
            f"<td>{esc(row.role)}</td><td>{esc(row.scope)}</td>"
            f"<td>{'<b>Vacant</b>' if row.holder == 'Vacant' else esc(row.holder)}</td>"
            f'<td>{esc(row.deputy)}</td><td align="right">{hours}</td>'
            f"<td>{format_date(row.review_date)}</td>"
            "</tr>"
        )
    if not rows:
        body.append(f'<tr><td colspan="{len(COLUMNS)}">No roles recorded yet.</td></tr>')
    subtitle = f"{esc(trust)} · " if trust else ""
    return (
        # No colours: the printed page is black on white (and colours live in ui/style.qss).
        "<html><head><style>"
        f"body {{ font-family: sans-serif; font-size: {font_pt}pt; }}"
        "h1 { font-size: 150%; margin: 0; }"
        "th { border-bottom: 1px solid; padding: 3px 6px; }"
        "td { padding: 3px 6px; }"
        "td.level { padding-top: 8px; }"
        "</style></head><body>"
        f"<h1>{TITLE}</h1>"
        f"<p>{subtitle}As at {when}. Vacant roles are marked <b>Vacant</b>.</p>"
        '<table width="100%" cellspacing="0" cellpadding="3">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        "</body></html>"
    )


def print_one_page(
    rows: Sequence[WhoRow], printer: QPrinter, *, trust: str = "", today: dt.date | None = None
) -> int:
    """Print (or write as PDF) on one A4 landscape page; returns the point size used."""
    from PySide6.QtPrintSupport import QPrinter

    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    area = printer.pageRect(QPrinter.Unit.Point).size()
    doc = QTextDocument()
    used = FONT_SIZES[-1]
    for size in FONT_SIZES:
        doc.setHtml(who_html(rows, trust=trust, today=today, font_pt=size))
        doc.setPageSize(QSizeF(area.width(), area.height()))
        used = size
        if doc.pageCount() <= 1:
            break
    doc.print_(printer)
    return used


def save_pdf(
    rows: Sequence[WhoRow], path: Path, *, trust: str = "", today: dt.date | None = None
) -> Path:
    """Write the one-page table to ``path`` as PDF (what the committee papers take)."""
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setDocName(TITLE)
    print_one_page(rows, printer, trust=trust, today=today)
    return path
