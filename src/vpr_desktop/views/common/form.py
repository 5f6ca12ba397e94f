"""What every record form and detail panel shares: field messages, dirty tracking, the stale-save
banner and the Save / Cancel bar pinned under the form (both in ``views.common.form_bars``), and
the one way a panel writes.

A form checks itself as the user types; the panel holding it decides whether Save is enabled
(valid, changed, not busy) and runs the write as a background job on the write pool. Whatever
happens the form keeps what was typed: a refused save says why in the banner, and a stale save
(``ConflictError``: someone else saved first) offers Reload — and, where the panel can, Reload
keeping my changes — so only the user's own click ever throws typed text away.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING
from typing import Protocol
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QBoxLayout
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.form_bars import ConflictBanner
from vpr_desktop.views.common.form_bars import SaveBar
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import JobRunner

if TYPE_CHECKING:
    from vpr_desktop.domain.errors import VprError

T = TypeVar("T")
#: What a field holds as typed: text, a combo's index or a tick.
Typed = str | int | bool
#: What a dialog says when its save must wait for the one still running (one wording for
#: every panel and page that writes from a dialog).
BUSY = "Another change is still being saved; try again in a moment."

# --------------------------------------------------------------------------- fields


@contextmanager
def signals_blocked(widgets: Iterable[QWidget]) -> Iterator[None]:
    """Fill fields without each one announcing a change (a load is not an edit)."""
    held = list(widgets)
    for widget in held:
        widget.blockSignals(True)
    try:
        yield
    finally:
        for widget in held:
            widget.blockSignals(False)


def show_field_message(error: QLabel, field: QWidget, text: str, *, hint: bool = False) -> None:
    """Show ``text`` under ``field`` (empty hides it): a problem, or with ``hint`` a note that
    does not block saving ("This date has passed…"), styled apart so it does not read as one.

    The field's accessible description carries the same words for screen readers.
    """
    error.setText(text)
    error.setVisible(bool(text))
    name = "fieldHint" if hint else "fieldError"
    if error.objectName() != name:
        error.setObjectName(name)
        error.style().unpolish(error)
        error.style().polish(error)
    field.setAccessibleDescription(text)


def field_column(owner: QWidget) -> QVBoxLayout:
    """``owner``'s layout as a record form's one column: no margins, rows 2 px apart (each
    caption carries its own space above, see :func:`add_field`).

    Why shared: the action, incident and roles-register forms all stack their fields so.
    """
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    return layout


def add_field(
    layout: QVBoxLayout, title: str, widget: QWidget, *, name_field: bool = True
) -> tuple[QLabel, QLabel]:
    """Add one field to a :func:`field_column`: its caption, the field, and its message
    underneath (hidden until :func:`show_field_message` gives it words). Returns the caption
    and the message.

    The caption is the field's buddy (its mnemonic moves there); ``name_field`` also gives
    the field the caption as its accessible name.
    Why shared: the action, incident and roles-register forms each built this trio by hand.
    """
    owner = layout.parentWidget()
    caption = label(title, owner, name="fieldName")
    caption.setBuddy(widget)
    caption.setContentsMargins(0, 6, 0, 0)
    if name_field:
        widget.setAccessibleName(title)
    error = label("", owner, name="fieldError")
    error.hide()
    layout.addWidget(caption)
    layout.addWidget(widget)
    layout.addWidget(error)
    return caption, error


def set_field_editable(widget: QWidget, editable: bool) -> None:
    """Let ``widget`` be changed or not: a text field turns read-only (its words stay
    selectable and it keeps its place in the Tab order), any other field is disabled.

    Why shared: the action and roles-register forms lock their fields this same way.
    """
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.setReadOnly(not editable)
    else:
        widget.setEnabled(editable)


def typed_values(
    widgets: Mapping[str, QWidget], keys: Iterable[str] | None = None
) -> dict[str, Typed]:
    """The raw state of each field (all, or ``keys``), to put back after a reload."""
    out: dict[str, Typed] = {}
    for key in widgets if keys is None else keys:
        widget = widgets[key]
        if isinstance(widget, QPlainTextEdit):
            out[key] = widget.toPlainText()
        elif isinstance(widget, QCheckBox):
            out[key] = widget.isChecked()
        elif isinstance(widget, QComboBox):
            out[key] = widget.currentIndex()
        elif isinstance(widget, QLineEdit):
            out[key] = widget.text()
    return out


def retype(widgets: Mapping[str, QWidget], typed: Mapping[str, Typed]) -> None:
    """Put back what :func:`typed_values` read (each field announces the change)."""
    for key, value in typed.items():
        widget = widgets[key]
        if isinstance(widget, QPlainTextEdit):
            if widget.toPlainText() != value:
                widget.setPlainText(str(value))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(int(value))
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))


def save_state(*, changes: bool, valid: bool, busy: bool = False, new: bool = False) -> str:
    """The line beside Save, in words: what Save would do now, or why it cannot."""
    if busy:
        return "Saving…"
    if changes and not valid:
        return "Fix the problems shown above to save."
    if not changes:
        return "No changes."
    return "Ready to save." if new else "Unsaved changes."


def readable_content(panel: QWidget) -> tuple[QWidget, QVBoxLayout]:
    """A detail panel's content widget and its layout: lines of a readable length (130
    average characters) when the panel fills a wide window, with the panels' margins."""
    content = QWidget(panel)
    content.setObjectName("pageContent")
    content.setMaximumWidth(panel.fontMetrics().averageCharWidth() * 130)
    return content, vertical(content, margins=(16, 8, 16, 16), spacing=8)


