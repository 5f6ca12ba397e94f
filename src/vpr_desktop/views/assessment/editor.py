"""The indicator editor beside the tree: result, work status, narrative, evidence, actions.

Save (Ctrl+S) runs ``AssessmentService.rate`` in a background job; a signed-off cycle (or a
person who may only read) gets a read-only editor with the reason in words above it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtCore import QUrl
from PySide6.QtCore import Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QListWidget
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.domain.standard_library import strip_mark
from vpr_desktop.services.assessment.records import WORK_STATUS_LABELS
from vpr_desktop.views.assessment.common import WORKING_SUMMARY_NOTE
from vpr_desktop.views.assessment.common import flags_of
from vpr_desktop.views.assessment.common import refusal_words
from vpr_desktop.views.assessment.link_dialog import LinkDialog
from vpr_desktop.views.common.dialogs import open_held
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.widgets import horizontal
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import CancelledFn
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.common.worker import ProgressFn
from vpr_desktop.views.risks.chip_label import ChipLabel

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services

NOTHING_SELECTED = "Select an indicator in the tree to rate it here."
EVIDENCE_ITEM = Qt.ItemDataRole.UserRole + 1


class _Level:
    """A ``ScaleLevel`` shaped like the chip label's cell (colour, text colour, words)."""

    def __init__(self, level: Any) -> None:
        self.colour, self.text_colour, self.label = level.colour, level.text_colour, level.label

    def __str__(self) -> str:
        return self.label


