"""Reassigning support steps: one person for one step or a whole selection.

Why: an overdue step needs someone to chase, and a lead sorting out a backlog hands out many
steps at once; the service writes them in one transaction (all or none). The owner is picked
with the one person picker every form uses; leaving it empty returns the steps to
"Unassigned", which the dialog says in words before anything is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable

from PySide6.QtWidgets import QWidget

from vpr_desktop.views.actions.dialogs import FormDialog
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.people import PersonField
from vpr_desktop.views.common.people import PersonPick
from vpr_desktop.views.common.widgets import label


class PersonDialog(FormDialog):
    """One person (or nobody) for something: a caption, the person picker and a line saying
    what will be saved. ``submitted`` carries the chosen person's id, or None for nobody.

    ``nobody``: the line when the picker is empty; ``chosen``: the line for a person, with
    ``{name}`` where their name goes."""

    def __init__(
        self,
        title: str,
        explanation: str,
        confirm: str,
        words: tuple[str, str, str, str],
        finder: Callable[[str], Iterable[PersonPick]],
        choices: Iterable[PersonPick] = (),
        parent: QWidget | None = None,
    ) -> None:
        caption_text, spoken, self._nobody, self._chosen = words
        super().__init__(title, explanation, confirm, parent, back="Cancel")
        self.owner = PersonField(finder, choices, self, spoken=spoken)
        self.state_line = label("", self, name="fieldHint")
        self.state_line.setAccessibleName("What will be saved")
        self.add_captioned(caption_text, self.owner)
        self.body.addWidget(self.state_line)
        self.owner.changed.connect(self.update_state)
        self.update_state()
        self.owner.setFocus()

    def valid(self) -> bool:
        return not self.owner.problem()

    def update_state(self) -> None:
        """Say who will be saved, or why the name is not yet a person."""
        problem = self.owner.problem()
        text = problem or (
            self._nobody
            if self.owner.value() is None
            else self._chosen.format(name=self.owner.text().strip())
        )
        self.state_line.setText(text)
        self.state_line.setAccessibleName(text)
        super().update_state()

    def values(self) -> int | None:
        """The chosen person's id; None: nobody."""
        return self.owner.value()


class ReassignDialog(PersonDialog):
    """Choose the new owner of ``count`` selected steps (empty: unassigned)."""

    def __init__(
        self,
        count: int,
        what: str,
        finder: Callable[[str], Iterable[PersonPick]],
        choices: Iterable[PersonPick] = (),
        parent: QWidget | None = None,
    ) -> None:
        steps = plural(count, "step")
        super().__init__(
            f"Reassign {steps}",
            f"{what}. The new owner is the person who answers for "
            f"{'it' if count == 1 else 'them'}; every change is kept in the audit trail.",
            f"Reassign {steps}",
            (
                "New owner (leave empty for unassigned)",
                "New owner of the selected steps",
                "The steps will be unassigned.",
                "The steps will belong to {name}.",
            ),
            finder,
            choices,
            parent,
        )