# --------------------------------------------------------------------------- writing


class Failing(Protocol):
    """A dialog a write was started from: told the outcome so it can close or say why."""

    def failed(self, message: str) -> None:
        """The write was refused: show ``message`` and stay open."""

    def done_ok(self) -> None:
        """The write succeeded: close."""


def say_not_saved(dialog: Failing | None, exc: BaseException, parent: QWidget) -> str | None:
    """Tell ``dialog`` (if any) why its write saved nothing, and return the words.

    A known error (``VprError``) is its message and next step; anything else is a bug: the
    dialog gets a general line, the crash report opens over ``parent``, and None is returned.
    Why one place: the record panels, the meetings tab and the accounts page each told their
    dialog so.
    """
    from vpr_desktop.domain.errors import VprError

    if not isinstance(exc, VprError):
        if dialog is not None:
            dialog.failed("Something went wrong; nothing was saved. See the message.")
        from vpr_desktop.views.crash import report_error

        report_error(exc, parent)  # a bug: reference and log
        return None
    text = str(exc)
    if dialog is not None:
        dialog.failed(text)
    return text


class WaitsForSave:
    """A dialog whose values its caller saves (a mixin for a ``QDialog`` with a ``problem``
    label): while the save runs the dialog holds its confirm button; told the outcome
    (:class:`Failing`), it closes, or says why and keeps everything typed.

    Why shared: a dialog that closed before the save, or cleared on failure, would lose the
    person's typing; each dialog doing this by hand had drifted in small ways.
    """

    problem: QLabel
    _busy: bool = False
    #: From the dialog: enable its confirm button for the fields and the busy state.
    update_state: Callable[[], None]
    #: ``QDialog.accept``: mixed in after the dialog class, so Qt's own is the one called.
    accept: Callable[[], object]

    def start_saving(self) -> None:
        """The values are handed to the caller: hold the dialog until it says how it went."""
        self._busy = True
        self.problem.hide()
        self.update_state()

    def done_ok(self) -> None:
        """The caller saved the values: close the dialog as accepted."""
        self._busy = False
        self.accept()

    def failed(self, message: str) -> None:
        """Saving failed: say why and keep everything typed."""
        self._busy = False
        self.problem.setText(message)
        self.problem.show()
        self.update_state()


