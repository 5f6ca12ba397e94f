"""The one-page "who does what" table: shown in the page, printed, or saved as PDF.

The same HTML is shown on screen and printed with Qt's ``QTextDocument`` (QtPrintSupport ships
with PySide6-Essentials), on A4 landscape, with the font made smaller until it fits one page.
Names come from the database, so every value is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSizeF, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QTextBrowser, QWidget

from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.widgets import label, push_button, vertical

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


def ask_pdf_path(parent: QWidget, folder: Path) -> Path | None:
    """Ask where to save the PDF (starting in ``folder``); None if cancelled or headless."""
    from PySide6.QtWidgets import QFileDialog

    from vpr_desktop.views.common import dialogs

    if dialogs.headless():
        return None
    path, _ = QFileDialog.getSaveFileName(
        parent,
        "Save who does what as PDF",
        str(folder / "who-does-what.pdf"),
        "PDF (*.pdf)",
    )
    return Path(path) if path else None


class WhoDoesWhatView(QWidget):
    """The table on screen with Print… and Save as PDF… buttons.

    Signals:
        save_requested(): the user asked to save a PDF (the page picks the file).
    """

    save_requested = Signal()
    print_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("whoDoesWhat")
        self.rows: list[WhoRow] = []
        self.intro = label(
            "One page for the committee: every VPR role, who holds it, their "
            "deputy and time. Print it, or save it as PDF.",
            self,
            name="mutedText",
        )
        self.print_button = push_button(
            "Print…", self, self.print_requested, spoken="Print the who does what table on one page"
        )
        self.pdf_button = push_button(
            "Save as PDF…",
            self,
            self.save_requested,
            spoken="Save the who does what table as a one-page PDF",
        )
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("whoTable")
        self.browser.setAccessibleName("Who does what table")
        self.browser.setOpenLinks(False)
        self.note = label("", self, name="mutedText", selectable=True)
        self.note.setAccessibleName("Last saved file")
        self.note.hide()

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.intro, 1)
        top.addWidget(self.print_button)
        top.addWidget(self.pdf_button)
        vertical(self, top, self.note, (self.browser, 1), margins=(0, 8, 0, 0), spacing=8)

    def show_rows(self, rows: Sequence[WhoRow], trust: str = "") -> None:
        self.rows = list(rows)
        self.browser.setHtml(who_html(self.rows, trust=trust))

    def text(self) -> str:
        return self.browser.toPlainText()

    def print_with_dialog(self) -> None:
        """Ask for a printer (the system dialog) and print the table on one page."""
        from vpr_desktop.views.common import dialogs

        if dialogs.headless():
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print who does what")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            print_one_page(self.rows, printer)
