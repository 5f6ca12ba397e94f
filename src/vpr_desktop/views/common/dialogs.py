"""Dialogs for known problems and confirmations, and how every dialog of the app is presented.

The crash dialog (:mod:`~vpr_desktop.views.common.crash_dialog`) and the About box
(:mod:`~vpr_desktop.views.common.about_dialog`) are presented the same way.

Dialogs open window-modal with ``open()`` rather than ``exec()``: no nested event loop, so a
background job keeps reporting while one is up. A headless switch (``HEADLESS = True`` or the
environment variable ``VPR_DESKTOP_HEADLESS_DIALOGS=1``) turns every dialog into a log line and
an entry in :data:`recent`, so tests and unattended runs never block on a click.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Protocol
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.screen_fit import ScreenFitDialog

if TYPE_CHECKING:
    from vpr_desktop.domain.errors import VprError
    from vpr_desktop.domain.permissions import Permission
    from vpr_desktop.services.container import Services

log = logging.getLogger(__name__)
T = TypeVar("T")
D = TypeVar("D", bound=QDialog)

HEADLESS_ENV = "VPR_DESKTOP_HEADLESS_DIALOGS"
#: Set True (tests) to log dialogs instead of showing them.
HEADLESS = False
#: The last dialogs shown or logged: (kind, title, text); tests read it.
recent: deque[tuple[str, str, str]] = deque(maxlen=20)
_open: set[QDialog] = set()  # keep Python wrappers of open dialogs alive


def headless() -> bool:
    """True in tests and scripted runs, where dialogs are logged instead of shown."""
    return HEADLESS or os.environ.get(HEADLESS_ENV, "") not in ("", "0")


def dialog_heading(text: str, parent: QWidget) -> QLabel:
    """A dialog's heading: wrapped and selectable, styled as every dialog's heading."""
    label = QLabel(text, parent)
    label.setObjectName("dialogHeading")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def dialog_paragraph(text: str, parent: QWidget, name: str = "") -> QLabel:
    """A dialog's paragraph, wrapped, as plain text (a path or a message is never read as
    markup), selectable so it can be copied into a support request."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


def fit_to_width(dialog: QDialog, width: int) -> None:
    """Size a dialog of wrapped text to ``width`` and exactly the height its text needs.

    A window's own size hint is worked out before its labels know their final width, so they
    wrap into more lines than they end up using and the dialog is left with a blank band.
    """
    dialog.setMinimumWidth(width)
    layout = dialog.layout()
    dialog.ensurePolished()
    height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
    dialog.resize(width, max(height, layout.totalMinimumSize().height()))


def present(dialog: QDialog, kind: str, title: str, text: str, *, modal: bool) -> QDialog:
    """Show ``dialog`` (window-modal or not) and note it in :data:`recent`; headless, only log
    it, so tests and unattended runs never wait for a click. Every dialog here goes this way."""
    recent.append((kind, title, text))
    if headless():
        log.warning("[%s dialog] %s: %s", kind, title, text.replace("\n", " | "))
        return dialog
    _open.add(dialog)
    dialog.finished.connect(lambda _result: _open.discard(dialog))
    if modal:
        dialog.open()
    else:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
    return dialog


def open_held(owner: object, attribute: str, dialog: D) -> D:
    """Open ``dialog`` window-modal, deleted once closed, and kept as ``owner.<attribute>``
    while it is open (None once it closes), so the owner knows a question is pending and tests
    can answer it.

    Why one place: the action panel, the meetings tab, the support queue, an incident's detail,
    the New action dialog and the accounts page each opened their dialogs this way.
    """
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(lambda _result: setattr(owner, attribute, None))
    setattr(owner, attribute, dialog)
    dialog.open()
    return dialog


# --------------------------------------------------------------------------- known errors


