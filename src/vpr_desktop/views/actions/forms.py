"""The action form, shared by the detail panel and the New action dialog, and its parts.

The form checks itself as the user types and says what is wrong next to the field, in words
("The due date is before the action was raised"). It never saves: the panel or dialog holding
it reads :meth:`ActionForm.changes` (or :meth:`ActionForm.values`) and calls the service, and
the form keeps whatever was typed whatever the outcome. Which fields may be edited comes from
the service's ``capabilities`` (a staff-side rep sees management's fields read-only); the
service refuses the other side's fields anyway.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.action_rules import FIELD_SIDE
from vpr_desktop.domain.action_rules import PRIORITY_LABELS
from vpr_desktop.domain.action_rules import SOURCE_LABELS
from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import Priority
from vpr_desktop.domain.enums import Side
from vpr_desktop.views.common.checked_form import CheckedForm
from vpr_desktop.views.common.field_signals import watch_fields
from vpr_desktop.views.common.flow import FlowLayout as FlowLayout  # moved: list pages use
from vpr_desktop.views.common.form import add_field
from vpr_desktop.views.common.form import field_column
from vpr_desktop.views.common.form import set_field_editable
from vpr_desktop.views.common.form import show_field_message
from vpr_desktop.views.common.form import signals_blocked
from vpr_desktop.views.common.formatting import MONTHS
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.people import PersonField
from vpr_desktop.views.common.widgets import label

if TYPE_CHECKING:
    from vpr_desktop.services.actions.people import PersonChoice
    from vpr_desktop.services.actions.records import ActionDetail

MAX_TITLE = 500
MAX_YEARS_AHEAD = 5
FIELDS = (
    "title",
    "description",
    "source",
    "priority",
    "due_date",
    "management_owner_id",
    "staff_side_owner_id",
)
FIELD_TITLES = {
    "title": "Title",
    "description": "Description",
    "source": "Source",
    "priority": "Priority",
    "due_date": "Due date",
    "management_owner_id": "Management owner",
    "staff_side_owner_id": "Staff-side owner",
}
REQUIRED = frozenset({"title"})
DATE_HINT = "dd/mm/yyyy"
_MONTHS = {m.lower(): i for i, m in enumerate(MONTHS, start=1)}


# --------------------------------------------------------------------------- dates


def parse_date(text: str) -> dt.date | None:
    """A date as people type it in the UK: ``31/03/2027``, ``31 Mar 2027``, ``2027-03-31``.

    Empty text is no date (None); anything else that is not a real date raises ValueError.
    """
    t = text.strip()
    if not t:
        return None
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t):
        year, month, day = (int(g) for g in m.groups())
    elif m := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", t):
        day, month, year = (int(g) for g in m.groups())
    elif m := re.fullmatch(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})", t):
        word = m.group(2).lower()[:3]
        if word not in _MONTHS:
            raise ValueError(t)
        day, month, year = int(m.group(1)), _MONTHS[word], int(m.group(3))
    else:
        raise ValueError(t)
    return dt.date(year, month, day)  # ValueError for 31/02/2027


def typed_date_range(
    date_from: QLineEdit, date_to: QLineEdit
) -> tuple[dt.date | None, dt.date | None, str]:
    """The From and To dates of a filter bar as typed: (from, to, "") or, when one cannot be
    read or From is after To, (None, None, the problem in words)."""
    out: list[dt.date | None] = []
    for edit, name in ((date_from, "From"), (date_to, "To")):
        try:
            out.append(parse_date(edit.text()))
        except ValueError:
            return None, None, f"{name} date: write it as {DATE_HINT}."
    start, end = out
    if start and end and start > end:
        return None, None, "The From date is after the To date."
    return start, end, ""


def date_filters(
    date_from: QLineEdit, date_to: QLineEdit, from_key: str, to_key: str
) -> tuple[dict[str, dt.date], str]:
    """A filter bar's typed From and To dates as list filters under ``from_key`` and
    ``to_key`` (only those given), with the problem in words ("" when there is none).

    Why one place: the incident and audit filter bars each turned their date range into
    filters so, under their own sources' names.
    """
    start, end, problem = typed_date_range(date_from, date_to)
    out: dict[str, dt.date] = {}
    if start is not None:
        out[from_key] = start
    if end is not None:
        out[to_key] = end
    return out, problem


def due_date_check(
    value: dt.date | None, *, raised: dt.date, today: dt.date, changed: bool
) -> tuple[str, str]:
    """(error, hint) for a due date: errors block saving, hints only inform.

    A due date that was not changed never blocks a save (an old action may be long overdue).
    """
    if value is None or not changed:
        return "", ""
    if value < raised:
        when = "today" if raised == today else f"on {format_date(raised)}"
        return (f"The due date is before the action was raised ({when}).", "")
    if value > today + dt.timedelta(days=round(365.25 * MAX_YEARS_AHEAD)):
        return (f"The due date is more than {MAX_YEARS_AHEAD} years away; check the year.", "")
    if value < today:
        return "", "This date has passed, so the action will show as overdue."
    return "", ""


def name_combo_lists(root: QWidget) -> None:
    """Give each combo box's drop-down list a name (screen readers announce the list)."""
    for combo in root.findChildren(QComboBox):
        combo.view().setAccessibleName(f"{combo.accessibleName() or 'Choices'}: choices")


