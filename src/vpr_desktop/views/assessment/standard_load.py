"""Load standard…: load or update an edition of the standard from a spreadsheet (CSV or XLSX).

Steps: choose the file; check which column feeds which field (one choice per field, preselected
from the headings recognised) against a preview of the first rows; give the edition id, library
version and title; "Check (dry run)" runs ``StandardsService.load_sheet(dry_run=True)`` and
lists the problems or the changes in words; "Load" (enabled only after a clean check of the
same inputs) writes. Every call runs in a background job; failures are shown in plain words.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.worker import CancelledFn, JobRunner, ProgressFn

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services

NOT_USED = "(not used)"
FILE_FILTER = "Spreadsheets (*.csv *.xlsx);;All files (*)"


def plain_error(exc: BaseException) -> str:
    """A failure in words (a ``VprError`` says what to do; anything else is named briefly)."""
    from vpr_desktop.domain.errors import VprError

    if isinstance(exc, VprError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"The file could not be read: {exc.strerror or exc}."
    return f"The file could not be used: {exc}"


class LoadStandardDialog(QDialog):
    """Load or update an edition of the standard from a spreadsheet, checked first.

    Signals:
        loaded(str): the result in words, after a real (not dry-run) load.
    """

    loaded = Signal(str)  # the result in words, after a real load

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Load a standard from a spreadsheet")
        self.setObjectName("loadStandardDialog")
        self.services = services
        self.preview: Any = None
        self.load_result: Any = None
        self._checked: tuple[Any, ...] | None = None  # the inputs of the last clean dry run
        self.runner = JobRunner(self, name="Standard loading task")

        self.path = QLineEdit(self)
        self.path.setAccessibleName("Spreadsheet file")
        self.path.setPlaceholderText("A CSV or Excel file listing domain, code, text, guidance")
        self.path.editingFinished.connect(self.load_preview)
        self.browse = QPushButton("Choose file…", self)
        self.browse.setAccessibleName("Choose the spreadsheet file…")
        self.browse.clicked.connect(self.choose_file)
        self.source = label(
            "Choose a file to see its columns and first rows.",
            self,
            name="sheetSource",
            selectable=True,
        )
        self.mapping_form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        self.missing = label("", self, name="missingFields", selectable=True)
        self.missing.hide()
        self.table = QTableWidget(0, 0, self)
        self.table.setObjectName("sheetPreviewTable")
        self.table.setAccessibleName("First rows of the file as they would be read")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)

        self.edition = QLineEdit(self)
        self.edition.setAccessibleName("Edition id (e.g. vpr-2027)")
        self.edition.setPlaceholderText("e.g. vpr-2027, or an edition already loaded")
        self.version = QSpinBox(self)
        self.version.setAccessibleName("Library version (higher than the one loaded)")
        self.version.setRange(1, 9999)
        self.title = QLineEdit(self)
        self.title.setAccessibleName("Title (needed for a new edition)")
        self.publisher = QLineEdit(self)
        self.publisher.setAccessibleName("Publisher (needed for a new edition)")
        for edit in (self.edition, self.title, self.publisher):
            edit.textChanged.connect(lambda _t: self._inputs_changed())
        self.version.valueChanged.connect(lambda _v: self._inputs_changed())

        self.check_button = QPushButton("Check (dry run)", self)
        self.check_button.setAccessibleName("Check the file without writing (dry run)")
        self.check_button.clicked.connect(self.check)
        self.load_button = QPushButton("Load", self)
        self.load_button.setAccessibleName("Load the standard (after a clean check)")
        self.load_button.clicked.connect(self.load)
        self.load_button.setEnabled(False)
        self.close_button = QPushButton("Close", self)
        self.close_button.setAccessibleName("Close")
        self.close_button.clicked.connect(self.reject)
        self.outcome = label("", self, name="loadOutcome", selectable=True)
        self.outcome.setAccessibleName("Result")
        self.problems = QPlainTextEdit(self)
        self.problems.setObjectName("loadProblems")
        self.problems.setAccessibleName("Problems found, row by row")
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(140)
        self.problems.hide()

        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse)
        edition_form = QFormLayout()
        edition_form.addRow("Edition id", self.edition)
        edition_form.addRow("Library version", self.version)
        edition_form.addRow("Title", self.title)
        edition_form.addRow("Publisher", self.publisher)
        columns = QHBoxLayout()
        mapping_box = QVBoxLayout()
        mapping_box.addWidget(label("Which column feeds each field", self, wrap=False))
        mapping_box.addLayout(self.mapping_form)
        mapping_box.addWidget(self.missing)
        mapping_box.addStretch(1)
        columns.addLayout(mapping_box, 1)
        columns.addLayout(edition_form, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.check_button, self.load_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.source)
        layout.addLayout(columns)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.runner)
        layout.addWidget(self.outcome)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        self.resize(900, 640)

    # ------------------------------------------------------------ file and mapping
    def choose_file(self) -> None:
        """Ask for the spreadsheet, then preview it."""
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(self, "Choose a spreadsheet", "", FILE_FILTER)
        if path:
            self.set_path(path)

    def set_path(self, path: Path | str) -> None:
        """Use the file at ``path`` and preview it with the recognised columns."""
        self.path.setText(str(path))
        self.load_preview(reset=True)

    def column_map(self) -> dict[str, str]:
        """field key -> the file's heading chosen for it (fields left unused are left out)."""
        return {
            key: box.currentText()
            for key, box in self.combos.items()
            if box.currentData() is not None
        }

    def load_preview(self, reset: bool = False) -> None:
        """Read the first rows in the background; ``reset`` drops the user's column choices."""
        path = self.path.text().strip()
        if not path:
            return
        mapping = None if reset or not self.combos else self.column_map()

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> Any:
            return self.services.standards().preview_sheet(path, mapping)

        self._inputs_changed()
        self.runner.start(
            work,
            label="Reading the file…",
            on_done=self.show_preview,
            on_error=self._failed,
            quiet=True,
        )

    def show_preview(self, preview: Any) -> None:
        """Show the preview rows and one column choice per field."""
        self.preview = preview
        self.source.setText(f"{preview.file_name}: {preview.source}.")
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.combos = {}
        for f in preview.fields:
            box = QComboBox(self)
            box.setAccessibleName(f"Column for {f.label}" + (" (required)" if f.required else ""))
            box.addItem(NOT_USED, None)
            for heading in preview.headers:
                box.addItem(heading, heading)
            if f.header is not None:
                box.setCurrentIndex(max(0, box.findData(f.header)))
            box.currentIndexChanged.connect(lambda _i: self.load_preview())
            self.combos[f.key] = box
            self.mapping_form.addRow(f.label + (" *" if f.required else ""), box)
        self.missing.setText(
            ""
            if preview.ok
            else "No column chosen yet for: "
            + ", ".join(preview.missing_required)
            + ". Choose one above."
        )
        self.missing.setVisible(not preview.ok)
        fields = [f for f in preview.fields if f.header is not None]
        self.table.setColumnCount(len(fields))
        self.table.setHorizontalHeaderLabels([f"{f.label} ({f.header})" for f in fields])
        self.table.setRowCount(len(preview.rows))
        for r, row in enumerate(preview.rows):
            for c, f in enumerate(fields):
                self.table.setItem(r, c, QTableWidgetItem(row.get(f.key, "")))
        self.table.resizeColumnsToContents()
        self._inputs_changed()

    def preview_rows(self) -> list[list[str]]:
        """The preview table as text (for tests)."""
        return [
            [
                (self.table.item(r, c).text() if self.table.item(r, c) else "")
                for c in range(self.table.columnCount())
            ]
            for r in range(self.table.rowCount())
        ]

    # ------------------------------------------------------------ check and load
    def _inputs(self) -> tuple[Any, ...]:
        return (
            self.path.text().strip(),
            tuple(sorted(self.column_map().items())),
            self.edition.text().strip(),
            self.version.value(),
            self.title.text().strip(),
            self.publisher.text().strip(),
        )

    def _inputs_changed(self) -> None:
        self.load_button.setEnabled(self._checked is not None and self._checked == self._inputs())

    def _run(self, dry_run: bool) -> None:
        path, mapping, edition, version, title, publisher = inputs = self._inputs()
        if not path or not edition:
            self.show_outcome("Choose a file and give the edition id first.", [])
            return

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> Any:
            return self.services.standards().load_sheet(
                path,
                edition,
                version,
                column_map=dict(mapping) or None,
                title=title or None,
                publisher=publisher or None,
                dry_run=dry_run,
            )

        self.runner.start(
            work,
            label="Checking the file…" if dry_run else "Loading the standard…",
            on_done=lambda result: self._done(result, inputs),
            on_error=self._failed,
            cancellable=dry_run,
            purpose="read" if dry_run else "write",
        )

    def check(self) -> None:
        """Dry run: list the problems or the changes a load would make."""
        self._checked = None
        self._inputs_changed()
        self._run(dry_run=True)

    def load(self) -> None:
        """Write the edition, only if the inputs are those of the last clean check."""
        if self._checked is None or self._checked != self._inputs():
            self.show_outcome("Run the check again: the inputs changed since the last one.", [])
            return
        self._run(dry_run=False)

    def _done(self, result: Any, inputs: tuple[Any, ...]) -> None:
        self.load_result = result
        self.show_outcome(result.summary(), [str(p) for p in result.problems])
        if result.dry_run:
            self._checked = inputs if result.ok else None
            self._inputs_changed()
        elif result.ok:
            self._checked = None
            self._inputs_changed()
            self.loaded.emit(result.summary())

    def _failed(self, exc: BaseException) -> None:
        self.show_outcome(plain_error(exc), [])

    def show_outcome(self, text: str, problems: list[str]) -> None:
        """Show the result in words and the problems below it, if any."""
        self.outcome.setText(text)
        self.problems.setPlainText("\n".join(problems))
        self.problems.setVisible(bool(problems))
