"""The staff side's statement on the chosen cycle: a place on the assessment page where a
staff-side rep writes it (the packs print it unedited, with who wrote it and when).

Shown only to staff-side reps: the statement is theirs, and the service refuses anyone else
(``services.assessment.statement``), so other roles would only meet a refusal here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.assessment.common import refusal_words
from vpr_desktop.views.common.widgets import horizontal
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import CancelledFn
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.common.worker import ProgressFn

if TYPE_CHECKING:
    from vpr_desktop.services.assessment.statement import Statement
    from vpr_desktop.services.container import Services

INTRO = (
    "The staff side's statement on this cycle. The committee and board packs print it as "
    "written, with who wrote it and when (a board pack says 'a staff-side representative' "
    "and names nobody)."
)


class StatementPanel(QWidget):
    """Write or replace the staff-side statement on one cycle."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffSideStatement")
        self.services = services
        self.cycle_id: int | None = None
        self.statement: Statement | None = None
        self.runner = JobRunner(self, name="Staff-side statement task")
        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName("Staff-side statement")
        self.editor.setAccessibleDescription(INTRO)
        self.editor.setTabChangesFocus(True)
        self.editor.setReadOnly(services.db.read_only)
        self.written = label("", self, name="statementWritten", selectable=True)
        self.written.setAccessibleName("Who wrote the statement and when")
        self.message = label("", self, name="pageMessage", selectable=True)
        self.message.setAccessibleName("Message")
        self.message.hide()
        self.save_button = QPushButton("Save statement", self)
        self.save_button.setAccessibleName("Save the staff-side statement")
        self.save_button.setEnabled(not services.db.read_only)
        self.save_button.clicked.connect(self.save)
        buttons = horizontal((self.written, 1), self.save_button)
        vertical(
            self,
            label(INTRO, self, name="fieldHint"),
            self.runner,
            self.message,
            (self.editor, 1),
            buttons,
            margins=(0, 8, 0, 0),
        )

    def load(self, cycle_id: int | None) -> None:
        """Read the chosen cycle's statement in the background."""
        self.cycle_id = cycle_id
        if cycle_id is None:
            return
        from vpr_desktop.services.assessment.statement import read_statement

        db, actor = self.services.db, self.services.actor

        self.runner.read(
            lambda: read_statement(db, actor, cycle_id),
            label="Loading the statement…",
            on_done=self.show_statement,
        )

    def show_statement(self, statement: Statement | None) -> None:
        self.statement = statement
        self.editor.setPlainText(statement.text if statement is not None else "")
        self.written.setText(
            f"Written by {statement.written_by_name} on "
            f"{statement.written_at.astimezone():%d %b %Y at %H:%M}."
            if statement is not None
            else "No statement written on this cycle yet."
        )

    def save(self) -> None:
        """Save the text as typed (the service checks the role and the version)."""
        cycle_id = self.cycle_id
        if cycle_id is None:
            return
        from vpr_desktop.services.assessment.statement import write_statement

        db, actor = self.services.db, self.services.actor
        text = self.editor.toPlainText()
        version = self.statement.version if self.statement is not None else None

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> Any:
            return write_statement(db, actor, cycle_id, text, version)

        self.runner.start(
            work,
            label="Saving the statement…",
            on_done=self._saved,
            on_error=self._failed,
            cancellable=False,
            purpose="write",
        )

    def _saved(self, statement: Statement) -> None:
        self.show_statement(statement)
        self.message.setText("Statement saved.")
        self.message.show()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(refusal_words(exc))
        self.message.show()