# --------------------------------------------------------------------------- the form


class ActionForm(CheckedForm):
    """The fields of one action, checked as the user types.

    Signals:
        edited(): a field changed (validity and "has changes" may have changed too).
    """

    def __init__(
        self,
        finder: Callable[[str], list[PersonChoice]],
        owners: tuple[Sequence[PersonChoice], Sequence[PersonChoice]],
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent, name="actionForm", today=today)
        self._raised = today()
        self._editable = frozenset(FIELDS)

        self.title = QLineEdit(self)
        self.title.setMaxLength(MAX_TITLE + 50)  # room to say "too long" rather than cut
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        line = self.fontMetrics().lineSpacing()
        self.description.setFixedHeight(line * 4 + 16)
        self.source = QComboBox(self)
        for source, text in SOURCE_LABELS.items():
            self.source.addItem(text, source.value)
        self.priority = QComboBox(self)
        for priority, text in PRIORITY_LABELS.items():
            self.priority.addItem(text, priority.value)
        self.due = QLineEdit(self)
        self.due.setPlaceholderText(f"{DATE_HINT}, or leave empty")
        self.management_owner = PersonField(finder, owners[0], self)
        self.staff_side_owner = PersonField(finder, owners[1], self)
        self.widgets: dict[str, QWidget] = {
            "title": self.title,
            "description": self.description,
            "source": self.source,
            "priority": self.priority,
            "due_date": self.due,
            "management_owner_id": self.management_owner,
            "staff_side_owner_id": self.staff_side_owner,
        }

        layout = field_column(self)
        self.note = label("", self, name="mutedText")
        self.note.hide()
        layout.addWidget(self.note)
        for key in FIELDS:
            self.captions[key], self.errors[key] = add_field(
                layout, FIELD_TITLES[key], self.widgets[key]
            )

        watch_fields(self.widgets, self._changed)
        self.load(None)
        self.set_editable(frozenset(FIELDS))

    # ------------------------------------------------------------------ loading

    def load(self, detail: ActionDetail | None) -> None:
        """Show ``detail`` (None: the empty form of a new action) as the unchanged state."""
        with signals_blocked(self.widgets.values()):
            self._touched = set()
            self._new = detail is None
            if detail is None:
                self._raised = self._today()
                self.title.setText("")
                self.description.setPlainText("")
                self.source.setCurrentIndex(self.source.findData(ActionSource.OTHER.value))
                self.priority.setCurrentIndex(self.priority.findData(Priority.MEDIUM.value))
                self.due.setText("")
                self.management_owner.set_person(None, None)
                self.staff_side_owner.set_person(None, None)
            else:
                created = detail.created_at
                self._raised = created.astimezone().date() if created else self._today()
                self.title.setText(detail.title)
                self.description.setPlainText(detail.description or "")
                self.source.setCurrentIndex(self.source.findData(detail.source.value))
                self.priority.setCurrentIndex(self.priority.findData(detail.priority.value))
                self.due.setText(format_date(detail.due_date))
                self.management_owner.set_person(
                    detail.management_owner_id, detail.management_owner_name
                )
                self.staff_side_owner.set_person(
                    detail.staff_side_owner_id, detail.staff_side_owner_name
                )
        for line in (self.title, self.due, self.management_owner, self.staff_side_owner):
            line.setCursorPosition(0)  # a long title reads from its start
        self._original = self._read(lenient=True)
        self._changed(None)

    def set_editable(self, fields: frozenset[str], why_fixed: str = "") -> None:
        """Fields outside ``fields`` become read-only (still readable and focusable);
        ``why_fixed`` says why when none may be changed."""
        self._editable = fields
        for key, widget in self.widgets.items():
            editable = key in fields
            set_field_editable(widget, editable)
            owner = "management" if FIELD_SIDE[key] is Side.MANAGEMENT else "the staff side"
            suffix = "" if editable else f" (read-only: only {owner} can change it)"
            required = " (required)" if key in REQUIRED and editable else ""
            self.captions[key].setText(
                FIELD_TITLES[key] + (required if editable else " – read-only")
            )
            widget.setAccessibleName(FIELD_TITLES[key] + required + suffix)
        locked = [k for k in FIELDS if k not in fields]
        if not locked:
            self.note.hide()
        elif len(locked) == len(FIELDS):
            self.note.setText(why_fixed or "You can read this action but not change its details.")
            self.note.show()
        else:
            names = [FIELD_TITLES[k].lower() for k in FIELDS if k in locked]
            sides = {FIELD_SIDE[k] for k in locked}
            who = "management" if sides == {Side.MANAGEMENT} else "the staff side"
            if len(names) == 1:
                text = f"The {names[0]} belongs to {who} and is read-only for you."
            else:
                text = (
                    f"The {', '.join(names[:-1])} and {names[-1]} belong to {who} and are "
                    "read-only for you."
                )
            self.note.setText(text)
            self.note.show()

    # ------------------------------------------------------------------ reading

    def _read(self, *, lenient: bool = False) -> dict[str, Any]:
        try:
            due: Any = parse_date(self.due.text())
        except ValueError:
            due = self.due.text().strip()
        return {
            "title": self.title.text().strip(),
            "description": self.description.toPlainText().strip() or None,
            "source": ActionSource(self.source.currentData()),
            "priority": Priority(self.priority.currentData()),
            "due_date": due,
            "management_owner_id": self.management_owner.read(lenient=lenient),
            "staff_side_owner_id": self.staff_side_owner.read(lenient=lenient),
        }

    def values(self) -> dict[str, Any]:
        """Every field's value as the service takes it (check :meth:`problems` first)."""
        return self._read()

    def changes(self) -> dict[str, Any]:
        """Only the fields whose value differs from what was loaded."""
        now = self._read(lenient=True)
        return {k: v for k, v in now.items() if v != self._original.get(k)}

    def problems(self) -> dict[str, str]:
        """Blocking problems by field, in words."""
        out: dict[str, str] = {}
        title = self.title.text().strip()
        if not title:
            out["title"] = "Give the action a title."
        elif len(title) > MAX_TITLE:
            out["title"] = (
                f"Keep the title under {MAX_TITLE} characters "
                f"(it has {len(title):,}); put the detail in the description."
            )
        due_error, _hint = self._due_check()
        if due_error:
            out["due_date"] = due_error
        for key, field in (
            ("management_owner_id", self.management_owner),
            ("staff_side_owner_id", self.staff_side_owner),
        ):
            if problem := field.problem():
                out[key] = problem
        return out

    def _due_check(self) -> tuple[str, str]:
        try:
            due = parse_date(self.due.text())
        except ValueError:
            return (
                f"Write the date as {DATE_HINT}, for example "
                f"{(self._today() + dt.timedelta(days=90)).strftime('%d/%m/%Y')}.",
                "",
            )
        changed = due != self._original.get("due_date")
        return due_date_check(due, raised=self._raised, today=self._today(), changed=changed)

    def has_changes(self) -> bool:
        """Whether any field differs from the action as loaded (to warn before leaving)."""
        return bool(self.changes())

    # ------------------------------------------------------------------ showing problems

    def _changed(self, key: str | None = None) -> None:
        if key is not None:
            self._touched.add(key)
        problems = self.problems()
        _error, hint = self._due_check()
        for key, error in self.errors.items():
            shown = not self._new or key in self._touched
            text = problems.get(key, "") if shown else ""
            if key == "due_date" and not text and hint:
                text = hint
            is_hint = key == "due_date" and bool(hint) and text == hint
            show_field_message(error, self.widgets[key], text, hint=is_hint)
        self.edited.emit()

    def focus_first(self) -> None:
        """Focus the first field this person may edit, else the title."""
        for key in FIELDS:
            if key in self._editable:
                self.widgets[key].setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def tab_chain(self) -> list[QWidget]:
        """The fields in tab order, for the panel to link its own widgets after them."""
        return [self.widgets[k] for k in FIELDS]
