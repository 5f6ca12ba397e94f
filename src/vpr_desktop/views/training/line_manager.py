"""Setting a person's line manager by hand (Training > People).

Why: a new incident's support steps belong to the reporter's line manager. The ESR staff list
usually names the supervisor, but not always (bank staff, a manager who moved, a trust whose
export leaves the column out), and a lead must be able to put it right without another
import. The manager is picked with the one person picker every form uses; leaving it empty
records "no line manager", which the dialog says in words before anything is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable

from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.people import PersonPick
from vpr_desktop.views.incidents.step_owner import PersonDialog

NO_MANAGER = (
    "No line manager is recorded: the support steps of an incident this person reports "
    "start unassigned."
)


def manager_words(name: str, number: str) -> str:
    """The person panel's line: who their line manager is, or that none is recorded."""
    if not name:
        return NO_MANAGER
    who = f"{name} ({number})" if number else name
    return f"Line manager: {who}. Support steps of incidents this person reports go to them."


class LineManagerDialog(PersonDialog):
    """Choose ``person``'s line manager (empty: none); ``current`` is shown to start with."""

    def __init__(
        self,
        person: str,
        current: PersonPick | None,
        finder: Callable[[str], Iterable[PersonPick]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            f"Line manager of {person}",
            "The support steps of an incident this person reports belong to their line "
            "manager until someone reassigns them. A later ESR staff import with a "
            "supervisor column may change it again; every change is kept in the audit trail.",
            "Save line manager",
            (
                "Line manager (leave empty for none)",
                f"Line manager of {person}",
                "No line manager will be recorded.",
                "{name} will be the line manager.",
            ),
            finder,
            [current] if current else [],
            parent,
        )
        self.back.setAccessibleName("Cancel, without changing the line manager")
        if current is not None:
            self.owner.set_person(current.id, current.name)
