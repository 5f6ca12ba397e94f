"""The chair's summary of a board pack (Alert, Advise, Assure): three texts the chair writes,
each with the lines the figures suggest beside it, inserted only on request.

Why a widget of its own: it is the one part of the New pack dialog that a person other than
the author writes, and its rule (nothing filled in for the chair; a suggestion goes in only
when asked) is kept in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.widgets import label

if TYPE_CHECKING:
    from vpr_desktop.services.packs.front import ChairSuggestions

CHAIR_PARTS = (
    ("chair_alert", "Alert", "What the board must know or act on"),
    ("chair_advise", "Advise", "What the committee is watching or doing"),
    ("chair_assure", "Assure", "Where the committee takes assurance"),
)


class ChairSummaryBox(QGroupBox):
    """Alert, Advise and Assure, each a text with its suggestions and an Insert button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Chair's summary (Alert, Advise, Assure)", parent)
        self.setObjectName("chairSummary")
        chair_form = QFormLayout(self)
        chair_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        chair_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        chair_form.addRow(
            label(
                "Written by the chair. Suggestions from the figures can be inserted; "
                "nothing is filled in for you.",
                self,
                name="fieldHint",
            )
        )
        self.edits: dict[str, QPlainTextEdit] = {}
        self.suggestions: dict[str, QComboBox] = {}
        self.insert_buttons: dict[str, QPushButton] = {}
        for key, name, hint in CHAIR_PARTS:
            edit = QPlainTextEdit(self)
            edit.setAccessibleName(f"Chair's summary: {name}")
            edit.setAccessibleDescription(hint)
            edit.setPlaceholderText(hint)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
            pick = QComboBox(self)
            pick.setAccessibleName(f"Suggestions for {name}")
            pick.setPlaceholderText("No suggestion from the figures")
            pick.setEnabled(False)
            insert = QPushButton(f"Insert into {name}", self)
            insert.setAccessibleName(f"Insert the suggestion into {name}")
            insert.setEnabled(False)
            insert.clicked.connect(lambda _c=False, key=key: self.insert_suggestion(key))
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(pick, 1)
            row.addWidget(insert)
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(edit)
            box.addLayout(row)
            chair_form.addRow(name, box)
            self.edits[key], self.suggestions[key], self.insert_buttons[key] = edit, pick, insert

    def set_suggestions(self, suggestions: ChairSuggestions | None) -> None:
        """Offer the lines from the figures beside each part; the summary itself is left as
        the chair wrote it (a suggestion is inserted only on request)."""
        for key, _name, _hint in CHAIR_PARTS:
            pick = self.suggestions[key]
            pick.clear()
            lines = () if suggestions is None else getattr(suggestions, key.removeprefix("chair_"))
            for line in lines:
                pick.addItem(line, line)
            pick.setCurrentIndex(0 if lines else -1)
            pick.setEnabled(bool(lines))
            self.insert_buttons[key].setEnabled(bool(lines))

    def insert_suggestion(self, key: str) -> None:
        """Add the chosen suggestion to the chair's text, on a line of its own."""
        line = str(self.suggestions[key].currentData() or "")
        if not line:
            return
        edit = self.edits[key]
        current = edit.toPlainText().rstrip()
        edit.setPlainText(f"{current}\n{line}." if current else f"{line}.")
