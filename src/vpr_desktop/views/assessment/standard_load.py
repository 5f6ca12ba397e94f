"""Load standard…: the standard's wording from its workbook, in four steps, checked first.

1. **File** — the workbook as NHS England publishes it (or the template saved with File > Save
   standard template…, or a CSV file).
2. **Sheet and heading row** — which sheet holds the indicators and which row holds the column
   headings, with the sheet's first rows shown; both are proposed (the sheet a heading row was
   found on, the row that names most columns) and the person confirms or changes them.
3. **Columns** — which column feeds each field, one choice per field, preselected from the
   headings recognised, against the first rows as they would be read.
4. **Edition and preview** — the edition to update, chosen by its name (the one the sheet or
   file name mentions is proposed), or a new one named in plain words; a check (a dry run that
   writes nothing) then lists the domains and indicators read, or every problem row by row.
   Load is enabled only after a clean check of the same choices.

Why no ids: the person knows the standard as "the 2024 standard", not ``vpr-2024`` at library
version 3; the next library version is worked out, and a new edition's id is made from its
name. Every call runs in a background job; failures are shown in plain words.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QTreeWidgetItem
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.standard_library import strip_mark
from vpr_desktop.views.assessment.sheet_tables import show_rows
from vpr_desktop.views.assessment.sheet_tables import table_texts
from vpr_desktop.views.assessment.standard_load_steps import LoadSteps
from vpr_desktop.views.common.dialog_body import keep_in_view
from vpr_desktop.views.common.dialog_title import set_dialog_title
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.worker import CancelledFn
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.common.worker import ProgressFn

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services

NOT_USED = "(not used)"
FILE_FILTER = "Spreadsheets (*.xlsx *.csv);;All files (*)"
STEPS = ("Choose the file", "Sheet and heading row", "Columns", "Edition and preview")
NEW_EDITION = "A new edition"


def plain_error(exc: BaseException) -> str:
    """A failure in words (a ``VprError`` says what to do; anything else is named briefly)."""
    from vpr_desktop.domain.errors import VprError

    if isinstance(exc, VprError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"The file could not be read: {exc.strerror or exc}."
    return f"The file could not be used: {exc}"


def edition_id(name: str) -> str:
    """A new edition's id from its name: "2027" -> "vpr-2027", "Trust standard" ->
    "trust-standard" (what the service stores; never shown in this dialog)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.strip().casefold()).strip("-")[:40]
    return f"vpr-{slug}" if slug.isdigit() else slug


