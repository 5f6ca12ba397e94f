"""The audit page's filter bar: what the filters are and what they mean as audit filters."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.views.actions.forms import DATE_HINT
from vpr_desktop.views.actions.forms import date_filters
from vpr_desktop.views.common.filter_bar import FilterBar
from vpr_desktop.views.common.filter_bar import refill_combo
from vpr_desktop.views.common.formatting import enum_words

if TYPE_CHECKING:
    from vpr_desktop.services.admin.audit import UserChoice


class AuditFilterBar(FilterBar):
    """Detail search, user, record type, record, from/to dates, action, clear.

    A date typed badly is said in words under the bar and left out of the filters until it
    reads as a date. The bar wraps rather than clipping at 150%, and on a short page folds
    the filters behind "More filters" (:class:`FilterBar`); what the filters mean stays here.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, spacing=12, problem_line=True)
        char = self.char
        holder = self.holder
        self.add_search("Search the detail", "Search the audit detail", chars=26)
        self.user = self.add_combo(
            None, "Changes made by user", [("Anyone", None)], caption="User", max_chars=34
        )
        self.record_type = self.add_combo(
            None, "Record type", [("Any record type", None)], caption="Record type", max_chars=30
        )
        self.record = QLineEdit(holder)
        self.record.setPlaceholderText("id")
        self.record.setAccessibleName("Record number (id)")
        self.record.setClearButtonEnabled(True)
        self.record.setFixedWidth(char * 12)
        self.watch_text(self.record)
        self.add(self.record, "Record")
        self.date_from = QLineEdit(holder)
        self.date_to = QLineEdit(holder)
        for edit, name in ((self.date_from, "From"), (self.date_to, "To")):
            edit.setPlaceholderText(DATE_HINT)
            edit.setAccessibleName(f"{name} date ({DATE_HINT}), inclusive")
            edit.setFixedWidth(char * 17)
            edit.setClearButtonEnabled(True)
            self.watch_text(edit)
            self.add(edit, name)
        self.action = self.add_combo(
            None,
            "Action",
            [("Any action", None), *((enum_words(a), a.value) for a in AuditAction)],
            caption="Action",
        )
        self.clear_button = self.add_clear_button()
        assert self.problem is not None
        self.problem.setAccessibleName("Filter problem")

    def edits(self) -> tuple[QLineEdit, ...]:
        return (self.search, self.record, self.date_from, self.date_to)

    def set_choices(self, users: list[UserChoice], record_types: list[str]) -> None:
        """Fill the user and record-type lists, keeping what was chosen; no ``changed``."""
        refill_combo(self.user, "Anyone", [(u.label, u.username) for u in users])
        refill_combo(
            self.record_type, "Any record type", [(enum_words(t), t) for t in record_types]
        )

    def filters(self) -> dict[str, Any]:
        """The bar as ``AuditListSource`` filters."""
        dates, problem = date_filters(self.date_from, self.date_to, "date_from", "date_to")
        self.show_problem(problem)
        out: dict[str, Any] = dict(dates)
        for combo, key in (
            (self.user, "username"),
            (self.record_type, "entity"),
            (self.action, "action"),
        ):
            if (value := combo.currentData()) is not None:
                out[key] = value
        if record := self.record.text().strip():
            out["entity_id"] = record
        return out

    def is_default(self) -> bool:
        return not self.search_text() and not self.filters()

    def tab_chain(self) -> list[QWidget]:
        return [
            self.search,
            self.more,
            self.user,
            self.record_type,
            self.record,
            self.date_from,
            self.date_to,
            self.action,
            self.clear_button,
        ]
