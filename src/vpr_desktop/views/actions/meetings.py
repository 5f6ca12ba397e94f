"""Committee meetings of the action log: the meetings, each one's agenda, and its decisions.

The agenda of a meeting is every live action overdue on its date or due within four weeks after
it (``ActionLogService.agenda``), with what the last meeting decided. Recording a decision runs
in the background on the write pool and also adds it to the action's timeline. Reads are a few
small queries and run on the GUI thread, like the detail panel's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QListWidget
from PySide6.QtWidgets import QListWidgetItem
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QTreeWidget
from PySide6.QtWidgets import QTreeWidgetItem
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.action_rules import STATUS_LABELS
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.views.actions.meeting_dialogs import DEFAULT_COMMITTEE
from vpr_desktop.views.actions.meeting_dialogs import DecisionDialog
from vpr_desktop.views.actions.meeting_dialogs import MeetingDialog
from vpr_desktop.views.common.dialogs import open_held
from vpr_desktop.views.common.form import BUSY
from vpr_desktop.views.common.form import say_not_saved
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.widgets import EmptyState
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.common.write_guard import allow
from vpr_desktop.views.common.write_guard import write_refusal

if TYPE_CHECKING:
    from vpr_desktop.services.actions.records import AgendaItem
    from vpr_desktop.services.actions.records import Meeting
    from vpr_desktop.services.actions.records import MeetingDetail
    from vpr_desktop.services.actions.service import ActionLogService
    from vpr_desktop.views.actions.dialogs import FormDialog

ID_ROLE = Qt.ItemDataRole.UserRole
AGENDA_COLUMNS = ("When", "Reference", "Title", "Due", "Status", "Last review", "Decision here")
REVIEW_COLUMNS = ("Reference", "Title", "Status", "Decision")
DUE_SOON_DAYS = 28


def when_text(item: AgendaItem) -> str:
    days = item.days_to_due
    if item.category == "overdue":
        return f"Overdue by {plural(-days, 'day')}"
    if days == 0:
        return "Due on the day"
    return f"Due in {plural(days, 'day')}"


def meeting_text(meeting: Meeting, *, next_one: bool) -> str:
    prefix = "Next meeting – " if next_one else ""
    return (
        f"{prefix}{format_date(meeting.meeting_date)}: {meeting.committee} "
        f"({plural(meeting.reviewed, 'action')} reviewed)"
    )


def _tree(parent: QWidget, name: str, columns: tuple[str, ...]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setObjectName(name)
    tree.setColumnCount(len(columns))
    tree.setHeaderLabels(list(columns))
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setWordWrap(False)
    tree.header().setStretchLastSection(True)
    return tree


class MeetingsView(QWidget):
    """Signals:
    changed(): a meeting or a decision was recorded (timelines changed too).
    open_action(str): show this action (by reference) in the log.
    """

    changed = Signal()
    open_action = Signal(str)

    def __init__(self, service: ActionLogService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingsView")
        self.service = service
        self.meetings: list[Meeting] = []
        self.current: MeetingDetail | None = None
        self.agenda: list[AgendaItem] = []
        self.loaded = False
        self._dialog: FormDialog | None = None
        self.open_dialog: FormDialog | None = None
        self.can_edit = service.actor.can(Permission.EDIT_ACTIONS_MANAGEMENT)
        self.runner = JobRunner(self, name="Saving the meeting")

        left = QWidget(self)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 8, 0)
        left_box.addWidget(label("Meetings", left, name="sectionHeading", wrap=False))
        self.new_button = push_button(
            "New meeting…", left, self.ask_new_meeting, spoken="New committee meeting"
        )
        self.new_button.setVisible(self.can_edit)
        left_box.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.list = QListWidget(left)
        self.list.setObjectName("meetingList")
        self.list.setAccessibleName("Committee meetings, newest first")
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._meeting_chosen)
        left_box.addWidget(self.list, 1)

        right = QWidget(self)
        right.setObjectName("pageContent")
        box = QVBoxLayout(right)
        box.setContentsMargins(8, 0, 0, 0)
        box.setSpacing(8)
        self.next_note = label("", right, name="mutedText")
        box.addWidget(self.next_note)
        self.heading = label("", right, name="sectionHeading", selectable=True)
        self.notes = label("", right, name="mutedText", selectable=True)
        box.addWidget(self.heading)
        box.addWidget(self.notes)
        box.addWidget(label("Agenda", right, name="panelHeading", wrap=False))
        self.agenda_note = label("", right, name="mutedText")
        box.addWidget(self.agenda_note)
        self.agenda_tree = _tree(right, "agendaTable", AGENDA_COLUMNS)
        self.agenda_tree.setAccessibleName("Agenda: actions overdue or due soon")
        self.agenda_tree.itemSelectionChanged.connect(
            lambda: self._selection_moved(self.agenda_tree)
        )
        self.agenda_tree.itemDoubleClicked.connect(lambda *_a: self.record_decision())
        box.addWidget(self.agenda_tree, 2)
        self.decide_button = push_button(
            "Record decision…",
            right,
            self.record_decision,
            spoken="Record the meeting's decision on the chosen action",
        )
        self.decide_button.setVisible(self.can_edit)
        self.open_button = push_button(
            "Open action", right, self._open_chosen, spoken="Open the chosen action in the log"
        )
        row = QHBoxLayout()
        row.addWidget(self.decide_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(label("Decisions recorded at this meeting", right, name="panelHeading"))
        self.reviews_tree = _tree(right, "reviewTable", REVIEW_COLUMNS)
        self.reviews_tree.setAccessibleName("Decisions recorded at this meeting")
        self.reviews_tree.itemSelectionChanged.connect(
            lambda: self._selection_moved(self.reviews_tree)
        )
        box.addWidget(self.reviews_tree, 1)
        self.right = right

        self.empty = EmptyState(
            "No committee meetings yet",
            [
                "Record a meeting to see its agenda — the actions overdue or due within four "
                "weeks of it — and to note what it decided about each."
                + (" Next step: New meeting…" if self.can_edit else " Management records meetings.")
            ],
            self,
        )
        self.empty.hide()
        if self.can_edit:
            empty_new = push_button(
                "New meeting…", self.empty, self.ask_new_meeting, spoken="New committee meeting"
            )
            self.empty.add_button(empty_new)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("meetingsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scrolling(right, self.splitter))
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        vertical(self, self.runner, self.empty, (self.splitter, 1), margins=(0, 8, 0, 0))
        self._update_buttons()

    # ------------------------------------------------------------------ loading

    def load(self, select_id: int | None = None) -> None:
        """Read the meetings and show the chosen one (by default the next, else the newest)."""
        from vpr_desktop.domain.errors import VprError

        try:
            self.meetings = self.service.meetings()
        except VprError as exc:
            self.empty.paragraphs[0].setText(str(exc))
            self.empty.show()
            self.splitter.hide()
            return
        self.loaded = True
        self.empty.setVisible(not self.meetings)
        self.splitter.setVisible(bool(self.meetings))
        today = self.service.today
        upcoming = [m for m in self.meetings if m.meeting_date >= today]
        next_id = min(upcoming, key=lambda m: (m.meeting_date, m.id)).id if upcoming else None
        self.list.blockSignals(True)
        self.list.clear()
        chosen = 0
        for row, meeting in enumerate(self.meetings):
            text = meeting_text(meeting, next_one=meeting.id == next_id)
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, meeting.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            self.list.addItem(item)
            if meeting.id == (select_id or next_id):
                chosen = row
        self.list.blockSignals(False)
        self.next_note.setVisible(next_id is None and bool(self.meetings))
        self.next_note.setText(
            "No meeting is booked after today, so the newest is shown. "
            + (
                "New meeting… plans the next one and shows its agenda."
                if self.can_edit
                else "Management records the next meeting."
            )
        )
        if self.meetings:
            self.list.setCurrentRow(chosen)
            self._meeting_chosen(chosen)

    def _meeting_chosen(self, row: int) -> None:
        from vpr_desktop.domain.errors import VprError

        if not 0 <= row < len(self.meetings):
            return
        meeting = self.meetings[row]
        try:
            self.current = self.service.meeting(meeting.id)
            self.agenda = self.service.agenda(meeting.meeting_date, DUE_SOON_DAYS)
        except VprError as exc:
            self.heading.setText(str(exc))
            return
        self.heading.setText(f"{meeting.committee}, {format_date(meeting.meeting_date)}")
        self.notes.setText(meeting.notes or "")
        self.notes.setVisible(bool(meeting.notes))
        overdue = sum(1 for a in self.agenda if a.category == "overdue")
        self.agenda_note.setText(
            f"Live actions overdue on {format_date(meeting.meeting_date)} ({overdue:,}) or due "
            f"within {DUE_SOON_DAYS} days after it ({len(self.agenda) - overdue:,}), "
            "due date first."
        )
        decided = {r.action_id: r.decision for r in self.current.reviews}
        self.agenda_tree.clear()
        for a in self.agenda:
            here = (decided.get(a.action.id) or "Reviewed") if a.action.id in decided else ""
            last = (
                f"{format_date(a.last_reviewed)}: {a.last_decision or 'reviewed'}"
                if a.last_reviewed
                else "Not reviewed before"
            )
            self._add_row(
                self.agenda_tree,
                a.action.id,
                a.action.reference,
                (
                    when_text(a),
                    a.action.reference,
                    a.action.title,
                    format_date(a.action.due_date),
                    STATUS_LABELS[a.action.status],
                    last,
                    here,
                ),
            )
        self.reviews_tree.clear()
        for r in self.current.reviews:
            self._add_row(
                self.reviews_tree,
                r.action_id,
                r.reference,
                (
                    r.reference,
                    r.title,
                    STATUS_LABELS[r.status],
                    r.decision or "Reviewed, no decision recorded",
                ),
            )
        for tree in (self.agenda_tree, self.reviews_tree):
            for column in range(tree.columnCount() - 1):
                tree.resizeColumnToContents(column)
                width = self.fontMetrics().averageCharWidth() * 32
                tree.setColumnWidth(column, min(tree.columnWidth(column) + 12, width))
        self._update_buttons()

    @staticmethod
    def _add_row(tree: QTreeWidget, action_id: int, reference: str, texts: tuple[str, ...]) -> None:
        item = QTreeWidgetItem(list(texts))
        item.setData(0, ID_ROLE, (action_id, reference))
        for column, text in enumerate(texts):
            item.setToolTip(column, text)
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, ", ".join(t for t in texts if t))
        tree.addTopLevelItem(item)

    def _chosen(self) -> tuple[int, str] | None:
        """The action picked in the agenda or in the decisions (one selection at a time)."""
        for tree in (self.agenda_tree, self.reviews_tree):
            items = tree.selectedItems()
            if items:
                action_id, reference = items[0].data(0, ID_ROLE)
                return action_id, reference
        return None

    def _selection_moved(self, tree: QTreeWidget) -> None:
        other = self.reviews_tree if tree is self.agenda_tree else self.agenda_tree
        if tree.selectedItems() and other.selectedItems():
            other.blockSignals(True)
            other.clearSelection()
            other.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self._chosen() is not None
        busy = self.runner.is_busy()
        refusal = write_refusal(self.service.db)
        allow(self.decide_button, chosen and self.current is not None and not busy, refusal)
        self.open_button.setEnabled(chosen)
        allow(self.new_button, not busy, refusal)

    def _open_chosen(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self.open_action.emit(chosen[1])

    # ------------------------------------------------------------------ writing

    def ask_new_meeting(self) -> MeetingDialog | None:
        if not self.can_edit or write_refusal(self.service.db):
            return None
        committee = self.meetings[0].committee if self.meetings else DEFAULT_COMMITTEE
        dialog = MeetingDialog(committee, self, today=lambda: self.service.today)
        service = self.service

        def submitted(values: tuple[Any, ...]) -> None:
            name, day, notes = values
            self._run(
                lambda: service.create_meeting(name, day, notes),
                "Saving the meeting…",
                "Meeting saved",
                dialog,
                lambda m: self.load(select_id=m.id),
            )

        dialog.submitted.connect(submitted)
        self._open(dialog)
        return dialog

    def record_decision(self) -> DecisionDialog | None:
        chosen = self._chosen()
        if not self.can_edit or chosen is None or self.current is None:
            return None
        action_id, reference = chosen
        meeting = self.current.meeting
        title = next(
            (a.action.title for a in self.agenda if a.action.id == action_id),
            next((r.title for r in self.current.reviews if r.action_id == action_id), ""),
        )
        previous = next(
            (r.decision for r in self.current.reviews if r.action_id == action_id), None
        )
        dialog = DecisionDialog(
            meeting.committee, meeting.meeting_date, reference, title, previous, self
        )
        service = self.service

        def submitted(decision: str | None) -> None:
            self._run(
                lambda: service.record_review(meeting.id, action_id, decision),
                f"Recording the decision on {reference}…",
                f"Decision on {reference} recorded",
                dialog,
                lambda _d: self.load(select_id=meeting.id),
            )

        dialog.submitted.connect(submitted)
        self._open(dialog)
        return dialog

    def _run(self, write: Any, doing: str, done: str, dialog: FormDialog, after: Any) -> None:
        if self.runner.is_busy():
            dialog.failed(BUSY)
            return
        self._dialog = dialog

        def succeeded(result: Any) -> None:
            dialog.done_ok()
            self._dialog = None
            after(result)
            self.changed.emit()

        self.runner.write(
            write,
            label=doing,
            on_done=succeeded,
            on_error=self._failed,
            done_note=done,
        )

    def _failed(self, exc: BaseException) -> None:
        dialog, self._dialog = self._dialog, None
        say_not_saved(dialog, exc, self)

    def _open(self, dialog: FormDialog) -> None:
        open_held(self, "open_dialog", dialog)

    def tab_chain(self) -> list[QWidget]:
        return [
            self.new_button,
            self.list,
            self.agenda_tree,
            self.decide_button,
            self.open_button,
            self.reviews_tree,
        ]
