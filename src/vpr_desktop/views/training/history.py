"""The Imports tab: every ESR staff-list and training import, and undoing one.

Each import is a batch (file, when, by whom -- the person's name, not their login -- rows
imported, left out as chosen, or rejected). "Undo this import…"
says what will change and asks first; the undo runs in the background, removes the records
the batch added and puts back the ones it updated, and the batch stays in the list marked
undone (it is never deleted). The two import buttons ask the window to open the ESR import
wizard (``import_requested``), the same one as Data > Import staff / training from ESR. What
the tab says about a batch, and when there is none, is ``training.import_batches``'.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.dialogs import confirm
from vpr_desktop.views.common.flow import button_row
from vpr_desktop.views.common.widgets import EmptyState
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.import_history import BatchRows
from vpr_desktop.views.training.access import Access
from vpr_desktop.views.training.common import TrainingTab
from vpr_desktop.views.training.import_batches import COLUMNS
from vpr_desktop.views.training.import_batches import EMPTY_HEADING
from vpr_desktop.views.training.import_batches import KIND_WORDS
from vpr_desktop.views.training.import_batches import can_undo
from vpr_desktop.views.training.import_batches import empty_lines
from vpr_desktop.views.training.import_batches import kind_of
from vpr_desktop.views.training.import_batches import undo_question
from vpr_desktop.views.training.import_batches import undone_words
from vpr_desktop.views.training.models import RowsModel
from vpr_desktop.views.training.models import fit_columns
from vpr_desktop.views.training.models import make_table

if TYPE_CHECKING:
    from vpr_desktop.services.importing.batch import BatchInfo
    from vpr_desktop.services.training.esr_import import TrainingImports


class ImportsTab(BatchRows, TrainingTab):
    """Signals:
    import_requested(str): "staff" or "training" (the window opens the import wizard).
    """

    import_requested = Signal(str)

    NAME = "trainingImports"
    LOADING = "Loading the import history…"

    def __init__(
        self, imports: TrainingImports, access: Access, parent: QWidget | None = None
    ) -> None:
        self.imports = imports  # before the base builds the tab (``build``)
        super().__init__(imports, access, parent)

    def build(self) -> None:
        self.staff_button = push_button(
            "Import staff list…",
            self,
            lambda: self.import_requested.emit("staff"),
            spoken="Import the staff list from ESR…",
        )
        self.training_button = push_button(
            "Import training records…",
            self,
            lambda: self.import_requested.emit("training"),
            spoken="Import training records from ESR…",
        )
        self.undo_button = push_button(
            "Undo this import…", self, self.ask_undo, spoken="Undo the selected import (asks first)"
        )
        self.layout_.addLayout(
            button_row(self.staff_button, self.training_button, self.undo_button)
        )
        self.note = label(
            self.access.import_note
            or "Import the staff list first, then the "
            "training records: each training record names an assignment.",
            self,
            name="mutedText",
        )
        self.note.setAccessibleName("About importing")
        self.layout_.addWidget(self.note)
        self.message = label("", self, name="resultSummary", selectable=True)
        self.message.setAccessibleName("Last undo")
        self.message.hide()
        self.layout_.addWidget(self.message)
        self.model = RowsModel(COLUMNS, self)
        self.table = make_table(self.model, "importHistory", "Import history", self)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self.empty = EmptyState(EMPTY_HEADING, empty_lines(self.access.can_import), self)
        holder = QWidget(self)
        vertical(holder, self.empty, 1, margins=0)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(holder)
        self.layout_.addWidget(self.stack, 1)
        self.writer.busy_changed.connect(lambda _b: self._update())
        self._update()

    def fetch(self) -> Callable[[], Any]:
        """Read the staff and training import batches off the GUI thread."""
        imports = self.imports
        return lambda: [b for b in imports.history() if kind_of(b) in KIND_WORDS]

    def show_data(self, batches: list[BatchInfo]) -> None:
        """Show the batches, keeping the selected one."""
        self.show_rows(batches)
        fit_columns(self.table, stretch=(2,))
        self.stack.setCurrentIndex(0 if batches else 1)
        self._update()

    def _update(self, _index: QModelIndex | None = None) -> None:
        busy = self.writer.is_busy()
        for button in (self.staff_button, self.training_button):
            button.setEnabled(self.access.can_import and not busy)
        batch = self.selected()
        self.undo_button.setEnabled(
            self.access.can_import and not busy and batch is not None and can_undo(batch)
        )

    def ask_undo(self) -> None:
        """Ask before undoing the selected import, then undo it in the background."""
        batch = self.selected()
        if batch is None or not can_undo(batch) or not self.access.can_import:
            return
        imports = self.imports
        kind = kind_of(batch)

        def go() -> None:
            def done(counts: dict[str, int]) -> None:
                text = undone_words(batch, counts or {})
                self.message.setText(text)
                self.message.setAccessibleDescription(text)
                self.message.show()
                self.load()

            self.write(
                lambda: imports.undo(kind, batch.id),
                doing=f"Undoing import batch {batch.id}…",
                done=f"Import batch {batch.id} undone",
                on_done=done,
            )

        confirm(self, f"Undo import batch {batch.id}?", undo_question(batch), "Undo the import", go)