class LoadStandardDialog(LoadSteps, ScreenFitDialog):
    """Load or update an edition of the standard from its workbook, checked first.

    Signals:
        loaded(str): the result in words, after a real (not dry-run) load.
    """

    loaded = Signal(str)  # the result in words, after a real load

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_dialog_title(self, "loadStandardDialog", "Load the standard from its workbook")
        self.services = services
        self.layout_info: Any = None  # SheetLayout of the file
        self.editions: list[Any] = []  # EditionSummary, newest first
        self.suggested: str | None = None
        self.preview: Any = None
        self.load_result: Any = None
        self._checked: tuple[Any, ...] | None = None  # the inputs of the last clean dry run
        self.runner = JobRunner(self, name="Standard loading task")

        self.step_label = label("", self, name="dialogHeading")
        self.steps = QStackedWidget(self)
        self.steps.addWidget(self._file_step())
        self.steps.addWidget(self._sheet_step())
        self.steps.addWidget(self._columns_step())
        self.steps.addWidget(self._edition_step())

        self.back_button = push_button("Back", self, self.back, spoken="Back to the previous step")
        self.next_button = push_button("Next", self, self.next, spoken="Next step")
        self.load_button = QPushButton("Load", self)
        self.load_button.setAccessibleName("Load the standard (after a clean check)")
        self.load_button.setProperty("primary", True)
        self.load_button.clicked.connect(self.load)
        self.close_button = push_button("Close", self, self.reject, spoken="Close")
        self.outcome = label("", self, name="loadOutcome", selectable=True)
        self.outcome.setAccessibleName("Result")
        footer = keep_in_view(QWidget(self))  # Back / Next in view while a step scrolls
        buttons = QHBoxLayout(footer)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.outcome, 1)
        for button in (self.back_button, self.next_button, self.load_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.runner)
        layout.addWidget(footer)
        self.runner.busy_changed.connect(lambda _b: self._update_buttons())
        self.resize(900, 600)
        self.go_to(0)

    # ------------------------------------------------------------ navigation
    def go_to(self, step: int) -> None:
        """Show step ``step`` (0-based) and say which it is."""
        self.steps.setCurrentIndex(step)
        self.step_label.setText(f"Step {step + 1} of {len(STEPS)}: {STEPS[step]}")
        self._update_buttons()

    def _update_buttons(self) -> None:
        step, busy = self.steps.currentIndex(), self.runner.is_busy()
        self.back_button.setEnabled(step > 0 and not busy)
        ready = {
            0: self.layout_info is not None,
            1: self.layout_info is not None,
            2: self.preview is not None and self.preview.ok,
        }.get(step, False)
        self.next_button.setVisible(step < len(STEPS) - 1)
        self.next_button.setEnabled(ready and not busy)
        self.load_button.setVisible(step == len(STEPS) - 1)
        self._inputs_changed()

    def back(self) -> None:
        step = self.steps.currentIndex()
        if step == 2 and not (self.layout_info and self.layout_info.is_workbook):
            step = 1  # a CSV file has no sheet step
        self.go_to(max(0, step - 1))

    def next(self) -> None:
        step = self.steps.currentIndex()
        if step == 0:
            self.go_to(1 if self.layout_info.is_workbook else 2)
            if not self.layout_info.is_workbook:
                self.load_preview(reset=True)
        elif step == 1:
            self.go_to(2)
            self.load_preview(reset=True)
        elif step == 2:
            self.go_to(3)
            self.check()

    # ------------------------------------------------------------ step 1 and 2
    def choose_file(self) -> None:
        """Ask for the workbook, then read its sheets."""
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(self, "Choose the workbook", "", FILE_FILTER)
        if path:
            self.set_path(path)

    def set_path(self, path: Path | str) -> None:
        """Use the file at ``path``: read its sheets and first rows (and the editions)."""
        text = str(path).strip()
        if not text or (self.layout_info is not None and text == self._path()):
            return
        self.path.setText(text)
        self.layout_info = self.preview = None
        self._read_layout(None)

    def choose_sheet(self, name: str) -> None:
        """Show the first rows of sheet ``name`` and propose its headings row."""
        self.sheet_box.setCurrentText(name)
        self._read_layout(name)

    def _path(self) -> str:
        return self.path.text().strip()

    def _read_layout(self, sheet: str | None) -> None:
        path = self._path()
        standards = self.services.standards()

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> Any:
            layout = standards.sheet_layout(path, sheet)
            editions = standards.list_editions()
            names = (layout.sheet or "", Path(path).stem, *(t for _n, r in layout.rows for t in r))
            return layout, editions, standards.suggested_edition(*names)

        self.runner.start(
            work, label="Reading the file…", on_done=self.show_layout, on_error=self._failed
        )

    def show_layout(self, found: tuple[Any, list[Any], str | None]) -> None:
        """Fill the sheet step (and the edition list) from what the file holds."""
        layout, self.editions, self.suggested = found
        self.layout_info = layout
        self.preview = None
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItems(list(layout.sheets))
        self.sheet_box.setCurrentText(layout.sheet or "")
        self.sheet_box.blockSignals(False)
        width = max((len(cells) for _n, cells in layout.rows), default=0)
        self.sheet_rows.clear()
        show_rows(
            self.sheet_rows,
            [cells for _n, cells in layout.rows],
            width,
            row_labels=[str(n) for n, _c in layout.rows],
        )
        self.header_row.blockSignals(True)
        self.header_row.setValue(max(1, layout.header_row))
        self.header_row.blockSignals(False)
        self._mark_header_row()
        self.file_found.setText(
            f"{layout.file_name}: a workbook with {plural(len(layout.sheets), 'sheet')} "
            f"({', '.join(layout.sheets)}). Press Next to choose the sheet and headings row."
            if layout.is_workbook
            else f"{layout.file_name}: a CSV file. Press Next to check its columns."
        )
        self._fill_editions()
        self.show_message("")
        self._update_buttons()

    def _mark_header_row(self) -> None:
        """Show the chosen headings row in bold, and the rows above it as left out."""
        chosen = self.header_row.value()
        for r in range(self.sheet_rows.rowCount()):
            number = r + 1
            for c in range(self.sheet_rows.columnCount()):
                item = self.sheet_rows.item(r, c)
                if item is None:
                    continue
                font = QFont(self.sheet_rows.font())
                font.setBold(number == chosen)
                font.setStrikeOut(number < chosen)
                item.setFont(font)
        head = self.sheet_rows.verticalHeaderItem(chosen - 1)
        if head is not None:
            head.setText(f"{chosen} headings")
        for r in range(self.sheet_rows.rowCount()):
            if r != chosen - 1 and self.sheet_rows.verticalHeaderItem(r) is not None:
                self.sheet_rows.verticalHeaderItem(r).setText(str(r + 1))
        self._inputs_changed()

    def sheet_rows_text(self) -> list[list[str]]:
        """The sheet step's table as text (for tests)."""
        return table_texts(self.sheet_rows)

    # ------------------------------------------------------------ step 3
    def layout_choice(self) -> tuple[str | None, int | None]:
        """(sheet, header row) as chosen; both None for a CSV file (found by the reader)."""
        if self.layout_info is None or not self.layout_info.is_workbook:
            return None, None
        return self.sheet_box.currentText() or None, self.header_row.value()

    def column_map(self) -> dict[str, str]:
        """field key -> the file's heading chosen for it (fields left unused are left out)."""
        return {
            key: box.currentText()
            for key, box in self.combos.items()
            if box.currentData() is not None
        }

    def load_preview(self, reset: bool = False) -> None:
        """Read the first rows in the background; ``reset`` drops the user's column choices."""
        path = self._path()
        if not path:
            return
        mapping = None if reset or not self.combos else self.column_map()
        sheet, header_row = self.layout_choice()
        standards = self.services.standards()

        self.runner.read(
            lambda: standards.preview_sheet(path, mapping, sheet=sheet, header_row=header_row),
            label="Reading the file…",
            on_done=self.show_preview,
            on_error=self._failed,
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
            box.setAccessibleName(f"Column for {f.label}" + (" (needed)" if f.required else ""))
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
        show_rows(
            self.table,
            [[row.get(f.key, "") for f in fields] for row in preview.rows],
            len(fields),
            column_labels=[f"{f.label} ({f.header})" for f in fields],
        )
        self._update_buttons()

    def preview_rows(self) -> list[list[str]]:
        """The columns step's table as text (for tests)."""
        return table_texts(self.table)

    # ------------------------------------------------------------ step 4
    def _fill_editions(self) -> None:
        self.edition_box.blockSignals(True)
        self.edition_box.clear()
        for e in self.editions:
            self.edition_box.addItem(f"Update {strip_mark(e.title) or e.short_name}", e.short_name)
        self.edition_box.addItem(NEW_EDITION, None)
        wanted = self.edition_box.findData(self.suggested) if self.suggested else 0
        self.edition_box.setCurrentIndex(max(0, wanted))
        self.edition_box.blockSignals(False)
        self._edition_changed()

    def _edition(self) -> Any:
        short = self.edition_box.currentData()
        return next((e for e in self.editions if e.short_name == short), None)

    def _edition_changed(self) -> None:
        chosen = self._edition()
        self.new_form.setVisible(chosen is None)
        if chosen is None:
            self.version_note.setText(
                "A new edition takes its domains from the file. Give its name (e.g. 2027), "
                "title and publisher."
            )
        else:
            self.version_note.setText(
                "The file's wording replaces the wording in use now. Indicators left out of "
                "the file are retired; cycles keep their history."
            )
        self._inputs_changed()

    def _inputs(self) -> tuple[Any, ...]:
        chosen = self._edition()
        if chosen is None:
            edition, version = edition_id(self.new_name.text()), 1
            title, publisher = self.title.text().strip(), self.publisher.text().strip()
        else:
            edition, version, title, publisher = chosen.edition, chosen.library_version + 1, "", ""
        return (
            self._path(),
            self.layout_choice(),
            tuple(sorted(self.column_map().items())),
            edition,
            version,
            title,
            publisher,
        )

    def _inputs_changed(self) -> None:
        self.load_button.setEnabled(
            self._checked is not None
            and self._checked == self._inputs()
            and not self.runner.is_busy()
        )

    def _run(self, dry_run: bool) -> None:
        path, (sheet, header_row), mapping, edition, version, title, publisher = inputs = (
            self._inputs()
        )
        if not path or not edition:
            self.show_message("Choose a file and name the new edition first.")
            return
        standards = self.services.standards()

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> Any:
            return standards.load_sheet(
                path,
                edition,
                version,
                column_map=dict(mapping) or None,
                title=title or None,
                publisher=publisher or None,
                dry_run=dry_run,
                sheet=sheet,
                header_row=header_row,
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
        """Dry run: list the domains and indicators read, or the problems row by row."""
        self._checked = None
        self._inputs_changed()
        self._run(dry_run=True)

    def load(self) -> None:
        """Write the edition, only if the inputs are those of the last clean check."""
        if self._checked is None or self._checked != self._inputs():
            self.show_message("Check the file again: the choices changed since the last check.")
            return
        self._run(dry_run=False)

    def _done(self, result: Any, inputs: tuple[Any, ...]) -> None:
        self.load_result = result
        self.show_message(self.result_in_words(result))
        self.show_problems([str(p) for p in result.problems])
        if result.library is not None:
            self.show_library(result.library)
        if result.dry_run:
            self._checked = inputs if result.ok else None
        elif result.ok:
            self._checked = None
            self.loaded.emit(self.result_in_words(result))
        self._inputs_changed()

    def result_in_words(self, result: Any) -> str:
        """What the check found or the load did, naming the edition as people know it."""
        chosen = self._edition()
        name = strip_mark(chosen.title) if chosen else (self.title.text().strip() or "it")
        if not result.ok:
            return (
                f"{result.file_name}: {plural(len(result.problems), 'problem')}, listed above "
                "row by row. Nothing was changed; correct the file and check it again."
            )
        c = result.changes
        counts = (
            f"{plural(len(c.new_codes), 'new indicator')}, "
            f"{len(c.changed_codes)} with changed wording, {len(c.retired_codes)} retired"
        )
        if c.ratings_flagged:
            counts += f"; {plural(c.ratings_flagged, 'rating')} in open cycles to re-confirm"
        if result.dry_run:
            verb = "would be created" if c.created else "would be updated"
            return f"{name} {verb} from {result.file_name}: {counts}. Press Load to do it."
        verb = "was created" if c.created else "was updated"
        return f"{name} {verb} from {result.file_name}: {counts}."

    def show_library(self, library: Any) -> None:
        """The domains read, each with its indicators (code and wording) below it."""
        self.domain_tree.clear()
        by_domain: dict[str, list[Any]] = {}
        for ind in library.indicators:
            by_domain.setdefault(ind.domain, []).append(ind)
        for d in library.domains:
            inds = by_domain.get(d.code, [])
            top = QTreeWidgetItem([f"{d.code} {d.title}", f"{len(inds)} indicator(s)"])
            for ind in inds:
                top.addChild(QTreeWidgetItem([ind.code, ind.text]))
            self.domain_tree.addTopLevelItem(top)
        if self.domain_tree.topLevelItemCount():
            self.domain_tree.topLevelItem(0).setExpanded(True)
        self.domain_tree.resizeColumnToContents(0)

    def domains_shown(self) -> list[str]:
        """The preview's domain lines (for tests)."""
        tree = self.domain_tree
        return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]

    def _failed(self, exc: BaseException) -> None:
        self.show_message(plain_error(exc))

    def show_message(self, text: str) -> None:
        self.outcome.setText(text)

    def show_problems(self, problems: list[str]) -> None:
        """The problems row by row in place of the preview, or the preview when none."""
        self.problems.setPlainText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self.domain_tree.setVisible(not problems)
        if problems:
            self.domain_tree.clear()