class RecordPanel(QWidget):
    """A detail panel that edits one record: its job strip, banner and the write it runs.

    Subclasses build their own content, put :attr:`runner` and a :class:`ConflictBanner` where
    they want them, and say in :meth:`conflict_message` what a stale save means for their
    record. Every write goes through :meth:`run_write`, so each panel refuses a second write
    while one runs, keeps the form and any dialog filled on failure, reports bugs the same way
    and says a stale save the same way.

    Signals:
        changed(object): a record just written (lists, badges and summaries refresh).
        escape(): Esc in the panel (the page goes back to the list).
    """

    changed = Signal(object)
    escape = Signal()
    nothing_chosen: QLabel
    stack: QStackedWidget  # the record's views, and the nothing-chosen note
    #: Errors that mean "someone else changed this": the banner offers Reload.
    stale_errors: tuple[type[Exception], ...] = ()

    def __init__(self, parent: QWidget | None, *, runner_name: str) -> None:
        super().__init__(parent)
        self.runner = JobRunner(self, name=runner_name)
        self.runner.busy_changed.connect(lambda _busy: self.update_state())
        self.banner: ConflictBanner | None = None
        self._dialog: Failing | None = None

    # -- what subclasses say

    def update_state(self) -> None:
        """Enable and word the controls for the record shown, the form and the busy state."""

    def conflict_message(self, exc: VprError) -> str:
        """The banner for a stale save; the typed text stays, so say so."""
        return f"{exc.message} Your changes are still in the form."

    def failure_message(self, exc: VprError, text: str) -> str:
        """The banner for any other refused write (``text``: message and next step)."""
        return text

    # -- the nothing-chosen note

    def make_nothing_chosen(self, text: str) -> QLabel:
        """The words shown in place of a record (nothing chosen yet, or it could not be
        read), at the top left where the record's heading would be."""
        self.nothing_chosen = label(text, self, name="mutedText")
        self.nothing_chosen.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.nothing_chosen.setContentsMargins(12, 12, 12, 12)
        return self.nothing_chosen

    def make_back_button(self, parent: QWidget, listing: str) -> QPushButton:
        """ "Back to the list (Esc)" (spoken with what the list holds: ``listing``), hidden
        until the page shows the panel on its own (:attr:`escape` takes it back)."""
        self.back_button = push_button(
            "Back to the list (Esc)",
            parent,
            self.escape.emit,
            spoken=f"Back to the list of {listing} (Esc)",
        )
        self.back_button.hide()
        return self.back_button

    def show_problem(self, text: str) -> None:
        """Say ``text`` in place of the record (the panel's ``stack`` shows the nothing-chosen
        note), once the panel has let go of the record it showed (:meth:`forget`)."""
        self.forget()
        self.nothing_chosen.setText(text)
        self.stack.setCurrentWidget(self.nothing_chosen)
        self.update_state()

    def forget(self) -> None:
        """Let go of the record shown, before the nothing-chosen note replaces it (each panel says
        what it holds)."""

    # -- the banner

    def show_banner(self, text: str, *, conflict: bool = False) -> None:
        """Show ``text`` in the banner; ``conflict`` offers Reload / Keep mine."""
        if self.banner is not None:
            self.banner.show_message(text, stale=conflict)

    def hide_banner(self) -> None:
        """Hide the banner, if the panel has one."""
        if self.banner is not None:
            self.banner.hide_message()

    def banner_message(self) -> str:
        """The banner's text, "" when there is none."""
        return self.banner.message() if self.banner is not None else ""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        # Fields pass Esc on (a completer's open list keeps it), so it arrives here.
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.escape.emit()
            return
        super().keyPressEvent(event)

    def pin_save_bar(
        self,
        layout: QBoxLayout,
        *,
        save: tuple[str, str],
        cancel: tuple[str, str],
        on_save: Callable[[], object],
        on_cancel: Callable[[], object],
    ) -> SaveBar:
        """Put Save and Cancel (:class:`SaveBar`) at the end of the panel's own ``layout``,
        under the scrolling content, as :attr:`save_bar`, :attr:`save_button` and
        :attr:`save_note` (the form's state in words)."""
        bar = self.save_bar = SaveBar(self, save=save, cancel=cancel)
        self.save_button = bar.save_button
        self.save_button.clicked.connect(on_save)
        bar.cancel_button.clicked.connect(on_cancel)
        self.save_note = bar.state_label
        layout.addWidget(bar)
        return bar

    # -- the one way a panel writes

    def show_detail(self, detail: object) -> None:
        """Show ``detail``, the record just read or written (each panel says how)."""

    def write_and_show(
        self,
        write: Callable[[], T],
        doing: str,
        done: str,
        *,
        after: Callable[[T], None] | None = None,
        dialog: Failing | None = None,
    ) -> None:
        """Run one write that returns the record, then show it (banner gone), run ``after``
        and tell the lists (``changed``); on error the form and any dialog keep their text."""

        def succeeded(detail: T) -> None:
            self.hide_banner()
            self.show_detail(detail)
            if after is not None:
                after(detail)
            self.changed.emit(detail)

        self.run_write(write, doing, done, succeeded, dialog=dialog)

    def run_write(
        self,
        write: Callable[[], T],
        doing: str,
        done: str,
        on_done: Callable[[T], None],
        *,
        dialog: Failing | None = None,
    ) -> bool:
        """Run one write in the background; False (and the dialog told) if one is running."""
        if self.runner.is_busy():
            if dialog is not None:
                dialog.failed(BUSY)
            return False
        self._dialog = dialog

        def succeeded(result: T) -> None:
            if dialog is not None:
                dialog.done_ok()
            self._dialog = None
            on_done(result)

        self.runner.write(
            write,
            label=doing,
            on_done=succeeded,
            on_error=self.write_failed,
            done_note=done,
        )
        self.update_state()
        return True

    def write_failed(self, exc: BaseException) -> None:
        """Say why nothing was saved; the form (and any dialog) keeps what was typed."""
        from vpr_desktop.domain.errors import ConflictError

        dialog, self._dialog = self._dialog, None
        text = say_not_saved(dialog, exc, self)
        if text is None:
            self.update_state()
            return
        if isinstance(exc, (ConflictError, *self.stale_errors)):
            self.show_banner(self.conflict_message(exc), conflict=True)
        else:
            self.show_banner(self.failure_message(exc, text))
        self.update_state()
