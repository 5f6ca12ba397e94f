"""Support queue: the open post-incident support steps, overdue first.

The list is the window's lazy table over ``IncidentService.support_queue()`` (sorted by due
time, so overdue steps come first), filtered by overdue only, "mine" (steps the signed-in
user's person owns), the owner (a person, or unassigned), step type and owner role, and
searched by incident reference, person or location. Several rows can be selected:
"Reassign…" gives all of them a new owner in one transaction; "Plan…" records when the first
is planned or booked (warning before its earliest time). "Mark done" and "Not needed…" (asks
why) run in the background; afterwards the list reloads and ``data_changed`` tells the window to
recount the home summary, and so the sidebar's "Support queue (n)" badge. "Open incident"
asks the window to show the incident on the Incidents page.

Overdue is said in words ("Overdue"), never by colour alone.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Hashable
from typing import Any
from typing import ClassVar
from typing import NamedTuple
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QWidget

from vpr_desktop.services.incidents.support_queue import UNASSIGNED
from vpr_desktop.views.actions.dialogs import ReasonDialog
from vpr_desktop.views.actions.forms import name_combo_lists
from vpr_desktop.views.common.dialogs import attempt
from vpr_desktop.views.common.dialogs import open_held
from vpr_desktop.views.common.filter_bar import SEARCH_DELAY_MS
from vpr_desktop.views.common.filter_bar import FilterBar
from vpr_desktop.views.common.flow import button_row
from vpr_desktop.views.common.form import BUSY
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.list_page import ListPage
from vpr_desktop.views.common.list_page import ListTexts
from vpr_desktop.views.common.list_page import link_tab_order
from vpr_desktop.views.common.people import PersonPick
from vpr_desktop.views.common.people import person_finder
from vpr_desktop.views.common.table_model import LazyTableModel
from vpr_desktop.views.common.table_model import WordsTableModel
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.write_guard import allow
from vpr_desktop.views.common.write_guard import write_refusal
from vpr_desktop.views.incidents.step_done import PlanStepDialog
from vpr_desktop.views.incidents.step_done import StepDoneDialog
from vpr_desktop.views.incidents.step_owner import ReassignDialog

__all__ = ["SEARCH_DELAY_MS", "SupportQueueModel", "SupportQueuePage"]

EMPTY_HEADING = "No support steps are open"
EMPTY_LINES = [
    "When an incident is recorded, the trust's support pathway creates steps for each member "
    "of staff affected: a welfare check, manager contact, an offer of occupational health, a "
    "peer conversation, feedback to the reporter…",
    "Open steps are listed here, overdue first. Next step: record an incident on the "
    "Incidents page (New incident).",
]


class ChosenStep(NamedTuple):
    """The selected step as a change to it needs it: its ids, the version the list read
    (a stale save is refused), and its words for the dialog and the outcome."""

    step_id: int
    version: int
    incident_id: int
    what: str


AskedDialog = TypeVar("AskedDialog", ReasonDialog, StepDoneDialog, ReassignDialog, PlanStepDialog)


class SupportQueueModel(WordsTableModel):
    """The lazy model, with "Overdue" / "Not yet due" in words."""

    WORDS: ClassVar[dict[str, Callable[[Any], str]]] = {
        "overdue": lambda v: "Overdue" if v else "Not yet due"
    }


class SupportQueuePage(ListPage):
    """The open support steps, with Mark done / Not needed / Open incident under the list.

    Signals:
        data_changed(): a step was written (the window recounts the badges).
        open_incident(int): show this incident on the Incidents page.
    """

    open_incident = Signal(int)

    TEXTS = ListTexts(
        table_name="supportTable",
        table_label="Open support steps",
        count_label="Number of support steps shown",
        problem_heading="The support queue cannot be shown",
        empty_heading=EMPTY_HEADING,
        empty_lines=EMPTY_LINES,
        runner_name="Recording a support step",
    )
    MODEL = SupportQueueModel
    COUNT_WRAPS = False

    def setup(self) -> None:
        """Whether this person may mark steps; Mark buttons follow the runner's busy state."""
        self.service: Any = None
        self.can_edit = self.services.actor.can("edit_incidents")  # type: ignore[arg-type]
        #: Why this database refuses writes (a preview, a read-only file): the Mark buttons
        #: are shown, held, saying so; "" when steps may be recorded.
        self.refusal = write_refusal(self.services.db)
        self.open_dialog: ReasonDialog | StepDoneDialog | ReassignDialog | None = None
        self.runner.busy_changed.connect(lambda _b: self._update_buttons())

    def make_filter_bar(self) -> FilterBar:
        """Search, overdue-only, mine, owner, step type and owner role filters."""
        bar = FilterBar(self, spacing=12)
        bar.add_search(
            "Search incident, staff member or location", "Search support steps", chars=42
        )
        self.overdue = bar.add_check("overdue", "Overdue only", "Overdue only")
        self.mine = bar.add_check("mine", "Mine", "Only steps I own")
        self.owner = bar.add_combo(
            "owner_id",
            "Owner",
            [("Anyone", None), ("Unassigned", UNASSIGNED)],
            caption="Owner",
            max_chars=30,
        )
        self.step_type = bar.add_combo(
            "step_type", "Step", [("All steps", None)], caption="Step", max_chars=36
        )
        self.owner_role = bar.add_combo(
            "owner_role", "Owner role", [("All roles", None)], caption="Role", max_chars=36
        )
        return bar

    def build(self) -> None:
        """The Mark done / Not needed / Open incident buttons under the list."""
        self.done_button = push_button(
            "Mark done",
            self,
            self.mark_done,
            spoken="Mark the selected step done now",
            primary=True,
        )
        self.not_needed_button = push_button(
            "Not needed…",
            self,
            self.ask_not_needed,
            spoken="Mark the selected step not needed (asks for a reason)",
        )
        self.reassign_button = push_button(
            "Reassign…",
            self,
            self.reassign,
            spoken="Give the selected steps a new owner (one or many)",
        )
        self.plan_button = push_button(
            "Plan…", self, self.plan, spoken="Record when the selected step is planned or booked"
        )
        self.open_button = push_button(
            "Open incident",
            self,
            self.open_selected_incident,
            spoken="Open the incident of the selected step",
        )
        self.selected_text = label("", self, name="mutedText")
        self.selected_text.setAccessibleName("Selected step")
        actions = QWidget(self)
        buttons = (
            self.done_button,
            self.not_needed_button,
            self.reassign_button,
            self.plan_button,
            self.open_button,
        )
        actions.setLayout(button_row(*buttons))
        self.note = label("", self, name="fieldHint", selectable=True)
        self.note.setAccessibleName("Last change")
        self.note.hide()  # shown once there is something to say: its line goes to the rows
        # The count follows the filters on their line rather than taking one of its own, so
        # the queue keeps a dozen rows at 150% on 1366 x 768.
        self.filter_bar.add_trailing(self.showing)
        self.lay_out(
            self.header,
            self.runner,
            self.filter_bar,
            main=self.area,
            below=(self.selected_text, actions, self.note),
        )
        link_tab_order([*self.filter_bar.tab_chain(), self.table, *buttons])
        self._update_buttons()

    # ------------------------------------------------------------------ the list

    def make_source(self) -> Any:
        """The support queue query; the step and owner choices are read with it."""
        self.service = self.services.incidents()
        self._choices = self.service.choices()
        self._owners = [
            PersonPick(pid, name, number) for pid, number, name in self.service.step_owners()
        ]
        return self.service.support_queue()

    def prepare(self, source: Any) -> None:
        """Fill the step and owner filters from the choices read with the source."""
        for choice in self._choices.step_types:
            self.step_type.addItem(choice.label, choice.key)
        for choice in self._choices.owner_roles:
            self.owner_role.addItem(choice.label, choice.key)
        for person in self._owners:
            self.owner.addItem(person.label, person.id)
        self.mine.setEnabled(source.mine_person_id is not None)
        if source.mine_person_id is None:
            self.mine.setToolTip("Your account is not linked to a staff record.")
        name_combo_lists(self)

    def list_opened(self, model: LazyTableModel) -> None:
        """Keep the buttons in step with the selection and with reloads; several rows can be
        selected (Shift/Ctrl+click, Shift+arrows) for a bulk reassignment."""
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        model.modelReset.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

    def row_key(self, values: tuple[Any, ...]) -> Hashable:
        """A row is keyed by its step id, which survives reloads."""
        return values[self._source.STEP_ID_INDEX]

    def row_activated(self) -> None:
        """Enter or double-click opens the step's incident."""
        self.open_selected_incident()

    def show_view(self, view: str) -> bool:
        """The Home card's and sidebar badge's rows (``overdue``): overdue steps only."""
        if view != "overdue":
            return False
        self.filter_bar.show_only(lambda: self.overdue.setChecked(True))
        return True

    def filters_applied(self) -> None:
        """Select the first step after filtering, so the buttons have a target."""
        if self.model is not None and self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def is_empty_list(self, total: int) -> bool:
        """ "No open steps" only when no filter is hiding them."""
        return total == 0 and self.filter_bar.is_default()

    def empty_shown(self, empty: bool, total: int) -> None:
        """The bar stays: the queue empties as steps are done."""

    def count_text(self, loaded: int, total: int) -> str:
        """The line above the table, saying "overdue" when only overdue steps show."""
        if total == 0:
            return "No open steps match these filters."
        noun = "overdue step" if self.overdue.isChecked() else "open step"
        return f"Showing {loaded:,} of {plural(total, noun)}"

    def problem_shown(self) -> None:
        """Disable the buttons while the list cannot be read."""
        self._update_buttons()

    # ------------------------------------------------------------------ the chosen step

    def selected(self) -> tuple[int, int, int, tuple[Any, ...]] | None:
        """(step id, step version, incident id, row) of the selected row."""
        model, source = self.model, self._source
        if model is None or source is None:
            return None
        chosen = self.table.selectionModel().selectedRows()
        if not chosen:
            return None
        row = model.row_values(chosen[0].row())
        return (
            int(row[source.STEP_ID_INDEX]),
            int(row[source.STEP_VERSION_INDEX]),
            int(row[source.INCIDENT_ID_INDEX]),
            row,
        )

    def selected_steps(self) -> list[tuple[int, int]]:
        """(step id, version) of every selected row, in list order: what "Reassign…" moves."""
        model, source = self.model, self._source
        if model is None or source is None:
            return []
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        values = [model.row_values(r) for r in rows]
        return [(int(v[source.STEP_ID_INDEX]), int(v[source.STEP_VERSION_INDEX])) for v in values]

    def _describe(self, row: tuple[Any, ...]) -> str:
        model = self.model
        assert model is not None

        def value(key: str) -> Any:
            return row[model.column_index(key)]

        from vpr_desktop.views.common.formatting import format_datetime

        state = "Overdue" if value("overdue") else "Due"
        planned = value("planned_at")
        plan = f"; planned {format_datetime(planned)}" if planned is not None else ""
        return (
            f"{value('step')} for {value('person')} ({value('reference')}) – {state}: due "
            f"{format_datetime(value('due_by'))}; owner {value('owner')}{plan}"
        )

    def _update_buttons(self) -> None:
        chosen = self.selected()
        busy = self.runner.is_busy()
        for button in (
            self.done_button,
            self.not_needed_button,
            self.reassign_button,
            self.plan_button,
        ):
            button.setVisible(self.can_edit)
            allow(button, chosen is not None and not busy, self.refusal)
        self.open_button.setEnabled(chosen is not None)
        count = len(self.selected_steps())
        text = self._describe(chosen[3]) if chosen is not None else "No step selected."
        if count > 1:
            text = f"{count:,} steps selected. First: {text}"
        self.selected_text.setText(text)
        self.selected_text.setAccessibleName(f"Selected step: {text}")

    def open_selected_incident(self) -> None:
        """Ask the window to show the selected step's incident."""
        chosen = self.selected()
        if chosen is not None:
            self.open_incident.emit(chosen[2])

    # ------------------------------------------------------------------ writing

    def say(self, text: str) -> None:
        """Show what the last change did (or why it could not be made) under the buttons."""
        self.note.setText(text)
        self.note.setAccessibleName(text or "Last change")
        self.note.setVisible(bool(text))

    def _run(
        self,
        write: Any,
        doing: str,
        done: str,
        dialog: ReasonDialog | StepDoneDialog | ReassignDialog | None = None,
    ) -> None:
        def succeeded(_result: Any) -> None:
            if dialog is not None:
                dialog.done_ok()
            self.say(done)
            if self.model is not None:
                self.model.reload()
                if self.model.rowCount():
                    self.table.selectRow(0)
            self._update_buttons()
            self.data_changed.emit()

        def failed(exc: BaseException) -> None:
            from vpr_desktop.domain.errors import ConflictError

            text = self.known_error(exc)
            if text is None:
                if dialog is not None:
                    dialog.failed("Something went wrong; nothing was saved. See the message.")
                return
            if isinstance(exc, ConflictError):
                text = (
                    "Someone else changed this step after the list was loaded, so nothing "
                    "was saved. The list has been reloaded; check the step and try again."
                )
                if self.model is not None:
                    self.model.reload()
            if dialog is not None:
                dialog.failed(text)
            self.say(text)
            self._update_buttons()

        if not self.run_write(write, doing, done, on_done=succeeded, on_error=failed):
            if dialog is not None:
                dialog.failed(BUSY)
            return
        self._update_buttons()

    def mark_done(self) -> StepDoneDialog | None:
        """Ask when the selected step was done, then record it in the background."""
        chosen = self._step_to_change()
        if chosen is None:
            return None
        from vpr_desktop.views.incidents.fields import london

        service = self.service
        detail = attempt(lambda: service.get(chosen.incident_id), self.say)
        if detail is None:
            return None
        step = next((s for s in detail.steps if s.id == chosen.step_id), None)
        dialog = StepDoneDialog(
            chosen.what,
            now=london(service.now()),
            occurred=london(detail.occurred_at),
            not_before=london(step.not_before) if step and step.not_before else None,
            parent=self,
        )
        return self._ask(
            dialog,
            lambda when: service.complete_step(
                chosen.step_id, when, expected_version=chosen.version
            ),
            "Recording the step as done…",
            lambda _when: f"Done: {chosen.what}.",
        )

    def ask_not_needed(self) -> ReasonDialog | None:
        """Ask why the selected step is not needed, then record it; None if nothing to mark."""
        chosen = self._step_to_change()
        if chosen is None:
            return None
        dialog = ReasonDialog(
            "Mark the step not needed?",
            f"{chosen.what} leaves the queue. The reason is kept with the step and in the "
            "incident's timeline; the step can be reopened later.",
            "Why is it not needed (or declined)?",
            "Mark not needed",
            self,
            back="Keep it open",
        )
        dialog.needed.setText("A reason is needed; it is kept with the step.")
        service = self.service
        return self._ask(
            dialog,
            lambda values: service.mark_not_needed(
                chosen.step_id, values[0], expected_version=chosen.version
            ),
            "Recording the step as not needed…",
            lambda _values: f"Not needed: {chosen.what}.",
        )

    def _step_to_change(self) -> ChosenStep | None:
        """The selected step, when there is one and this person may change it."""
        chosen = self.selected()
        if chosen is None or self.service is None or not self.can_edit or self.refusal:
            return None
        step_id, version, incident_id, row = chosen
        return ChosenStep(step_id, version, incident_id, self._describe(row).split(" – ")[0])

    def _ask(
        self,
        dialog: AskedDialog,
        write: Callable[[Any], object],
        doing: str,
        done: Callable[[Any], str],
    ) -> AskedDialog:
        """Open ``dialog``; what it submits is written in the background by ``write`` and the
        outcome said with ``done(value)``. A refused write leaves the dialog open saying why,
        with what was typed, so each of the queue's questions behaves the same way."""

        def submitted(value: Any) -> None:
            self._run(lambda: write(value), doing, done(value), dialog=dialog)

        dialog.submitted.connect(submitted)
        self._open(dialog)
        return dialog

    def _open(self, dialog: Any) -> None:
        open_held(self, "open_dialog", dialog)

    def reassign(self) -> ReassignDialog | None:
        """Ask who the selected steps (one or many) go to, then move them all in one
        transaction; None when nothing is selected."""
        steps = self.selected_steps()
        chosen = self._step_to_change()
        if not steps or chosen is None:
            return None
        service = self.service
        what = chosen.what
        if len(steps) > 1:
            what = f"{len(steps):,} steps selected, the first: {what}"
        dialog = ReassignDialog(
            len(steps),
            what,
            person_finder(service.find_staff),
            self._owners,
            parent=self,
        )
        noun = plural(len(steps), "step")
        return self._ask(
            dialog,
            lambda owner_id: service.reassign_steps(steps, owner_id),
            f"Reassigning {noun}…",
            lambda _owner_id: f"Reassigned {noun}.",
        )

    def plan(self) -> PlanStepDialog | None:
        """Ask when the selected step is planned or booked (warning before its earliest time),
        then record it; None when nothing is selected."""
        chosen = self._step_to_change()
        if chosen is None:
            return None
        from vpr_desktop.views.incidents.fields import london

        service = self.service
        step = attempt(lambda: service.step(chosen.step_id), self.say)
        if step is None:
            return None
        occurred = service.get(step.incident_id).occurred_at
        dialog = PlanStepDialog(
            chosen.what,
            now=london(service.now()),
            occurred=london(occurred),
            not_before=london(step.not_before) if step.not_before else None,
            value=london(step.planned_at) if step.planned_at else None,
            parent=self,
        )
        what = chosen.what
        return self._ask(
            dialog,
            lambda when: service.plan_step(chosen.step_id, when, expected_version=chosen.version),
            "Recording when the step is planned…",
            lambda when: f"Planned: {what}." if when is not None else f"Plan cleared: {what}.",
        )
