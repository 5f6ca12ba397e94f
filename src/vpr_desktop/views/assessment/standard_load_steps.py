"""The four pages of Load standard… as they are built: the file, the sheet and heading row,
the columns, and the edition with its check (what each step asks is in ``standard_load``).

Why apart from the dialog: building the pages is long and only lays widgets out; the dialog
keeps what the steps do (reading the layout, previews, the check and the load).
:class:`LoadSteps` is mixed into
:class:`~vpr_desktop.views.assessment.standard_load.LoadStandardDialog`, whose methods the
widgets' signals call.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QSpinBox
from PySide6.QtWidgets import QTreeWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.assessment.sheet_tables import read_only_table
from vpr_desktop.views.common.widgets import horizontal
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import line_box
from vpr_desktop.views.common.widgets import push_button


class LoadSteps:
    """Builds the dialog's four step pages (a mixin: the dialog provides the slots)."""

    def _file_step(self) -> QWidget:
        page = QWidget(self)
        self.path = line_box(
            page, "Workbook file", hint="The standard's workbook (.xlsx) or a CSV file"
        )
        self.path.editingFinished.connect(lambda: self.set_path(self.path.text()))
        self.browse = push_button(
            "Choose file…", page, self.choose_file, spoken="Choose the workbook file…"
        )
        row = horizontal((self.path, 1), self.browse)
        box = QVBoxLayout(page)
        box.addWidget(
            label(
                "Choose the standard's workbook as NHS England publishes it, or the template "
                "saved with File > Save standard template… once the wording has been pasted "
                "in. Nothing is changed until you press Load after a clean check.",
                page,
            )
        )
        box.addLayout(row)
        self.file_found = label("", page, name="fileFound", selectable=True)
        self.file_found.setAccessibleName("What the file holds")
        box.addWidget(self.file_found)
        box.addStretch(1)
        return page

    def _sheet_step(self) -> QWidget:
        page = QWidget(self)
        self.sheet_box = QComboBox(page)
        self.sheet_box.setAccessibleName("Sheet holding the indicators")
        self.sheet_box.activated.connect(lambda _i: self.choose_sheet(self.sheet_box.currentText()))
        self.header_row = QSpinBox(page)
        self.header_row.setAccessibleName("Row holding the column headings")
        self.header_row.setRange(1, 200)
        self.header_row.valueChanged.connect(lambda _v: self._mark_header_row())
        form = QFormLayout()
        form.addRow("Sheet", self.sheet_box)
        form.addRow("Headings are on row", self.header_row)
        self.sheet_rows = read_only_table(page, "sheetRowsTable", "First rows of the sheet")
        box = QVBoxLayout(page)
        box.addWidget(
            label(
                "Which sheet holds the indicators, and on which row are the column headings? "
                "Rows above the headings (a title, notes) are left out.",
                page,
            )
        )
        box.addLayout(form)
        box.addWidget(self.sheet_rows, 1)
        return page

    def _columns_step(self) -> QWidget:
        page = QWidget(self)
        self.source = label("", page, name="sheetSource", selectable=True)
        self.mapping_form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        self.missing = label("", page, name="missingFields", selectable=True)
        self.missing.hide()
        self.table = read_only_table(
            page, "sheetPreviewTable", "First rows of the file as they would be read"
        )
        self.table.verticalHeader().setVisible(False)
        box = QVBoxLayout(page)
        box.addWidget(self.source)
        box.addWidget(label("Which column feeds each field (* needed)", page, wrap=False))
        box.addLayout(self.mapping_form)
        box.addWidget(self.missing)
        box.addWidget(self.table, 1)
        return page

    def _edition_step(self) -> QWidget:
        page = QWidget(self)
        self.edition_box = QComboBox(page)
        self.edition_box.setAccessibleName("Edition of the standard to load into")
        self.edition_box.currentIndexChanged.connect(lambda _i: self._edition_changed())
        self.version_note = label("", page, name="fieldHint")
        self.new_name = line_box(page, "Name of the new edition, e.g. 2027", hint="e.g. 2027")
        self.title = line_box(page, "Title of the new edition")
        self.publisher = line_box(page, "Publisher of the new edition", text="NHS England")
        for edit in (self.new_name, self.title, self.publisher):
            edit.textChanged.connect(lambda _t: self._inputs_changed())
        self.new_form = QWidget(page)
        new_form = QFormLayout(self.new_form)
        new_form.setContentsMargins(0, 0, 0, 0)
        new_form.addRow("Name", self.new_name)
        new_form.addRow("Title", self.title)
        new_form.addRow("Publisher", self.publisher)
        self.check_button = push_button(
            "Check the file", page, self.check, spoken="Check the file without changing anything"
        )
        edition_row = horizontal(
            label("Edition", page, wrap=False), (self.edition_box, 1), self.check_button
        )
        self.domain_tree = QTreeWidget(page)
        self.domain_tree.setObjectName("standardPreviewTree")
        self.domain_tree.setAccessibleName("Domains and indicators read from the file")
        self.domain_tree.setHeaderLabels(["Domain or indicator", "Wording"])
        self.problems = QPlainTextEdit(page)
        self.problems.setObjectName("loadProblems")
        self.problems.setAccessibleName("Problems found, row by row")
        self.problems.setReadOnly(True)
        self.problems.hide()
        box = QVBoxLayout(page)
        box.addLayout(edition_row)
        box.addWidget(self.version_note)
        box.addWidget(self.new_form)
        box.addWidget(self.domain_tree, 1)
        box.addWidget(self.problems, 1)
        return page
