"""Data > Import history…: every import batch of every kind, and undoing one.

Why here and not only on the Training page: a wrong Datix export, risk register or location
list imported on day one needs taking back out as much as a wrong ESR file, and the services
could always undo them; only the training screen showed its batches. The dialog lists what
``services.importing.history`` lists (the same rows as ``vpr-desktop imports list``), asks before
an undo with what it will remove and when it is refused, runs it in the background, and says
what was removed or why it was refused. A person who may not import sees the list only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.importing import history
from vpr_desktop.views.common.dialog_title import set_dialog_title
from vpr_desktop.views.common.dialogs import confirm
from vpr_desktop.views.common.errors import known_words
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.training.models import Column
from vpr_desktop.views.training.models import RowsModel
from vpr_desktop.views.training.models import fit_columns
from vpr_desktop.views.training.models import make_table

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services
    from vpr_desktop.services.importing.batch import BatchInfo

TITLE = "Import history"
COLUMNS = (
    Column("Batch", lambda b: str(b.id), lambda b: b.id, numeric=True),
    Column("What", lambda b: history.KIND_WORDS.get(b.kind, b.kind)),
    Column("File", lambda b: b.file_name),
    # The outcome before the counts: at 150% it is the column a person must not scroll to.
    Column("Outcome", history.outcome_words),
    Column("Imported", lambda b: history.local_time(b.imported_at), lambda b: b.imported_at),
    Column("By", lambda b: b.imported_by_words),
    Column("Rows imported", lambda b: f"{b.rows_imported:,}", lambda b: b.rows_imported, True),
    Column("Rows left out", lambda b: f"{b.rows_left_out:,}", lambda b: b.rows_left_out, True),
    Column("Rows rejected", lambda b: f"{b.rows_rejected:,}", lambda b: b.rows_rejected, True),
)


class BatchRows:
    """Which batch is current in a table of import batches (``model`` over ``table``): the
    import history here and the Training page's Imports tab list batches the same way."""

    model: RowsModel
    table: QTableView

    def selected(self) -> BatchInfo | None:
        """The batch in the current row, or None."""
        current: BatchInfo | None = self.model.current(self.table)
        return current

    def select_batch(self, batch_id: int) -> bool:
        """Make batch ``batch_id``'s row current; False when it is not listed."""
        return self.model.select_where(self.table, lambda b: b.id == batch_id) is not None

    def show_rows(self, batches: list[BatchInfo]) -> None:
        """Replace the rows, keeping the current batch current."""
        self.model.replace_keeping_current(self.table, batches, key=lambda b: b.id)


class ImportHistoryDialog(BatchRows, ScreenFitDialog):
    """The batches, newest first, with Undo for a committed batch of a kind that can be undone.

    ``on_undone(batch)`` runs after an undo, so the window can reload the pages it touched."""

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, on_undone: Any = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.on_undone = on_undone
        self.can_undo = services.actor.can(Permission.IMPORT_DATA) and not services.db.read_only
        set_dialog_title(self, "importHistory", TITLE)
        heading = label(TITLE, self, name="dialogHeading")
        intro = label(
            "Every file imported into this database, newest first: locations, ESR staff lists "
            "and training records, Datix incidents, the risk register, the standard and "
            "self-assessments. An import can be undone here: what it added is removed and "
            "what it changed is put back, unless later work depends on it.",
            self,
        )
        self.model = RowsModel(COLUMNS, self)
        self.table = make_table(self.model, "importBatches", "Import batches", self)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self.message = label("", self, name="resultSummary", selectable=True)
        self.message.setAccessibleName("Last undo")
        self.message.hide()
        self.runner = JobRunner(self, name="Import history task")
        self.runner.busy_changed.connect(lambda _busy: self._update())
        self.undo_button = push_button(
            "Undo this import…", self, self.ask_undo, spoken="Undo the selected import (asks first)"
        )
        if not self.can_undo:
            self.undo_button.setToolTip("Only people who may import data can undo an import")
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close the import history")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.runner)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 130, metrics.lineSpacing() * 28)
        self._update()
        self.load()

    # ------------------------------------------------------------------ reading

    def load(self) -> None:
        """Read the batches off the GUI thread."""
        db, actor = self.services.db, self.services.actor
        self.runner.start(
            lambda _progress, _cancelled: history.import_history(db, actor),
            label="Loading the import history…",
            on_done=self.show_batches,
            on_error=self._failed,
            quiet=True,
        )

    def show_batches(self, batches: list[BatchInfo]) -> None:
        """Show ``batches``, keeping the selected one; an empty history says so."""
        self.show_rows(batches)
        fit_columns(self.table, stretch=(2, 3))
        if not batches:
            self._say("Nothing has been imported into this database yet.")
        self._update()

    # ------------------------------------------------------------------ undoing

    def ask_undo(self) -> None:
        """Ask first (what is removed, when it is refused), then undo in the background."""
        batch = self.selected()
        if batch is None or not self.can_undo or not history.can_undo(batch):
            return
        db, actor = self.services.db, self.services.actor

        def go() -> None:
            self.runner.start(
                lambda _progress, _cancelled: history.undo_import(db, actor, batch.id),
                label=f"Undoing import batch {batch.id}…",
                on_done=self._undone,
                on_error=self._failed,
                cancellable=False,
                purpose="write",
            )

        confirm(
            self,
            f"Undo import batch {batch.id}?",
            history.undo_question(batch),
            "Undo the import",
            go,
        )

    def _undone(self, result: tuple[BatchInfo, dict[str, int]]) -> None:
        batch, counts = result
        self._say(history.undone_words(batch, counts))
        if self.on_undone is not None:
            self.on_undone(batch)
        self.load()

    def _failed(self, exc: BaseException) -> None:
        words = known_words(exc, self)
        if words is None:
            return
        self._say(words)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleDescription(text)
        self.message.show()

    def _update(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(
            self.can_undo
            and not self.runner.is_busy()
            and batch is not None
            and history.can_undo(batch)
        )
