"""The detail panel of the action log: one action's sign-off state, fields and timeline.

Reading one action is a single indexed query, so it runs on the GUI thread as the incident list's
pages do; every write (save, sign off, reopen, cancel, notes) runs as a background job on the
one-thread write pool. A refused or failed write leaves the form exactly as typed and says why
above it, in words: a stale save (someone else saved first) offers to reload theirs or to keep
the user's changes on top of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vpr_desktop.domain.action_rules import (
    EDITABLE_STATUSES,
    SIDE_LABELS,
    SIDE_NAMES,
    STATUS_LABELS,
    TransitionKind,
    editing_sides,
    sides_for,
)
from vpr_desktop.domain.enums import ActionStatus, Side
from vpr_desktop.views.actions.dialogs import FormDialog, ReasonDialog
from vpr_desktop.views.actions.forms import ActionForm
from vpr_desktop.views.actions.timeline import (
    TimelineSection,
    reference_line,
    sign_off_line,
    sign_off_summary,
    status_sentence,
)
from vpr_desktop.views.common.flow import FlowLayout
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.worker import JobRunner

if TYPE_CHECKING:
    from vpr_desktop.services.actions.people import ActionPeople, OwnerChoices
    from vpr_desktop.services.actions.records import ActionDetail, Capabilities
    from vpr_desktop.services.actions.service import ActionLogService

#: Buttons for the plain progress moves, by target status (reopen/cancel/close have their own).
PROGRESS_BUTTONS = {
    ActionStatus.IN_PROGRESS: "Mark in progress",
    ActionStatus.OPEN: "Mark as open",
    ActionStatus.AWAITING_SIGN_OFF: "Mark done",
}
PROGRESS_NAMES = {
    ActionStatus.IN_PROGRESS: "Mark in progress",
    ActionStatus.OPEN: "Mark as open (work not started)",
    ActionStatus.AWAITING_SIGN_OFF: "Mark done: awaiting both sides' sign-off",
}
PLACEHOLDER = "Select an action in the list to see its details, timeline and sign-off."


class ActionDetailPanel(QWidget):
    """Signals:
    changed(object): an ``ActionDetail`` just written (the list, badges and meetings refresh).
    escape(): Esc was pressed in the panel (the page returns to the list).
    """

    changed = Signal(object)
    escape = Signal()

    def __init__(
        self, service: ActionLogService, people: ActionPeople, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("actionDetail")
        self.setAccessibleName("Action details")
        self.service = service
        self.people = people
        self.detail: ActionDetail | None = None
        self.caps: Capabilities | None = None
        self._dialog: FormDialog | None = None

        self.runner = JobRunner(self, name="Saving the action")
        self.runner.busy_changed.connect(lambda _busy: self._update_buttons())
        self.placeholder = label(PLACEHOLDER, self, name="mutedText")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.placeholder.setContentsMargins(12, 12, 12, 12)

        content = QWidget(self)
        content.setObjectName("pageContent")
        # Lines of a readable length when the form fills a wide window.
        content.setMaximumWidth(self.fontMetrics().averageCharWidth() * 130)
        body = QVBoxLayout(content)
        body.setContentsMargins(16, 8, 16, 16)
        body.setSpacing(8)
        self.back_button = QPushButton("Back to the list (Esc)", content)
        self.back_button.setAccessibleName("Back to the list of actions (Esc)")
        self.back_button.clicked.connect(self.escape.emit)
        self.back_button.hide()
        body.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.reference = label("", content, name="fieldName", selectable=True)
        self.heading = label("", content, name="sectionHeading", selectable=True)
        self.status_line = label("", content, name="statusLine", selectable=True)
        body.addWidget(self.reference)
        body.addWidget(self.heading)
        body.addWidget(self.status_line)
        body.addWidget(self._build_banner(content))
        body.addWidget(self._build_sign_off(content))
        body.addWidget(label("Details", content, name="sectionHeading", wrap=False))
        self.form = ActionForm(
            self.people.find, ((), ()), content, today=lambda: self.service.today
        )
        self.form.edited.connect(self._update_buttons)
        body.addWidget(self.form)
        self.save_button = QPushButton("Save", content)
        self.save_button.setProperty("primary", True)
        self.save_button.setAccessibleName("Save changes (Ctrl+S)")
        self.save_button.setToolTip("Save changes (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.undo_button = QPushButton("Undo changes", content)
        self.undo_button.setAccessibleName("Undo my unsaved changes")
        self.undo_button.clicked.connect(self.undo)
        self.save_note = label("", content, name="mutedText")
        save_row = FlowLayout(spacing=8)
        save_row.add(self.save_button)
        save_row.add(self.undo_button)
        body.addSpacing(4)
        body.addLayout(save_row)
        body.addWidget(self.save_note)
        self.timeline = TimelineSection(content)
        self.timeline.add_requested.connect(self.add_note)
        self.timeline.note.textChanged.connect(self._update_buttons)
        self.note = self.timeline.note
        self.add_update_button = self.timeline.add_update_button
        self.add_comment_button = self.timeline.add_comment_button
        body.addWidget(self.timeline)
        body.addStretch(1)

        # Never squeezed below its widest row of buttons (no sideways scrolling).
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 42)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(scrolling(content, self.stack))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.runner)
        layout.addWidget(self.stack, 1)

        self._update_buttons()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        # Fields pass Esc on (a completer's open list keeps it), so it arrives here.
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.escape.emit()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ building

    def _build_banner(self, parent: QWidget) -> QWidget:
        self.banner = QWidget(parent)
        self.banner.setObjectName("detailBanner")
        box = QVBoxLayout(self.banner)
        box.setContentsMargins(0, 0, 0, 0)
        self.banner_text = label("", self.banner, name="pageError", selectable=True)
        self.banner_text.setAccessibleName("Problem")
        self.reload_button = QPushButton("Reload (discard my changes)", self.banner)
        self.reload_button.setAccessibleName("Reload the action and discard my changes")
        self.reload_button.clicked.connect(self.reload)
        self.keep_button = QPushButton("Reload, keep my changes", self.banner)
        self.keep_button.setAccessibleName(
            "Load the latest version and put my unsaved changes back on top"
        )
        self.keep_button.clicked.connect(self.reload_keeping_changes)
        buttons = FlowLayout(spacing=8)
        buttons.add(self.reload_button)
        buttons.add(self.keep_button)
        box.addWidget(self.banner_text)
        box.addLayout(buttons)
        self.banner.hide()
        return self.banner

    def _build_sign_off(self, parent: QWidget) -> QFrame:
        frame = QFrame(parent)
        frame.setObjectName("panel")
        frame.setAccessibleName("Sign-off")
        box = QVBoxLayout(frame)
        box.setContentsMargins(12, 10, 12, 12)
        box.setSpacing(4)
        box.addWidget(label("Sign-off", frame, name="panelHeading", wrap=False))
        self.sign_lines = {
            side: label("", frame, name="signOffState", selectable=True)
            for side in (Side.MANAGEMENT, Side.STAFF_SIDE)
        }
        for side, line in self.sign_lines.items():
            line.setAccessibleName(SIDE_LABELS[side])
            box.addWidget(line)
        self.sign_summary = label("", frame, name="mutedText")
        box.addWidget(self.sign_summary)
        self.sign_buttons = {
            Side.MANAGEMENT: QPushButton("Sign off for management", frame),
            Side.STAFF_SIDE: QPushButton("Sign off for the staff side", frame),
        }
        for side, button in self.sign_buttons.items():
            button.setAccessibleName(f"Sign off this action for the {SIDE_NAMES[side]}")
            button.clicked.connect(lambda _c=False, s=side: self.sign_off(s))
        self.progress_buttons = {
            status: QPushButton(text, frame) for status, text in PROGRESS_BUTTONS.items()
        }
        for status, button in self.progress_buttons.items():
            button.setAccessibleName(PROGRESS_NAMES[status])
            button.setToolTip(PROGRESS_NAMES[status])
            button.clicked.connect(lambda _c=False, s=status: self.move_to(s))
        self.reopen_button = QPushButton("Reopen…", frame)
        self.reopen_button.setAccessibleName("Reopen this action (asks for a reason)")
        self.reopen_button.clicked.connect(self.ask_reopen)
        self.cancel_button = QPushButton("Cancel action…", frame)
        self.cancel_button.setAccessibleName("Cancel this action (asks for a reason)")
        self.cancel_button.clicked.connect(self.ask_cancel)
        row = FlowLayout(spacing=8)
        for button in (
            *self.sign_buttons.values(),
            *self.progress_buttons.values(),
            self.reopen_button,
            self.cancel_button,
        ):
            row.add(button)
        box.addSpacing(4)
        box.addLayout(row)
        return frame

    # ------------------------------------------------------------------ showing

    def set_owner_choices(self, owners: OwnerChoices) -> None:
        self.form.management_owner.add_choices(owners.management)
        self.form.staff_side_owner.add_choices(owners.staff_side)

    def clear(self) -> None:
        self.detail = None
        self.caps = None
        self.stack.setCurrentWidget(self.placeholder)
        self.placeholder.setText(PLACEHOLDER)
        self._update_buttons()

    def show_problem(self, text: str) -> None:
        """The action could not be read (gone, or not allowed): say so instead of the form."""
        self.detail = None
        self.caps = None
        self.placeholder.setText(text)
        self.stack.setCurrentWidget(self.placeholder)
        self._update_buttons()

    def show_detail(self, detail: ActionDetail, *, keep_form: bool = False) -> None:
        self.detail = detail
        self.caps = self.service.capabilities(detail)
        self.stack.setCurrentIndex(1)
        self.reference.setText(reference_line(detail))
        self.heading.setText(detail.title)
        self.heading.setAccessibleName(f"{detail.reference}: {detail.title}")
        status = status_sentence(detail)
        self.status_line.setText(status)
        self.status_line.setAccessibleName(status)
        for side, line in self.sign_lines.items():
            text = sign_off_line(detail, side)
            line.setText(text)
            line.setAccessibleName(text)
        self.sign_summary.setText(sign_off_summary(detail))
        if not keep_form:
            self.form.load(detail)
            self.hide_banner()
        self.form.set_editable(self.caps.editable_fields, self._why_fixed(detail))
        self.timeline.show_detail(detail)
        self._update_buttons()

    def _why_fixed(self, detail: ActionDetail) -> str:
        actor = self.service.actor
        if not editing_sides(actor.permissions):
            return "You can read this action but not change its details."
        if detail.status in EDITABLE_STATUSES:
            return ""
        fixed = f"This action is {STATUS_LABELS[detail.status].lower()}, so its details are fixed"
        if self.caps is not None and self.caps.can_reopen:
            return fixed + "; reopen it (with a reason) to change them."
        return fixed + "."

    def timeline_texts(self) -> list[str]:
        """Each timeline entry as shown, newest first (tests and screen readers)."""
        return self.timeline.texts()

    def _update_buttons(self) -> None:
        detail, caps = self.detail, self.caps
        busy = self.runner.is_busy()
        has = detail is not None and caps is not None
        editable = has and bool(caps.editable_fields)  # type: ignore[union-attr]
        changes = has and self.form.has_changes()
        valid = self.form.is_valid()
        self.save_button.setEnabled(editable and changes and valid and not busy)
        self.undo_button.setEnabled(has and changes and not busy)
        self.save_button.setVisible(editable)
        self.undo_button.setVisible(editable)
        if not has or not editable:
            self.save_note.setText("")
        elif changes and not valid:
            self.save_note.setText("Fix the problems shown above to save.")
        elif changes:
            self.save_note.setText("Unsaved changes.")
        else:
            self.save_note.setText("No changes.")
        for side, button in self.sign_buttons.items():
            button.setVisible(has and side in caps.sign_as)  # type: ignore[union-attr]
            button.setEnabled(not busy)
        targets = caps.status_targets if has else ()  # type: ignore[union-attr]
        for status, button in self.progress_buttons.items():
            button.setVisible(status in targets and not self._is_special(status))
            button.setEnabled(not busy)
        self.reopen_button.setVisible(has and caps.can_reopen)  # type: ignore[union-attr]
        self.cancel_button.setVisible(has and caps.can_cancel)  # type: ignore[union-attr]
        self.reopen_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        text = bool(self.note.toPlainText().strip())
        self.add_update_button.setVisible(has and caps.can_add_update)  # type: ignore[union-attr]
        self.add_comment_button.setVisible(has and caps.can_comment)  # type: ignore[union-attr]
        self.add_update_button.setEnabled(text and not busy)
        self.add_comment_button.setEnabled(text and not busy)
        can_note = has and (caps.can_add_update or caps.can_comment)  # type: ignore[union-attr]
        self.note.setReadOnly(not can_note)

    def _is_special(self, target: ActionStatus) -> bool:
        """Targets with their own buttons: reopen, cancel and close are not plain moves."""
        from vpr_desktop.domain.action_rules import TRANSITIONS

        if self.detail is None:
            return True
        transition = TRANSITIONS.get((self.detail.status, target))
        return transition is None or transition.kind is not TransitionKind.PROGRESS

    def set_full(self, full: bool) -> None:
        """The panel fills the tab (the full form) or sits beside the list."""
        self.back_button.setVisible(full)

    def has_unsaved(self) -> bool:
        return self.detail is not None and (
            self.form.has_changes() or bool(self.note.toPlainText().strip())
        )

    def focus_form(self) -> None:
        if self.detail is not None:
            self.form.focus_first()

    # ------------------------------------------------------------------ banner

    def show_banner(self, text: str, *, conflict: bool = False) -> None:
        self.banner_text.setText(text)
        self.banner_text.setAccessibleName(text)
        self.reload_button.setVisible(conflict)
        self.keep_button.setVisible(conflict)
        self.banner.show()

    def hide_banner(self) -> None:
        self.banner.hide()
        self.banner_text.setText("")

    def banner_message(self) -> str:
        return self.banner_text.text() if not self.banner.isHidden() else ""

    # ------------------------------------------------------------------ reading again

    def load(self, reference: str) -> None:
        """Read one action (a single indexed query) and show it."""
        from vpr_desktop.domain.errors import VprError

        try:
            detail = self.service.get_by_reference(reference)
        except VprError as exc:
            self.show_problem(f"{exc.message} {exc.next_step}".strip())
            return
        self.show_detail(detail)

    def reload(self) -> None:
        """The latest version from the database; unsaved changes are discarded."""
        if self.detail is not None:
            self.note.clear()
            self.load(self.detail.reference)

    def reload_keeping_changes(self) -> None:
        """The latest version, with what the user had typed put back over it."""
        if self.detail is None:
            return
        typed = self._typed()
        self.load(self.detail.reference)
        self._retype(typed)
        if self.detail is not None:
            self.show_banner(
                "The latest version is loaded and your changes are back on top of "
                "it. Check them, then save."
            )

    def _typed(self) -> dict[str, Any]:
        """What the user changed, as typed (fields they left alone take the latest value)."""
        out: dict[str, Any] = {}
        changed = self.form.changes()
        for key, widget in self.form.widgets.items():
            if key not in changed:
                continue
            if isinstance(widget, QPlainTextEdit):
                out[key] = widget.toPlainText()
            elif hasattr(widget, "currentIndex"):
                out[key] = widget.currentIndex()  # type: ignore[attr-defined]
            else:
                out[key] = widget.text()  # type: ignore[attr-defined]
        return out

    def _retype(self, typed: dict[str, Any]) -> None:
        for key, value in typed.items():
            widget = self.form.widgets[key]
            if isinstance(widget, QPlainTextEdit):
                if widget.toPlainText() != value:
                    widget.setPlainText(value)
            elif hasattr(widget, "setCurrentIndex"):
                widget.setCurrentIndex(value)  # type: ignore[attr-defined]
            else:
                widget.setText(value)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ writing

    def _run(
        self,
        write: Callable[[], ActionDetail],
        doing: str,
        done: str,
        *,
        after: Callable[[ActionDetail], None] | None = None,
        dialog: FormDialog | None = None,
    ) -> None:
        """Run one write in the background; the form and any dialog keep their text on error."""
        if self.runner.is_busy():
            if dialog is not None:
                dialog.failed("Another change is still being saved; try again in a moment.")
            return
        self._dialog = dialog

        def job(_progress: Any, _cancelled: Any) -> ActionDetail:
            return write()

        def succeeded(detail: ActionDetail) -> None:
            if dialog is not None:
                dialog.done_ok()
            self._dialog = None
            self.show_detail(detail)
            if after is not None:
                after(detail)
            self.changed.emit(detail)

        self.runner.start(
            job,
            label=doing,
            on_done=succeeded,
            on_error=self._failed,
            purpose="write",
            cancellable=False,
            done_note=done,
        )

    def _failed(self, exc: BaseException) -> None:
        from vpr_desktop.domain.errors import ConflictError, VprError

        dialog, self._dialog = self._dialog, None
        if not isinstance(exc, VprError):
            if dialog is not None:
                dialog.failed("Something went wrong; nothing was saved. See the message.")
            from vpr_desktop.views.crash import report_error

            report_error(exc, self)
            return
        text = f"{exc.message} {exc.next_step}".strip()
        if dialog is not None:
            dialog.failed(text)
        if isinstance(exc, ConflictError):
            self.show_banner(
                f"{exc.message} Your changes are still in the form. Reload to see "
                "the other changes (discarding yours), or reload and keep yours.",
                conflict=True,
            )
        else:
            self.show_banner(text)
        self._update_buttons()

    def save(self) -> None:
        """Ctrl+S: save the changed fields (the button is disabled until valid and changed)."""
        detail = self.detail
        if detail is None or not self.save_button.isEnabled():
            return
        changes = self.form.changes()
        service = self.service
        self.hide_banner()
        self._run(
            lambda: service.update_fields(detail.id, detail.version, changes),
            f"Saving {detail.reference}…",
            f"{detail.reference} saved",
        )

    def undo(self) -> None:
        if self.detail is not None:
            self.form.load(self.detail)
            self.hide_banner()

    def sign_off(self, side: Side) -> None:
        detail = self.detail
        if detail is None:
            return
        service = self.service
        self.hide_banner()
        self._run(
            lambda: service.sign_off(detail.id, side, expected_version=detail.version),
            f"Signing off {detail.reference}…",
            f"{detail.reference} signed off for the {SIDE_NAMES[side]}",
        )

    def move_to(self, status: ActionStatus) -> None:
        detail = self.detail
        if detail is None:
            return
        service = self.service
        self.hide_banner()
        self._run(
            lambda: service.set_status(detail.id, detail.version, status),
            f"Updating {detail.reference}…",
            f"{detail.reference} is now {STATUS_LABELS[status].lower()}",
        )

    def add_note(self, kind: str) -> None:
        detail = self.detail
        text = self.note.toPlainText().strip()
        if detail is None or not text:
            return
        service = self.service
        write = service.add_update if kind == "update" else service.add_comment
        self.hide_banner()
        self._run(
            lambda: write(detail.id, text),
            f"Adding the {kind}…",
            f"{kind.capitalize()} added to {detail.reference}",
            after=lambda _d: self.note.clear(),
        )

    def ask_reopen(self) -> ReasonDialog | None:
        detail = self.detail
        if detail is None:
            return None
        actor = self.service.actor
        sides = sorted(sides_for(TransitionKind.REOPEN, actor.roles, actor.permissions))
        signed = [SIDE_NAMES[s] for s in sorted(detail.signed_sides)]
        withdrawn = (
            f" The sign-off{'s' if len(signed) > 1 else ''} given by the "
            f"{' and the '.join(signed)} will be withdrawn."
            if signed
            else ""
        )
        dialog = ReasonDialog(
            f"Reopen {detail.reference}?",
            f"It goes back to in progress so work can continue.{withdrawn} Both sides must "
            "sign it off again to close it.",
            "Why is it being reopened?",
            "Reopen the action",
            self,
            sides=sides,
        )
        service = self.service

        def submitted(values: tuple[str, Side | None]) -> None:
            reason, side = values
            self._run(
                lambda: service.reopen(detail.id, reason, side, expected_version=detail.version),
                f"Reopening {detail.reference}…",
                f"{detail.reference} reopened",
                dialog=dialog,
            )

        dialog.submitted.connect(submitted)
        self._open(dialog)
        return dialog

    def ask_cancel(self) -> ReasonDialog | None:
        detail = self.detail
        if detail is None:
            return None
        signed = [SIDE_NAMES[s] for s in sorted(detail.signed_sides)]
        withdrawn = (
            f" The sign-off by the {' and the '.join(signed)} will be withdrawn." if signed else ""
        )
        dialog = ReasonDialog(
            f"Cancel {detail.reference}?",
            f"“{detail.title}” will be marked cancelled and leave the list of live actions; "
            f"the reason is kept on the action and in its timeline.{withdrawn} Management can "
            "reopen it later.",
            "Why is it being cancelled?",
            "Cancel the action",
            self,
            back="Keep the action",
        )
        service = self.service

        def submitted(values: tuple[str, Side | None]) -> None:
            reason, _side = values
            self._run(
                lambda: service.cancel(detail.id, detail.version, reason),
                f"Cancelling {detail.reference}…",
                f"{detail.reference} cancelled",
                dialog=dialog,
            )

        dialog.submitted.connect(submitted)
        self._open(dialog)
        return dialog

    def _open(self, dialog: FormDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "open_dialog", None))
        self.open_dialog: FormDialog | None = dialog
        dialog.open()

    def tab_chain(self) -> list[QWidget]:
        """The panel's controls in reading order."""
        return [
            self.back_button,
            self.reload_button,
            self.keep_button,
            *self.sign_buttons.values(),
            *self.progress_buttons.values(),
            self.reopen_button,
            self.cancel_button,
            *self.form.tab_chain(),
            self.save_button,
            self.undo_button,
            self.note,
            self.add_update_button,
            self.add_comment_button,
        ]
