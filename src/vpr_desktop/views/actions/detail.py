"""The detail panel of the action log: one action's sign-off state, fields and timeline.

Reading one action is a single indexed query, so it runs on the GUI thread as the incident list's
pages do; every write (save, sign off, reopen, cancel, notes) runs as a background job on the
one-thread write pool. A refused or failed write leaves the form exactly as typed and says why
above it, in words: a stale save (someone else saved first) offers to reload theirs or to keep
the user's changes on top of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.action_rules import EDITABLE_STATUSES
from vpr_desktop.domain.action_rules import SIDE_NAMES
from vpr_desktop.domain.action_rules import STATUS_LABELS
from vpr_desktop.domain.action_rules import TransitionKind
from vpr_desktop.domain.action_rules import editing_sides
from vpr_desktop.domain.action_rules import other_side
from vpr_desktop.domain.action_rules import sides_for
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import Side
from vpr_desktop.views.actions.dialogs import FormDialog
from vpr_desktop.views.actions.dialogs import ReasonDialog
from vpr_desktop.views.actions.forms import ActionForm
from vpr_desktop.views.actions.record import reference_line
from vpr_desktop.views.actions.record import status_sentence
from vpr_desktop.views.actions.sign_off import SignOffSection
from vpr_desktop.views.actions.timeline import TimelineSection
from vpr_desktop.views.common.dialogs import attempt
from vpr_desktop.views.common.dialogs import open_held
from vpr_desktop.views.common.form import ConflictBanner
from vpr_desktop.views.common.form import RecordPanel
from vpr_desktop.views.common.form import Typed
from vpr_desktop.views.common.form import readable_content
from vpr_desktop.views.common.form import retype
from vpr_desktop.views.common.form import save_state
from vpr_desktop.views.common.form import typed_values
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.people import PersonField
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.write_guard import allow
from vpr_desktop.views.common.write_guard import write_refusal

if TYPE_CHECKING:
    from collections.abc import Callable

    from vpr_desktop.domain.errors import VprError
    from vpr_desktop.services.actions.people import ActionPeople
    from vpr_desktop.services.actions.people import OwnerChoices
    from vpr_desktop.services.actions.records import ActionDetail
    from vpr_desktop.services.actions.records import Capabilities
    from vpr_desktop.services.actions.service import ActionLogService

NOTHING_CHOSEN = "Select an action in the list to see its details, timeline and sign-off."


class ActionDetailPanel(RecordPanel):
    """One action: its sign-off, fields and timeline.

    ``changed`` carries the ``ActionDetail`` just written (the list, badges and meetings
    refresh); ``escape`` asks the page to return to the list.
    """

    def __init__(
        self, service: ActionLogService, people: ActionPeople, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, runner_name="Saving the action")
        self.setObjectName("actionDetail")
        self.setAccessibleName("Action details")
        self.service = service
        self.people = people
        self.detail: ActionDetail | None = None
        self.caps: Capabilities | None = None
        self.open_dialog: FormDialog | None = None
        self.make_nothing_chosen(NOTHING_CHOSEN)

        content, body = readable_content(self)
        body.addWidget(self.make_back_button(content, "actions"), 0, Qt.AlignmentFlag.AlignLeft)
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
        self.stack.addWidget(self.nothing_chosen)
        self.stack.addWidget(scrolling(content, self.stack))
        layout = vertical(self, self.runner, (self.stack, 1), margins=0, spacing=0)
        self.undo_button = self.pin_save_bar(
            layout,
            save=("Save", "Save changes (Ctrl+S)"),
            cancel=("Undo changes", "Undo my unsaved changes"),
            on_save=self.save,
            on_cancel=self.undo,
        ).cancel_button

        self._update_buttons()

    # ------------------------------------------------------------------ building

    def _build_banner(self, parent: QWidget) -> QWidget:
        self.banner = ConflictBanner.for_record(
            parent, "the action", self.reload, self.reload_keeping_changes
        )
        self.banner_text = self.banner.text_label
        self.reload_button = self.banner.reload_button
        self.keep_button = self.banner.keep_button
        return self.banner

    def _build_sign_off(self, parent: QWidget) -> QFrame:
        section = self.sign_off_section = SignOffSection(parent)
        self.sign_lines, self.sign_summary = section.sign_lines, section.sign_summary
        self.sign_buttons, self.progress_buttons = section.sign_buttons, section.progress_buttons
        self.reopen_button, self.cancel_button = section.reopen_button, section.cancel_button
        self.accept_button, self.accept_hint = section.accept_button, section.accept_hint
        for side, button in self.sign_buttons.items():
            button.clicked.connect(lambda _c=False, s=side: self.sign_off(s))
        for status, button in self.progress_buttons.items():
            button.clicked.connect(lambda _c=False, s=status: self.move_to(s))
        self.reopen_button.clicked.connect(self.ask_reopen)
        self.cancel_button.clicked.connect(self.ask_cancel)
        self.accept_button.clicked.connect(self.accept)
        return section

    # ------------------------------------------------------------------ showing

    def set_owner_choices(self, owners: OwnerChoices) -> None:
        self.form.management_owner.add_choices(owners.management)
        self.form.staff_side_owner.add_choices(owners.staff_side)

    def clear(self) -> None:
        """Nothing chosen: the nothing-chosen note instead of the form."""
        self.show_problem(NOTHING_CHOSEN)

    def forget(self) -> None:
        self.detail = None
        self.caps = None

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
        self.sign_off_section.show_detail(detail)
        if not keep_form:
            self.form.load(detail)
            self.hide_banner()
        refusal = write_refusal(self.service.db)
        fields = frozenset() if refusal else self.caps.editable_fields
        self.form.set_editable(fields, f"{refusal}." if refusal else self._why_fixed(detail))
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
        refusal = write_refusal(self.service.db)  # shown, as the role has them, but held
        has = detail is not None and caps is not None
        editable = has and not refusal and bool(caps.editable_fields)  # type: ignore[union-attr]
        changes = has and self.form.has_changes()
        valid = self.form.is_valid()
        self.save_button.setEnabled(editable and changes and valid and not busy)
        self.undo_button.setEnabled(has and changes and not busy)
        self.save_bar.setVisible(editable)
        if editable:
            self.save_bar.set_state(save_state(changes=changes, valid=valid))
        else:
            self.save_bar.set_state("")
        for side, button in self.sign_buttons.items():
            button.setVisible(has and side in caps.sign_as)  # type: ignore[union-attr]
            allow(button, not busy, refusal)
        targets = caps.status_targets if has else ()  # type: ignore[union-attr]
        for status, button in self.progress_buttons.items():
            button.setVisible(status in targets and not self._is_special(status))
            allow(button, not busy, refusal)
        accepting = has and caps.can_accept  # type: ignore[union-attr]
        side = self._accepting()
        owner = self._owner_field(side).value() if accepting and side is not None else None
        theirs = self._proposer_owner_named()
        self.accept_button.setVisible(accepting)
        allow(self.accept_button, owner is not None and theirs and not busy, refusal)
        self.accept_hint.setVisible(accepting and (owner is None or not theirs))
        if accepting and side is not None:
            self._word_accept(side, theirs)
        self.reopen_button.setVisible(has and caps.can_reopen)  # type: ignore[union-attr]
        self.cancel_button.setVisible(has and caps.can_cancel)  # type: ignore[union-attr]
        allow(self.reopen_button, not busy, refusal)
        allow(self.cancel_button, not busy, refusal)
        text = bool(self.note.toPlainText().strip())
        self.add_update_button.setVisible(has and caps.can_add_update)  # type: ignore[union-attr]
        self.add_comment_button.setVisible(has and caps.can_comment)  # type: ignore[union-attr]
        allow(self.add_update_button, text and not busy, refusal)
        allow(self.add_comment_button, text and not busy, refusal)
        can_note = has and (caps.can_add_update or caps.can_comment)  # type: ignore[union-attr]
        self.note.setReadOnly(not can_note or bool(refusal))

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

    def update_state(self) -> None:
        self._update_buttons()

    def conflict_message(self, exc: VprError) -> str:
        return (
            f"{exc.message} Your changes are still in the form. Reload to see "
            "the other changes (discarding yours), or reload and keep yours."
        )

    # ------------------------------------------------------------------ reading again

    def load(self, reference: str) -> None:
        """Read one action (a single indexed query) and show it."""
        detail = attempt(lambda: self.service.get_by_reference(reference), self.show_problem)
        if detail is not None:
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

    def _typed(self) -> dict[str, Typed]:
        """What the user changed, as typed (fields they left alone take the latest value)."""
        return typed_values(self.form.widgets, self.form.changes())

    def _retype(self, typed: dict[str, Typed]) -> None:
        retype(self.form.widgets, typed)

    # ------------------------------------------------------------------ writing

    def save(self) -> None:
        """Ctrl+S: save the changed fields (the button is disabled until valid and changed)."""
        detail = self.detail
        if detail is None or not self.save_button.isEnabled():
            return
        changes = self.form.changes()
        self._write(
            lambda service: service.update_fields(detail.id, detail.version, changes),
            f"Saving {detail.reference}…",
            f"{detail.reference} saved",
        )

    def _write(
        self,
        write: Callable[[ActionLogService], ActionDetail],
        doing: str,
        done: str,
        *,
        after: Callable[[ActionDetail], None] | None = None,
    ) -> None:
        """Run ``write(service)`` on the action shown, its old banner cleared first.

        Why one place: Save, sign-off, accept, the status moves and notes all write this way;
        the service is taken now, so the background job never reads the panel.
        """
        service = self.service
        self.hide_banner()
        self.write_and_show(lambda: write(service), doing, done, after=after)

    def undo(self) -> None:
        if self.detail is not None:
            self.form.load(self.detail)
            self.hide_banner()

    def sign_off(self, side: Side) -> None:
        detail = self.detail
        if detail is None:
            return
        self._write(
            lambda service: service.sign_off(detail.id, side, expected_version=detail.version),
            f"Signing off {detail.reference}…",
            f"{detail.reference} signed off for the {SIDE_NAMES[side]}",
        )

    def _accepting(self) -> Side | None:
        """The side that accepts the proposal shown (the other side from the proposer)."""
        detail = self.detail
        if detail is None or detail.proposed_by is None:
            return None
        return other_side(detail.proposed_by)

    def _owner_field(self, side: Side) -> PersonField:
        return self.form.management_owner if side is Side.MANAGEMENT else self.form.staff_side_owner

    def _proposer_owner_named(self) -> bool:
        """Both owners are needed before an action is live: has the proposing side named its
        own owner yet?"""
        detail = self.detail
        if detail is None or detail.proposed_by is None:
            return True
        if detail.proposed_by is Side.MANAGEMENT:
            return detail.management_owner_id is not None
        return detail.staff_side_owner_id is not None

    def _word_accept(self, side: Side, theirs: bool) -> None:
        """Say on the button and its hint which side accepts, and what is still missing."""
        who = "management" if side is Side.MANAGEMENT else "the staff side"
        proposer = SIDE_NAMES[other_side(side)]
        owner = "management owner" if side is Side.MANAGEMENT else "staff-side owner"
        self.accept_button.setText(f"Accept for {who}")
        self.accept_button.setAccessibleName(
            f"Accept this {proposer} proposal for {who}, with the {owner} chosen"
        )
        self.accept_hint.setText(
            f"Choose the {owner} below, then accept the proposal."
            if theirs
            else f"Waiting for the {proposer} to name its owner: both owners are needed "
            "before the action is live."
        )

    def accept(self) -> None:
        """Accept the other side's proposal for this user's side, with the owner chosen in
        the form."""
        detail = self.detail
        side = self._accepting()
        if detail is None or side is None:
            return
        owner = self._owner_field(side).value()
        if owner is None:
            return
        who = "management" if side is Side.MANAGEMENT else "the staff side"
        self._write(
            lambda service: service.accept(detail.id, detail.version, owner),
            f"Accepting {detail.reference}…",
            f"{detail.reference} accepted for {who}",
        )

    def move_to(self, status: ActionStatus) -> None:
        detail = self.detail
        if detail is None:
            return
        self._write(
            lambda service: service.set_status(detail.id, detail.version, status),
            f"Updating {detail.reference}…",
            f"{detail.reference} is now {STATUS_LABELS[status].lower()}",
        )

    def add_note(self, kind: str) -> None:
        detail = self.detail
        text = self.note.toPlainText().strip()
        if detail is None or not text:
            return
        self._write(
            lambda service: (
                service.add_update(detail.id, text)
                if kind == "update"
                else service.add_comment(detail.id, text)
            ),
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
            self.write_and_show(
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
            self.write_and_show(
                lambda: service.cancel(detail.id, detail.version, reason),
                f"Cancelling {detail.reference}…",
                f"{detail.reference} cancelled",
                dialog=dialog,
            )

        dialog.submitted.connect(submitted)
        self._open(dialog)
        return dialog

    def _open(self, dialog: FormDialog) -> None:
        open_held(self, "open_dialog", dialog)

    def tab_chain(self) -> list[QWidget]:
        """The panel's controls in reading order."""
        return [
            self.back_button,
            self.reload_button,
            self.keep_button,
            self.accept_button,
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