class ErrorDialog(ScreenFitDialog):
    """What happened and what to do next, in plain words, with one OK button."""

    def __init__(
        self, title: str, message: str, next_step: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setAccessibleDescription(f"{message} {next_step}".strip())
        layout = QVBoxLayout(self)
        layout.addWidget(dialog_heading(title, self))
        self.message_label = dialog_paragraph(message, self, "dialogMessage")
        layout.addWidget(self.message_label)
        self.next_step_label: QLabel | None = None
        if next_step:
            what = QLabel("What to do next", self)
            what.setObjectName("dialogSubheading")
            layout.addWidget(what)
            self.next_step_label = dialog_paragraph(next_step, self, "dialogNextStep")
            layout.addWidget(self.next_step_label)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setAccessibleName("OK, close this message")
        ok.setProperty("primary", True)
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        fit_to_width(self, self.fontMetrics().averageCharWidth() * 72)

    def text(self) -> str:
        """The dialog's title, message and next step as plain text (for logs and tests)."""
        parts = [self.windowTitle(), self.message_label.text()]
        if self.next_step_label is not None:
            parts.append("What to do next: " + self.next_step_label.text())
        return "\n".join(parts)


def build_error_dialog(error: VprError, parent: QWidget | None = None) -> ErrorDialog:
    """The dialog for a known error, not yet shown."""
    return ErrorDialog(error.title, error.message, error.next_step, parent)


def show_error(error: VprError, parent: QWidget | None = None) -> ErrorDialog:
    """Show a known error's plain words and next step (logged instead when headless)."""
    dialog = build_error_dialog(error, parent)
    present(dialog, "error", error.title, dialog.text(), modal=True)
    return dialog


def show_message(
    title: str, message: str, next_step: str = "", parent: QWidget | None = None
) -> ErrorDialog:
    """Show a notice with an optional next step (logged instead when headless)."""
    dialog = ErrorDialog(title, message, next_step, parent)
    present(dialog, "message", title, dialog.text(), modal=True)
    return dialog


def attempt(call: Callable[[], T], say: Callable[[str], object]) -> T | None:
    """``call()``'s result; or, when it is refused (a ``VprError``: gone, not allowed, changed
    by someone else), None once ``say`` has the refusal and its next step in words, where the
    person is looking rather than in a dialog. Anything else is a bug and is raised."""
    from vpr_desktop.domain.errors import VprError

    try:
        return call()
    except VprError as exc:
        say(str(exc))
        return None


def services_if_allowed(
    services: Services | None,
    permission: Permission,
    title: str,
    refusal: str,
    parent: QWidget | None = None,
) -> Services | None:
    """``services`` when a database is open and this person's role has ``permission``; else
    None, with a notice for a role that may not (``refusal``, and whom to ask), so a menu
    command someone may not use says why, the same way from every menu."""
    if services is None:
        return None
    if not services.actor.can(permission):
        show_message(title, refusal, "Ask the VPR lead.", parent)
        return None
    return services


# --------------------------------------------------------------------------- confirming

#: What a confirmation answers when dialogs are headless (tests, unattended runs).
HEADLESS_CONFIRM = True


def confirm(
    parent: QWidget,
    title: str,
    text: str,
    yes: str,
    on_yes: Callable[[], None],
    *,
    no: tuple[str, str] = ("Cancel", "Cancel, change nothing"),
    on_no: Callable[[], None] | None = None,
) -> QMessageBox | None:
    """Ask before a change that cannot simply be undone; ``on_yes`` runs if confirmed,
    ``on_no`` (if given) otherwise. ``no``: the other button's text and accessible name.

    Window-modal via ``open()`` (no nested event loop, so background jobs keep reporting).
    """
    recent.append(("confirm", title, text))
    if headless():
        if HEADLESS_CONFIRM:
            on_yes()
        elif on_no is not None:
            on_no()
        return None
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAccessibleName(title)
    go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    go.setAccessibleName(yes)
    keep = box.addButton(no[0], QMessageBox.ButtonRole.RejectRole)
    keep.setAccessibleName(no[1])
    box.setDefaultButton(keep)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(_result: int) -> None:
        if box.clickedButton() is go:
            on_yes()
        elif on_no is not None:
            on_no()

    box.finished.connect(done)
    box.open()
    return box


class _Named(Protocol):
    """Anything saved under a name a person gave it (a mapping, a set of value choices)."""

    @property
    def name(self) -> str: ...


P = TypeVar("P", bound=_Named)


def confirm_delete_saved(
    parent: QWidget, title: str, what: str, saved: P | None, delete: Callable[[P], None]
) -> QMessageBox | None:
    """Ask before deleting ``saved`` (a person's saved import choices; nothing when None):
    ``title`` is also the Yes button's text, ``what`` the kind ("mapping"); ``delete(saved)``
    runs on Yes.

    Why one place: the ESR import's column mappings and the value step's saved choices are
    deleted after the same question, with the same promise that past imports stay as they are.
    """
    if saved is None:
        return None
    text = f"Delete the saved {what} '{saved.name}'? Files already imported are not affected."
    return confirm(parent, title, text, title, lambda: delete(saved))
