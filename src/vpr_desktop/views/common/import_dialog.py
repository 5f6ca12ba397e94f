"""Import a CSV or Excel file (risks, Datix incidents, locations…): check first, then import.

Every import the app offers is all or nothing: if any row has a problem, nothing is written. So the
dialog always checks the file first (a dry run in the background, which writes nothing), lists
every problem as row, column, value and why — the report can be saved as CSV to fix the file
with — and only enables Import once the check has passed for the chosen file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.dialog_body import keep_in_view
from vpr_desktop.views.common.dialog_title import set_dialog_title
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.read_only import rows_table
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.value_step import ValueStep
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import set_role
from vpr_desktop.views.common.widgets import text_cell
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import JobRunner

#: Used when a spec names no filter of its own.
FILE_FILTER = "CSV or Excel files (*.csv *.xlsx *.xlsm);;All files (*)"
PROBLEM_COLUMNS = ("Row", "Column", "Value", "Why")


@dataclass(frozen=True)
class ImportSpec:
    """What one kind of import is called and which service call runs it (dry run or not), so
    the same check-then-import dialog serves the risk register and the Datix incident export."""

    title: str
    intro: str
    noun: str  # one record, e.g. "risk"; counts are read from ``counts[noun + "s"]``
    run: Callable[[Path, bool], Any]
    file_filter: str = FILE_FILTER
    #: The importer's value mapping (``services.importing.value_profiles.ValueMapping``):
    #: given, the dialog lists the file's unknown values and lets a person map, create or
    #: leave them out (``value_step.ValueStep``), and runs the import through it.
    values: Any = None


class ImportDialog(ScreenFitDialog):
    """Check a file (a dry run), list its problems, then import it: one dialog for every
    all-or-nothing import (risk register, Datix incidents, locations, ESR files).

    Signals:
        imported(object): an ``ImportResult`` whose records were committed.
    """

    imported = Signal(object)
    #: Whether the check and import offer Cancel (the service must honour ``is_cancelled``).
    cancellable = False
    #: Whether the result repeats how the file was read (encoding, delimiter, header row).
    show_source = True

    def __init__(
        self,
        service: object | None,
        parent: QWidget | None = None,
        *,
        spec: ImportSpec,
    ) -> None:
        """``service`` is kept for subclasses; ``spec`` says what is imported and how."""
        super().__init__(parent)
        self.service = service
        self.spec = spec
        self.path: Path | None = None
        self.check_result: Any = None  # the passed dry run for ``path``
        self.result: Any = None  # the last result shown (check or import)
        set_dialog_title(self, "importDialog", self.spec.title)

        heading = label(self.spec.title, self, name="dialogHeading")
        intro = label(self.spec.intro, self)
        self.file_box = QLineEdit(self)
        self.file_box.setReadOnly(True)
        self.file_box.setPlaceholderText("No file chosen")
        self.file_box.setAccessibleName("File to import")
        self.choose_button = push_button(
            "Choose file…", self, self.choose_file, spoken="Choose the file to import"
        )
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_box, 1)
        file_row.addWidget(self.choose_button)

        self.check_button = push_button(
            "Check only (dry run)",
            self,
            self.check,
            spoken="Check the file without importing (dry run)",
        )
        self.import_button = push_button(
            "Import", self, self.run_import, spoken="Import the checked file", primary=True
        )
        self.import_button.setObjectName("importRisks")
        self.import_hint = label(
            "Import is available once the check finds no problems.", self, name="fieldHint"
        )
        actions = QHBoxLayout()
        actions.addWidget(self.check_button)
        actions.addWidget(self.import_button)
        actions.addWidget(self.import_hint, 1)

        self.runner = JobRunner(self, name="Import task")
        self.runner.busy_changed.connect(lambda _busy: self._update_buttons())
        self.summary = label("", self, name="resultSummary", selectable=True)
        self.summary.setAccessibleName("Result")
        self.summary.hide()
        self.details = label("", self, name="mutedText", selectable=True)
        self.details.hide()
        self.table = rows_table(
            self,
            PROBLEM_COLUMNS,
            "importProblems",
            "Problems found, row by row",
            one_at_a_time=False,
            wrap=True,
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.hide()

        buttons = QDialogButtonBox(self)
        self.report_button = push_button(
            "Save report as CSV…",
            self,
            lambda: self.save_report(),
            spoken="Save the row-by-row report as a CSV file",
        )
        buttons.addButton(self.report_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName("Close the import window")
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        #: Empty here; a subclass puts what goes between the file and the check (a mapping).
        self.extra = QVBoxLayout()
        self.extra.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.extra)
        #: After the column step: the file's unknown values, when the importer maps them.
        self.value_step: ValueStep | None = None
        self._auto_profile = True  # the next check may pick up a saved profile by itself
        if self.spec.values is not None:
            self.value_step = ValueStep(self.spec.values, self)
            self.value_step.set_profile_name(_default_profile_name(self.spec.title))
            self.value_step.check_requested.connect(self.check)
            self.runner.busy_changed.connect(self.value_step.set_busy)
            layout.addWidget(self.value_step)
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addWidget(self.table, 1)
        layout.addStretch(0)  # takes the spare room only while the problems table is hidden
        # Check, Import and the progress stay in view under the scrolling body (screen_fit):
        # at 150% on a 1366 x 768 laptop the value step alone fills the screen, and the one
        # button that finishes the job must not be the one that scrolls away.
        footer = QWidget(self)
        footer.setObjectName("importActions")
        vertical(footer, self.runner, actions, margins=0)
        layout.addWidget(keep_in_view(footer))
        layout.addWidget(buttons)

        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 100, metrics.lineSpacing() * 30)
        self._update_buttons()

    # ------------------------------------------------------------------ choosing and checking

    def choose_file(self) -> None:
        """Ask for the file to import, starting in the last file's folder."""
        start = str(self.path.parent) if self.path else ""
        path, _filter = QFileDialog.getOpenFileName(
            self, "Choose the register to import", start, self.spec.file_filter
        )
        if path:
            self.set_path(Path(path))

    def set_path(self, path: Path | str, *, check: bool = True) -> None:
        """Use ``path`` and (by default) check it straight away."""
        self._auto_profile = True
        self.take_file(path)
        if check:
            self.check()

    def take_file(self, path: Path | str) -> None:
        """Make ``path`` the file to import: named in the file box, and the last check and
        result forgotten (they were of another file).

        Why one place: every import dialog starts on a new file so, whatever it does next
        (this one checks it; the ESR import first previews its columns).
        """
        self.path = Path(path)
        self.file_box.setText(str(self.path))
        self.file_box.setToolTip(str(self.path))
        self.check_result = None
        self._show(None)

    def check(self) -> None:
        """Check the chosen file without writing anything, in the background."""
        if self.path is None or self.runner.is_busy():
            return
        self.check_result = None
        self._update_buttons()
        self._start(self.path, True, self._checked)

    def _start(self, path: Path, dry_run: bool, on_done: Callable[[Any], None]) -> None:
        """Run the check (``dry_run``) or the import of ``path`` on the runner.

        Why one place: both are the same background job, said, cancelled and failed alike;
        only the words and what follows differ.
        """
        doing, done = ("Checking", "Checked") if dry_run else ("Importing", "Imported")
        self.runner.start(
            self.job(path, dry_run),
            label=f"{doing} {path.name}…",
            on_done=on_done,
            on_error=self._failed,
            on_cancelled=self._cancelled,
            cancellable=self.cancellable,
            purpose="write",
            done_note=f"{done} {path.name}",
        )

    def job(self, path: Path, dry_run: bool) -> Callable[[Any, Any], Any]:
        """The background function for a check (``dry_run``) or an import of ``path``.
        Subclasses whose service reports progress and honours cancel override this."""
        step = self.value_step
        if step is not None:
            mapping, values, name = step.mapping, step.values.copy(), step.profile_name()
            return lambda _progress, _cancelled: mapping.run(path, dry_run, values, name)
        run = self.spec.run
        return lambda _progress, _cancelled: run(path, dry_run)

    def _cancelled(self) -> None:
        self.check_result = None
        self._show(None)
        self.summary.setText("Cancelled. Nothing was written.")
        set_role(self.summary, "outcome", "problem")
        self.summary.show()

    def _checked(self, result: Any) -> None:
        step = self.value_step
        if step is not None and self._auto_profile:
            self._auto_profile = False
            from vpr_desktop.services.importing.value_profiles import matching_profile

            profile = None if step.values else matching_profile(step.profiles, result.headers)
            if profile is not None:  # the saved choices for files like this one
                step.use_profile(profile)
                step.status.setText(
                    f"Using the saved choices '{profile.name}' (made for files with these columns)."
                )
                QTimer.singleShot(0, self.check)
                return
        self.check_result = result if result.ok else None
        self._show(result)

    def run_import(self) -> None:
        """Import the checked file, in the background."""
        if self.check_result is None or self.path is None or self.runner.is_busy():
            return
        self._start(self.path, False, self._imported)

    def _imported(self, result: Any) -> None:
        self.check_result = None  # imported: the same file cannot be imported twice
        self._show(result)
        step = self.value_step
        if step is not None and result.ok:
            step.forget_kinds()  # the import may have added locations
            if step.values and step.name_box.text().strip():
                step.save()  # the choices, for the next file with these columns
        if result.ok:
            self.imported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        from vpr_desktop.views.common.errors import known_words

        words = known_words(exc, self)
        if words is None:
            return  # a bug: sent to the crash report
        self.summary.setText(words)
        set_role(self.summary, "outcome", "problem")
        self.summary.show()
        self._update_buttons()

    # ------------------------------------------------------------------ showing the result

    def _show(self, result: Any) -> None:
        self.result = result
        if result is None:
            self.summary.hide()
            self.details.hide()
            self.table.hide()
            self.table.setRowCount(0)
            self._update_buttons()
            return
        if self.value_step is not None:
            self.value_step.show_result(result)
        self.summary.setText(self.summary_text(result))
        self.summary.setAccessibleName(self.summary.text())
        set_role(self.summary, "outcome", "ok" if result.ok else "problem")
        self.summary.show()
        extra = list(result.notes)
        if result.source and self.show_source:
            extra.insert(0, f"Read as {result.source}.")
        step = self.value_step
        listed = step is not None and any(step.lists(what) for what in result.unknown)
        if hasattr(result, "unknown_lines") and not listed:
            extra.extend(result.unknown_lines())  # each unknown value once; the table: rows
        if result.problems_total > len(result.problems):
            extra.append(
                f"The first {len(result.problems):,} of {result.problems_total:,} "
                "problems are listed (and saved in the report)."
            )
        self.details.setText("\n".join(extra))
        self.details.setVisible(bool(extra))
        # Unknown values the value step lists are not repeated row by row here.
        problems = [
            p
            for p in result.problems
            if not (p.unknown and step is not None and step.lists(p.unknown))
        ]
        self.table.setRowCount(len(problems))
        for row, problem in enumerate(problems):
            values = (
                "File" if problem.row is None else str(problem.row),
                problem.column,
                problem.value,
                problem.why,
            )
            for column, text in enumerate(values):
                self.table.setItem(row, column, text_cell(text, number=column == 0))
        self.table.setVisible(bool(problems))
        if problems:
            self.table.resizeColumnToContents(0)
            self.table.resizeColumnToContents(1)
            char = self.fontMetrics().averageCharWidth()
            self.table.setColumnWidth(2, min(max(self.table.columnWidth(2), char * 16), char * 24))
            self.table.resizeRowsToContents()
        self._update_buttons()
        QTimer.singleShot(0, lambda: self.bring_into_view(result))

    def bring_into_view(self, result: Any) -> None:
        """Where the body scrolls (1366 x 768 at 150%), scroll to what the result asks of the
        person: the values still to choose, else the result (Import stays in view below the
        body) -- not left below the fold where nothing seems to have happened."""
        from PySide6.QtWidgets import QScrollArea

        scroll = self.findChild(QScrollArea, "dialogScroll")
        if scroll is None or result is not self.result:
            return
        step = self.value_step
        if not result.ok and step is not None and step.isVisible() and step.needs_choices():
            scroll.ensureWidgetVisible(step.check_button)
            scroll.ensureWidgetVisible(step.status)
            return
        scroll.ensureWidgetVisible(self.summary)  # Import is pinned below, always in view

    def summary_text(self, result: Any) -> str:
        """One paragraph on what the check or import found, in the spec's nouns."""
        key = self.spec.noun + "s"
        risks = result.counts.get(key, result.rows_imported)
        others = ", ".join(f"{n:,} {what}" for what, n in result.counts.items() if what != key)
        with_others = f" (with {others})" if others else ""
        step = self.value_step
        if not result.ok and step is not None and result.unknown_total == result.problems_total:
            values = sum(len(v) for w, v in result.unknown.items() if step.lists(w))
            if values and values == sum(len(v) for v in result.unknown.values()):
                return (
                    f"{plural(values, 'value')} in {plural(result.rows_rejected, 'row')} of "
                    f"{result.rows_read:,} {'is' if values == 1 else 'are'} not known here; "
                    "nothing was imported. Choose what each is above, then check again."
                )
        if not result.ok:
            if result.rows_rejected == 0:
                return "The file was refused; nothing was imported. See the problem below."
            return (
                f"{plural(result.problems_total, 'problem')} in "
                f"{plural(result.rows_rejected, 'row')} of {result.rows_read:,}; nothing "
                "was imported. Fix the rows listed and check again."
            )
        if result.dry_run:
            return (
                f"Check passed: {plural(result.rows_read, 'row')} read, no problems. "
                f"Import would add {plural(risks, self.spec.noun)}{with_others}. Nothing has "
                "been "
                "written yet."
            )
        return f"Imported {plural(risks, self.spec.noun)}{with_others} (batch {result.batch_id})."

    def problem_texts(self) -> list[tuple[str, str, str, str]]:
        """The rows of the problems table as text (for tests)."""
        return [
            tuple(self.table.item(r, c).text() for c in range(4))  # type: ignore[misc]
            for r in range(self.table.rowCount())
        ]

    def _update_buttons(self) -> None:
        busy = self.runner.is_busy()
        self.choose_button.setEnabled(not busy)
        self.check_button.setEnabled(self.path is not None and not busy)
        ready = self.check_result is not None and not busy
        self.import_button.setEnabled(ready)
        if busy:
            hint = "Working…"
        elif ready:
            hint = f"The check passed: Import adds these {self.spec.noun}s."
        elif self.result is not None and not self.result.dry_run and self.result.ok:
            hint = "Imported. Choose another file to import more."
        else:
            hint = "Import is available once the check finds no problems."
        self.import_hint.setText(hint)
        self.report_button.setEnabled(self.result is not None and not busy)

    # ------------------------------------------------------------------ the report

    def save_report(self, path: Path | str | None = None) -> Path | None:
        """Save the row-by-row report (the problems, or a note that there were none)."""
        from vpr_desktop.services.importing.report import Problem
        from vpr_desktop.services.importing.report import write_report_csv

        if self.result is None:
            return None
        if path is None:
            stem = self.path.stem if self.path else "import"
            chosen, _filter = QFileDialog.getSaveFileName(
                self, "Save the import report", f"{stem}-import-report.csv", "CSV files (*.csv)"
            )
            if not chosen:
                return None
            path = chosen
        problems = list(self.result.problems) or [
            Problem(None, "", "", self.summary_text(self.result))
        ]
        try:
            written = write_report_csv(Path(path), problems, total=self.result.problems_total)
        except OSError as exc:
            self.details.setText(
                f"The report could not be saved: {exc.strerror or exc}. "
                "Choose another folder and try again."
            )
            self.details.show()
            return None
        self.details.setText(f"Report saved to {written}.")
        self.details.show()
        return written

    def reject(self) -> None:  # Qt override: closing does not stop a running import
        """Closing waits for a running check or import to finish."""
        if self.runner.is_busy():
            self.import_hint.setText("Wait for the check or import to finish before closing.")
            return
        super().reject()


def _default_profile_name(title: str) -> str:
    """A name for the saved choices until the person types one ("Incidents from Datix")."""
    words = title.removeprefix("Import ").strip()
    return words[:1].upper() + words[1:]
