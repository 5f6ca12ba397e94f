"""The one person picker: type part of a name or an employee number, pick from suggestions.

Every form that names a person (an action's owners, a risk's or control's owner, a role's
holder and deputy, the staff affected by an incident) uses :class:`PersonField`, so they all
look people up the same way: after a short pause in typing, never on every key, and only once
two characters are typed.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QStringListModel
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCompleter
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

LOOKUP_DELAY_MS = 250
UNMATCHED = "Choose a person from the suggestions (type part of their name)."
AMBIGUOUS = "More than one person has that name; choose one from the suggestions."


class Person(Protocol):
    """What the picker needs of a suggestion (``PersonChoice`` of the action log is one)."""

    @property
    def id(self) -> int:
        """The person's database id."""

    @property
    def name(self) -> str:
        """The person's name."""

    @property
    def label(self) -> str:
        """What the picker shows and the user types: unique among the suggestions."""


@dataclass(frozen=True)
class PersonPick:
    """A person as the picker offers them: ``Ann Able (0000001)``."""

    id: int
    name: str
    employee_number: str

    @property
    def label(self) -> str:
        """The name, with the employee number when there is one to tell namesakes apart."""
        return f"{self.name} ({self.employee_number})" if self.employee_number else self.name


def person_finder(
    find: Callable[[str], list[tuple[int, str, str]]], *, name_first: bool = False
) -> Callable[[str], list[PersonPick]]:
    """Adapt a service's ``(id, employee number, name)`` search (``name_first``: ``(id, name,
    number)``) to the picker's suggestions."""

    def finder(term: str) -> list[PersonPick]:
        if name_first:
            return [PersonPick(pid, name, number or "") for pid, name, number in find(term)]
        return [PersonPick(pid, name, number or "") for pid, number, name in find(term)]

    return finder


class PersonField(QLineEdit):
    """Type part of a name (or an employee number) and pick the person from the suggestions.

    Suggestions start with ``choices`` (say, the people who already own actions); typing two
    or more characters looks others up with ``finder`` after a pause. Empty means "nobody".

    Signals:
        changed(): the text or the chosen person changed.
    """

    changed = Signal()

    def __init__(
        self,
        finder: Callable[[str], Iterable[Person]],
        choices: Iterable[Person] = (),
        parent: QWidget | None = None,
        *,
        spoken: str = "",
        delay_ms: int = LOOKUP_DELAY_MS,
        unmatched: str = UNMATCHED,
    ) -> None:
        super().__init__(parent)
        self._finder = finder
        self._unmatched = unmatched
        self._ids: dict[str, int] = {}
        self._names: dict[str, set[int]] = {}
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        popup = f"{spoken}: suggestions" if spoken else "Suggested people"
        completer.popup().setAccessibleName(popup)
        self.setCompleter(completer)
        self.setPlaceholderText("Type a name or employee number")
        if spoken:
            self.setAccessibleName(spoken)
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._look_up)
        self.textEdited.connect(lambda _t: self._timer.start())
        self.textChanged.connect(lambda _t: self.changed.emit())
        self.add_choices(choices)

    def add_choices(self, choices: Iterable[Person]) -> None:
        """Add suggestions, skipping labels already offered."""
        added = False
        for person in choices:
            if person.label not in self._ids:
                self._ids[person.label] = person.id
                self._names.setdefault(person.name.lower(), set()).add(person.id)
                added = True
        if added:
            self._model.setStringList(sorted(self._ids, key=str.lower))

    def share_with(self, other: PersonField) -> None:
        """Offer ``other`` everyone this picker knows (a holder's deputy can be checked)."""
        added = False
        for text, pid in self._ids.items():
            if text not in other._ids:
                other._ids[text] = pid
                other._names.setdefault(text.split(" (")[0].lower(), set()).add(pid)
                added = True
        if added:
            other._model.setStringList(sorted(other._ids, key=str.lower))

    def set_person(self, person_id: int | None, name: str | None) -> None:
        """Show the person ``person_id``, by their suggestion label if they have one."""
        if person_id is None:
            self.setText("")
            return
        text = next((lbl for lbl, pid in self._ids.items() if pid == person_id), None)
        if text is None:  # not among the suggestions: known by name only
            text = name or f"Person {person_id}"
            self._ids[text] = person_id
            self._model.setStringList(sorted(self._ids, key=str.lower))
        self.setText(text)

    def person_id(self) -> int | None:
        """The chosen person's id; None when empty; ValueError when no one matches."""
        text = self.text().strip()
        if not text:
            return None
        if text in self._ids:
            return self._ids[text]
        ids = self._names.get(text.lower(), set())
        if len(ids) == 1:
            return next(iter(ids))
        raise ValueError(text)

    def value(self) -> int | None:
        """The chosen person's id, None when empty or when no one matches (see ``problem``)."""
        try:
            return self.person_id()
        except ValueError:
            return None

    def read(self, *, lenient: bool = False) -> int | str | None:
        """The chosen person's id, None when empty; when the text names nobody, None, or
        with ``lenient`` the text itself.

        Why: a form compares a lenient read with what it loaded, so an edit that names nobody
        yet still counts as a change; its strict read is what it saves (the action and
        roles-register forms both read their person fields so).
        """
        try:
            return self.person_id()
        except ValueError:
            return self.text().strip() if lenient else None

    def problem(self) -> str:
        """Why the text names nobody, in words; empty when it is fine."""
        try:
            self.person_id()
        except ValueError:
            if len(self._names.get(self.text().strip().lower(), ())) > 1:
                return AMBIGUOUS
            return self._unmatched
        return ""

    def suggest_now(self) -> None:
        """Look the typed text up at once (tests, and Enter in a hurry)."""
        self._timer.stop()
        self._look_up()

    def _look_up(self) -> None:
        term = self.text().strip()
        if len(term) >= 2 and term not in self._ids:
            self.add_choices(self._finder(term))
            self.completer().setCompletionPrefix(term)
            if self.hasFocus():
                self.completer().complete()
