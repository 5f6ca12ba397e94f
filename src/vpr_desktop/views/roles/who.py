"""The one-page "who does what" table on screen, with Print… and Save as PDF….

The table's HTML, and printing it on one page or to a PDF, are ``roles.who_document``'s: the
screen shows the same HTML that is printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QTextBrowser
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.roles.who_document import print_one_page
from vpr_desktop.views.roles.who_document import who_html

if TYPE_CHECKING:
    from vpr_desktop.services.roles.service import WhoRow


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
        from PySide6.QtPrintSupport import QPrintDialog
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print who does what")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            print_one_page(self.rows, printer)
