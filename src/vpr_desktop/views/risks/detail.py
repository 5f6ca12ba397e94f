"""The risk register's detail panel: one risk's assessment, controls and reviews.

The form checks itself as the user types and says what is wrong next to the field; Save
(Ctrl+S) is enabled only when the form is valid and something changed. Writes run on the
write pool (``views.worker``), so a database that is busy for a moment never freezes the
window, and a failed save leaves everything typed in place: a stale save
(``ConflictError``) shows the plain message and opens the comparison (``views.common.conflict``):
their version beside the typed one, field by field, with Reload, Re-apply my changes (the
fields this person changed, on top of the new version, saved) or Keep editing; only Reload
replaces the typed values with the saved ones. The banner, the save bar and the one way of
writing are ``views.common.form``'s (``RecordPanel``); this panel adds what only a risk
has: a control dialog that stays open (saying why) when its save is refused, and closes when
the risk itself went stale.

Controls and reviews are written straight away (each in its own transaction). Each also
bumps the risk's version; the panel takes the new version from the result, so unsaved edits
in the form stay valid. A review changes the risk's scores, so it waits until the form's own
changes are saved or discarded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.conflict import ConflictDialog
from vpr_desktop.views.common.dialogs import confirm
from vpr_desktop.views.common.differences import FieldValue
from vpr_desktop.views.common.differences import compare
from vpr_desktop.views.common.differences import mine_to_reapply
from vpr_desktop.views.common.form import BUSY
from vpr_desktop.views.common.form import RecordPanel
from vpr_desktop.views.common.form_bars import ConflictBanner
from vpr_desktop.views.common.form_bars import SaveBar
from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.common.formatting import format_datetime
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.risks.children import ChildEditing
from vpr_desktop.views.risks.controls import ControlDialog
from vpr_desktop.views.risks.controls import ControlsTab
from vpr_desktop.views.risks.flags import FlagsBox
from vpr_desktop.views.risks.form import FIELD_WORDS
from vpr_desktop.views.risks.form import RiskForm
from vpr_desktop.views.risks.reviews import ReviewsTab
from vpr_desktop.views.risks.widgets import name_popups

if TYPE_CHECKING:
    from vpr_desktop.domain.errors import VprError
    from vpr_desktop.services.risks.service import RiskRegisterService

NOTHING_SELECTED = (
    "Select a risk in the register to see and change it here, or press New risk (Ctrl+N)."
)


class RiskDetailPanel(ChildEditing, RecordPanel):
    """One risk (or a new one) beside the register.

    Signals:
        saved(object): a ``RiskDetail`` after any successful write (the page reloads the list).
        close_requested(): Esc or "Back to the register".
        note(str): a line for the status bar.
    """

    saved = Signal(object)
    close_requested = Signal()
    note = Signal(str)

    def __init__(
        self,
        service: RiskRegisterService,
        matrix: Any,
        choices: Any,
        *,
        can_edit: bool,
        read_only_reason: str = "",
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        from vpr_desktop.domain.errors import NotFoundError

        super().__init__(parent, runner_name="Saving")
        self.stale_errors = (NotFoundError,)
        self.setObjectName("riskDetail")
        self.setAccessibleName("Risk details")
        self.service = service
        self.matrix = matrix
        self.choices = choices
        self.can_edit = can_edit
        self._today = today
        self.detail: Any = None
        self.mode = "none"  # none | edit | new
        self._loaded: tuple[Any, ...] = ()
        self.control_dialog: ControlDialog | None = None
        self._writing_from: ControlDialog | None = None  # the dialog a running write came from

        # -------------------------------------------------------------- nothing selected
        self.stack = QStackedWidget(self)
        self.nothing_chosen = QWidget(self.stack)
        hint = label(NOTHING_SELECTED, self.nothing_chosen, name="mutedText")
        hint.setAccessibleName(NOTHING_SELECTED)
        vertical(self.nothing_chosen, hint, 1, margins=16)
        self.nothing_chosen_text = hint
        self.stack.addWidget(self.nothing_chosen)

        # -------------------------------------------------------------- the editor
        editor = QWidget(self.stack)
        self.editor = editor
        content = QWidget()
        content.setObjectName("detailContent")
        self.back_button = QPushButton("← Back to the register (Esc)", editor)
        self.back_button.setObjectName("backButton")
        self.back_button.setAccessibleName("Back to the register")
        self.back_button.clicked.connect(self.close_requested.emit)
        self.back_button.hide()
        self.heading = label("", content, name="detailHeading", selectable=True)
        self.heading.setAccessibleName("Risk")
        self.subheading = label("", content, name="mutedText", selectable=True)

        self.banner = ConflictBanner.boxed(
            content,
            reload=("Reload", "Reload the saved risk (your changes are discarded)"),
            keep=("Compare with their version…", "Compare your changes with the saved risk"),
            on_reload=self.reload,
            on_keep=self.compare_versions,
        )
        self.reload_button = self.banner.reload_button
        self.compare_button = self.banner.keep_button
        self.conflict_dialog: ConflictDialog | None = None
        self._loaded_fields: list[FieldValue] = []
        self._saving_form = False  # the running write is the form's own save

        self.flags_box = FlagsBox(content)

        self.read_only_note = label(read_only_reason, content, name="fieldHint")
        self.read_only_note.setVisible(not can_edit and bool(read_only_reason))

        self.tabs = QTabWidget(content)
        self.tabs.setObjectName("riskTabs")
        self.tabs.setAccessibleName("Risk sections")
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setAccessibleName("Risk sections")
        self.form = RiskForm(matrix, choices, service.find_owners, self.tabs, today=today)
        self.form.changed.connect(self._check)
        self.assessment = self.form
        self.controls = ControlsTab(self.tabs)
        self.controls.add_requested.connect(lambda: self.open_control(None))
        self.controls.edit_requested.connect(self.open_control)
        self.controls.remove_requested.connect(self.remove_control)
        self.reviews = ReviewsTab(matrix, self.tabs, today=today)
        self.reviews.record_requested.connect(self.record_review)
        self.tabs.addTab(self.assessment, "Assessment")
        self.tabs.addTab(self.controls, "Controls")
        self.tabs.addTab(self.reviews, "Reviews")

        vertical(
            content,
            self.heading,
            self.subheading,
            self.banner,
            self.flags_box,
            self.read_only_note,
            self.tabs,
            1,
            margins=(14, 10, 14, 10),
            spacing=8,
        )

        self.scroll = scroll = scrolling(content, editor, name="detailScroll", sideways=False)

        # -------------------------------------------------------------- the save bar
        self.runner.note.connect(self.note.emit)
        self.runner.busy_changed.connect(self._set_busy)
        bar = SaveBar(
            editor,
            save=("Save", "Save the risk (Ctrl+S)"),
            cancel=("Discard changes", "Discard the changes in the form"),
        )
        self.state_label = bar.state_label
        self.discard_button = bar.cancel_button
        self.discard_button.clicked.connect(self.discard)
        self.save_button = bar.save_button
        self.save_button.setObjectName("saveRisk")
        self.save_button.clicked.connect(self.save)
        bar.setVisible(can_edit)
        self.save_bar = bar

        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.setSpacing(0)
        back_row = QHBoxLayout()  # pinned above the form, so the way back is always in view
        back_row.setContentsMargins(14, 8, 14, 0)
        back_row.addWidget(self.back_button)
        back_row.addStretch(1)
        editor_layout.addLayout(back_row)
        editor_layout.addWidget(scroll, 1)
        editor_layout.addWidget(self.runner)
        editor_layout.addWidget(bar)
        self.stack.addWidget(editor)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 46)

        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_requested.emit)
        self.form.set_editable(can_edit)
        name_popups(self)
        self.show_nothing()

    # ================================================================== showing a risk

    def show_nothing(self, text: str = NOTHING_SELECTED) -> None:
        self.detail = None
        self.mode = "none"
        self.nothing_chosen_text.setText(text)
        self.nothing_chosen_text.setAccessibleName(text)
        self.stack.setCurrentWidget(self.nothing_chosen)

    def load(self, risk_id: int) -> bool:
        """Show the saved risk ``risk_id`` (a quick read); False if it could not be read."""
        from vpr_desktop.domain.errors import VprError

        try:
            detail = self.service.get_risk(risk_id, self._today())
        except VprError as exc:
            self.show_nothing(str(exc))
            return False
        self.populate(detail)
        return True

    def populate(self, detail: Any) -> None:
        """Fill the form from ``detail`` (this discards anything typed)."""
        if self.detail is None or self.detail.id != detail.id:
            self.scroll.verticalScrollBar().setValue(0)  # another risk: from its heading
        self.detail = detail
        self.mode = "edit"
        self.form.fill(detail)
        self._show_children(detail)
        self._loaded = self.form.values()
        self._loaded_fields = self.form.field_values()
        self.hide_banner()
        self.stack.setCurrentWidget(self.editor)
        self._check()

    def new_risk(self) -> None:
        """An empty form for a new risk (Save creates it and gives it a reference)."""
        self.detail = None
        self.mode = "new"
        self.form.clear()
        self.heading.setText("New risk")
        self.heading.setAccessibleName("New risk")
        self.subheading.setText(
            "A reference (RA-nnnnn) is given when you save. Controls and "
            "reviews can be added once the risk is saved."
        )
        self.flags_box.show_flags((), None)
        self.controls.set_controls((), False)
        self.reviews.set_detail(None, False)
        self.tabs.setTabText(1, "Controls")
        self.tabs.setTabText(2, "Reviews")
        self.tabs.setTabEnabled(1, False)
        self.tabs.setTabEnabled(2, False)
        self.tabs.setCurrentIndex(0)
        self._loaded = self.form.values()
        self.hide_banner()
        self.stack.setCurrentWidget(self.editor)
        self._check()

    @property
    def flag_texts(self) -> list[str]:
        """Each warning about the shown risk as it reads (tests and screen readers)."""
        return self.flags_box.texts

    def _show_children(self, detail: Any) -> None:
        """Heading, flags, controls and reviews: everything but the form fields."""
        self.detail = detail
        row = detail.row
        self.heading.setText(f"{row.reference} {row.title}")
        self.heading.setAccessibleName(f"Risk {row.reference}: {row.title}")
        parts = [
            enum_words(row.status),
            row.location or "No location",
            f"Owner: {row.owner}" if row.owner else "No owner",
        ]
        if detail.updated_at is not None:
            parts.append(f"Last changed {format_datetime(detail.updated_at)}")
        if detail.import_batch_id is not None:
            parts.append(f"Imported (batch {detail.import_batch_id})")
        self.subheading.setText(" · ".join(parts))
        self.flags_box.show_flags(detail.flags, detail.incidents)
        self.form.show_actions(detail.actions)
        self.controls.set_controls(detail.controls, self.can_edit)
        self.reviews.set_detail(detail, self.can_edit)
        self.tabs.setTabEnabled(1, True)
        self.tabs.setTabEnabled(2, True)
        self.tabs.setTabText(1, f"Controls ({len(detail.controls)})")
        self.tabs.setTabText(2, f"Reviews ({len(detail.reviews)})")

    # ================================================================== checking

    def is_dirty(self) -> bool:
        return self.mode == "new" or (self.mode == "edit" and self.form.values() != self._loaded)

    def has_changes(self) -> bool:
        """Typed changes that would be lost (a new, still empty form has none)."""
        if self.mode == "edit":
            return self.form.values() != self._loaded
        return self.mode == "new" and self.form.values() != self._loaded

    def is_busy(self) -> bool:
        return self.runner.is_busy()

    def has_typed_changes(self) -> bool:
        return self.has_changes()

    def update_state(self) -> None:
        self._check()

    def _check(self) -> None:
        if self.mode == "none":
            return
        problems = self.form.problems()
        self.form.show_messages(problems, new=self.mode == "new")

        busy = self.is_busy()
        dirty = self.is_dirty()
        self.save_button.setEnabled(self.can_edit and not busy and not problems and dirty)
        self.discard_button.setText("Cancel new risk" if self.mode == "new" else "Discard changes")
        self.discard_button.setAccessibleName(self.discard_button.text())
        self.discard_button.setEnabled(not busy and (self.mode == "new" or self.has_changes()))
        if busy:
            state = "Saving…"
        elif problems:
            state = "Cannot save yet: check " + _and([FIELD_WORDS.get(k, k) for k in problems])
        elif dirty:
            state = "Unsaved changes" if self.mode == "edit" else "Not saved yet"
        else:
            state = "No changes"
        self.save_bar.set_state(state, problem=bool(problems))
        self.reviews.set_blocked(
            "Save or discard your changes to the risk first: a review changes its scores."
            if self.has_changes()
            else None
        )

    # ================================================================== saving

    def save(self) -> None:
        """Ctrl+S: create or update in the background; the form stays filled if it fails."""
        if not self.save_button.isEnabled() or self.mode == "none":
            return
        data = self.form.risk_input()
        service = self.service
        if self.mode == "new":
            self._write(lambda: service.create_risk(data), "Saving the new risk…", self._saved)
            return
        risk_id, version = self.detail.id, self.detail.version
        self._write(
            lambda: service.update_risk(risk_id, data, version),
            f"Saving {self.detail.row.reference}…",
            self._saved,
        )
        self._saving_form = self.is_busy()

    def _saved(self, detail: Any) -> None:
        self.populate(detail)
        self.note.emit(f"Saved {detail.row.reference}")
        self.saved.emit(detail)

    def discard(self) -> None:
        if self.mode == "new":
            self.show_nothing()
            self.close_requested.emit()
        elif self.detail is not None:
            self.reload()

    def reload(self) -> None:
        """Show the saved risk again (after a conflict, or to drop changes)."""
        if self.detail is not None:
            self.load(self.detail.id)

    def confirm_leave(self, then: Callable[[], None]) -> None:
        """Run ``then`` now if nothing typed would be lost, else once the user agrees."""
        if self.is_busy():
            self.note.emit("Wait for the save to finish first.")
            return
        if not self.has_changes():
            then()
            return
        what = (
            self.detail.row.reference
            if self.mode == "edit" and self.detail is not None
            else "the new risk"
        )
        confirm(
            self,
            "Discard your changes?",
            f"You have changed {what} without saving. Discard your changes?",
            "Discard changes",
            then,
        )

    # -- the one way this panel writes

    def _write(
        self,
        call: Callable[[], Any],
        label_text: str,
        on_done: Callable[[Any], None],
        *,
        dialog: ControlDialog | None = None,
    ) -> None:
        """Run ``call`` through :meth:`RecordPanel.run_write`, remembering the control dialog
        it came from (see :meth:`write_failed`)."""
        self.hide_banner()
        self._writing_from = dialog
        if not self.run_write(call, label_text, label_text.rstrip("…") + ": done", on_done):
            self._writing_from = None
            if dialog is not None:
                dialog.show_failure(BUSY)

    def write_failed(self, exc: BaseException) -> None:
        """A control dialog stays open saying why its save was refused; if the risk itself
        went stale it closes and the banner says so, as for the form's own saves."""
        from vpr_desktop.domain.errors import ConflictError
        from vpr_desktop.domain.errors import NotFoundError
        from vpr_desktop.domain.errors import VprError

        dialog, self._writing_from = self._writing_from, None
        form_save, self._saving_form = self._saving_form, False
        if dialog is None:
            super().write_failed(exc)
            if form_save and isinstance(exc, ConflictError) and self.has_changes():
                self.compare_versions()
        elif not isinstance(exc, VprError):
            super().write_failed(exc)  # a bug: reference and log
            dialog.show_failure("The control was not saved (see the error report).")
        elif isinstance(exc, ConflictError | NotFoundError):
            dialog.reject()
            super().write_failed(exc)
        else:
            dialog.show_failure(str(exc))

    # -- edit conflicts

    def compare_versions(self) -> None:
        """Show the saved risk beside the form, field by field (after a stale save, or from
        the banner's Compare button); the person reloads, re-applies, or keeps editing."""
        from vpr_desktop.domain.errors import VprError

        if self.detail is None or self.mode != "edit":
            return
        try:
            theirs_detail = self.service.get_risk(self.detail.id, self._today())
        except VprError as exc:
            self.show_banner(f"{exc.title}: {exc}")
            return
        probe = RiskForm(self.matrix, self.choices, self.service.find_owners, today=self._today)
        probe.fill(theirs_detail)
        theirs = probe.field_values()
        probe.deleteLater()
        differences = compare(self._loaded_fields, self.form.field_values(), theirs)
        when = theirs_detail.updated_at
        who = "Someone else" + (
            f" (at {when.astimezone().strftime('%H:%M on %d %b %Y')})" if when else ""
        )
        dialog = ConflictDialog(theirs_detail.row.reference, who, differences, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(
            lambda _result: self._conflict_decided(dialog.choice, theirs_detail, theirs)
        )
        self.conflict_dialog = dialog
        dialog.open()

    def _conflict_decided(self, choice: str, theirs_detail: Any, theirs: list[FieldValue]) -> None:
        self.conflict_dialog = None
        if choice == "reload":
            self.populate(theirs_detail)
            self.note.emit(f"Reloaded {theirs_detail.row.reference}: your changes were discarded")
        elif choice == "reapply":
            mine = self.form.field_values()
            keys = mine_to_reapply(compare(self._loaded_fields, mine, theirs))
            self.populate(theirs_detail)  # their version, now the one this form edits
            self.form.put_back(mine, keys)
            self._check()
            self.save()

    def conflict_message(self, exc: VprError) -> str:
        return self.failure_message(exc, str(exc))

    def failure_message(self, exc: VprError, text: str) -> str:
        kept = (
            " What you typed is still in the form; copy anything you need before reloading."
            if self.has_changes()
            else ""
        )
        return f"{exc.title}: {text}{kept}"

    def show_banner(self, text: str, *, conflict: bool = False) -> None:
        self.banner.show_message(text, stale=conflict and self.detail is not None)
        self.scroll.ensureWidgetVisible(self.banner)

    def _set_busy(self, busy: bool) -> None:
        self.controls.set_busy(busy)
        self.reviews.set_busy(busy)

    # ================================================================== open mode

    def set_open(self, opened: bool) -> None:
        """Full-page mode (Enter/double-click or New risk): say how to get back."""
        self.back_button.setVisible(opened)

    def focus_first_field(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.scroll.verticalScrollBar().setValue(0)
        target = self.form.title_edit if self.mode != "none" else self.nothing_chosen_text
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.mode != "none":
            self.scroll.ensureWidgetVisible(self.form.title_edit, 0, 8)  # the field being typed in


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