class IndicatorEditor(QWidget):
    """Signals:
    saved(object): a rating was saved (the ``RatingView``); the page reloads its tree.
    """

    saved = Signal(object)

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        *,
        can_edit: bool = True,
        cant_edit_reason: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("indicatorEditor")
        self.services = services
        self.can_edit = can_edit
        self.cant_edit_reason = cant_edit_reason
        self.detail: Any = None
        self._shown_values: tuple[object, ...] = ()
        self.scale: tuple[Any, ...] = ()
        self.cycle: Any = None
        self.read_only = True
        self.raise_dialog: Any = None  # the open "Raise action for this gap" dialog
        self.runner = JobRunner(self, name="Indicator editor task")

        self.heading = label(NOTHING_SELECTED, self, name="sectionHeading", selectable=True)
        self.wording = label("", self, name="indicatorText", selectable=True)
        self.mark = label(WORKING_SUMMARY_NOTE, self, name="workingSummaryMark")
        self.reason = label("", self, name="readOnlyReason")
        self.chip = ChipLabel(self, name="Current result")
        self.flags = label("", self, name="indicatorFlags")

        self.rag = QComboBox(self)
        self.rag.setAccessibleName("Result (RAG rating)")
        self.work_status = QComboBox(self)
        self.work_status.setAccessibleName("Work status")
        for status in WorkStatus:
            self.work_status.addItem(WORK_STATUS_LABELS[status], status)
        self.narrative = QPlainTextEdit(self)
        self.narrative.setAccessibleName("Narrative")
        self.narrative.setTabChangesFocus(True)
        self.narrative.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.evidence = QListWidget(self)
        self.evidence.setAccessibleName("Evidence for this indicator")
        self.evidence.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        self.add_link_button = push_button(
            "Add link…", self, self.ask_link, spoken="Add a link to evidence…"
        )
        self.add_file_button = push_button(
            "Add file…", self, self.ask_file, spoken="Add a file as evidence…"
        )
        self.open_button = push_button(
            "Open", self, self.open_selected, spoken="Open the selected evidence"
        )
        self.add_role_button = push_button(
            "Cite a role…",
            self,
            self.ask_role,
            spoken="Cite an entry of the roles and responsibilities register as evidence…",
        )
        self.actions = QListWidget(self)
        self.actions.setAccessibleName("Open actions for this indicator")
        self.actions.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        self.raise_button = push_button(
            "Raise action for this gap…",
            self,
            self.raise_action,
            spoken="Raise an action in the joint action log for this gap",
        )
        self.save_button = QPushButton("Save", self)
        self.save_button.setProperty("primary", True)
        self.save_button.setAccessibleName("Save the rating (Ctrl+S)")
        self.save_button.setToolTip("Save the rating (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.message = label("", self, name="editorMessage")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("Now", self.chip)
        form.addRow("Result", self.rag)
        form.addRow("Work status", self.work_status)
        content = QWidget(self)
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 8, 0)
        for widget in (self.heading, self.wording, self.mark, self.reason, self.flags):
            inner.addWidget(widget)
        inner.addLayout(form)
        inner.addWidget(label("Narrative", content, name="fieldCaption"))
        inner.addWidget(self.narrative)
        inner.addWidget(label("Evidence", content, name="fieldCaption"))
        inner.addWidget(self.evidence)
        inner.addLayout(
            horizontal(
                self.open_button,
                self.add_file_button,
                self.add_link_button,
                self.add_role_button,
                1,
            )
        )
        inner.addWidget(label("Actions", content, name="fieldCaption"))
        inner.addWidget(self.actions)
        inner.addLayout(horizontal(self.raise_button, 1))
        inner.addStretch(1)
        self.scroll = scrolling(content, self)
        buttons = horizontal((self.message, 1), self.save_button)
        vertical(self, (self.scroll, 1), self.runner, buttons, margins=0)
        self.show_rating(None)

    # ------------------------------------------------------------------ showing
    def _values(self) -> tuple[object, ...]:
        return (
            self.rag.currentData(),
            self.work_status.currentData(),
            self.narrative.toPlainText(),
        )

    def has_changes(self) -> bool:
        """Whether the rating, status or narrative differ from what was shown (typed, unsaved)."""
        return self.detail is not None and self._values() != self._shown_values

    def show_rating(self, detail: Any, scale: tuple[Any, ...] = (), cycle: Any = None) -> None:
        # The same indicator shown again (the page reloads after a save or a raised action)
        # keeps what the editor just said ("Raised ACT-0042 in the action log.").
        same = (
            detail is not None
            and self.detail is not None
            and self.detail.rating.id == detail.rating.id
        )
        self.detail = detail
        self._shown_values = ()
        if scale:
            self.scale = scale
        if cycle is not None:
            self.cycle = cycle
        has = detail is not None
        for widget in (
            self.rag,
            self.work_status,
            self.narrative,
            self.evidence,
            self.add_link_button,
            self.add_role_button,
            self.actions,
            self.add_file_button,
            self.open_button,
            self.raise_button,
            self.save_button,
            self.chip,
        ):
            widget.setVisible(has)
        self.mark.setVisible(has and detail.rating.working_summary)
        self.wording.setVisible(has)
        self.flags.setVisible(has)
        if not same:
            self.message.setText("")
        if not has:
            self.heading.setText(NOTHING_SELECTED)
            self.reason.setVisible(False)
            return
        view = detail.rating
        self.heading.setText(f"{view.code} · {view.domain_title}")
        self.wording.setText(
            strip_mark(view.text)
            + (f"\n\nGuidance: {strip_mark(view.guidance)}" if view.guidance else "")
        )
        self.chip.set_cell(_Level(view.level))
        flags = flags_of(view)
        self.flags.setText("Flags: " + ", ".join(flags) if flags else "No flags")
        self.rag.blockSignals(True)
        self.rag.clear()
        for level in sorted(self.scale, key=lambda s: s.rank):
            self.rag.addItem(level.label, level.id)
            self.rag.setItemData(
                self.rag.count() - 1, level.description, Qt.ItemDataRole.ToolTipRole
            )
        self.rag.setCurrentIndex(max(self.rag.findData(view.rag), 0))
        self.rag.blockSignals(False)
        self.work_status.setCurrentIndex(max(self.work_status.findData(view.work_status), 0))
        self.narrative.setPlainText(view.narrative or "")
        self._shown_values = self._values()
        self.evidence.clear()
        for item in detail.evidence:
            text = item.title + (f" — {item.url}" if item.url else "")
            if item.review_date:
                text += f" — review by {format_date(item.review_date)}"
            if item.past_review:
                text += " (past review)"
            self.evidence.addItem(text)
            self.evidence.item(self.evidence.count() - 1).setData(EVIDENCE_ITEM, item)
        if not detail.evidence:
            self.evidence.addItem("No evidence yet")
        self.actions.clear()
        for action in detail.actions:
            text = f"{action.reference} {action.title} — {action.status.value.replace('_', ' ')}"
            if action.due_date:
                text += f", due {format_date(action.due_date)}"
            if action.carried_forward and action.from_cycle_name:
                text += f" (from {action.from_cycle_name})"
            self.actions.addItem(text)
        if not detail.actions:
            self.actions.addItem("No actions")
        reason = ""
        if detail.read_only:
            name = cycle.name if cycle is not None else "This cycle"
            reason = (
                f"Read-only: '{name}' was signed off by both sides. Start a new cycle "
                "(carrying this one forward) to record changes."
            )
        elif not self.can_edit:
            reason = self.cant_edit_reason
        self.read_only = bool(reason)
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self.rag.setEnabled(not self.read_only)
        self.work_status.setEnabled(not self.read_only)
        self.narrative.setReadOnly(self.read_only)
        suffix = " (read-only)" if self.read_only else ""
        self.narrative.setAccessibleName("Narrative" + suffix)
        self.rag.setAccessibleName("Result (RAG rating)" + suffix)
        self.save_button.setEnabled(not self.read_only)
        self.add_link_button.setEnabled(not self.read_only)
        self.add_role_button.setEnabled(not self.read_only)
        self.add_file_button.setEnabled(not self.read_only)
        self.open_button.setEnabled(bool(detail.evidence))
        self.raise_button.setEnabled(self.can_raise())

    def can_raise(self) -> bool:
        return (
            self.detail is not None
            and self.detail.rating.rag in (Rag.RED, Rag.AMBER)
            and self.can_edit
            and self.raise_dialog is None  # one dialog at a time: never raised twice
        )

    # ------------------------------------------------------------------ saving
    def save(self) -> None:
        if self.detail is None or self.read_only or self.runner.is_busy():
            return
        view = self.detail.rating
        rag, status = self.rag.currentData(), self.work_status.currentData()
        narrative, version = self.narrative.toPlainText(), view.version

        self._write(
            lambda: self.services.assessment().rate(
                view.id, rag, status, narrative, expected_version=version
            ),
            f"Saving {view.code}…",
            self._saved,
        )

    def _write(self, call: Callable[[], Any], doing: str, on_done: Callable[[Any], None]) -> None:
        """Run one change on the write pool; a refusal is said under the form (see
        :meth:`_failed`), so what was typed stays."""
        self.runner.start(
            lambda _progress, _cancelled: call(),
            label=doing,
            on_done=on_done,
            on_error=self._failed,
            cancellable=False,
            purpose="write",
        )

    def _saved(self, view: Any) -> None:
        self.message.setText(f"Saved {view.code}: {view.level.label}.")
        self.saved.emit(view)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(refusal_words(exc))  # what was typed stays in the form

    def ask_link(self) -> LinkDialog | None:
        if self.detail is None or self.read_only:
            return None
        dialog = LinkDialog(self, getattr(self.services.assessment(), "today", None))
        dialog.accepted.connect(lambda: self.add_link(**dialog.values()))
        from vpr_desktop.views.common.dialogs import headless

        if not headless():
            dialog.open()
        return dialog

    def add_link(
        self, url: str, title: str, owner: str | None = None, review_date: dt.date | None = None
    ) -> None:
        view = self.detail.rating

        self._write(
            lambda: self.services.assessment().add_evidence_link(
                view.id, url, title=title, owner=owner, review_date=review_date
            ),
            "Adding the evidence link…",
            self._changed,
        )

    def ask_file(self) -> None:
        """Choose a file to copy into the evidence store and link to this indicator."""
        if self.detail is None or self.read_only:
            return
        from PySide6.QtWidgets import QFileDialog

        from vpr_desktop.views.common.dialogs import headless

        if headless():
            return
        path, _filter = QFileDialog.getOpenFileName(self, "Add a file as evidence")
        if path:
            self.add_file(path)

    def add_file(self, path: str | Path) -> None:
        if self.detail is None or self.read_only:
            return
        view = self.detail.rating
        title = Path(path).stem

        self._write(
            lambda: self.services.assessment().add_evidence_file(view.id, path, title=title),
            "Adding the evidence file…",
            self._changed,
        )

    def selected_evidence(self) -> Any:
        item = self.evidence.currentItem()
        return item.data(EVIDENCE_ITEM) if item is not None else None

    def open_selected(self) -> None:
        """Open the selected evidence: a file with the system's viewer, a link in the browser,
        a roles register entry by its title."""
        evidence = self.selected_evidence()
        if evidence is None:
            self.message.setText("Select an evidence item to open.")
            return
        if evidence.kind == "link" and evidence.url:
            QDesktopServices.openUrl(QUrl(evidence.url))
            return
        if evidence.kind != "file":
            self.message.setText(evidence.title)
            return

        self._write(
            lambda: self.services.assessment().evidence_path(evidence.id),
            "Opening the evidence…",
            self._open_path,
        )

    def _open_path(self, path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.message.setText(f"No program could open {path.name}.")

    def role_choices(self) -> list[tuple[str, int]]:
        """(label, id) of the roles register's entries, for "Cite a role…"."""
        entries = self.services.roles_register().entries(include_names=False)
        return [
            (f"{e.role_label} ({e.scope}){'' if e.filled else ' - vacant'}", e.id) for e in entries
        ]

    def ask_role(self) -> None:
        """Choose a role entry to cite (the list holds roles and scopes, never names)."""
        if self.detail is None or self.read_only:
            return
        from PySide6.QtWidgets import QInputDialog

        from vpr_desktop.domain.errors import VprError
        from vpr_desktop.views.common.dialogs import headless

        try:
            choices = self.role_choices()
        except VprError as exc:
            self.message.setText(str(exc))
            return
        if not choices:
            self.message.setText(
                "The roles register is empty: add the VPR roles first "
                "(Roles and responsibilities page)."
            )
            return
        if headless():
            return
        text, ok = QInputDialog.getItem(
            self,
            "Cite a role as evidence",
            "Roles register entry:",
            [c[0] for c in choices],
            0,
            False,
        )
        if ok:
            self.link_role(dict(choices)[text])

    def link_role(self, role_id: int) -> None:
        view = self.detail.rating

        self._write(
            lambda: self.services.assessment().link_role_entry(view.id, role_id),
            "Citing the role as evidence…",
            self._changed,
        )

    def raise_action(self) -> Any:
        """Ask for the action first: a short title, the owner on each side, a due date and
        the priority, prefilled from the gap. Nothing is created until Raise action is
        pressed (Cancel creates nothing), and the button waits while the dialog is open."""
        if not self.can_raise():
            return self.raise_dialog
        from vpr_desktop.domain.action_rules import editing_sides
        from vpr_desktop.domain.enums import ActionSource
        from vpr_desktop.domain.enums import Priority
        from vpr_desktop.domain.enums import Side
        from vpr_desktop.domain.errors import VprError
        from vpr_desktop.views.actions.dialogs import NewActionDialog

        view = self.detail.rating
        services = self.services
        try:
            title, gap = services.assessment().gap_action_defaults(view.id)
            people = services.action_people()
            owners = people.owners()
            today = services.action_log().today
        except VprError as exc:
            self.message.setText(str(exc))
            return None
        sides = editing_sides(services.actor.permissions)
        dialog = NewActionDialog(
            people.find,
            (owners.management, owners.staff_side),
            self,
            today=lambda: today,
            raised_by=Side.MANAGEMENT if Side.MANAGEMENT in sides else Side.STAFF_SIDE,
            heading=f"Raise an action for {view.code}",
            explanation=(
                "Nothing is created until you press Raise action. Give it a short title, "
                "the owner on each side and a due date; it is linked to this indicator."
            ),
            confirm="Raise action",
            complete=True,
        )
        form = dialog.form
        form.title.setText(title)
        form.title.setCursorPosition(0)
        form.description.setPlainText(gap)
        form.source.setCurrentIndex(form.source.findData(ActionSource.ASSESSMENT_GAP.value))
        form.source.setEnabled(False)
        priority = Priority.HIGH if view.rag is Rag.RED else Priority.MEDIUM
        form.priority.setCurrentIndex(form.priority.findData(priority.value))
        dialog.update_state()

        def submitted(values: dict[str, Any]) -> None:
            def failed(exc: BaseException) -> None:
                if not isinstance(exc, VprError):
                    dialog.failed("Something went wrong; nothing was created.")
                    raise exc
                dialog.failed(str(exc))

            def raised(result: Any) -> None:
                dialog.done_ok()
                self._changed(result)

            self.runner.start(
                lambda _progress, _cancelled: services.assessment().raise_gap_action(
                    view.id,
                    title=values["title"],
                    gap=values["description"],
                    due_date=values["due_date"],
                    management_owner_id=values["management_owner_id"],
                    staff_side_owner_id=values["staff_side_owner_id"],
                    priority=values["priority"],
                ),
                label="Raising an action for the gap…",
                on_done=raised,
                on_error=failed,
                cancellable=False,
                purpose="write",
            )

        dialog.submitted.connect(submitted)
        self.raise_button.setEnabled(False)
        open_held(self, "raise_dialog", dialog)  # held as ``raise_dialog`` until it closes
        dialog.finished.connect(lambda _result: self.raise_button.setEnabled(self.can_raise()))
        form.title.deselect()
        form.title.setCursorPosition(0)  # a long title reads from its start
        return dialog

    def _changed(self, result: Any) -> None:
        reference = getattr(result, "reference", None)
        text = f"Raised {reference} in the action log." if reference else "Evidence added."
        self.message.setText(text)
        view = self.detail.rating if self.detail else None
        self.saved.emit(view)
        if view is None:
            return

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> Any:
            return self.services.assessment().rating(view.id)

        def reloaded(detail: Any) -> None:
            if self.detail is not None and self.detail.rating.id == detail.rating.id:
                self.show_rating(detail, self.scale, self.cycle)
                self.message.setText(text)

        self.runner.start(
            work,
            label="Reloading the indicator…",
            on_done=reloaded,
            on_error=self._failed,
            quiet=True,
        )
